#include <netkit/net/endpoint.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/stream.hpp>

#include "net/detail/asio_compat.hpp"
#include "net/detail/deadline.hpp"
#include "net/detail/spare_block.hpp"
#include "net/detail/system_error.hpp"
#include "net/detail/tls_connection.hpp"
#include "net/detail/tls_session_cache.hpp"
#include "net/detail/use_result.hpp"

#include <asio/post.hpp>
#include <asio/read.hpp>
#include <asio/this_coro.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <type_traits>
#include <utility>
#include <vector>

namespace netkit::net {
namespace {

using detail::spare_block;
using detail::use_nothrow;
using detail::with_deadline;

// A failed certificate check names the check ("certificate has expired"),
// not just OpenSSL's "certificate verify failed".
std::error_code handshake_error(const std::error_code& ec, SSL* ssl) {
    const long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK) {
        return {static_cast<int>(verify), tls_category()};
    }
    return ec;
}

std::string unix_address(const asio::local::stream_protocol::endpoint& ep) {
    return "unix:" + ep.path();
}

constexpr std::size_t sendfile_slice = 256 * 1024;

// sendfile_all's call for a plain socket.
auto kernel_sendfile(int socket, int fd) {
    return [socket, fd](off_t& position, std::size_t chunk) {
        return ::sendfile(socket, fd, &position, chunk);
    };
}

// A file sent over TLS passes through user space in slices of this size:
// one pread for four records. Measured against slices made and freed for
// each response (16 KiB, 256 KiB for files of 1 MiB or more; server on one
// core, medians of five): a 64 KiB file over
// HTTPS 59 -> 55 us of CPU a request; 1 GiB to curl 985 -> 1,066 MB/s
// (256 KiB slices: 57 us, 1,050 MB/s, at four times the memory).
constexpr std::size_t tls_file_slice = 64 * 1024;

// sendfile(2) until `length` bytes are sent, waiting whenever the socket's
// send buffer is full. `send(position, chunk)` makes the call: sendfile(2)
// itself, or SSL_sendfile where the kernel encrypts (kTLS); it moves
// `position` on and returns what was sent, or -1 with errno set.
template <class Socket, class Send>
asio::awaitable<result<void>> sendfile_all(Socket& s, std::uint64_t offset, std::uint64_t length,
                                           std::chrono::milliseconds timeout, Send send) {
    std::error_code ec;
    s.native_non_blocking(true, ec);
    if (ec) {
        co_return detail::to_std(ec);
    }
    auto position = static_cast<off_t>(offset);
    while (length > 0) {
        // A slice at a time, then a turn of the event loop: with a fast
        // reader the socket never fills, and one call would move the whole
        // file while every other connection of this thread waits.
        const auto chunk =
            static_cast<std::size_t>(std::min<std::uint64_t>(length, sendfile_slice));
        const ssize_t sent = send(position, chunk);
        if (sent > 0) {
            length -= static_cast<std::uint64_t>(sent);
            if (length > 0) {
                co_await asio::post(s.get_executor(), asio::use_awaitable);
            }
            continue;
        }
        if (sent == 0) {
            co_return std::make_error_code(std::errc::io_error); // the file shrank
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            co_return std::error_code(errno, std::system_category());
        }
        auto [wait_error] = co_await with_deadline(
            s.async_wait(asio::socket_base::wait_write, use_nothrow), timeout);
        if (wait_error) {
            co_return wait_error;
        }
    }
    co_return result<void>{};
}

// The error as an awaitable, for a function that is not a coroutine itself.
asio::awaitable<result<void>> failed(std::error_code why) {
    co_return why;
}

} // namespace

stream::stream(tcp_socket socket) : socket_(std::in_place_index<0>, std::move(socket)) {}

stream::stream(unix_socket socket) : socket_(std::in_place_index<2>, std::move(socket)) {}

stream::stream(std::unique_ptr<detail::tls_connection> connection, tls_context context)
    : tls_(std::move(context)), socket_(std::in_place_index<1>, std::move(connection)) {}

stream::stream(asio::any_io_executor ex, unique_fd fd, int family, bool no_delay,
               std::optional<asio::ip::tcp::endpoint> peer)
    : socket_(family == AF_UNIX ? socket_variant(std::in_place_index<2>, ex)
                                : socket_variant(std::in_place_index<0>, ex)),
      unattached_(std::move(fd)), unattached_v6_(family == AF_INET6), no_delay_on_attach_(no_delay),
      peer_(peer) {}

