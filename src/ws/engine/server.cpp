// The server's side of the opening handshake, and the session that follows.
#include <netkit/core/ascii.hpp>
#include <netkit/ws/engine/server.hpp>
#include <netkit/ws/error.hpp>
#include <netkit/ws/handshake.hpp>

#include <memory>

namespace netkit::ws {
namespace {

// Every value of a field joined as one list (RFC 9110 §5.3).
std::string field_list(const http::server_request& request, std::string_view name) {
    std::string out;
    for (const auto& f : request.head().fields) {
        if (iequals(f.name, name)) {
            out += out.empty() ? "" : ", ";
            out += f.value;
        }
    }
    return out;
}

http::server_response refuse(int status, std::error_code why) {
    auto r = http::error_response(status, why.message());
    r.error = why.message();
    if (why == error::unsupported_version) {
        (void)r.headers.set("Sec-WebSocket-Version", "13"); // §4.4
    }
    return r;
}

// Runs the session, then ends what it left open: a close it did not make
// (1000), or one the server asked for, given close_timeout to finish.
asio::awaitable<void> run_session(http::upgraded_connection& taken, handshake_result agreed,
                                  connection_options options, session run) {
    auto c = connection::create(std::move(taken.stream), std::move(agreed), options,
                                std::move(taken.early_bytes));
    taken.on_stop = [weak = std::weak_ptr<connection>(c)] {
        if (auto open = weak.lock()) {
            if (open->is_open()) {
                open->start_close(close_code::going_away, "server stopping");
            } else {
                open->abort(); // asked twice: the stop's deadline
            }
        }
    };
    co_await run(*c);
    if (c->is_open()) {
        co_await c->close();
    } else {
        // A close begun (by the session or the server) is given its time.
        while (true) {
            auto m = co_await c->read();
            if (!m) {
                break;
            }
        }
    }
    c->abort();
    taken.on_stop = nullptr;
}

} // namespace

http::server_response accept(const http::server_request& request, session run,
                             const accept_options& options) {
    const std::string upgrade = field_list(request, "Upgrade");
    const std::string connection_field = field_list(request, "Connection");
    const std::string version = field_list(request, "Sec-WebSocket-Version");
    upgrade_request checked;
    checked.method = request.method();
    checked.version_major = 1;
    checked.version_minor = request.version_minor();
    checked.upgrade = upgrade;
    checked.connection = connection_field;
    checked.key = request.header("Sec-WebSocket-Key").value_or("");
    checked.version = version;
    if (auto ok = check_upgrade_request(checked); !ok) {
        return refuse(ok.error() == error::unsupported_version ? 426 : 400, ok.error());
    }
    if (request.has_body()) {
        // What follows the head must be frames, not a body.
        return refuse(400, make_error_code(error::not_an_upgrade));
    }
    const std::string_view origin = request.header("Origin").value_or("");
    if (options.check_origin && !options.check_origin(origin)) {
        auto r = http::error_response(403, "Origin not allowed");
        r.error = "WebSocket origin not allowed: " + std::string(origin);
        return r;
    }
    handshake_result agreed;
    agreed.side = role::server;
    agreed.target = std::string(request.target());
    agreed.origin = std::string(origin);
    agreed.remote_address = std::string(request.remote_address());

    http::server_response r;
    r.status = 101;
    (void)r.headers.set("Upgrade", "websocket");
    (void)r.headers.set("Sec-WebSocket-Accept", accept_key(trim(checked.key)));
    if (const auto chosen =
            choose_protocol(field_list(request, "Sec-WebSocket-Protocol"), options.subprotocols)) {
        agreed.subprotocol = std::string(*chosen);
        (void)r.headers.set("Sec-WebSocket-Protocol", agreed.subprotocol);
    }
    if (options.deflate) {
        auto deflate =
            negotiate_deflate(field_list(request, "Sec-WebSocket-Extensions"), *options.deflate);
        if (!deflate) {
            return refuse(400, deflate.error());
        }
        if (*deflate) {
            agreed.deflate = (*deflate)->params;
            (void)r.headers.set("Sec-WebSocket-Extensions", (*deflate)->response);
        }
    }
    // (Called once: what it holds moves into the session, not copied.)
    r.upgrade = [agreed = std::move(agreed), connection = options.connection,
                 run = std::move(run)](http::upgraded_connection& taken) mutable {
        return run_session(taken, std::move(agreed), connection, std::move(run));
    };
    return r;
}

} // namespace netkit::ws
