// WebSocket sessions in netkit's HTTP server (RFC 6455 §4.2): a route that
// answers the upgrade request and hands the connection to a coroutine.
//
//     netkit::http::server s;
//     s.websocket("/echo", [](netkit::ws::connection& c) -> asio::awaitable<void> {
//         for (;;) {
//             auto m = co_await c.read();
//             if (!m) co_return;
//             co_await c.send(m->data, m->type);
//         }
//     });
//
// A request that is not a valid upgrade gets 400 (426 with
// Sec-WebSocket-Version: 13 for another version, 403 when check_origin
// says no); the session ends when its coroutine returns (the connection is
// closed with 1000 if still open) or when the server stops (1001).
#pragma once

#include <netkit/http/engine/server.hpp>
#include <netkit/ws/engine/connection.hpp>
#include <netkit/ws/permessage_deflate.hpp>

#include <asio/awaitable.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::ws {

struct accept_options {
    connection_options connection;
    /// Subprotocols this server speaks; the client's first choice among
    /// them is agreed (none when it offers none of them).
    std::vector<std::string> subprotocols;
    /// permessage-deflate, when a client offers it; nullopt: never.
    std::optional<deflate_options> deflate = deflate_options{};
    /// Sees the request's Origin field (empty when it has none; browsers
    /// always send one): false refuses the upgrade with 403, against pages
    /// of other sites opening sockets with the user's cookies.
    std::function<bool(std::string_view origin)> check_origin;
};

using session = std::function<asio::awaitable<void>(connection&)>;

/// The answer to an upgrade request: 101 with the handshake's fields and
/// the session to run, or the refusal.
http::server_response accept(const http::server_request& request, session run,
                             const accept_options& options);

} // namespace netkit::ws