stream::stream(stream&&) noexcept = default;
stream& stream::operator=(stream&&) noexcept = default;
stream::~stream() = default;

void stream::attach() noexcept {
    if (!unattached_) {
        return;
    }
    const int fd = unattached_.release();
    std::error_code ec;
    if (auto* socket = std::get_if<tcp_socket>(&socket_)) {
        socket->assign(unattached_v6_ ? asio::ip::tcp::v6() : asio::ip::tcp::v4(), fd, ec);
        if (!ec && no_delay_on_attach_) {
            socket->set_option(asio::ip::tcp::no_delay(true), ec);
            ec = {}; // (a socket that refuses it still works)
        }
    } else {
        std::get<unix_socket>(socket_).assign(asio::local::stream_protocol(), fd, ec);
    }
    if (ec) {
        // The loop cannot take it (out of memory, say): the stream is closed,
        // and the operation that asked fails as on any closed stream.
        ::close(fd);
    }
}

int stream::native_fd() const noexcept {
    if (unattached_) {
        return unattached_.get();
    }
    // (asio's native_handle() is not const, and changes nothing.)
    auto& self = const_cast<stream&>(*this);
    if (auto* connection = self.tls()) {
        return connection->socket().native_handle();
    }
    if (auto* socket = std::get_if<tcp_socket>(&self.socket_)) {
        return socket->native_handle();
    }
    return std::get<unix_socket>(self.socket_).native_handle();
}

detail::tls_connection* stream::tls() const noexcept {
    const auto* connection = std::get_if<std::unique_ptr<detail::tls_connection>>(&socket_);
    return connection ? connection->get() : nullptr;
}

template <class F> decltype(auto) stream::visit_plain(F&& f) {
    attach();
    if (auto* socket = std::get_if<tcp_socket>(&socket_)) {
        return f(*socket);
    }
    return f(std::get<unix_socket>(socket_));
}

asio::awaitable<result<stream>> stream::tls_connect(stream tcp, tls_context context,
                                                    std::string host) {
    co_return co_await tls_connect(std::move(tcp), std::move(context), std::move(host),
                                   tls_session());
}

tls_session stream::session() const {
    tls_session out;
    if (const auto* connection = tls()) {
        if (SSL_SESSION* s = SSL_get1_session(connection->native_handle())) {
            out.handle_ = std::shared_ptr<void>(
                s, [](void* p) { SSL_SESSION_free(static_cast<SSL_SESSION*>(p)); });
        }
    }
    return out;
}

bool stream::session_reused() const noexcept {
    const auto* connection = tls();
    return connection && SSL_session_reused(connection->native_handle()) == 1;
}

asio::awaitable<result<stream>> stream::tls_connect(stream tcp, tls_context context,
                                                    std::string host, tls_session session) {
    tcp.attach();
    auto* socket = std::get_if<tcp_socket>(&tcp.socket_);
    if (!socket) {
        co_return std::make_error_code(std::errc::operation_not_supported);
    }
    auto connection = std::make_unique<detail::tls_connection>(std::move(*socket),
                                                               context.native().native_handle());
    SSL* ssl = connection->native_handle();
    std::error_code not_ip;
    asio::ip::make_address(host, not_ip);
    if (context.verifies_peer()) {
        if (!not_ip) {
            // An IP literal is checked against the certificate's IP SANs.
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
        } else {
            SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            SSL_set1_host(ssl, host.c_str());
        }
    }
    if (not_ip && !host.empty()) {
        // RFC 6066 §3: SNI carries DNS names only, never address literals.
        SSL_set_tlsext_host_name(ssl, host.c_str());
    }
    if (!session.empty()) {
        detail::offer_copy(ssl, static_cast<SSL_SESSION*>(session.handle_.get()));
    } else {
        // The context's kept session for this server. Through a proxy's
        // tunnel the port is the proxy's: a session offered to another
        // server than its own costs a full handshake, nothing more (only
        // the server that made it can resume it).
        std::error_code no_peer;
        const auto port = connection->socket().remote_endpoint(no_peer).port();
        detail::resume_session_with(ssl, host + ":" + std::to_string(port));
    }
    if (auto ec = co_await connection->handshake(false, tcp.timeout_)) {
        co_return handshake_error(ec, ssl);
    }
    stream out(std::move(connection), std::move(context));
    out.timeout_ = tcp.timeout_;
    co_return out;
}

