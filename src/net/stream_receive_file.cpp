// stream::receive_file: a stream's bytes into a file, splicing on TCP.
#include <netkit/net/error.hpp>
#include <netkit/net/stream.hpp>

#include "net/detail/asio_compat.hpp"
#include "net/detail/deadline.hpp"
#include "net/detail/system_error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

namespace netkit::net {
namespace {

// A pipe of 1 MiB lets one splice move as much as a large socket buffer holds.
constexpr int pipe_size = 1024 * 1024;
constexpr std::size_t copy_block = 256 * 1024;

/// The two ends of a pipe, closed on scope exit.
struct pipe_pair {
    int read_end = -1;
    int write_end = -1;
    pipe_pair() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
            read_end = fds[0];
            write_end = fds[1];
            (void)::fcntl(write_end, F_SETPIPE_SZ, pipe_size);
        }
    }
    ~pipe_pair() {
        if (read_end >= 0) {
            ::close(read_end);
            ::close(write_end);
        }
    }
    pipe_pair(const pipe_pair&) = delete;
    pipe_pair& operator=(const pipe_pair&) = delete;
};

std::error_code last_error() {
    return {errno, std::system_category()};
}

/// Writes all of `data` at `offset` of `fd`, or at its end when it has no
/// offsets (a pipe, a terminal).
std::error_code write_at(int fd, const char* data, std::size_t size, std::uint64_t offset,
                         bool seekable) {
    while (size > 0) {
        const ssize_t n = seekable ? ::pwrite(fd, data, size, static_cast<off_t>(offset))
                                   : ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return last_error();
        }
        data += n;
        size -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
    return {};
}

/// Moves `size` bytes waiting in the pipe into the regular file at `offset`.
std::error_code drain_pipe(int pipe_read, int fd, std::size_t size, std::uint64_t offset) {
    auto position = static_cast<loff_t>(offset);
    while (size > 0) {
        const ssize_t n = ::splice(pipe_read, nullptr, fd, &position, size, SPLICE_F_MOVE);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return last_error();
        }
        if (n == 0) {
            return std::make_error_code(std::errc::io_error);
        }
        size -= static_cast<std::size_t>(n);
    }
    return {};
}

} // namespace

asio::awaitable<result<std::uint64_t>>
stream::receive_file(int fd, std::uint64_t offset, std::function<void(std::size_t)> on_bytes) {
    attach();
    std::uint64_t total = 0;
    struct stat st {};
    const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    auto* tcp_stream = std::get_if<tcp_socket>(&socket_);
    pipe_pair pipe;
    if (!tcp_stream || pipe.read_end < 0 || !regular) {
        // TLS, no pipe to be had, or not a file (a device such as /dev/full
        // may refuse splice; a pipe would share our pipe's non-blocking
        // mode): read and write.
        const bool seekable = ::lseek(fd, 0, SEEK_CUR) >= 0;
        auto buffer = std::make_unique_for_overwrite<char[]>(copy_block);
        for (;;) {
            auto n = co_await read_some(asio::buffer(buffer.get(), copy_block));
            if (!n) {
                if (is_end_of_stream(n.error())) {
                    co_return total;
                }
                co_return n.error();
            }
            if (auto ec = write_at(fd, buffer.get(), *n, offset + total, seekable)) {
                co_return ec;
            }
            total += *n;
            if (on_bytes) {
                on_bytes(*n);
            }
        }
    }
    std::error_code ec;
    tcp_stream->native_non_blocking(true, ec);
    if (ec) {
        co_return detail::to_std(ec);
    }
    for (;;) {
        const ssize_t n = ::splice(tcp_stream->native_handle(), nullptr, pipe.write_end, nullptr,
                                   pipe_size, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (n == 0) {
            co_return total; // the end of the stream
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                co_return last_error();
            }
            auto [wait_error] = co_await detail::with_deadline(
                tcp_stream->async_wait(asio::socket_base::wait_read, detail::use_nothrow),
                timeout_);
            if (wait_error) {
                co_return wait_error;
            }
            continue;
        }
        if (auto drained =
                drain_pipe(pipe.read_end, fd, static_cast<std::size_t>(n), offset + total)) {
            co_return drained;
        }
        total += static_cast<std::uint64_t>(n);
        if (on_bytes) {
            on_bytes(static_cast<std::size_t>(n));
        }
    }
}

} // namespace netkit::net
