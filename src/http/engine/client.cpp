#include <netkit/http/engine/client.hpp>

#include "http/engine/detail/client_auth.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/http/coding.hpp>
#include <netkit/http/method.hpp>
#include <netkit/net/connect.hpp>
#include <netkit/net/endpoint.hpp>
#include <netkit/net/error.hpp>
#include <netkit/url/join.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <algorithm>
#include <set>

namespace netkit::http {

// Where a URL sends a request.
struct client::target {
    std::string url;
    bool tls = false;
    std::string host; // without brackets
    std::uint16_t port = 0;
    std::string request_target; // path and query
    std::string host_header;
    std::string origin;                           // "https://host:port", the pool's key
    std::optional<detail::credentials> user_info; // from the URL
    // Through a proxy: an absolute-form request to it (http://), or a
    // CONNECT tunnel through it (https://).
    std::string proxy_host;
    std::uint16_t proxy_port = 0;
    bool absolute_form = false;
    bool tunnel = false;
    std::string proxy_authorization;
    std::string pool_key;
};

namespace {

// A coded body may grow this many times as it is decoded (text: about ten),
// past this much output, before it counts as a decompression bomb.
constexpr std::uint64_t max_expansion = 200;
constexpr std::uint64_t max_expansion_floor = 16 * 1024 * 1024;

// Bodies from this size on are sent with Expect: 100-continue.
constexpr std::uint64_t expect_continue_from = 1024 * 1024;

// Idle connections kept per origin.
constexpr std::size_t max_idle_per_origin = 8;

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The coding of a body with Content-Encoding, nullopt for none or identity.
result<std::optional<coding>> content_coding(const http::fields& headers) {
    const auto value = headers.get("Content-Encoding");
    if (!value || trim(*value).empty() || iequals(trim(*value), "identity")) {
        return std::optional<coding>();
    }
    const auto c = parse_coding(trim(*value));
    if (!c) {
        return make_error_code(error::unknown_content_coding);
    }
    return std::optional<coding>(*c);
}

} // namespace

result<client::target> client::parse_target(std::string_view url) {
    auto parts = url::try_urlsplit(url);
    if (!parts) {
        return make_error_code(error::unsupported_url);
    }
    target t;
    t.url = std::string(url);
    const auto scheme = parts->scheme();
    if (scheme != "http" && scheme != "https") {
        return make_error_code(error::unsupported_url);
    }
    t.tls = scheme == "https";
    const auto host = parts->hostname();
    const auto port = parts->try_port();
    if (!host || host->empty() || !port) {
        return make_error_code(error::unsupported_url);
    }
    t.host = *host;
    const std::uint16_t default_port = t.tls ? 443 : 80;
    t.port = port->value_or(default_port);
    t.request_target = parts->path().empty() ? "/" : std::string(parts->path());
    if (!parts->query().empty()) {
        t.request_target += "?" + std::string(parts->query());
    }
    t.host_header = host_field(t.host, t.port, default_port);
    t.origin = std::string(scheme) + "://" + host_field(t.host, t.port);
    if (const auto user = parts->username()) {
        const auto password = parts->password();
        t.user_info = detail::credentials{url::unquote(*user),
                                          password ? url::unquote(*password) : std::string()};
    }
    return t;
}

result<void> client::route(target& t) const {
    t.pool_key = t.origin;
    const std::string& proxy = t.tls ? options_.proxies.https : options_.proxies.http;
    if (proxy.empty() || options_.proxies.bypass(t.host, t.port)) {
        return {};
    }
    const std::string proxy_url =
        proxy.find("://") == std::string::npos ? "http://" + proxy : proxy;
    auto parts = url::try_urlsplit(proxy_url);
    if (!parts || parts->scheme() != "http") {
        return make_error_code(error::bad_proxy);
    }
    const auto host = parts->hostname();
    const auto port = parts->try_port();
    if (!host || host->empty() || !port) {
        return make_error_code(error::bad_proxy);
    }
    t.proxy_host = *host;
    t.proxy_port = port->value_or(80);
    t.absolute_form = !t.tls;
    t.tunnel = t.tls;
    if (const auto user = parts->username()) {
        const auto password = parts->password();
        t.proxy_authorization = detail::basic_authorization(
            {url::unquote(*user), password ? url::unquote(*password) : ""});
    }
    t.pool_key = (t.tunnel ? "tunnel " + t.origin + " via " : "proxy ") + t.proxy_host + ":" +
                 std::to_string(t.proxy_port);
    return {};
}

client::client(client_options options) : options_(std::move(options)) {}

client::~client() = default;

asio::awaitable<result<client_response>> client::request(std::string method, std::string url) {
    co_return co_await request(std::move(method), std::move(url), std::string(), http::fields());
}

asio::awaitable<result<client_response>> client::request(std::string method, std::string url,
                                                         std::string body, http::fields headers,
                                                         byte_sink on_body, head_sink on_head) {
    co_return co_await request_with(std::move(method), std::move(url), std::move(body), nullptr,
                                    std::move(headers), &on_body, &on_head);
}

asio::awaitable<result<client_response>> client::request(std::string method, std::string url,
                                                         file_body body, http::fields headers,
                                                         byte_sink on_body, head_sink on_head) {
    co_return co_await request_with(std::move(method), std::move(url), std::string(), &body,
                                    std::move(headers), &on_body, &on_head);
}

asio::awaitable<result<std::unique_ptr<client_connection>>> client::checkout(const target& t) {
    if (auto pooled = idle_.find(t.pool_key); pooled != idle_.end() && !pooled->second.empty()) {
        auto c = std::move(pooled->second.back());
        pooled->second.pop_back();
        co_return std::move(c);
    }
    if (t.tls && !tls_) {
        auto context = net::tls_context::client(options_.tls);
        if (!context) {
            co_return context.error();
        }
        tls_ = std::move(*context);
    }
    net::connect_options options;
    options.timeout = options_.connect_timeout;
    const bool via_proxy = t.absolute_form || t.tunnel;
    if (t.tls && !via_proxy) {
        options.tls = tls_;
    }
    // (Named first: g++ 12 miscompiles a class temporary built inside a
    // co_await expression.)
    const net::endpoint where =
        via_proxy ? net::endpoint(t.proxy_host, t.proxy_port) : net::endpoint(t.host, t.port);
    auto s = co_await net::connect(where, std::move(options));
    if (!s) {
        co_return s.error();
    }
    s->set_timeout(options_.read_timeout);
    if (!t.tunnel) {
        auto c = std::make_unique<client_connection>(std::move(*s));
        c->set_trace(options_.trace);
        co_return std::move(c);
    }
    // CONNECT host:port, then TLS with the origin through the tunnel.
    client_connection proxy(std::move(*s));
    proxy.set_trace(options_.trace);
    http::request connect;
    connect.method = "CONNECT";
    connect.target = host_field(t.host, t.port);
    (void)connect.headers.add("Host", connect.target);
    if (!t.proxy_authorization.empty()) {
        (void)connect.headers.add("Proxy-Authorization", t.proxy_authorization);
    }
    const auto sent = co_await proxy.send(connect);
    if (!sent) {
        co_return sent.error();
    }
    const auto answer = co_await proxy.read_head(true); // a 2xx to CONNECT has no body
    if (!answer) {
        co_return answer.error();
    }
    if (answer->status / 100 != 2) {
        co_return make_error_code(error::proxy_refused);
    }
    net::stream tunnel = std::move(proxy).release();
    net::tls_context context = *tls_;
    std::string name = t.host;
    auto secured =
        co_await net::stream::tls_connect(std::move(tunnel), std::move(context), std::move(name));
    if (!secured) {
        co_return secured.error();
    }
    secured->set_timeout(options_.read_timeout);
    auto c = std::make_unique<client_connection>(std::move(*secured));
    c->set_trace(options_.trace);
    co_return std::move(c);
}

void client::checkin(const target& t, std::unique_ptr<client_connection> c) {
    auto& pool = idle_[t.pool_key];
    if (c->reusable() && pool.size() < max_idle_per_origin) {
        pool.push_back(std::move(c));
    }
}

// The head, then the body: at once, or after a 100 Continue (or a second of
// silence); not at all when the server answers first.
asio::awaitable<result<void>> client::send_request(client_connection& c, const http::request& r,
                                                   const std::string& body, const file_body* upload,
                                                   bool expect, bool head_request) {
    if (!upload && !expect) {
        co_return co_await c.send(r);
    }
    const auto head = co_await c.send_head(r, upload ? upload->size : body.size());
    if (!head) {
        co_return head;
    }
    if (expect) {
        const auto go = co_await c.await_continue(std::chrono::seconds(1), head_request);
        if (!go) {
            co_return go.error();
        }
        if (!*go) {
            c.no_reuse(); // the body was never sent
            co_return result<void>{};
        }
    }
    if (upload) {
        co_return co_await c.send_file_body(upload->fd, upload->offset, upload->size);
    }
    co_return co_await c.send_body(body);
}

asio::awaitable<result<client_response>>
client::exchange(const target& t, const std::string& method, const std::string& body,
                 const file_body* upload, const http::fields& headers, const byte_sink* on_body,
                 const head_sink* on_head, bool answers_401) {
    http::request r;
    r.method = method;
    // To a proxy, the absolute form (RFC 9112 §3.2.2), with its credentials.
    r.target = t.absolute_form ? "http://" + t.host_header + t.request_target : t.request_target;
    (void)r.headers.add("Host", t.host_header);
    if (t.absolute_form && !t.proxy_authorization.empty()) {
        (void)r.headers.add("Proxy-Authorization", t.proxy_authorization);
    }
    for (const auto& f : options_.default_headers) {
        if (!headers.contains(f.name)) {
            (void)r.headers.add(f.name, f.value);
        }
    }
    for (const auto& f : headers) {
        if (iequals(f.name, "Host") || iequals(f.name, "Content-Length")) {
            continue; // the client's to set
        }
        if (auto added = r.headers.add(f.name, f.value); !added) {
            co_return added.error();
        }
    }
    if (options_.decode && !headers.contains("Accept-Encoding")) {
        (void)r.headers.set("Accept-Encoding", "gzip, deflate, br, zstd");
    }
    const std::uint64_t body_size = upload ? upload->size : body.size();
    if (body_size > 0 || method == "POST" || method == "PUT" || method == "PATCH") {
        (void)r.headers.set("Content-Length", std::to_string(body_size));
    }
    // RFC 9110 §10.1.1: a large body waits for the server's go-ahead.
    const bool expect = body_size >= expect_continue_from;
    if (expect) {
        (void)r.headers.set("Expect", "100-continue");
    }
    if (!upload && !expect) {
        r.body = body; // head and body in one write
    }

    // A pooled connection the server has closed meanwhile fails at once:
    // try a fresh one, once, for a request that may be repeated.
    const auto known = parse_method(method);
    const bool repeatable = known && is_idempotent(*known);
    for (int attempt = 0;; ++attempt) {
        const bool pooled = idle_.contains(t.pool_key) && !idle_[t.pool_key].empty();
        auto connection = co_await checkout(t);
        if (!connection) {
            co_return connection.error();
        }
        auto& c = **connection;
        // (No co_await inside ?: : g++ 12 miscompiles it.)
        result<response_head> head = make_error_code(error::unexpected_eof);
        const auto sent = co_await send_request(c, r, body, upload, expect, method == "HEAD");
        if (sent) {
            head = co_await c.read_head(method == "HEAD");
        } else {
            head = sent.error();
        }
        if (!head) {
            if (pooled && repeatable && attempt == 0) {
                continue;
            }
            co_return head.error();
        }
        client_response out;
        out.status = head->status;
        out.reason = std::move(head->reason);
        out.version_minor = head->version_minor;
        out.headers = std::move(head->headers);
        out.url = t.url;

        std::unique_ptr<decoder> decoding;
        if (options_.decode) {
            auto c_coding = content_coding(out.headers);
            if (!c_coding) {
                co_return c_coding.error();
            }
            if (*c_coding) {
                auto d = decoder::create(**c_coding, options_.max_body);
                if (!d) {
                    co_return d.error();
                }
                decoding = std::move(*d);
            }
        }
        // The body of a redirect that will be followed is dropped; the final
        // body goes to the caller's sink, or into the response.
        const bool followed =
            (options_.follow_redirects && is_redirect(out.status) &&
             out.headers.contains("Location")) ||
            (answers_401 && out.status == 401 && out.headers.contains("WWW-Authenticate"));
        if (!followed && on_head && *on_head) {
            (*on_head)(out);
        }
        // A decompression bomb: far more out than came in.
        std::uint64_t coded = 0, decoded = 0;
        bool bomb = false;
        const byte_sink keep = [&](std::string_view piece) {
            decoded += piece.size();
            if (decoding && decoded > max_expansion_floor && decoded / max_expansion > coded) {
                bomb = true; // stop keeping it; the error follows the write
            }
            if (bomb) {
                return;
            }
            if (followed) {
                return;
            }
            if (on_body) {
                (*on_body)(piece);
            } else {
                out.body.append(piece);
            }
        };
        for (;;) {
            auto piece = co_await c.read_body_some();
            if (!piece) {
                co_return piece.error();
            }
            if (piece->empty()) {
                break;
            }
            if (decoding) {
                coded += piece->size();
                if (auto w = decoding->write(*piece, keep); !w) {
                    co_return w.error();
                }
                if (bomb) {
                    co_return make_error_code(error::decoded_too_large);
                }
            } else {
                if (piece->size() > options_.max_body - out.body.size()) {
                    co_return make_error_code(error::body_too_large);
                }
                keep(*piece);
            }
        }
        if (decoding) {
            if (auto f = decoding->finish(keep); !f) {
                co_return f.error();
            }
            out.headers.erase("Content-Encoding");
            out.headers.erase("Content-Length");
        }
        checkin(t, std::move(*connection));
        co_return out;
    }
}

asio::awaitable<result<client_response>> client::request(std::string method, std::string url,
                                                         std::string body, http::fields headers) {
    co_return co_await request_with(std::move(method), std::move(url), std::move(body), nullptr,
                                    std::move(headers), nullptr, nullptr);
}

asio::awaitable<result<client_response>>
client::request_with(std::string method, std::string url, std::string body, const file_body* upload,
                     http::fields headers, const byte_sink* on_body, const head_sink* on_head) {
    if (options_.total_timeout.count() <= 0) {
        co_return co_await follow(std::move(method), std::move(url), std::move(body), upload,
                                  std::move(headers), on_body, on_head);
    }
    // The whole exchange, redirects included, races a timer; the loser is
    // canceled (and a connection caught midway is closed, not pooled).
    using namespace asio::experimental::awaitable_operators;
    asio::steady_timer timer(co_await asio::this_coro::executor, options_.total_timeout);
    std::error_code timer_error;
    auto outcome =
        co_await (follow(std::move(method), std::move(url), std::move(body), upload,
                         std::move(headers), on_body, on_head) ||
                  timer.async_wait(asio::redirect_error(asio::use_awaitable, timer_error)));
    if (outcome.index() == 0) {
        co_return std::get<0>(std::move(outcome));
    }
    co_return make_error_code(net::error::timed_out);
}

asio::awaitable<result<client_response>>
client::follow(std::string method, std::string url, std::string body, const file_body* upload,
               http::fields headers, const byte_sink* on_body, const head_sink* on_head) {
    auto t = parse_target(url);
    if (!t) {
        co_return t.error();
    }
    if (auto routed = route(*t); !routed) {
        co_return routed.error();
    }
    std::vector<std::string> redirects;
    std::set<std::string> seen{t->url};
    const std::string first_origin = t->origin;
    bool answered = false; // one answer to a 401 per URL
    for (;;) {
        std::optional<detail::credentials> who = t->user_info;
        if (!who && !options_.username.empty() && t->origin == first_origin) {
            who = detail::credentials{options_.username, options_.password};
        }
        auto r = co_await exchange(*t, method, body, upload, headers, on_body, on_head,
                                   who && !answered);
        if (r && r->status == 401 && who && !answered) {
            const auto challenges = r->headers.get_all("WWW-Authenticate");
            if (auto answer =
                    detail::answer_challenge(challenges, *who, method, t->request_target)) {
                headers.set("Authorization", *answer).value();
                answered = true;
                continue;
            }
        }
        if (!r || !options_.follow_redirects || !is_redirect(r->status)) {
            if (r) {
                r->redirects = std::move(redirects);
            }
            co_return r;
        }
        const auto location = r->headers.get("Location");
        if (!location) {
            r->redirects = std::move(redirects);
            co_return r; // nothing to follow: the 3xx is the answer
        }
        if (static_cast<int>(redirects.size()) >= options_.max_redirects) {
            co_return make_error_code(error::too_many_redirects);
        }
        auto next_url = url::try_urljoin(t->url, trim(*location));
        if (!next_url) {
            co_return make_error_code(error::bad_redirect);
        }
        if (const auto hash = next_url->find('#'); hash != std::string::npos) {
            next_url->resize(hash);
        }
        auto next = parse_target(*next_url);
        if (!next) {
            co_return make_error_code(error::bad_redirect);
        }
        if (auto routed = route(*next); !routed) {
            co_return routed.error();
        }
        if (!seen.insert(next->url).second && method == "GET") {
            co_return make_error_code(error::redirect_loop);
        }
        // 301/302/303: GET without a body (HEAD stays HEAD); 307/308 repeat.
        if (r->status != 307 && r->status != 308 && method != "HEAD") {
            method = "GET";
            body.clear();
            upload = nullptr;
            headers.erase("Content-Type");
        }
        if (next->origin != t->origin) {
            headers.erase("Authorization");
            headers.erase("Cookie");
        }
        redirects.push_back(t->url);
        t = std::move(next);
        answered = false;
    }
}

asio::awaitable<result<client_response>> client::get(std::string url) {
    co_return co_await request("GET", std::move(url));
}

asio::awaitable<result<client_response>> client::head(std::string url) {
    co_return co_await request("HEAD", std::move(url));
}

asio::awaitable<result<client_response>> client::del(std::string url) {
    co_return co_await request("DELETE", std::move(url));
}

asio::awaitable<result<client_response>>
client::with_body(std::string method, std::string url, std::string body, std::string content_type) {
    http::fields headers;
    if (!content_type.empty()) {
        if (auto set = headers.set("Content-Type", content_type); !set) {
            co_return set.error();
        }
    }
    co_return co_await request(std::move(method), std::move(url), std::move(body),
                               std::move(headers));
}

asio::awaitable<result<client_response>> client::post(std::string url, std::string body,
                                                      std::string content_type) {
    co_return co_await with_body("POST", std::move(url), std::move(body), std::move(content_type));
}

asio::awaitable<result<client_response>> client::put(std::string url, std::string body,
                                                     std::string content_type) {
    co_return co_await with_body("PUT", std::move(url), std::move(body), std::move(content_type));
}

asio::awaitable<result<client_response>> client::patch(std::string url, std::string body,
                                                       std::string content_type) {
    co_return co_await with_body("PATCH", std::move(url), std::move(body), std::move(content_type));
}

} // namespace netkit::http
