// A real peer program (openssl s_server, python3, ...) started by a test and
// stopped when the test ends, whatever way it ends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <sys/types.h>

namespace netkit::test {

class child_process {
public:
    /// Starts `argv` (argv[0] looked up in PATH); throws if it cannot start.
    explicit child_process(std::vector<std::string> argv);
    ~child_process(); // SIGTERM, then SIGKILL if it lingers
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    pid_t pid() const { return pid_; }
    bool running();

private:
    pid_t pid_ = -1;
};

/// A TCP port on 127.0.0.1 that was free a moment ago.
std::uint16_t free_port();

/// Waits (up to 10 s) until something accepts connections on 127.0.0.1:port;
/// throws if nothing does, or if `peer` exits first.
void wait_for_port(std::uint16_t port, child_process& peer);
/// The same on [::1] when `ipv6`.
void wait_for_port(std::uint16_t port, child_process& peer, bool ipv6);

} // namespace netkit::test
