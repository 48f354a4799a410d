// The HTTP client session: URLs in, responses out, over pooled keep-alive
// connections, following redirects, decoding content codings.
//
//     netkit::http::client web;                           // options: timeouts, TLS, redirects
//     auto r = co_await web.get("https://example.org/");
//     if (r) std::cout << r->status << ' ' << r->body.size() << '\n';
//
//     // Every request is one value: method, URL, fields, a body (bytes, a
//     // file, or a stream of pieces), and where the response goes.
//     netkit::http::client_request up{.method = "PUT", .url = "http://h/big.iso",
//                                     .body = netkit::http::file_body{fd, 0, size}};
//     up.on_body = [](std::string_view piece) { return true; };
//     auto put = co_await web.request(std::move(up));
//
// A status is not an error: a 404 is a response. Errors are values:
// http::error (a broken response, too many redirects, a loop), net errors
// (resolve, connect, TLS, timed_out). Redirects follow urllib's rules:
// 301/302/303 become GET without a body (HEAD stays HEAD), 307/308 keep the
// method and body; Authorization and Cookie are dropped when the origin
// changes. A 401 with a Basic or Digest challenge is answered once when
// credentials are known. Each connection is used by one request at a time.
#pragma once

#include <netkit/cookie/jar.hpp>
#include <netkit/core/result.hpp>
#include <netkit/http/coding.hpp>
#include <netkit/http/engine/client_connection.hpp>
#include <netkit/http/fields.hpp>
#include <netkit/http/message.hpp>
#include <netkit/net/tls.hpp>

#include <asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace netkit::http {

/// Proxies, as urllib's getproxies() finds them: `http` for http:// URLs,
/// `https` for https:// ones (through a CONNECT tunnel), as
/// "http://[user:password@]host:port"; hosts in `no_proxy` go direct.
struct proxy_settings {
    std::string http;
    std::string https;
    std::vector<std::string> no_proxy; ///< "example.com", ".example.com", "*", "host:port"

    /// From http_proxy, https_proxy and no_proxy (or their upper-case
    /// names; the lower-case one wins, as in Python).
    static proxy_settings from_environment();
    /// Whether `host` (and `port`) go direct (urllib's proxy_bypass_environment).
    bool bypass(std::string_view host, std::uint16_t port) const;
    /// The same for a "host" or "host:port" as urllib's proxy_bypass takes it.
    bool bypass(std::string_view host_and_port) const;
};

/// urllib's getproxies_environment(): every NAME_proxy variable as
/// {name: URL} ("http", "https", "ftp", "no", ...), the lower-case spelling
/// winning and an empty value removing it; HTTP_PROXY (not http_proxy) is
/// ignored when REQUEST_METHOD says this is a CGI script (CVE-2016-1000110).
std::map<std::string, std::string> environment_proxies();

/// Which HTTP the client speaks, as curl's --http1.1, --http2 and
/// --http2-prior-knowledge choose.
enum class http_version {
    /// HTTP/2 over TLS when the server offers it by ALPN, HTTP/1.1 otherwise.
    any,
    http1_1,
    /// HTTP/2 in clear text too, from the first byte (h2c: the server must
    /// speak it); over TLS as `any`.
    http2_prior_knowledge,
};

