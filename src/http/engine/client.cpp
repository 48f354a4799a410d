#include <netkit/http/engine/client.hpp>

#include "http/engine/detail/client_pool.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/http/coding.hpp>
#include <netkit/http/engine/auth.hpp>
#include <netkit/http/engine/client_target.hpp>
#include <netkit/http/method.hpp>
#include <netkit/http/serializer.hpp>
#include <netkit/net/connect.hpp>
#include <netkit/net/endpoint.hpp>
#include <netkit/net/error.hpp>
#include <netkit/url/join.hpp>

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
    std::string origin;                   // "https://host:port", the pool's key
    std::optional<credentials> user_info; // from the URL
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
    auto split = split_target(url, "http", "https");
    if (!split) {
        return split.error();
    }
    target t;
    t.url = std::string(url);
    t.tls = split->tls;
    t.host = std::move(split->host);
    t.port = split->port;
    t.request_target = std::move(split->request_target);
    t.host_header = std::move(split->host_header);
    t.origin = split->scheme + "://" + host_field(t.host, t.port);
    t.user_info = std::move(split->user_info);
    return t;
}

result<void> client::route(target& t, std::string_view proxy_override) const {
    t.pool_key = t.origin;
    const std::string_view proxy = !proxy_override.empty() ? proxy_override
                                   : t.tls                 ? options_.proxies.https
                                                           : options_.proxies.http;
    if (proxy.empty() || (proxy_override.empty() && options_.proxies.bypass(t.host, t.port))) {
        return {};
    }
    auto address = parse_proxy(proxy);
    if (!address) {
        return address.error();
    }
    t.proxy_host = std::move(address->host);
    t.proxy_port = address->port;
    t.absolute_form = !t.tls;
    t.tunnel = t.tls;
    t.proxy_authorization = std::move(address->authorization);
    t.pool_key = (t.tunnel ? "tunnel " + t.origin + " via " : "proxy ") + t.proxy_host + ":" +
                 std::to_string(t.proxy_port);
    return {};
}

client::client(client_options options)
    : options_(std::move(options)), pool_(std::make_shared<client_stream::pool>()) {}

client::~client() = default;

asio::awaitable<result<client_response>> client::request(client_request r) {
    if (options_.total_timeout.count() <= 0) {
        co_return co_await follow(r);
    }
    // The whole exchange, redirects included, races a timer; the loser is
    // canceled (and a connection caught midway is closed, not pooled).
    using namespace asio::experimental::awaitable_operators;
    asio::steady_timer timer(co_await asio::this_coro::executor, options_.total_timeout);
    std::error_code timer_error;
    auto outcome = co_await (
        follow(r) || timer.async_wait(asio::redirect_error(asio::use_awaitable, timer_error)));
    if (outcome.index() == 0) {
        co_return std::get<0>(std::move(outcome));
    }
    co_return make_error_code(net::error::timed_out);
}

