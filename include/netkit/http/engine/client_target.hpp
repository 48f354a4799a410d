// What a client needs of a URL and a proxy setting to reach a server, for
// every client over HTTP/1.1 connections (the HTTP client, WebSocket's
// connect): the URL's host, port and request target, a proxy's address and
// credentials, and a CONNECT tunnel through the proxy.
//
//     auto t = netkit::http::split_target("https://example.org/a?b", "http", "https");
//     t->tls, t->host == "example.org", t->port == 443, t->request_target == "/a?b"
//     auto p = netkit::http::parse_proxy("http://user:pw@proxy:3128");
//     auto s = co_await netkit::http::connect_tunnel(std::move(to_proxy), "example.org", 443,
//                                                   p->authorization, {});
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/http/engine/auth.hpp>
#include <netkit/net/stream.hpp>

#include <asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::http {

struct url_target {
    bool tls = false;
    std::string scheme;
    std::string host; ///< without brackets
    std::uint16_t port = 0;
    std::string request_target;           ///< the path ("/" when empty) and "?query"; no fragment
    std::string host_header;              ///< the Host field: the port only when not the default
    std::optional<credentials> user_info; ///< from the URL, unquoted
};

/// Splits an absolute URL of `plain_scheme` (port 80 by default) or
/// `tls_scheme` (443): error::unsupported_url for another scheme, no host or
/// a bad port.
result<url_target> split_target(std::string_view url, std::string_view plain_scheme,
                                std::string_view tls_scheme);

struct proxy_address {
    std::string host;
    std::uint16_t port = 80;
    std::string authorization; ///< Proxy-Authorization ("Basic ..."), from its user-info; or empty
};

/// A proxy setting, "http://[user:password@]host[:port]" or "host:port":
/// error::bad_proxy for anything else.
result<proxy_address> parse_proxy(std::string_view proxy);

/// Asks the proxy at the other end of `to_proxy` to CONNECT to host:port
/// (RFC 9110 §9.3.6) and returns the stream that now reaches it:
/// error::proxy_refused when the proxy answers other than 2xx. `trace`
/// (when set) sees the heads as client_connection shows them.
asio::awaitable<result<net::stream>> connect_tunnel(net::stream to_proxy, std::string host,
                                                    std::uint16_t port, std::string authorization,
                                                    std::function<void(std::string_view)> trace);

} // namespace netkit::http
