// ws::connect: the URL, the TCP (and TLS) connection, a CONNECT tunnel when
// a proxy is set, and the opening handshake checked as RFC 6455 §4.1 asks.
#include <netkit/http/engine/client_connection.hpp>
#include <netkit/http/engine/client_target.hpp>
#include <netkit/http/message.hpp>
#include <netkit/net/connect.hpp>
#include <netkit/ws/engine/client.hpp>
#include <netkit/ws/error.hpp>
#include <netkit/ws/handshake.hpp>

#include <openssl/rand.h>

#include <array>

namespace netkit::ws {
namespace {

// A stream to the server: straight, or through the proxy's CONNECT tunnel;
// TLS on top for wss://.
asio::awaitable<result<net::stream>> open_stream(const http::url_target& t,
                                                 const connect_options& o) {
    net::connect_options how;
    how.timeout = o.timeout;
    std::optional<net::tls_context> tls;
    if (t.tls) {
        auto context = net::tls_context::client(o.tls);
        if (!context) {
            co_return context.error();
        }
        tls = std::move(*context);
    }
    if (o.proxy.empty()) {
        how.tls = tls;
        const net::endpoint where(t.host, t.port);
        co_return co_await net::connect(where, std::move(how));
    }
    auto proxy = http::parse_proxy(o.proxy);
    if (!proxy) {
        co_return proxy.error();
    }
    const net::endpoint where(proxy->host, proxy->port);
    auto s = co_await net::connect(where, std::move(how));
    if (!s) {
        co_return s.error();
    }
    s->set_timeout(o.timeout);
    auto through =
        co_await http::connect_tunnel(std::move(*s), t.host, t.port, proxy->authorization, o.trace);
    if (!through || !tls) {
        co_return through;
    }
    co_return co_await net::stream::tls_connect(std::move(*through), std::move(*tls), t.host);
}

std::string new_key() {
    std::array<unsigned char, 16> nonce{};
    if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) {
        throw std::runtime_error("no random bytes for a WebSocket key");
    }
    return make_key(nonce);
}

template <class Items> std::string joined(const Items& items) {
    std::string out;
    for (const auto& item : items) {
        out += out.empty() ? "" : ", ";
        out += item;
    }
    return out;
}

} // namespace

asio::awaitable<result<std::shared_ptr<connection>>> connect(std::string url) {
    // (Named first: g++ 12 miscompiles a class temporary inside co_await.)
    connect_options defaults;
    co_return co_await connect(std::move(url), std::move(defaults));
}

asio::awaitable<result<std::shared_ptr<connection>>> connect(std::string url,
                                                             connect_options options) {
    // (RFC 6455 §3: a fragment is no part of a WebSocket URI's resource.)
    auto target = http::split_target(url, "ws", "wss");
    if (!target) {
        co_return target.error();
    }
    auto s = co_await open_stream(*target, options);
    if (!s) {
        co_return s.error();
    }
    s->set_timeout(options.timeout);
    http::client_connection c(std::move(*s));
    c.set_trace(options.trace);

    const std::string key = new_key();
    http::request upgrade;
    upgrade.method = "GET";
    upgrade.target = target->request_target;
    (void)upgrade.headers.add("Host", target->host_header);
    (void)upgrade.headers.add("Upgrade", "websocket");
    (void)upgrade.headers.add("Connection", "Upgrade");
    (void)upgrade.headers.add("Sec-WebSocket-Key", key);
    (void)upgrade.headers.add("Sec-WebSocket-Version", "13");
    if (!options.subprotocols.empty()) {
        (void)upgrade.headers.add("Sec-WebSocket-Protocol", joined(options.subprotocols));
    }
    if (options.deflate) {
        (void)upgrade.headers.add("Sec-WebSocket-Extensions", deflate_offer(*options.deflate));
    }
    for (const auto& f : options.headers) {
        if (auto added = upgrade.headers.add(f.name, f.value); !added) {
            co_return added.error();
        }
    }
    if (auto sent = co_await c.send(upgrade); !sent) {
        co_return sent.error();
    }
    auto head = co_await c.read_head(false);
    if (!head) {
        co_return head.error();
    }
    if (options.answer) {
        *options.answer = *head;
    }
    const auto field = [&](std::string_view name) {
        return std::string(head->headers.get(name).value_or(""));
    };
    // Repeated fields count as one list (RFC 9110 §5.3).
    const auto list = [&](std::string_view name) { return joined(head->headers.get_all(name)); };
    const std::string upgrade_field = list("Upgrade");
    const std::string connection_field = list("Connection");
    const std::string accept = field("Sec-WebSocket-Accept");
    const std::string protocol = field("Sec-WebSocket-Protocol");
    upgrade_response answer;
    answer.status = head->status;
    answer.upgrade = upgrade_field;
    answer.connection = connection_field;
    answer.accept = accept;
    answer.protocol = protocol;
    if (auto checked = check_upgrade_response(answer, key, options.subprotocols); !checked) {
        co_return checked.error();
    }
    handshake_result agreed;
    agreed.side = role::client;
    agreed.subprotocol = protocol;
    const std::string extensions = list("Sec-WebSocket-Extensions");
    if (options.deflate) {
        auto deflate = accept_deflate_response(extensions, *options.deflate);
        if (!deflate) {
            co_return deflate.error();
        }
        agreed.deflate = *deflate;
    } else if (!extensions.empty()) {
        co_return make_error_code(error::unrequested_extension);
    }
    std::string early = c.take_unread();
    net::stream stream = std::move(c).release();
    co_return connection::create(std::move(stream), std::move(agreed), options.connection,
                                 std::move(early));
}

} // namespace netkit::ws
