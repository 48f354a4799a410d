// Connecting: name resolution, every address in turn, TCP_NODELAY, and TLS.
//
//     netkit::net::connect_options options;
//     options.tls = netkit::net::tls_context::client().value();
//     auto s = co_await netkit::net::connect(
//         netkit::net::parse_endpoint("example.test:443").value(), options);
//     if (!s) std::cerr << netkit::net::describe(s.error(), "connect to example.test:443");
//
// With several addresses (a name with both IPv6 and IPv4 ones) the attempts
// follow RFC 8305 (Happy Eyeballs): families alternate, and each attempt gets
// `attempt_delay` alone before the next address is tried beside it; the first
// to connect wins and the others are closed.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/net/endpoint.hpp>
#include <netkit/net/stream.hpp>
#include <netkit/net/tls.hpp>

#include <asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace netkit::net {

struct connect_options {
    /// Limit for the name lookup, for each address tried, and for the TLS
    /// handshake, each on its own.
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
    /// RFC 8305 §5 "Connection Attempt Delay" (recommended: 250 ms).
    std::chrono::milliseconds attempt_delay = std::chrono::milliseconds(250);
    /// TCP_NODELAY: send small writes at once (chat lines, requests).
    bool no_delay = true;
    /// The local address to connect from (port chosen by the system), as
    /// Python's source_address; addresses of the other family are skipped.
    std::optional<asio::ip::address> source;
    /// When set, TLS is started once TCP is connected.
    std::optional<tls_context> tls;
    /// The name the certificate must carry and SNI sends; empty: the host of
    /// the endpoint.
    std::string tls_host;
};

/// Connects to a TCP endpoint (host:port) or a Unix socket (unix:/path).
/// The returned stream has no timeout of its own (see stream::set_timeout).
asio::awaitable<result<stream>> connect(endpoint where, connect_options options);

/// Connects to the first of `addresses` that answers, racing them as the
/// comment at the top of this file says; TLS (when set) checks
/// `options.tls_host`, or "localhost" when it is empty.
asio::awaitable<result<stream>> connect(std::vector<asio::ip::tcp::endpoint> addresses,
                                        connect_options options);

// A separate overload rather than a default argument: g++ 12 mishandles
// default arguments of class type on coroutines (double destruction).
asio::awaitable<result<stream>> connect(endpoint where);

} // namespace netkit::net