asio::awaitable<result<stream>> stream::tls_accept(stream tcp, tls_context context) {
    tcp.attach();
    auto* socket = std::get_if<tcp_socket>(&tcp.socket_);
    if (!socket) {
        co_return std::make_error_code(std::errc::operation_not_supported);
    }
    auto connection = std::make_unique<detail::tls_connection>(std::move(*socket),
                                                               context.native().native_handle());
    if (auto ec = co_await connection->handshake(true, tcp.timeout_)) {
        co_return ec;
    }
    stream out(std::move(connection), std::move(context));
    out.timeout_ = tcp.timeout_;
    out.peer_ = tcp.peer_;
    co_return out;
}

bool stream::is_open() const noexcept {
    if (unattached_) {
        return true;
    }
    if (const auto* socket = tcp()) {
        return socket->is_open();
    }
    return std::get<unix_socket>(socket_).is_open();
}

namespace {

// The address at either end of a socket not yet registered (asio's socket
// knows nothing of it): getpeername or getsockname into asio's endpoint, or
// `unknown`.
template <class Endpoint> std::optional<Endpoint> socket_name(int fd, bool peer) {
    Endpoint ep;
    socklen_t size = static_cast<socklen_t>(ep.capacity());
    const int r = peer ? ::getpeername(fd, ep.data(), &size) : ::getsockname(fd, ep.data(), &size);
    if (r != 0) {
        return std::nullopt;
    }
    ep.resize(size);
    return ep;
}

std::string unattached_address(int fd, bool unix_socket, bool peer, const char* unknown) {
    if (unix_socket) {
        const auto ep = socket_name<asio::local::stream_protocol::endpoint>(fd, peer);
        return ep ? unix_address(*ep) : std::string("unix:");
    }
    const auto ep = socket_name<asio::ip::tcp::endpoint>(fd, peer);
    return ep ? to_string(*ep) : std::string(unknown);
}

} // namespace

std::string stream::remote_address() const {
    if (peer_) {
        return to_string(*peer_);
    }
    if (unattached_) {
        return unattached_address(unattached_.get(), is_unix(), true, "(not connected)");
    }
    std::error_code ec;
    if (const auto* socket = tcp()) {
        const auto ep = socket->remote_endpoint(ec);
        return ec ? std::string("(not connected)") : to_string(ep);
    }
    return unix_address(std::get<unix_socket>(socket_).remote_endpoint(ec));
}

std::string stream::local_address() const {
    if (unattached_) {
        return unattached_address(unattached_.get(), is_unix(), false, "(not bound)");
    }
    std::error_code ec;
    if (const auto* socket = tcp()) {
        const auto ep = socket->local_endpoint(ec);
        return ec ? std::string("(not bound)") : to_string(ep);
    }
    return unix_address(std::get<unix_socket>(socket_).local_endpoint(ec));
}

std::string stream::alpn_protocol() const {
    const auto* connection = tls();
    if (!connection) {
        return {};
    }
    const unsigned char* data = nullptr;
    unsigned int size = 0;
    SSL_get0_alpn_selected(connection->native_handle(), &data, &size);
    return std::string(reinterpret_cast<const char*>(data), size);
}

template <class Start> asio::awaitable<result<std::size_t>> stream::transfer(Start start) {
    // Not a coroutine itself: with no time limit (a server keeps its
    // connections' deadlines itself) the operation completes the caller
    // directly, with no frame between.
    if (timeout_.count() == 0) {
        return visit_plain([&](auto& s) { return start(s, detail::use_result); });
    }
    return detail::transfer_with_deadline(
        visit_plain([&](auto& s) { return start(s, use_nothrow); }), timeout_);
}

asio::awaitable<result<std::size_t>> stream::read_some(asio::mutable_buffer buffer) {
    if (auto* connection = tls()) {
        return connection->read_some(buffer, timeout_);
    }
    return transfer([&](auto& s, auto token) { return s.async_read_some(buffer, token); });
}

asio::awaitable<result<void>> stream::read_exactly(asio::mutable_buffer buffer) {
    // One read at a time, so that the timeout is an idle limit: a large read
    // that keeps making progress never times out.
    while (buffer.size() > 0) {
        auto n = co_await read_some(buffer);
        if (!n) {
            co_return n.error();
        }
        buffer += *n;
    }
    co_return result<void>{};
}

