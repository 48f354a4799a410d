// A download's FILE.part kept usable when Ctrl-C or SIGTERM ends netkit
// mid-transfer: stamped with the server's Last-Modified, so that -C - asks
// If-Range with it and continues the file rather than fetching it again.
#pragma once

#include <ctime>
#include <optional>
#include <string>

namespace netkit::cli {

/// Sets a file's modification time, and nothing else: one system call, so
/// that a signal handler may make it too.
void set_modification_time(const char* path, const timespec& when) noexcept;

// While watched, a SIGINT or SIGTERM stamps the partial file and says where
// it is, then lets the signal end the process as it would have (the shell
// sees 130 or 143). The stamp is all the handler does to the file: bytes
// still in the stream's buffer are lost, so the file holds a prefix of the
// body, which is what a resume needs.
class kept_on_signal {
public:
    kept_on_signal() = default;
    kept_on_signal(const kept_on_signal&) = delete;
    kept_on_signal& operator=(const kept_on_signal&) = delete;
    ~kept_on_signal() { forget(); }

    /// From now on a stop signal stamps `path` with `modified` (when there is
    /// a time) and writes `message` to stderr. Does nothing when every slot
    /// is taken (the file is then kept unstamped, as without this) or the
    /// path or message is too long to keep.
    void watch(const std::string& path, std::optional<timespec> modified, std::string_view message);
    /// The file is whole, renamed or gone: a signal leaves it alone.
    void forget() noexcept;

private:
    int slot_ = -1;
};

} // namespace netkit::cli
