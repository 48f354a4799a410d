// unique_fd: an open file descriptor, closed when it goes out of scope. The
// one owner of descriptors in netkit (files served, uploaded, downloaded,
// sockets accepted and not yet handed to the event loop).
//
//     netkit::net::unique_fd file(::open(path, O_RDONLY | O_CLOEXEC));
//     if (!file) fail(errno);
//     ::read(file.get(), ...);
//     if (written.close() != 0) ...   // close(2)'s own error, where it matters
#pragma once

#include <unistd.h>

#include <utility>

namespace netkit::net {

class unique_fd {
public:
    unique_fd() = default;
    explicit unique_fd(int fd) noexcept : fd_(fd) {}
    unique_fd(unique_fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    unique_fd& operator=(unique_fd&& other) noexcept {
        if (this != &other) {
            (void)close();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    ~unique_fd() { (void)close(); }

    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }
    /// Closes now and returns what close(2) returned (0 when already closed):
    /// a file's last write error can surface only here.
    int close() noexcept { return fd_ < 0 ? 0 : ::close(std::exchange(fd_, -1)); }
    /// Gives the descriptor up to a new owner, which closes it.
    int release() noexcept { return std::exchange(fd_, -1); }

private:
    int fd_ = -1;
};

} // namespace netkit::net