// A pooled connection to the target, or a new one (connecting within
// `timeout`, each read and write of it limited to `timeout`).
asio::awaitable<result<std::unique_ptr<client_connection>>>
client::checkout(const target& t, std::chrono::milliseconds timeout) {
    const auto limit = timeout.count() > 0 ? timeout : options_.read_timeout;
    // A request on the route's HTTP/2 connection, when it has room.
    auto over_http2 = [&](const std::shared_ptr<detail::http2_client_session>& session) {
        auto c = std::make_unique<client_connection>(
            std::make_unique<detail::http2_client_stream>(session));
        c->set_timeout(limit);
        c->set_trace(options_.trace);
        return c;
    };
    if (auto shared = pool_->http2.find(t.pool_key); shared != pool_->http2.end()) {
        if (shared->second->usable()) {
            co_return over_http2(shared->second);
        }
        pool_->http2.erase(shared); // gone, going away, or full: a new connection
    }
    if (auto pooled = pool_->idle.find(t.pool_key);
        pooled != pool_->idle.end() && !pooled->second.empty()) {
        auto c = std::move(pooled->second.back());
        pooled->second.pop_back();
        c->set_timeout(limit);
        co_return std::move(c);
    }
    const bool may_be_http2 = options_.version != http_version::http1_1 &&
                              (t.tls || options_.version == http_version::http2_prior_knowledge);
    if (auto pending = pool_->connecting.find(t.pool_key);
        may_be_http2 && pending != pool_->connecting.end()) {
        // Another request is connecting to this route: its connection may
        // carry this one too.
        const auto wait = pending->second;
        std::error_code ignored;
        co_await wait->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        if (auto shared = pool_->http2.find(t.pool_key);
            shared != pool_->http2.end() && shared->second->usable()) {
            co_return over_http2(shared->second);
        }
    }
    std::shared_ptr<asio::steady_timer> announced;
    if (may_be_http2 && !pool_->connecting.contains(t.pool_key)) {
        announced = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor,
                                                         asio::steady_timer::time_point::max());
        pool_->connecting[t.pool_key] = announced;
    }
    // However this ends, the requests waiting for it go on.
    struct announce_end {
        client_stream::pool& pool;
        const std::string& key;
        std::shared_ptr<asio::steady_timer> timer;
        ~announce_end() {
            if (timer) {
                pool.connecting.erase(key);
                timer->cancel();
            }
        }
    } end_of_connecting{*pool_, t.pool_key, announced};
    if (t.tls && !tls_) {
        auto config = options_.tls;
        if (config.alpn.empty()) {
            config.alpn = options_.version == http_version::http1_1
                              ? std::vector<std::string>{"http/1.1"}
                              : std::vector<std::string>{"h2", "http/1.1"};
        }
        auto context = net::tls_context::client(config);
        if (!context) {
            co_return context.error();
        }
        tls_ = std::move(*context);
    }
    net::connect_options options;
    options.timeout = timeout.count() > 0 ? timeout : options_.connect_timeout;
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
    s->set_timeout(limit);
    if (t.tunnel) {
        // CONNECT host:port, then TLS with the origin through the tunnel.
        auto tunnel = co_await connect_tunnel(std::move(*s), t.host, t.port, t.proxy_authorization,
                                              options_.trace);
        if (!tunnel) {
            co_return tunnel.error();
        }
        net::tls_context context = *tls_;
        std::string name = t.host;
        auto secured = co_await net::stream::tls_connect(std::move(*tunnel), std::move(context),
                                                         std::move(name));
        if (!secured) {
            co_return secured.error();
        }
        secured->set_timeout(limit);
        s = std::move(secured);
    }
    // HTTP/2 when the server chose it by ALPN, or when asked to speak it
    // in clear text from the start.
    const bool prior_knowledge =
        options_.version == http_version::http2_prior_knowledge && !t.tls && !via_proxy;
    if ((s->is_tls() && s->alpn_protocol() == "h2") || prior_knowledge) {
        auto session = detail::http2_client_session::start(std::move(*s));
        pool_->http2[t.pool_key] = session;
        co_return over_http2(session);
    }
    auto c = std::make_unique<client_connection>(std::move(*s));
    c->set_trace(options_.trace);
    co_return std::move(c);
}

void client::checkin(const target& t, std::unique_ptr<client_connection> c) {
    pool_->put(t.pool_key, std::move(c));
}

namespace {

std::uint64_t size_of(const client_request& r) {
    if (const auto* text = std::get_if<std::string>(&r.body)) {
        return text->size();
    }
    if (const auto* file = std::get_if<file_body>(&r.body)) {
        return file->size;
    }
    return 0; // a source: unknown
}

bool is_stream(const client_request& r) {
    return std::holds_alternative<body_source>(r.body);
}

} // namespace

// The request's head: the target (absolute to a proxy), Host, the proxy's
// credentials, the default fields, the caller's, the codings asked for, and
// the body's framing.
result<http::request> client::request_head(const target& t, const client_request& r) const {
    http::request head;
    head.method = r.method;
    // To a proxy, the absolute form (RFC 9112 §3.2.2), with its credentials.
    head.target = t.absolute_form ? "http://" + t.host_header + t.request_target : t.request_target;
    (void)head.headers.add("Host", t.host_header);
    if (t.absolute_form && !t.proxy_authorization.empty()) {
        (void)head.headers.add("Proxy-Authorization", t.proxy_authorization);
    }
    for (const auto& f : options_.default_headers) {
        if (!r.headers.contains(f.name)) {
            (void)head.headers.add(f.name, f.value);
        }
    }
    for (const auto& f : r.headers) {
        if (iequals(f.name, "Host") || iequals(f.name, "Content-Length") ||
            iequals(f.name, "Transfer-Encoding")) {
            continue; // the client's to set
        }
        if (auto added = head.headers.add(f.name, f.value); !added) {
            return added.error();
        }
    }
    if (options_.decode && !r.headers.contains("Accept-Encoding")) {
        (void)head.headers.set("Accept-Encoding", "gzip, deflate, br, zstd");
    }
    const std::uint64_t body_size = size_of(r);
    if (is_stream(r)) {
        (void)head.headers.set("Transfer-Encoding", "chunked");
    } else if (body_size > 0 || r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
        (void)head.headers.set("Content-Length", std::to_string(body_size));
    }
    // RFC 9110 §10.1.1: a large body waits for the server's go-ahead.
    if (body_size >= expect_continue_from || is_stream(r)) {
        (void)head.headers.set("Expect", "100-continue");
    } else if (const auto* text = std::get_if<std::string>(&r.body)) {
        head.body = *text; // head and body in one write
    }
    return head;
}

