#include "net/detail/unix_path.hpp"

#include <netkit/net/error.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace netkit::net::detail {

std::error_code check_unix_path(const std::string& path) {
    // sun_path holds 108 bytes on Linux, one of which is the terminating NUL.
    constexpr std::size_t max_unix_path = sizeof(sockaddr_un{}.sun_path) - 1;
    if (path.empty()) {
        return error::unix_path_empty;
    }
    if (path.size() > max_unix_path) {
        return error::unix_path_too_long;
    }
    return {};
}

std::error_code claim_unix_path(const std::string& path, int type) {
    if (auto ec = check_unix_path(path)) {
        return ec;
    }
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        return errno == ENOENT ? std::error_code{} : std::error_code(errno, std::system_category());
    }
    if (!S_ISSOCK(info.st_mode)) {
        return error::not_a_socket_file;
    }
    // Knock: a live server answers (or is too busy to: EAGAIN), a stale file
    // refuses the connection.
    const int fd = ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return {errno, std::system_category()};
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.data(), path.size());
    const int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    const int knock_error = errno;
    ::close(fd);
    if (rc == 0 || knock_error != ECONNREFUSED) {
        return std::make_error_code(std::errc::address_in_use);
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        return {errno, std::system_category()};
    }
    return {};
}

} // namespace netkit::net::detail
