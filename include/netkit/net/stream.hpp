// stream: one connected byte stream over TCP, TLS-over-TCP or a Unix socket,
// read and written the same way whichever it is.
//
//     asio::awaitable<netkit::result<void>> greet(netkit::net::stream& s) {
//         s.set_timeout(std::chrono::seconds(10));         // each operation
//         if (auto r = co_await s.write_all(asio::buffer("hello\n"sv)); !r) co_return r;
//         std::string buffer;
//         auto line = co_await s.read_until(buffer, "\n", 64 * 1024);
//         ...
//     }
//
// Every operation returns a result: asio::error::eof at the end of the
// stream, net::error::timed_out past the timeout, the system's or TLS's error
// otherwise. A stream is used by one coroutine for reading and at most one
// more for writing at a time.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/net/tls.hpp>
#include <netkit/net/unique_fd.hpp>

#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/local/stream_protocol.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>

namespace netkit::net {

namespace detail {
class tls_connection;
}

class stream {
public:
    using tcp_socket = asio::ip::tcp::socket;
    using unix_socket = asio::local::stream_protocol::socket;

    explicit stream(tcp_socket socket);
    explicit stream(unix_socket socket);

    stream(stream&&) noexcept;
    stream& operator=(stream&&) noexcept;
    ~stream();

    /// Starts TLS as a client over this TCP stream: handshake, certificate
    /// and host name checks. `host` is sent as SNI (unless it is an IP
    /// address) and must be named by the certificate.
    static asio::awaitable<result<stream>> tls_connect(stream tcp, tls_context context,
                                                       std::string host);
    /// As above, resuming `session` (from another stream's tls_session()):
    /// how an FTPS data connection proves it belongs to the control connection.
    static asio::awaitable<result<stream>> tls_connect(stream tcp, tls_context context,
                                                       std::string host, tls_session session);
    /// Starts TLS as a server over this TCP stream.
    static asio::awaitable<result<stream>> tls_accept(stream tcp, tls_context context);

    bool is_tls() const noexcept { return socket_.index() == 1; }
    bool is_unix() const noexcept { return socket_.index() == 2; }
    bool is_open() const noexcept;

    /// "127.0.0.1:5000", "[::1]:5000", or "unix:/path" ("unix:" when unnamed).
    std::string remote_address() const;
    std::string local_address() const;
    /// The TLS session of this client stream, for tls_connect to resume; empty
    /// for plain streams. Under TLS 1.3 the server sends it after the
    /// handshake, so ask once a reply has been read.
    tls_session session() const;
    /// Whether the TLS handshake resumed a session rather than making a new one.
    bool session_reused() const noexcept;
    /// The ALPN protocol agreed in the TLS handshake; empty when none.
    std::string alpn_protocol() const;

    /// The time limit of each following operation; zero: none.
    void set_timeout(std::chrono::milliseconds limit) noexcept { timeout_ = limit; }
    std::chrono::milliseconds timeout() const noexcept { return timeout_; }

    /// Reads what is available, at least one byte.
    asio::awaitable<result<std::size_t>> read_some(asio::mutable_buffer buffer);
    /// Reads what is already here, without waiting and without a turn of
    /// the event loop (one recv): 0 when nothing is. TCP and Unix streams;
    /// on TLS always 0 (its reads go through read_some). For a reader that
    /// knows more is on its way (the rest of a frame begun) and has a
    /// buffer only for now: the event loop still sees every later arrival.
    result<std::size_t> try_read_some(asio::mutable_buffer buffer);
    /// Waits until bytes (or the end of the stream, or an error) can be
    /// read, and reads nothing: a reader that then takes them with
    /// try_read_some holds no buffer while it waits (thousands of idle
    /// connections), and makes one recv where read_some makes two (it
    /// tries at once, and mostly finds nothing, before it waits). Bytes
    /// already there count (it does not wait for more). It may return when nothing
    /// is there after all (an arrival already taken): try_read_some then
    /// takes 0, and the reader waits again. TCP and Unix streams;
    /// std::errc::operation_not_supported on TLS.
    asio::awaitable<result<void>> wait_readable();
    /// Fills `buffer` entirely; asio::error::eof if the stream ends first.
    asio::awaitable<result<void>> read_exactly(asio::mutable_buffer buffer);
    /// Reads into `buffer` (which may hold bytes from earlier reads) until it
    /// contains `delimiter`, and returns the length up to and including the
    /// delimiter; bytes after it stay in `buffer` for the next call.
    /// net::error::line_too_long when `max_size` bytes arrive with no delimiter.
    asio::awaitable<result<std::size_t>> read_until(std::string& buffer, std::string_view delimiter,
                                                    std::size_t max_size);
    /// Writes every byte of `buffer`.
    asio::awaitable<result<void>> write_all(asio::const_buffer buffer);
    /// Writes what the socket takes at once, at least one byte, from the
    /// buffers in order (one writev); the buffers must outlive the call.
    asio::awaitable<result<std::size_t>> write_some(std::span<const asio::const_buffer> buffers);
    /// Writes what the socket takes now, without waiting and without a turn
    /// of the event loop (one writev): 0 when it takes nothing. A response
    /// that fits the socket's buffer, the common case, is then sent with no
    /// asynchronous operation at all. The first 64 buffers at most (the
    /// rest are for a later call). On TLS streams, one record at most;
    /// when the socket is full (0), the record made waits, and the next
    /// write must begin with the same bytes (write_all of the same buffers).
    /// `last` says nothing follows but close() or shutdown_send(): on TCP the
    /// kernel then holds a segment it has not filled (MSG_MORE) and the
    /// close sends it with the FIN, one segment fewer a connection.
    result<std::size_t> try_write_some(std::span<const asio::const_buffer> buffers,
                                       bool last = false);
    /// Writes every byte of the buffers, in order, gathered into as few
    /// system calls as the kernel allows (one writev for a response head and
    /// its body, say).
    asio::awaitable<result<void>> write_all(std::span<const asio::const_buffer> buffers);
    /// Sends `length` bytes of the open file `fd` from `offset`: sendfile(2)
    /// on TCP and Unix streams (no copy through user space), read and
    /// encrypted on TLS streams. std::errc::io_error if the file ends early.
    asio::awaitable<result<void>> send_file(int fd, std::uint64_t offset, std::uint64_t length);
    /// Writes `before` (a response head, say), then sends the file: on TCP
    /// the two share segments (MSG_MORE) instead of the head going alone.
    /// At most 16 buffers.
    asio::awaitable<result<void>> send_file(std::span<const asio::const_buffer> before, int fd,
                                            std::uint64_t offset, std::uint64_t length);
    /// Reads until the end of the stream into the open file `fd` from
    /// `offset` (which must not be opened O_APPEND; a pipe or a terminal,
    /// which have no offsets, is written in order), and returns how many
    /// bytes came; `on_bytes` (when set) sees each piece's size. On TCP the
    /// bytes go socket to file through a pipe (splice(2)) without a copy
    /// through user space; on TLS they are decrypted and written. A TLS peer
    /// that closes without close_notify ends the stream here too (the
    /// protocol above says whether everything came: FTP's 226 reply).
    asio::awaitable<result<std::uint64_t>> receive_file(int fd, std::uint64_t offset,
                                                        std::function<void(std::size_t)> on_bytes);
    /// Half-close: the peer reads end-of-stream, and this side can still read.
    /// Over TLS this sends close_notify and waits for the peer's, which ends
    /// the session: TLS has no half-close that data in flight survives.
    asio::awaitable<result<void>> shutdown_send();

