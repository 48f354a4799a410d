// The blocking face of the sockets layer, shaped like Python's socket module.
//
//     // client.py
//     auto s = netkit::sync::socket::connect("localhost:5000");
//     s.sendall("hello\n");
//     std::string reply = s.recv(1024);   // "" once the peer has closed
//
//     // server.py
//     auto server = netkit::sync::server_socket::listen("5000");
//     auto [conn, address] = server.accept();
//
// Each object runs the coroutine implementation on an io_context of its own,
// so objects may be used from different threads (one thread per object).
// Failures throw socket_error, whose what() names the operation and the
// endpoint ("connect to localhost:5000: Connection refused"); a timeout throws
// timeout_error, as Python raises TimeoutError.
#pragma once

#include <netkit/net/connect.hpp>
#include <netkit/net/datagram.hpp>
#include <netkit/net/listener.hpp>
#include <netkit/net/stream.hpp>
#include <netkit/sync/error.hpp>

#include <asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace netkit::sync {

using net::connect_options;
using net::listen_options;

/// This machine's host name, as Python's socket.gethostname().
std::string gethostname();

/// A connected stream socket: TCP, TLS over TCP, or Unix.
class socket {
public:
    /// Python's socket.create_connection(): "host:port", "[v6]:port" or "unix:/path".
    static socket connect(std::string_view address, connect_options options = {});

    socket(socket&&) noexcept;
    socket& operator=(socket&&) noexcept;
    ~socket();

    /// Up to `max_size` bytes, at least one; "" once the peer has closed.
    std::string recv(std::size_t max_size);
    /// Exactly `size` bytes; throws if the stream ends first.
    std::string recv_exactly(std::size_t size);
    /// One line including its "\n" (the last line of a stream may lack it);
    /// "" at the end of the stream. Throws when no "\n" comes within `max_size`.
    std::string readline(std::size_t max_size = 64 * 1024);
    /// Sends every byte (Python's sendall; send is the same here).
    void sendall(std::string_view data);
    void send(std::string_view data) { sendall(data); }
    /// Half-close: the peer reads the end of the stream; this side can still recv.
    void shutdown_send();
    void close() noexcept;

    /// Time limit for each following operation; zero: none (the default).
    void settimeout(std::chrono::milliseconds limit);

    std::string getpeername() const;
    std::string getsockname() const;
    net::stream& stream() { return *stream_; }

private:
    friend class server_socket;
    socket(std::unique_ptr<asio::io_context> io, net::stream s, std::string peer);

    std::unique_ptr<asio::io_context> io_;
    std::optional<net::stream> stream_;
    std::string buffer_; // bytes read past the last line readline() returned
    std::string peer_;   // as given to connect, for messages
};

/// A listening socket (Python: socket(), bind(), listen()).
class server_socket {
public:
    /// "5000" (every interface), "127.0.0.1:5000", "[::1]:0", "unix:/path".
    static server_socket listen(std::string_view address, listen_options options = {});

    server_socket(server_socket&&) noexcept;
    server_socket& operator=(server_socket&&) noexcept;
    ~server_socket();

    /// The next connection and the address it came from.
    std::pair<socket, std::string> accept();
    void settimeout(std::chrono::milliseconds limit);
    std::uint16_t port() const;
    std::string getsockname() const;
    void close() noexcept;

private:
    server_socket(std::unique_ptr<asio::io_context> io, net::listener l);
    std::unique_ptr<asio::io_context> io_;
    std::optional<net::listener> listener_;
};

/// A UDP socket (Python: socket(AF_INET, SOCK_DGRAM)).
class udp_socket {
public:
    /// Binds to an address to receive on ("9999", "127.0.0.1:0").
    static udp_socket bind(std::string_view address);
    /// A socket connected to one peer: send() and recv() talk to it.
    static udp_socket connect(std::string_view address);

    udp_socket(udp_socket&&) noexcept;
    udp_socket& operator=(udp_socket&&) noexcept;
    ~udp_socket();

    void sendto(std::string_view datagram, std::string_view address);
    void sendto(std::string_view datagram, const asio::ip::udp::endpoint& peer);
    /// The next datagram (up to `max_size` bytes) and who sent it.
    std::pair<std::string, asio::ip::udp::endpoint> recvfrom(std::size_t max_size);
    void send(std::string_view datagram);
    std::string recv(std::size_t max_size);
    void settimeout(std::chrono::milliseconds limit);
    std::uint16_t port() const;
    void close() noexcept;

private:
    udp_socket(std::unique_ptr<asio::io_context> io, net::udp_socket s);
    std::unique_ptr<asio::io_context> io_;
    std::optional<net::udp_socket> socket_;
};

} // namespace netkit::sync