// The head, then the body: at once, or after a 100 Continue (or a second of
// silence); not at all when the server answers first.
asio::awaitable<result<void>> client::send_request(client_connection& c, const http::request& head,
                                                   const client_request& r) {
    const bool expect = head.headers.contains("Expect");
    const bool in_head = !expect && std::holds_alternative<std::string>(r.body);
    if (in_head) {
        co_return co_await c.send(head);
    }
    const auto sent_head =
        is_stream(r) ? co_await c.send_head(head) : co_await c.send_head(head, size_of(r));
    if (!sent_head) {
        co_return sent_head;
    }
    if (expect) {
        const auto go = co_await c.await_continue(std::chrono::seconds(1), r.method == "HEAD");
        if (!go) {
            co_return go.error();
        }
        if (!*go) {
            c.no_reuse(); // the body was never sent
            co_return result<void>{};
        }
    }
    if (const auto* file = std::get_if<file_body>(&r.body)) {
        co_return co_await c.send_file_body(file->fd, file->offset, file->size);
    }
    if (const auto* text = std::get_if<std::string>(&r.body)) {
        co_return co_await c.send_body(*text);
    }
    // A source's pieces, each a chunk, then the last chunk (over HTTP/2,
    // each in DATA frames, then the end of the stream).
    const auto& source = std::get<body_source>(r.body);
    const bool chunked = !c.is_http2();
    std::string chunk;
    for (;;) {
        auto piece = source ? source() : result<std::string>(std::string());
        if (!piece) {
            c.no_reuse(); // the body broke off: the server cannot take another request here
            co_return piece.error();
        }
        if (!chunked) {
            if (piece->empty()) {
                co_return co_await c.end_body();
            }
            if (auto sent = co_await c.send_body(*piece); !sent) {
                co_return sent;
            }
            continue;
        }
        chunk.clear();
        if (piece->empty()) {
            append_last_chunk(chunk);
        } else {
            append_chunk(chunk, *piece);
        }
        if (auto sent = co_await c.send_body(chunk); !sent) {
            co_return sent;
        }
        if (piece->empty()) {
            co_return result<void>{};
        }
    }
}

// The body of the response whose head is in `out`: to the caller's sink or
// into out.body, decoded when asked; dropped for a redirect or challenge
// that will be followed.
asio::awaitable<result<void>> client::read_body(client_connection& c, client_response& out,
                                                const client_request& r, bool followed) {
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
    // A decompression bomb: far more out than came in.
    std::uint64_t coded = 0, decoded = 0;
    bool bomb = false;
    bool stopped = false; // the caller's sink has had enough
    const byte_sink keep = [&](std::string_view piece) {
        decoded += piece.size();
        if (decoding && decoded > max_expansion_floor && decoded / max_expansion > coded) {
            bomb = true; // stop keeping it; the error follows the write
            return false;
        }
        if (followed) {
            return true;
        }
        if (r.on_body) {
            stopped = !r.on_body(piece);
            return !stopped;
        }
        out.body.append(piece);
        return true;
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
            auto written = decoding->write(*piece, keep);
            if (bomb) {
                co_return make_error_code(error::decoded_too_large);
            }
            if (!written) {
                co_return written.error();
            }
        } else {
            if (!r.on_body && piece->size() > options_.max_body - out.body.size()) {
                co_return make_error_code(error::body_too_large);
            }
            keep(*piece);
        }
        if (stopped) {
            c.no_reuse(); // the rest of the body is still on its way
            co_return std::make_error_code(std::errc::operation_canceled);
        }
    }
    if (decoding) {
        if (auto f = decoding->finish(keep); !f) {
            co_return f.error();
        }
        out.headers.erase("Content-Encoding");
        out.headers.erase("Content-Length");
    }
    co_return result<void>{};
}

