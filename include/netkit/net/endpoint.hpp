// Endpoints: where to connect, bind or listen, written the way people type them.
//
//     "localhost:5000"   host name and port
//     "127.0.0.1:80"     IPv4 address and port
//     "[::1]:8080"       IPv6 address in brackets and port
//     "8000" or ":8000"  a bare port (no host: every interface when binding)
//     "unix:/run/x.sock" a Unix domain socket path
//
//     auto ep = netkit::net::parse_endpoint("[::1]:8080");
//     if (!ep) std::cerr << ep.error().message();   // says what is wrong
//     ep->host == "::1", ep->port == 8080, ep->to_string() == "[::1]:8080"
#pragma once

#include <netkit/core/result.hpp>

#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::net {

// Not an aggregate on purpose: g++ 12 miscompiles brace-initialized
// aggregates inside co_await expressions (`co_await connect(endpoint{...})`
// frees a string it never allocated); a constructor call is safe.
struct endpoint {
    endpoint() = default;
    endpoint(std::string host_, std::uint16_t port_) : host(std::move(host_)), port(port_) {}
    static endpoint unix_socket(std::string path) {
        endpoint ep;
        ep.unix_path = std::move(path);
        return ep;
    }

    std::string host;       ///< name or address literal, without brackets; empty: unspecified
    std::uint16_t port = 0; ///< TCP or UDP port (unused for Unix sockets)
    std::string unix_path;  ///< non-empty for a Unix domain socket

    bool is_unix() const noexcept { return !unix_path.empty(); }

    /// The text form; parse_endpoint(to_string()) gives back the same endpoint.
    std::string to_string() const;

    friend bool operator==(const endpoint&, const endpoint&) = default;
};

/// Parses an endpoint. A port is required unless the text is a Unix path.
result<endpoint> parse_endpoint(std::string_view text);

/// Parses an endpoint, using `default_port` when the text names only a host
/// ("localhost", "[::1]", "::1").
result<endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port);

/// Parses a port number ("0" to "65535", digits only).
result<std::uint16_t> parse_port(std::string_view text);

/// "127.0.0.1:5000" or "[::1]:5000". An IPv4-mapped IPv6 address (a dual-stack
/// listener's view of an IPv4 peer) is shown as the IPv4 address it maps.
std::string to_string(const asio::ip::tcp::endpoint& ep);
std::string to_string(const asio::ip::udp::endpoint& ep);

/// The IPv4-mapped form of an address, unmapped: ::ffff:10.0.0.1 -> 10.0.0.1.
asio::ip::address unmapped(const asio::ip::address& address);

} // namespace netkit::net
