// Opening a WebSocket connection as a client (RFC 6455 §4.1): ws:// and
// wss:// URLs, subprotocols, permessage-deflate, extra header fields.
//
//     auto c = co_await netkit::ws::connect("ws://127.0.0.1:8080/chat");
//     if (!c) -> c.error().message() says what failed (connect, TLS, the
//                server's answer: ws::error::not_switching, bad_accept, ...)
//     co_await (*c)->send("hello");
//     auto m = co_await (*c)->read();
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/http/engine/client_connection.hpp>
#include <netkit/http/fields.hpp>
#include <netkit/net/tls.hpp>
#include <netkit/ws/engine/connection.hpp>
#include <netkit/ws/permessage_deflate.hpp>

#include <asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::ws {

struct connect_options {
    connection_options connection;
    /// Subprotocols to offer, most preferred first (Sec-WebSocket-Protocol).
    std::vector<std::string> subprotocols;
    /// permessage-deflate to offer; nullopt: none.
    std::optional<deflate_options> deflate = deflate_options{};
    /// More fields for the upgrade request (Origin, Authorization, Cookie...).
    http::fields headers;
    /// For wss:// URLs.
    net::tls_client_config tls{};
    /// The connection and the opening handshake, each.
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
    /// An HTTP proxy to tunnel through with CONNECT ("http://host:port");
    /// empty: none.
    std::string proxy;
    /// Sees the handshake's heads a line at a time ("> GET /chat HTTP/1.1",
    /// "< HTTP/1.1 101 Switching Protocols"), as curl -v shows them.
    std::function<void(std::string_view)> trace;
    /// When set, receives the head of the server's answer to the upgrade
    /// request: its status says why when it refused (a 404, a 401).
    http::response_head* answer = nullptr;
};

/// Connects to a ws:// or wss:// URL and performs the opening handshake.
/// Errors: http::error::unsupported_url for another scheme or no host, the
/// network's and TLS's errors, and the handshake's checks
/// (ws::error::not_switching when the server answers without 101, ...).
asio::awaitable<result<std::shared_ptr<connection>>> connect(std::string url,
                                                             connect_options options);
asio::awaitable<result<std::shared_ptr<connection>>> connect(std::string url);

} // namespace netkit::ws