struct client_options {
    /// One HTTP/2 connection per origin carries every request to it at
    /// once; HTTP/1.1 connections take one request at a time.
    http_version version = http_version::any;
    std::chrono::milliseconds connect_timeout = std::chrono::seconds(30);
    /// Each read or write may wait this long for progress (an idle limit).
    std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
    /// The whole request, redirects included; zero: none.
    std::chrono::milliseconds total_timeout{0};
    bool follow_redirects = true;
    int max_redirects = 10;
    /// Ask for gzip, deflate, br and zstd, and decode what comes.
    bool decode = false;
    /// The largest body kept (decoded), against bombs and floods.
    std::uint64_t max_body = std::numeric_limits<std::uint64_t>::max();
    net::tls_client_config tls{};
    /// Credentials for a 401's Basic or Digest challenge (as urllib's auth
    /// handlers answer it), for the first URL's origin only; a URL's own
    /// user-info is used for its origin.
    std::string username;
    std::string password;
    proxy_settings proxies;
    /// Sent with every request unless the request sets them.
    http::fields default_headers;
    /// A cookie jar (RFC 6265bis): its cookies go with every request,
    /// redirects included, after the request's own Cookie field, and every
    /// response's Set-Cookie lines go into it (a 302's before its target is
    /// asked). Used from the client's io_context only.
    std::shared_ptr<cookie::jar> cookies;
    /// Sees every head as it goes over the wire, a line at a time: "> GET /
    /// HTTP/1.1", "> Host: h" sent, "< HTTP/1.1 200 OK" received, CONNECTs,
    /// interim responses and redirects included (curl -v's view; the FTP
    /// client's trace is the same).
    std::function<void(std::string_view)> trace;
};

/// A request body sent from an open file as it goes out, never held in
/// memory (the caller keeps `fd` open for the call).
struct file_body {
    int fd = -1;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

/// A request body made as it goes: each call gives the next piece, an empty
/// one at the end (or an error, which ends the request). Its length is not
/// known, so it goes with chunked coding; it cannot be sent twice, so a
/// 307/308 or a 401 challenge after it is returned, not followed.
using body_source = std::function<result<std::string>()>;

struct client_response;

/// One request, whole: the one shape every way of asking takes (the verbs,
/// the blocking face, urlopen, the command line).
struct client_request {
    std::string method = "GET";
    /// An absolute http:// or https:// URL.
    std::string url;
    /// Sent as given; Host and the body's framing are the client's.
    http::fields headers;
    /// Nothing (an empty string), bytes, a file, or a source of pieces.
    /// Bodies of 1 MiB or more (and sources) go with `Expect: 100-continue`:
    /// sent once the server agrees (or says nothing for a second), not at all
    /// when it answers first.
    std::variant<std::string, file_body, body_source> body;
    /// Takes the final response's body as it arrives (decoded), in bounded
    /// memory; unset: the body is kept in client_response::body. Returning
    /// false stops the transfer (std::errc::operation_canceled).
    byte_sink on_body;
    /// Sees the final response's status and fields, before its body.
    std::function<void(const client_response&)> on_head;
    /// A proxy for this request alone ("host:port", as urllib's
    /// Request.set_proxy takes it), instead of the options' proxies: an
    /// absolute-form request to it for http://, a CONNECT tunnel through it
    /// for https:// (a Proxy-Authorization field of the request then goes
    /// with the CONNECT, not to the origin, as http.client sends it).
    std::string proxy;
    /// The connect and read time limits for this request alone (zero: the
    /// options').
    std::chrono::milliseconds timeout{0};
};

/// The response (http::response: status, reason, version, fields, and the
/// body, decoded when `decode` is on and empty with on_body) and where it
/// came from, which only a session that follows redirects knows.
/// What the verbs send: `method` to `url` with `body` of `content_type`
/// (no Content-Type when empty); the field's error when the type is not a
/// valid field value.
result<client_request> make_request(std::string method, std::string url, std::string body = {},
                                    std::string_view content_type = {});

struct client_response : http::response {
    std::string url;                    ///< the URL that answered, after redirects
    std::vector<std::string> redirects; ///< the URLs that redirected, in order
};

/// One exchange's response whose body is still on the wire (client::open):
/// the head at once, the body as read_some() is called. The connection goes
/// back to its client's pool when the body has been read to its end and the
/// server keeps it; a stream dropped before that closes it.
class client_stream {
public:
    client_stream(client_stream&&) noexcept;
    client_stream& operator=(client_stream&&) noexcept;
    ~client_stream();