asio::awaitable<result<std::size_t>>
stream::read_until(std::string& buffer, std::string_view delimiter, std::size_t max_size) {
    std::size_t scanned = 0; // no delimiter starts before this offset
    for (;;) {
        const auto found = buffer.find(delimiter, scanned);
        if (found != std::string::npos && found + delimiter.size() <= max_size) {
            co_return found + delimiter.size();
        }
        if (buffer.size() >= max_size) {
            co_return error::line_too_long;
        }
        if (buffer.size() >= delimiter.size()) {
            scanned = buffer.size() - delimiter.size() + 1;
        }
        // Read no further than the cap, so a peer cannot make us buffer more.
        const std::size_t old_size = buffer.size();
        const std::size_t chunk = std::min<std::size_t>(16 * 1024, max_size - old_size);
        buffer.resize(old_size + chunk);
        auto n = co_await read_some(asio::buffer(buffer.data() + old_size, chunk));
        buffer.resize(old_size + (n ? *n : 0));
        if (!n) {
            co_return n.error();
        }
    }
}

asio::awaitable<result<void>> stream::write_all(asio::const_buffer buffer) {
    while (buffer.size() > 0) {
        auto n = co_await write_some(std::span<const asio::const_buffer>(&buffer, 1));
        if (!n) {
            co_return n.error();
        }
        buffer += *n;
    }
    co_return result<void>{};
}

asio::awaitable<result<std::size_t>>
stream::write_some(std::span<const asio::const_buffer> buffers) {
    if (auto* connection = tls()) {
        return connection->write_some(buffers, timeout_);
    }
    return transfer([&](auto& s, auto token) { return s.async_write_some(buffers, token); });
}

result<std::size_t> stream::try_read_some(asio::mutable_buffer buffer) {
    if (is_tls()) {
        return std::size_t(0);
    }
    const int fd = native_fd();
    for (;;) {
        const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (n > 0) {
            return static_cast<std::size_t>(n);
        }
        if (n == 0) {
            return make_error_code(asio::error::eof);
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return std::size_t(0);
        }
        return std::error_code(errno, std::system_category());
    }
}

asio::awaitable<result<void>> stream::wait_readable() {
    if (is_tls()) {
        return failed(std::make_error_code(std::errc::operation_not_supported));
    }
    // Not a coroutine itself, as transfer(): with no time limit the wait
    // completes the caller directly (an idle connection holds no frame of
    // ours while it waits).
    if (timeout_.count() == 0) {
        return visit_plain(
            [](auto& s) { return s.async_wait(asio::socket_base::wait_read, detail::use_result); });
    }
    return detail::wait_with_deadline(visit_plain([](auto& s) {
                                          return s.async_wait(asio::socket_base::wait_read,
                                                              use_nothrow);
                                      }),
                                      timeout_);
}

result<std::size_t> stream::try_write_some(std::span<const asio::const_buffer> buffers, bool last) {
    if (is_tls()) {
        return tls()->try_write_some(buffers);
    }
    const int fd = native_fd();
    int flags = MSG_DONTWAIT | MSG_NOSIGNAL;
    if (last && !is_unix()) {
        // Linux tacks the FIN onto the last segment when it has not gone
        // yet (tcp_send_fin), as nginx's corked sends get: the client reads
        // the response and its end at once.
        flags |= MSG_MORE;
    }
    std::array<iovec, 64> iov;
    const std::size_t count = std::min(buffers.size(), iov.size());
    for (std::size_t i = 0; i < count; ++i) {
        iov[i].iov_base = const_cast<void*>(buffers[i].data());
        iov[i].iov_len = buffers[i].size();
    }
    msghdr message{};
    message.msg_iov = iov.data();
    message.msg_iovlen = count;
    for (;;) {
        // Straight to the descriptor: asio's reactor keeps no state for a
        // write that completes at once, and none is pending on this stream.
        const ssize_t n = ::sendmsg(fd, &message, flags);
        if (n >= 0) {
            return static_cast<std::size_t>(n);
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return std::size_t(0);
        }
        return std::error_code(errno, std::system_category());
    }
}

