// listener: a listening TCP or Unix stream socket that accepts streams.
//
//     auto l = netkit::net::listener::listen(io.get_executor(),
//                                            netkit::net::parse_endpoint("5000").value());
//     if (!l) { std::cerr << netkit::net::describe(l.error(), "listen on :5000"); ... }
//     for (;;) {
//         auto s = co_await l->accept();
//         if (s) asio::co_spawn(io, session(std::move(*s)), asio::detached);
//     }
//
// A bare port (no host) or "[::]:PORT" listens on every IPv6 and IPv4
// interface at once (dual stack); "0.0.0.0:PORT" on IPv4 only. A Unix socket
// file left behind by a process that died is replaced; one that a live
// process listens on is not (std::errc::address_in_use), and a file that is
// not a socket is never removed. The listener removes its own socket file
// when it closes.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/net/endpoint.hpp>
#include <netkit/net/stream.hpp>

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/local/stream_protocol.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>

namespace netkit::net {

struct listen_options {
    int backlog = asio::socket_base::max_listen_connections;
    /// SO_REUSEADDR: a restarted server can bind while old connections linger in TIME_WAIT.
    bool reuse_address = true;
    /// SO_REUSEPORT: several listeners (one per thread) share the port and
    /// the kernel spreads connections among them.
    bool reuse_port = false;
    /// TCP_NODELAY on accepted streams.
    bool no_delay = true;
    /// TCP_DEFER_ACCEPT: a connection waits in the kernel until the client
    /// has sent something (or until this long has passed, then it waits no
    /// more), so that the server takes it with its first bytes there and
    /// answers without waiting for them. For protocols in which the client
    /// speaks first (HTTP, TLS); never for those in which the server does
    /// (FTP, a chat's greeting), whose clients would wait that long. Zero:
    /// off. TCP only.
    std::chrono::seconds defer_accept{0};
};

class listener {
public:
    /// Binds and listens. A host name is resolved and its first address used.
    static result<listener> listen(asio::any_io_executor ex, const endpoint& where,
                                   listen_options options = {});

    listener(listener&& other) noexcept;
    listener& operator=(listener&& other) noexcept;
    ~listener();

    /// Waits for the next connection. The stream runs on `ex` when given (to
    /// hand connections to another thread's io_context), else on the listener's.
    asio::awaitable<result<stream>> accept();
    asio::awaitable<result<stream>> accept(asio::any_io_executor ex);

    /// Takes a connection already waiting, without waiting (one accept4):
    /// std::errc::operation_would_block when none is. For a loop that takes
    /// several at a time (see accept_forever). The stream is registered
    /// with its event loop only by its first operation that may wait: one
    /// served at once and closed never is (see net::stream).
    result<stream> try_accept(asio::any_io_executor ex);
    /// Waits until a connection is waiting to be taken; the error when the
    /// listener closes (std::errc::operation_canceled) or fails.
    asio::awaitable<result<void>> wait_acceptable();

    /// "[::]:5000", "127.0.0.1:5000", "unix:/run/x.sock".
    std::string local_address() const;
    /// The bound port (useful after binding port 0); 0 for Unix sockets.
    std::uint16_t port() const;

    /// The time limit for each accept; zero (the default): none.
    void set_timeout(std::chrono::milliseconds limit) noexcept { timeout_ = limit; }

    /// Stops listening; a pending accept ends with std::errc::operation_canceled.
    void close() noexcept;
    /// Whether it still listens (close() not called).
    bool is_open() const noexcept;

private:
    using tcp_acceptor = asio::ip::tcp::acceptor;
    using unix_acceptor = asio::local::stream_protocol::acceptor;
    explicit listener(tcp_acceptor a, listen_options options);
    explicit listener(unix_acceptor a, std::string path, listen_options options);

    std::variant<tcp_acceptor, unix_acceptor> acceptor_;
    std::string unix_path_; // removed on close
    listen_options options_;
    std::chrono::milliseconds timeout_{0};
    int family_ = 0; // the accepted sockets': AF_INET, AF_INET6 or AF_UNIX
};

/// The accept loop every server shares: accepts until the listener closes,
/// handing each connection to `on_connection`. Its stream runs on the
/// executor `executor_for` gives (another thread's loop), or on the
/// listener's. When accepting fails for want of resources (out of file
/// descriptors, say) it waits `pause` and goes on: new connections wait in
/// the backlog until descriptors free up, rather than the loop eating a core.
/// While `may_accept` (when set) says no, it does not accept either, and
/// looks again every `pause`: a server at its budget leaves new connections
/// in the backlog, keeping descriptors for the ones it serves.
asio::awaitable<void>
accept_forever(listener& l, std::function<void(stream)> on_connection,
               std::function<asio::any_io_executor()> executor_for = {},
               std::chrono::milliseconds pause = std::chrono::milliseconds(100),
               std::function<bool()> may_accept = {});

} // namespace netkit::net