struct client::started {
    std::unique_ptr<client_connection> connection;
    client_response response; // its head
};

// The request sent on a connection (pooled or new) and the response's head
// read; its body is next on the connection.
asio::awaitable<result<client::started>> client::start(const target& t, const client_request& r) {
    const auto head = request_head(t, r);
    if (!head) {
        co_return head.error();
    }
    // A pooled connection the server has closed meanwhile fails at once:
    // try a fresh one, once, for a request that may be repeated.
    const auto known = parse_method(r.method);
    const bool repeatable = known && is_idempotent(*known) && !is_stream(r);
    for (int attempt = 0;; ++attempt) {
        const bool pooled = pool_->has(t.pool_key);
        auto connection = co_await checkout(t, r.timeout);
        if (!connection) {
            co_return connection.error();
        }
        auto& c = **connection;
        // (No co_await inside ?: : g++ 12 miscompiles it.)
        result<response_head> answer = make_error_code(error::unexpected_eof);
        const auto sent = co_await send_request(c, *head, r);
        if (sent) {
            answer = co_await c.read_head(r.method == "HEAD");
        } else {
            answer = sent.error();
        }
        if (!answer) {
            if (pooled && repeatable && attempt == 0) {
                continue;
            }
            co_return answer.error();
        }
        started out;
        out.response.status = answer->status;
        out.response.reason = std::move(answer->reason);
        out.response.version_major = answer->version_major;
        out.response.version_minor = answer->version_minor;
        out.response.headers = std::move(answer->headers);
        out.response.url = t.url;
        out.connection = std::move(*connection);
        co_return out;
    }
}

asio::awaitable<result<client_response>> client::exchange(const target& t, const client_request& r,
                                                          bool answers_401) {
    auto begun = co_await start(t, r);
    if (!begun) {
        co_return begun.error();
    }
    client_response& out = begun->response;
    // The body of a redirect or challenge that will be followed is
    // dropped; the final one goes to the caller.
    const bool followed =
        (options_.follow_redirects && is_redirect(out.status) && out.headers.contains("Location") &&
         (!is_stream(r) || (out.status != 307 && out.status != 308))) ||
        (answers_401 && out.status == 401 && out.headers.contains("WWW-Authenticate"));
    if (!followed && r.on_head) {
        r.on_head(out);
    }
    if (auto body = co_await read_body(*begun->connection, out, r, followed); !body) {
        co_return body.error();
    }
    checkin(t, std::move(begun->connection));
    co_return std::move(out);
}

asio::awaitable<result<client_stream>> client::open(client_request r) {
    auto t = parse_target(r.url);
    if (!t) {
        co_return t.error();
    }
    if (auto routed = route(*t, r.proxy); !routed) {
        co_return routed.error();
    }
    // Through a tunnel, the proxy's credentials go with the CONNECT only.
    if (t->tunnel) {
        if (const auto credentials = r.headers.get("Proxy-Authorization")) {
            t->proxy_authorization = std::string(*credentials);
            t->pool_key += " as " + t->proxy_authorization;
            r.headers.erase("Proxy-Authorization");
        }
    }
    auto begun = co_await start(*t, r);
    if (!begun) {
        co_return begun.error();
    }
    co_return client_stream(std::move(begun->response), std::move(begun->connection), pool_,
                            t->pool_key);
}