asio::awaitable<result<void>> stream::write_all(std::span<const asio::const_buffer> buffers) {
    // Most responses are two or three buffers: no allocation for up to 16.
    // Written buffers are skipped, a partly written one is advanced.
    std::array<asio::const_buffer, 16> inline_buffers;
    std::vector<asio::const_buffer> many;
    std::span<asio::const_buffer> pending;
    if (buffers.size() <= inline_buffers.size()) {
        std::copy(buffers.begin(), buffers.end(), inline_buffers.begin());
        pending = std::span<asio::const_buffer>(inline_buffers.data(), buffers.size());
    } else {
        many.assign(buffers.begin(), buffers.end());
        pending = many;
    }
    std::size_t first = 0;
    while (first < pending.size()) {
        if (pending[first].size() == 0) {
            ++first;
            continue;
        }
        const std::span<const asio::const_buffer> rest(pending.data() + first,
                                                       pending.size() - first);
        auto n = co_await write_some(rest);
        if (!n) {
            co_return n.error();
        }
        std::size_t written = *n;
        while (written > 0) {
            const std::size_t step = std::min(written, pending[first].size());
            pending[first] += step;
            written -= step;
            if (pending[first].size() == 0) {
                ++first;
            }
        }
    }
    co_return result<void>{};
}

asio::awaitable<result<void>> stream::send_file(int fd, std::uint64_t offset,
                                                std::uint64_t length) {
    if (is_tls()) {
        co_return co_await send_file_through_tls({}, fd, offset, length);
    }
    attach();
    if (auto* tcp_stream = std::get_if<tcp_socket>(&socket_)) {
        co_return co_await sendfile_all(*tcp_stream, offset, length, timeout_,
                                        kernel_sendfile(tcp_stream->native_handle(), fd));
    }
    auto& local = std::get<unix_socket>(socket_);
    co_return co_await sendfile_all(local, offset, length, timeout_,
                                    kernel_sendfile(local.native_handle(), fd));
}

asio::awaitable<result<void>>
stream::send_file_through_tls(std::span<const asio::const_buffer> before, int fd,
                              std::uint64_t offset, std::uint64_t length) {
    auto* connection = tls();
    if (connection->kernel_encrypts()) {
        // kTLS: the kernel encrypts, and the file goes from the page cache
        // to the socket without passing through here.
        if (auto w = co_await write_all(before); !w) {
            co_return w;
        }
        SSL* ssl = connection->native_handle();
        co_return co_await sendfile_all(
            connection->socket(), offset, length, timeout_,
            [ssl, fd](off_t& position, std::size_t chunk) -> ssize_t {
                errno = 0;
                const ossl_ssize_t n = SSL_sendfile(ssl, fd, position, chunk, 0);
                const int saved = errno;
                ERR_clear_error(); // SSL_sendfile's own entry says less than errno
                errno = saved;
                if (n > 0) {
                    position += static_cast<off_t>(n);
                }
                return static_cast<ssize_t>(n);
            });
    }
    // The bytes must pass through OpenSSL: they are read in slices of 64
    // KiB (one pread for four records of 16 KiB), and the first slice goes
    // out behind `before` (a response head), which shares its first record:
    // a small file is one record, not two.
    // (16 buffers at most: what write_all gathers without allocating.)
    std::array<asio::const_buffer, 16> gather;
    std::size_t head = 0; // buffers of `before` still to go, in front of the slice
    if (before.size() < gather.size()) {
        std::copy(before.begin(), before.end(), gather.begin());
        head = before.size();
    } else if (auto w = co_await write_all(before); !w) {
        co_return w;
    }
    // Every record but the file's last says more follow: the kernel pushes
    // whole segments once instead of each record alone (measured on
    // loopback, medians of three rounds: a 64 KiB file over HTTPS keep-alive
    // cost the server 65 us of CPU instead of 78, and 1 GiB went to curl at
    // 1083 MB/s instead of 975). Whatever happens, the stream ends with the
    // flag off.
    struct last_record {
        detail::tls_connection* connection;
        ~last_record() { connection->set_more_to_come(false); }
    } ends_off{connection};
    spare_block<tls_file_slice> slice; // (kept for the thread's next file, not freed)
    slice.take();
    while (length > 0 || head > 0) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(length, tls_file_slice));
        const ssize_t got =
            want == 0 ? 0 : ::pread(fd, slice.data(), want, static_cast<off_t>(offset));
        if (got < 0 || (got == 0 && want > 0)) {
            co_return std::make_error_code(got == 0 ? std::errc::io_error : std::errc(errno));
        }
        gather[head] = asio::buffer(slice.data(), static_cast<std::size_t>(got));
        connection->set_more_to_come(length > static_cast<std::uint64_t>(got));
        if (auto w =
                co_await write_all(std::span<const asio::const_buffer>(gather.data(), head + 1));
            !w) {
            co_return w;
        }
        head = 0;
        offset += static_cast<std::uint64_t>(got);
        length -= static_cast<std::uint64_t>(got);
    }
    co_return result<void>{};
}

