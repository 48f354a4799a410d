#include <netkit/net/datagram.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/resolver.hpp>

#include "net/detail/asio_compat.hpp"
#include "net/detail/deadline.hpp"
#include "net/detail/system_error.hpp"
#include "net/detail/unix_path.hpp"

#include <asio/ip/v6_only.hpp>
#include <asio/this_coro.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <type_traits>

namespace netkit::net {
namespace {

using asio::ip::udp;
using detail::use_nothrow;
using detail::with_deadline;
using unix_dgram = asio::local::datagram_protocol;

template <class Protocol> constexpr bool is_udp = std::is_same_v<Protocol, udp>;

result<udp::socket> bind_udp(asio::any_io_executor ex, const endpoint& where) {
    udp::endpoint address(udp::v6(), where.port);
    if (!where.host.empty()) {
        std::error_code ec;
        const auto literal = asio::ip::make_address(where.host, ec);
        if (!ec) {
            address = udp::endpoint(literal, where.port);
        } else {
            udp::resolver resolver(ex);
            const auto results = resolver.resolve(where.host, std::to_string(where.port),
                                                  udp::resolver::numeric_service, ec);
            if (ec || results.empty()) {
                return error::host_not_found;
            }
            address = results.begin()->endpoint();
        }
    }
    udp::socket socket(ex);
    std::error_code ec;
    socket.open(address.protocol(), ec);
    if (!ec && address.address().is_v6() && address.address().is_unspecified()) {
        socket.set_option(asio::ip::v6_only(false), ec); // "::" serves IPv4 as well
    }
    if (!ec) {
        socket.bind(address, ec);
    }
    if (ec && where.host.empty() && ec == std::errc::address_family_not_supported) {
        socket = udp::socket(ex);
        socket.open(udp::v4(), ec);
        if (!ec) {
            socket.bind(udp::endpoint(udp::v4(), where.port), ec);
        }
    }
    if (ec) {
        return detail::to_std(ec);
    }
    return socket;
}

} // namespace

template <class Protocol>
basic_datagram_socket<Protocol>::basic_datagram_socket(socket_type socket, std::string unix_path)
    : socket_(std::move(socket)), unix_path_(std::move(unix_path)) {}

template <class Protocol>
basic_datagram_socket<Protocol>::basic_datagram_socket(basic_datagram_socket&& other) noexcept
    : socket_(std::move(other.socket_)), unix_path_(std::exchange(other.unix_path_, {})),
      timeout_(other.timeout_) {}

template <class Protocol>
basic_datagram_socket<Protocol>&
basic_datagram_socket<Protocol>::operator=(basic_datagram_socket&& other) noexcept {
    if (this != &other) {
        close();
        socket_ = std::move(other.socket_);
        unix_path_ = std::exchange(other.unix_path_, {});
        timeout_ = other.timeout_;
    }
    return *this;
}

template <class Protocol> basic_datagram_socket<Protocol>::~basic_datagram_socket() {
    close();
}

template <class Protocol>
result<basic_datagram_socket<Protocol>>
basic_datagram_socket<Protocol>::bind(asio::any_io_executor ex, const endpoint& where) {
    if constexpr (is_udp<Protocol>) {
        if (where.is_unix()) {
            return std::make_error_code(std::errc::address_family_not_supported);
        }
        auto socket = bind_udp(ex, where);
        if (!socket) {
            return socket.error();
        }
        return basic_datagram_socket(std::move(*socket), {});
    } else {
        if (!where.is_unix()) {
            return std::make_error_code(std::errc::address_family_not_supported);
        }
        if (auto ec = detail::claim_unix_path(where.unix_path, SOCK_DGRAM)) {
            return detail::to_std(ec);
        }
        socket_type socket(ex);
        std::error_code ec;
        socket.open(Protocol(), ec);
        if (!ec) {
            socket.bind(endpoint_type(where.unix_path), ec);
        }
        if (ec) {
            return detail::to_std(ec);
        }
        return basic_datagram_socket(std::move(socket), where.unix_path);
    }
}

template <class Protocol>
asio::awaitable<result<basic_datagram_socket<Protocol>>>
basic_datagram_socket<Protocol>::connect(endpoint where) {
    auto ex = co_await asio::this_coro::executor;
    socket_type socket(ex);
    std::error_code ec;
    if constexpr (is_udp<Protocol>) {
        if (where.is_unix()) {
            co_return std::make_error_code(std::errc::address_family_not_supported);
        }
        auto addresses = co_await resolve(where.host, where.port);
        if (!addresses) {
            co_return addresses.error();
        }
        const auto& first = addresses->front();
        const udp::endpoint peer(first.address(), first.port());
        socket.open(peer.protocol(), ec);
        if (!ec) {
            socket.connect(peer, ec); // no packet is sent: UDP connect only sets the peer
        }
    } else {
        if (!where.is_unix()) {
            co_return std::make_error_code(std::errc::address_family_not_supported);
        }
        if (auto bad = detail::check_unix_path(where.unix_path)) {
            co_return bad;
        }
        socket.open(Protocol(), ec);
        if (!ec) {
            socket.bind(endpoint_type(std::string()), ec); // Linux autobind
        }
        if (!ec) {
            socket.connect(endpoint_type(where.unix_path), ec);
        }
    }
    if (ec) {
        co_return detail::to_std(ec);
    }
    co_return basic_datagram_socket(std::move(socket), {});
}

template <class Protocol>
asio::awaitable<result<std::size_t>>
basic_datagram_socket<Protocol>::send_to(asio::const_buffer datagram, const endpoint_type& peer) {
    return detail::transfer_with_deadline(socket_.async_send_to(datagram, peer, use_nothrow),
                                          timeout_);
}

template <class Protocol>
asio::awaitable<result<std::size_t>>
basic_datagram_socket<Protocol>::receive_from(asio::mutable_buffer buffer, endpoint_type& sender) {
    return detail::transfer_with_deadline(socket_.async_receive_from(buffer, sender, use_nothrow),
                                          timeout_);
}

template <class Protocol>
asio::awaitable<result<std::size_t>>
basic_datagram_socket<Protocol>::send(asio::const_buffer datagram) {
    return detail::transfer_with_deadline(socket_.async_send(datagram, use_nothrow), timeout_);
}

template <class Protocol>
asio::awaitable<result<std::size_t>>
basic_datagram_socket<Protocol>::receive(asio::mutable_buffer buffer) {
    return detail::transfer_with_deadline(socket_.async_receive(buffer, use_nothrow), timeout_);
}

template <class Protocol> std::string basic_datagram_socket<Protocol>::local_address() const {
    std::error_code ec;
    const auto ep = socket_.local_endpoint(ec);
    if (ec) {
        return "(not bound)";
    }
    if constexpr (is_udp<Protocol>) {
        return to_string(ep);
    } else {
        return "unix:" + ep.path();
    }
}

template <class Protocol> std::uint16_t basic_datagram_socket<Protocol>::port() const {
    if constexpr (is_udp<Protocol>) {
        std::error_code ec;
        const auto ep = socket_.local_endpoint(ec);
        return ec ? 0 : ep.port();
    } else {
        return 0;
    }
}

template <class Protocol> void basic_datagram_socket<Protocol>::close() noexcept {
    std::error_code ignored;
    socket_.close(ignored);
    if (!unix_path_.empty()) {
        ::unlink(unix_path_.c_str());
        unix_path_.clear();
    }
}

template class basic_datagram_socket<asio::ip::udp>;
template class basic_datagram_socket<asio::local::datagram_protocol>;

} // namespace netkit::net