asio::awaitable<result<client_response>> client::follow(client_request& r) {
    auto t = parse_target(r.url);
    if (!t) {
        co_return t.error();
    }
    if (auto routed = route(*t, r.proxy); !routed) {
        co_return routed.error();
    }
    std::vector<std::string> redirects;
    std::set<std::string> seen{t->url};
    const std::string first_origin = t->origin;
    bool answered = false; // one answer to a 401 per URL
    // The request's own Cookie field goes to its origin only; the jar's
    // cookies are chosen again for each URL.
    std::optional<std::string> own_cookies;
    if (const auto own = r.headers.get("Cookie")) {
        own_cookies = std::string(*own);
    }
    for (;;) {
        std::optional<cookie::request_info> jar_request;
        if (options_.cookies) {
            // From the URL as this client took it apart: no second parse.
            const std::string_view target = t->request_target;
            if (auto info = cookie::request_info::from_parts(t->tls ? "https" : "http", t->host,
                                                             target.substr(0, target.find('?')))) {
                jar_request = std::move(*info);
            }
        }
        if (jar_request) {
            std::string value = own_cookies.value_or("");
            const std::string from_jar = options_.cookies->cookie_header(*jar_request);
            value += value.empty() || from_jar.empty() ? "" : "; ";
            value += from_jar;
            if (value.empty()) {
                r.headers.erase("Cookie");
            } else if (!r.headers.set("Cookie", value)) {
                r.headers.erase("Cookie"); // a stored value no field may carry: none sent
            }
        }
        std::optional<credentials> who = t->user_info;
        if (!who && !options_.username.empty() && t->origin == first_origin) {
            who = credentials{options_.username, options_.password};
        }
        // A streamed body cannot be sent again: its 401 is the answer.
        const bool may_answer = who && !answered && !is_stream(r);
        auto response = co_await exchange(*t, r, may_answer);
        if (response && jar_request) {
            for (const auto& line : response->headers.get_all("Set-Cookie")) {
                options_.cookies->set_cookie(line, *jar_request);
            }
        }
        if (response && response->status == 401 && may_answer) {
            const auto challenges = response->headers.get_all("WWW-Authenticate");
            if (auto answer = answer_challenge(challenges, *who, r.method, t->request_target)) {
                r.headers.set("Authorization", *answer).value();
                answered = true;
                continue;
            }
        }
        const bool repeats_body = response && (response->status == 307 || response->status == 308);
        if (!response || !options_.follow_redirects || !is_redirect(response->status) ||
            (repeats_body && is_stream(r))) {
            if (response) {
                response->redirects = std::move(redirects);
            }
            co_return response;
        }
        const auto location = response->headers.get("Location");
        if (!location) {
            response->redirects = std::move(redirects);
            co_return response; // nothing to follow: the 3xx is the answer
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
        if (auto routed = route(*next, r.proxy); !routed) {
            co_return routed.error();
        }
        if (!seen.insert(next->url).second && r.method == "GET") {
            co_return make_error_code(error::redirect_loop);
        }
        // 301/302/303: GET without a body (HEAD stays HEAD); 307/308 repeat.
        if (!repeats_body && r.method != "HEAD") {
            r.method = "GET";
            r.body = std::string();
            r.headers.erase("Content-Type");
        }
        if (next->origin != t->origin) {
            r.headers.erase("Authorization");
            r.headers.erase("Cookie");
            own_cookies.reset();
        }
        redirects.push_back(t->url);
        r.url = next->url;
        t = std::move(next);
        answered = false;
    }
}

result<client_request> make_request(std::string method, std::string url, std::string body,
                                    std::string_view content_type) {
    client_request r;
    r.method = std::move(method);
    r.url = std::move(url);
    if (!content_type.empty()) {
        if (auto set = r.headers.set("Content-Type", content_type); !set) {
            return set.error();
        }
    }
    r.body = std::move(body);
    return r;
}

asio::awaitable<result<client_response>> client::send(std::string method, std::string url,
                                                      std::string body, std::string content_type) {
    auto r = make_request(std::move(method), std::move(url), std::move(body), content_type);
    if (!r) {
        co_return r.error();
    }
    co_return co_await request(std::move(*r));
}

asio::awaitable<result<client_response>> client::get(std::string url) {
    co_return co_await send("GET", std::move(url), {}, {});
}

asio::awaitable<result<client_response>> client::head(std::string url) {
    co_return co_await send("HEAD", std::move(url), {}, {});
}

asio::awaitable<result<client_response>> client::del(std::string url) {
    co_return co_await send("DELETE", std::move(url), {}, {});
}

asio::awaitable<result<client_response>> client::post(std::string url, std::string body,
                                                      std::string content_type) {
    co_return co_await send("POST", std::move(url), std::move(body), std::move(content_type));
}

asio::awaitable<result<client_response>> client::put(std::string url, std::string body,
                                                     std::string content_type) {
    co_return co_await send("PUT", std::move(url), std::move(body), std::move(content_type));
}

asio::awaitable<result<client_response>> client::patch(std::string url, std::string body,
                                                       std::string content_type) {
    co_return co_await send("PATCH", std::move(url), std::move(body), std::move(content_type));
}

} // namespace netkit::http
