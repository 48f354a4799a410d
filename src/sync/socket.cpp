#include <netkit/sync/socket.hpp>

#include "sync/detail/throw_error.hpp"

#include <netkit/net/error.hpp>
#include <netkit/net/resolver.hpp>

#include <asio/ip/host_name.hpp>

namespace netkit::sync {

std::string gethostname() {
    return asio::ip::host_name();
}

namespace {

using detail::run_blocking;
using detail::throw_error;
using net::endpoint;

endpoint parse_or_throw(std::string_view address) {
    auto parsed = net::parse_endpoint(address);
    if (!parsed) {
        throw_error(parsed.error(), "address '" + std::string(address) + "'");
    }
    return std::move(*parsed);
}

} // namespace

// --- socket ---------------------------------------------------------------

socket::socket(std::unique_ptr<asio::io_context> io, net::stream s, std::string peer)
    : io_(std::move(io)), stream_(std::move(s)), peer_(std::move(peer)) {}

socket::socket(socket&&) noexcept = default;
socket& socket::operator=(socket&&) noexcept = default;
socket::~socket() = default;

socket socket::connect(std::string_view address, connect_options options) {
    auto where = parse_or_throw(address);
    auto io = std::make_unique<asio::io_context>(1);
    auto s = run_blocking(*io, net::connect(where, std::move(options)),
                          "connect to " + std::string(address));
    return socket(std::move(io), std::move(s), std::string(address));
}

std::string socket::recv(std::size_t max_size) {
    if (!buffer_.empty()) {
        // Bytes readline() read ahead come first.
        std::string out = buffer_.substr(0, max_size);
        buffer_.erase(0, out.size());
        return out;
    }
    std::string out(max_size, '\0');
    auto n = net::run_to_result(*io_, stream_->read_some(asio::buffer(out)));
    if (!n) {
        if (n.error() == asio::error::eof) {
            return {};
        }
        throw_error(n.error(), "receive from " + peer_);
    }
    out.resize(*n);
    return out;
}

std::string socket::recv_exactly(std::size_t size) {
    std::string out = buffer_.substr(0, size);
    buffer_.erase(0, out.size());
    const std::size_t have = out.size();
    out.resize(size);
    run_blocking(*io_, stream_->read_exactly(asio::buffer(out.data() + have, size - have)),
                 "receive from " + peer_);
    return out;
}

std::string socket::readline(std::size_t max_size) {
    auto n = net::run_to_result(*io_, stream_->read_until(buffer_, "\n", max_size));
    if (!n) {
        if (n.error() == asio::error::eof) {
            return std::exchange(buffer_, {}); // the last line, without "\n"; or ""
        }
        throw_error(n.error(), "read a line from " + peer_);
    }
    std::string line = buffer_.substr(0, *n);
    buffer_.erase(0, *n);
    return line;
}

void socket::sendall(std::string_view data) {
    run_blocking(*io_, stream_->write_all(asio::buffer(data)), "send to " + peer_);
}

void socket::shutdown_send() {
    run_blocking(*io_, stream_->shutdown_send(), "shut down sending to " + peer_);
}

void socket::close() noexcept {
    if (stream_) {
        stream_->close();
    }
}

void socket::settimeout(std::chrono::milliseconds limit) {
    stream_->set_timeout(limit);
}

std::string socket::getpeername() const {
    return stream_->remote_address();
}

std::string socket::getsockname() const {
    return stream_->local_address();
}

// --- server_socket --------------------------------------------------------

server_socket::server_socket(std::unique_ptr<asio::io_context> io, net::listener l)
    : io_(std::move(io)), listener_(std::move(l)) {}

server_socket::server_socket(server_socket&&) noexcept = default;
server_socket& server_socket::operator=(server_socket&&) noexcept = default;
server_socket::~server_socket() = default;

server_socket server_socket::listen(std::string_view address, listen_options options) {
    auto where = parse_or_throw(address);
    auto io = std::make_unique<asio::io_context>(1);
    auto l = net::listener::listen(io->get_executor(), where, options);
    if (!l) {
        throw_error(l.error(), "listen on " + where.to_string());
    }
    return server_socket(std::move(io), std::move(*l));
}

std::pair<socket, std::string> server_socket::accept() {
    // The connection gets an io_context of its own, so that it can be used
    // on another thread while this one goes on accepting.
    auto io = std::make_unique<asio::io_context>(1);
    auto s = run_blocking(*io_, listener_->accept(io->get_executor()),
                          "accept on " + listener_->local_address());
    std::string peer = s.remote_address();
    return {socket(std::move(io), std::move(s), peer), peer};
}

void server_socket::settimeout(std::chrono::milliseconds limit) {
    listener_->set_timeout(limit);
}

std::uint16_t server_socket::port() const {
    return listener_->port();
}

std::string server_socket::getsockname() const {
    return listener_->local_address();
}

void server_socket::close() noexcept {
    if (listener_) {
        listener_->close();
    }
}

// --- udp_socket -----------------------------------------------------------

udp_socket::udp_socket(std::unique_ptr<asio::io_context> io, net::udp_socket s)
    : io_(std::move(io)), socket_(std::move(s)) {}

udp_socket::udp_socket(udp_socket&&) noexcept = default;
udp_socket& udp_socket::operator=(udp_socket&&) noexcept = default;
udp_socket::~udp_socket() = default;

udp_socket udp_socket::bind(std::string_view address) {
    auto where = parse_or_throw(address);
    auto io = std::make_unique<asio::io_context>(1);
    auto s = net::udp_socket::bind(io->get_executor(), where);
    if (!s) {
        throw_error(s.error(), "bind " + where.to_string());
    }
    return udp_socket(std::move(io), std::move(*s));
}

udp_socket udp_socket::connect(std::string_view address) {
    auto where = parse_or_throw(address);
    auto io = std::make_unique<asio::io_context>(1);
    auto s = run_blocking(*io, net::udp_socket::connect(where), "connect to " + where.to_string());
    return udp_socket(std::move(io), std::move(s));
}

void udp_socket::sendto(std::string_view datagram, std::string_view address) {
    auto where = parse_or_throw(address);
    auto addresses =
        run_blocking(*io_, net::resolve(where.host, where.port), "resolve " + where.host);
    const asio::ip::udp::endpoint peer(addresses.front().address(), addresses.front().port());
    sendto(datagram, peer);
}

void udp_socket::sendto(std::string_view datagram, const asio::ip::udp::endpoint& peer) {
    run_blocking(*io_, socket_->send_to(asio::buffer(datagram), peer),
                 "send to " + net::to_string(peer));
}

std::pair<std::string, asio::ip::udp::endpoint> udp_socket::recvfrom(std::size_t max_size) {
    std::string data(max_size, '\0');
    asio::ip::udp::endpoint sender;
    const auto n = run_blocking(*io_, socket_->receive_from(asio::buffer(data), sender),
                                "receive on " + socket_->local_address());
    data.resize(n);
    return {std::move(data), sender};
}

void udp_socket::send(std::string_view datagram) {
    run_blocking(*io_, socket_->send(asio::buffer(datagram)), "send");
}

std::string udp_socket::recv(std::size_t max_size) {
    std::string data(max_size, '\0');
    const auto n = run_blocking(*io_, socket_->receive(asio::buffer(data)),
                                "receive on " + socket_->local_address());
    data.resize(n);
    return data;
}

void udp_socket::settimeout(std::chrono::milliseconds limit) {
    socket_->set_timeout(limit);
}

std::uint16_t udp_socket::port() const {
    return socket_->port();
}

void udp_socket::close() noexcept {
    if (socket_) {
        socket_->close();
    }
}

} // namespace netkit::sync
