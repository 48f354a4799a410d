// Datagram sockets: UDP and Unix datagram, bound or connected.
//
//     // a UDP echo server
//     auto s = netkit::net::udp_socket::bind(ex, parse_endpoint("9999").value()).value();
//     char data[65536];
//     asio::ip::udp::endpoint sender;
//     auto n = co_await s.receive_from(asio::buffer(data), sender);
//     if (n) co_await s.send_to(asio::buffer(data, *n), sender);
//
//     // a connected client: send and receive talk to one peer only
//     auto c = (co_await
//     netkit::net::udp_socket::connect(parse_endpoint("localhost:9999").value())).value();
//
// Each datagram is sent whole or not at all; a receive buffer smaller than the
// datagram truncates it (as recv does). Bound Unix datagram sockets replace a
// stale socket file and remove their own file when they close, as listener does.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/net/endpoint.hpp>

#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>
#include <asio/ip/udp.hpp>
#include <asio/local/datagram_protocol.hpp>

#include <chrono>
#include <string>

namespace netkit::net {

template <class Protocol> class basic_datagram_socket {
public:
    using protocol_type = Protocol;
    using endpoint_type = typename Protocol::endpoint;
    using socket_type = typename Protocol::socket;

    /// Binds to `where` (host:port for UDP, with no host meaning every
    /// interface; unix:/path for Unix datagram sockets).
    static result<basic_datagram_socket> bind(asio::any_io_executor ex, const endpoint& where);
    /// Opens a socket connected to `where`: send() and receive() then talk to
    /// it alone, and the kernel drops datagrams from anyone else. A Unix
    /// client gets an unnamed (autobound) address so that replies can reach it.
    static asio::awaitable<result<basic_datagram_socket>> connect(endpoint where);

    basic_datagram_socket(basic_datagram_socket&& other) noexcept;
    basic_datagram_socket& operator=(basic_datagram_socket&& other) noexcept;
    ~basic_datagram_socket();

    asio::awaitable<result<std::size_t>> send_to(asio::const_buffer datagram,
                                                 const endpoint_type& peer);
    asio::awaitable<result<std::size_t>> receive_from(asio::mutable_buffer buffer,
                                                      endpoint_type& sender);
    asio::awaitable<result<std::size_t>> send(asio::const_buffer datagram);
    asio::awaitable<result<std::size_t>> receive(asio::mutable_buffer buffer);

    /// The time limit of each following operation; zero: none.
    void set_timeout(std::chrono::milliseconds limit) noexcept { timeout_ = limit; }

    std::string local_address() const;
    /// The bound UDP port (after binding port 0); 0 for Unix sockets.
    std::uint16_t port() const;
    void close() noexcept;
    socket_type& native() noexcept { return socket_; }

private:
    basic_datagram_socket(socket_type socket, std::string unix_path);

    socket_type socket_;
    std::string unix_path_; // a bound Unix socket's file, removed on close
    std::chrono::milliseconds timeout_{0};
};

using udp_socket = basic_datagram_socket<asio::ip::udp>;
using unix_datagram_socket = basic_datagram_socket<asio::local::datagram_protocol>;

extern template class basic_datagram_socket<asio::ip::udp>;
extern template class basic_datagram_socket<asio::local::datagram_protocol>;

} // namespace netkit::net