    /// TCP_NODELAY (on by default for streams netkit connects or accepts).
    result<void> set_no_delay(bool on);
    /// TCP_NOTSENT_LOWAT: the socket counts as writable only while fewer than
    /// `bytes` wait unsent. For bulk sends: data is handed to the kernel as
    /// the peer makes room, by the writer's own thread, instead of piling up
    /// and being pushed out by whichever thread handles the peer's ACKs (on
    /// loopback, the receiver's). 0 restores the system's default (no limit
    /// unless net.ipv4.tcp_notsent_lowat sets one). Not supported on Unix streams.
    result<void> set_unsent_low_water(std::size_t bytes);
    /// Bytes received and not read yet (FIONREAD); on TLS, those the socket
    /// holds, records not yet decrypted.
    result<std::size_t> available() const;
    /// Closes now; pending operations end with std::errc::operation_canceled.
    void close() noexcept;

    asio::any_io_executor get_executor();
    /// The TCP socket under TCP or TLS streams; nullptr for Unix streams.
    tcp_socket* tcp() noexcept;
    const tcp_socket* tcp() const noexcept;

private:
    friend class listener;
    stream(std::unique_ptr<detail::tls_connection> connection, tls_context context);
    /// A stream over a socket the listener has just accepted, not yet known
    /// to the event loop: its first operation that may wait registers it
    /// (attach()), and one that never waits (a new connection whose request
    /// is there and whose response fits the socket, then closed) costs the
    /// loop nothing: no registration, and no removal at the close. TCP or
    /// Unix by `family` (AF_INET, AF_INET6 or AF_UNIX); `peer` is the TCP
    /// client's address as accept gave it, kept for remote_address().
    stream(asio::any_io_executor ex, unique_fd fd, int family, bool no_delay,
           std::optional<asio::ip::tcp::endpoint> peer);
    /// Registers an accepted socket with the event loop (see above), once;
    /// TCP_NODELAY is set then when asked for: until a stream waits, its
    /// writes go out at once anyway (Nagle holds a segment back only while
    /// an earlier one is unacknowledged).
    void attach() noexcept;
    /// The socket's descriptor, registered or not.
    int native_fd() const noexcept;
    /// One read or write of a TCP or Unix stream, begun by
    /// `start(socket, completion_token)`: the operation's own awaitable when
    /// there is no time limit (no frame of ours), with a deadline otherwise.
    template <class Start> asio::awaitable<result<std::size_t>> transfer(Start start);
    /// Calls `f` with the plain socket, TCP or Unix (not for TLS streams).
    template <class F> decltype(auto) visit_plain(F&& f);
    detail::tls_connection* tls() const noexcept;
    asio::awaitable<result<void>> send_file_through_tls(std::span<const asio::const_buffer> before,
                                                        int fd, std::uint64_t offset,
                                                        std::uint64_t length);

    // Declared first so that it outlives the TLS connection that uses it.
    std::optional<tls_context> tls_;
    // The TLS connection is large and rare: on the heap, so that a plain
    // stream (a server holds thousands) stays small.
    using socket_variant =
        std::variant<tcp_socket, std::unique_ptr<detail::tls_connection>, unix_socket>;
    socket_variant socket_;
    std::chrono::milliseconds timeout_{0};
    // An accepted socket not yet registered (see attach()): its descriptor
    // (socket_ holds a closed socket of its kind meanwhile), or none.
    unique_fd unattached_;
    bool unattached_v6_ = false;
    bool no_delay_on_attach_ = false;
    // The peer's address as accept gave it: no system call to ask for it,
    // and still known after the peer has gone.
    std::optional<asio::ip::tcp::endpoint> peer_;
};

} // namespace netkit::net