    /// Status, reason, version, fields and URL (the body is not in it).
    const client_response& head() const noexcept { return head_; }
    client_response& head() noexcept { return head_; }
    /// The next body bytes as they came (no content decoding); an empty view
    /// at the end. The view is valid until the next call.
    asio::awaitable<result<std::string_view>> read_some();
    /// Up to out.size() body bytes into `out`, straight from the socket when
    /// it can (client_connection::read_body_into); 0 at the end.
    asio::awaitable<result<std::size_t>> read_into(std::span<char> out);
    /// The body has been read to its end.
    bool done() const noexcept { return done_; }

private:
    friend class client;
    struct pool;
    client_stream(client_response head, std::unique_ptr<client_connection> c,
                  std::weak_ptr<pool> pool, std::string pool_key);
    void give_back(); // the body has ended: the connection to the pool

    client_response head_;
    std::unique_ptr<client_connection> connection_;
    std::weak_ptr<pool> pool_;
    std::string pool_key_;
    bool done_ = false;
};

class client {
public:
    using head_sink = std::function<void(const client_response&)>;

    explicit client(client_options options = {});
    client(const client&) = delete;
    client& operator=(const client&) = delete;
    ~client();

    /// The request, redirects and a 401's challenge followed as the options say.
    asio::awaitable<result<client_response>> request(client_request r);

    // The verbs, as request() with the method set. (Overloads rather than
    // defaults: g++ 12 mishandles default class arguments of coroutines.)
    asio::awaitable<result<client_response>> get(std::string url);
    asio::awaitable<result<client_response>> head(std::string url);
    asio::awaitable<result<client_response>> del(std::string url);
    asio::awaitable<result<client_response>> post(std::string url, std::string body,
                                                  std::string content_type);
    asio::awaitable<result<client_response>> put(std::string url, std::string body,
                                                 std::string content_type);
    asio::awaitable<result<client_response>> patch(std::string url, std::string body,
                                                   std::string content_type);

    /// One exchange, as urllib's HTTPHandler makes it: the request sent
    /// (proxied as the options or the request say) and the response's head
    /// returned with its body still to read. Nothing is followed or
    /// answered (redirects, 401 challenges), no cookie jar is used, no
    /// content coding is asked for or decoded, and the sinks and the total
    /// time limit are not used: the caller reads the body.
    asio::awaitable<result<client_stream>> open(client_request r);

    const client_options& options() const noexcept { return options_; }

private:
    struct target;
    static result<target> parse_target(std::string_view url);
    // Direct, or through which proxy (the request's own, or the options').
    result<void> route(target& t, std::string_view proxy_override = {}) const;
    asio::awaitable<result<client_response>> send(std::string method, std::string url,
                                                  std::string body, std::string content_type);
    // The steps of request(): redirects and challenges (follow), one
    // exchange on one connection, and its parts.
    asio::awaitable<result<client_response>> follow(client_request& r);
    asio::awaitable<result<client_response>> exchange(const target& t, const client_request& r,
                                                      bool answers_401);
    struct started; // a connection whose response head has been read
    asio::awaitable<result<started>> start(const target& t, const client_request& r);
    result<http::request> request_head(const target& t, const client_request& r) const;
    asio::awaitable<result<void>> send_request(client_connection& c, const http::request& head,
                                               const client_request& r);
    asio::awaitable<result<void>> read_body(client_connection& c, client_response& out,
                                            const client_request& r, bool followed);
    asio::awaitable<result<std::unique_ptr<client_connection>>>
    checkout(const target& t, std::chrono::milliseconds timeout);
    void checkin(const target& t, std::unique_ptr<client_connection> c);

    client_options options_;
    std::optional<net::tls_context> tls_;
    // Idle connections by origin (and route); shared with the streams that
    // will give theirs back.
    std::shared_ptr<client_stream::pool> pool_;
};

} // namespace netkit::http
