// A scripted FTP server on loopback for tests of what the client sends and
// how it reads replies: it greets, then answers each command line with what
// `respond` returns (CRLF added per line). It runs on its own thread and
// serves one connection.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace netkit::test {

class ftp_peer {
public:
    /// `respond` gets each command line without CRLF and returns the reply
    /// text ("" sends nothing); returning "\x04" closes the connection.
    ftp_peer(std::string greeting, std::function<std::string(const std::string&)> respond);
    ~ftp_peer();
    ftp_peer(const ftp_peer&) = delete;
    ftp_peer& operator=(const ftp_peer&) = delete;

    std::uint16_t port() const { return port_; }
    /// The command lines received so far.
    std::vector<std::string> received();

private:
    void serve();

    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::string greeting_;
    std::function<std::string(const std::string&)> respond_;
    std::mutex mutex_;
    std::vector<std::string> received_;
    std::thread thread_;
};

} // namespace netkit::test