asio::awaitable<result<void>> stream::send_file(std::span<const asio::const_buffer> before, int fd,
                                                std::uint64_t offset, std::uint64_t length) {
    if (is_tls()) {
        co_return co_await send_file_through_tls(before, fd, offset, length);
    }
    attach();
    auto* tcp_stream = std::get_if<tcp_socket>(&socket_);
    std::size_t sent = 0;
    if (tcp_stream && length > 0 && before.size() <= 16) {
        // MSG_MORE: the kernel holds these bytes back to fill the segments
        // the file's first pages join, instead of pushing a small one alone.
        std::array<iovec, 16> iov{};
        for (std::size_t i = 0; i < before.size(); ++i) {
            iov[i].iov_base = const_cast<void*>(before[i].data());
            iov[i].iov_len = before[i].size();
        }
        msghdr message{};
        message.msg_iov = iov.data();
        message.msg_iovlen = before.size();
        const ssize_t n = ::sendmsg(tcp_stream->native_handle(), &message,
                                    MSG_MORE | MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            co_return std::error_code(errno, std::system_category());
        }
        sent = n > 0 ? static_cast<std::size_t>(n) : 0;
    }
    // What MSG_MORE did not take goes the ordinary way.
    std::array<asio::const_buffer, 16> rest_buffers;
    std::size_t rest = 0;
    for (const auto& b : before) {
        const std::size_t skip = std::min(sent, b.size());
        sent -= skip;
        if (b.size() > skip && rest < rest_buffers.size()) {
            rest_buffers[rest++] = asio::buffer(b + skip);
        }
    }
    if (rest > 0) {
        if (auto w =
                co_await write_all(std::span<const asio::const_buffer>(rest_buffers.data(), rest));
            !w) {
            co_return w;
        }
    }
    co_return co_await send_file(fd, offset, length);
}

asio::awaitable<result<void>> stream::shutdown_send() {
    if (auto* connection = tls()) {
        auto ec = co_await connection->shutdown(timeout_);
        if (ec && ec != asio::error::eof) {
            co_return ec;
        }
        co_return result<void>{};
    }
    std::error_code ec;
    visit_plain([&](auto& s) { s.shutdown(asio::socket_base::shutdown_send, ec); });
    if (ec) {
        co_return detail::to_std(ec);
    }
    co_return result<void>{};
}

result<void> stream::set_unsent_low_water(std::size_t bytes) {
    auto* socket = tcp();
    if (!socket) {
        return std::make_error_code(std::errc::operation_not_supported);
    }
    const int value = static_cast<int>(std::min<std::size_t>(bytes, INT_MAX));
    if (::setsockopt(socket->native_handle(), IPPROTO_TCP, TCP_NOTSENT_LOWAT, &value,
                     sizeof(value)) != 0) {
        return std::error_code(errno, std::system_category());
    }
    return {};
}

result<void> stream::set_no_delay(bool on) {
    auto* socket = tcp();
    if (!socket) {
        return std::make_error_code(std::errc::operation_not_supported);
    }
    std::error_code ec;
    socket->set_option(asio::ip::tcp::no_delay(on), ec);
    if (ec) {
        return detail::to_std(ec);
    }
    return {};
}

result<std::size_t> stream::available() const {
    int n = 0;
    if (::ioctl(native_fd(), FIONREAD, &n) != 0) {
        return std::error_code(errno, std::system_category());
    }
    return static_cast<std::size_t>(n);
}

void stream::close() noexcept {
    if (unattached_) {
        unattached_.close();
        return;
    }
    std::error_code ignored;
    if (auto* connection = tls()) {
        connection->socket().close(ignored);
        return;
    }
    visit_plain([&](auto& s) { s.close(ignored); });
}

asio::any_io_executor stream::get_executor() {
    if (auto* connection = tls()) {
        return connection->socket().get_executor();
    }
    if (auto* socket = std::get_if<tcp_socket>(&socket_)) {
        return socket->get_executor(); // (registered or not)
    }
    return std::get<unix_socket>(socket_).get_executor();
}

stream::tcp_socket* stream::tcp() noexcept {
    attach(); // the caller may do anything with it
    return const_cast<tcp_socket*>(std::as_const(*this).tcp());
}

const stream::tcp_socket* stream::tcp() const noexcept {
    if (const auto* t = std::get_if<tcp_socket>(&socket_)) {
        return t;
    }
    if (const auto* connection = tls()) {
        return &connection->socket();
    }
    return nullptr;
}

} // namespace netkit::net
