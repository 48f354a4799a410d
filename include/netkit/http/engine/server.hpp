// An HTTP/1.1 server for C++ programs: routes to handlers written as
// coroutines or plain functions, keep-alive and pipelining, HTTPS, one event
// loop per thread on SO_REUSEPORT listeners, and limits and timeouts that keep
// it safe to leave running.
//
//     netkit::http::server s;
//     s.route("GET", "/hello/{name}", [](const netkit::http::server_request& r) {
//         return netkit::http::server_response(200, "hello " + std::string(r.param("name")));
//     });
//     s.mount("/files/", netkit::http::static_files({.root = "public"}).value());
//     s.listen(netkit::net::parse_endpoint("8000").value()).value();
//     s.run();                                   // until s.stop()
//
// A handler that throws gets a 500 and the server keeps serving. Responses
// carry Date, Server and Content-Length; a HEAD request gets the head of
// what GET would send.
#pragma once

#include <netkit/cookie/simple_cookie.hpp>
#include <netkit/core/result.hpp>
#include <netkit/http/fields.hpp>
#include <netkit/http/message.hpp>
#include <netkit/http/parser.hpp>
#include <netkit/net/endpoint.hpp>
#include <netkit/net/stream.hpp>
#include <netkit/net/tls.hpp>
#include <netkit/net/unique_fd.hpp>

#include <asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace netkit::ws {
class connection;
struct accept_options;
} // namespace netkit::ws

namespace netkit::http {

namespace detail {
class connection;
class http2_stream;
class request_source;
} // namespace detail

/// An open file, shared by the responses that send from it: closed when the
/// last of them is done.
using file_handle = net::unique_fd;

/// Bytes of an open file, sent with sendfile(2) where the stream allows.
struct file_part {
    std::shared_ptr<const file_handle> file;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};

/// Bytes shared between responses (a cached small file, say).
using shared_text = std::shared_ptr<const std::string>;
using body_part = std::variant<std::string, shared_text, file_part>;

/// A connection a 101 response hands over (a WebSocket session): the
/// stream, and the bytes the client sent after its request head.
struct upgraded_connection {
    net::stream stream;
    std::string early_bytes;
    /// Set by whoever takes the stream: how the server asks it to end when
    /// the server stops (a WebSocket says "going away"). Called again if it
    /// is still open at the stop's deadline.
    std::function<void()> on_stop;
};
using upgrade_handler = std::function<asio::awaitable<void>(upgraded_connection&)>;

struct server_response {
    int status = 200;
    std::string reason; ///< empty: the standard phrase
    http::fields headers;
    /// More fields, sent after `headers`, formatted once and shared: for a
    /// handler that sends the same fields again and again (the static files).
    std::shared_ptr<const wire_fields> shared_fields;
    std::string body;
    /// Sent after `body`, in order: files and the pieces of multipart/byteranges.
    std::vector<body_part> parts;
    /// Close the connection once this response is sent.
    bool close = false;
    /// Why an error status is sent, for the access log ("File not found").
    std::string error;
    /// With status 101: what takes the connection over once this head is
    /// sent. The connection then belongs to it until it returns.
    upgrade_handler upgrade;

    server_response() = default;
    /// A response with a text body (Content-Type set when `body` is not empty).
    server_response(int status, std::string body = {},
                    std::string_view content_type = "text/plain; charset=utf-8");
    server_response(http::response r);

    /// Adds a Set-Cookie field for `m` (http.cookies' Morsel), or says why
    /// a browser would refuse it and adds nothing (cookie::set_cookie_value).
    result<void> set_cookie(const cookie::morsel& m);

    std::uint64_t body_size() const noexcept;
};

/// The error page http.server sends (`<h1>Error response</h1>`, the code,
/// `message` and the status's explanation), as text/html. `message` defaults
/// to the reason phrase.
server_response error_response(int status, std::string_view message = {});

/// A request being served. Its views are valid while its handler runs.
class server_request {
public:
    std::string_view method() const noexcept { return head_.method; }
    /// The request target as sent ("/a%20b?x=1").
    std::string_view target() const noexcept { return head_.target; }
    /// The target's path, before '?' ("/a%20b"), for every target form.
    std::string_view path() const noexcept { return path_; }
    /// The target's query, after '?', without it; empty when none.
    std::string_view query() const noexcept { return query_; }
    int version_minor() const noexcept { return head_.version_minor; }
    const message_head& head() const noexcept { return head_; }
    /// The first field named `name`; nullopt when absent.
    std::optional<std::string_view> header(std::string_view name) const noexcept;
    /// The cookies the client sent, every Cookie field in order, read
    /// leniently (cookie::parse_cookie_header): name and value as sent.
    std::vector<std::pair<std::string_view, std::string_view>> cookies() const;
    /// The value of the first cookie named `name`; nullopt when none.
    std::optional<std::string_view> cookie(std::string_view name) const;
    /// "127.0.0.1:53412", "[::1]:53412"; empty for a request made by hand.
    std::string_view remote_address() const;
    bool is_tls() const noexcept { return tls_; }

    /// The part of the path a `{name}` of the route's pattern matched, or
    /// the rest of it for a trailing `*`; empty when there is none.
    std::string_view param(std::string_view name) const noexcept;
    /// For a mounted handler: the path below the mount's prefix, starting
    /// with '/'; otherwise the whole path.
    std::string_view mount_path() const noexcept { return mount_path_; }

    bool has_body() const noexcept;
    /// The next bytes of the body, chunked framing removed; an empty view
    /// once the body has ended. The view is valid until the next call.
    asio::awaitable<result<std::string_view>> read_some();
    /// The whole body; http::error::body_too_large past `max_size` bytes.
    asio::awaitable<result<std::string>> read_body(std::size_t max_size);

private:
    friend class detail::connection;
    friend class detail::http2_stream;
    friend class router;

    /// Splits the target into path and query (every target form).
    void split_target() noexcept;

    detail::request_source* source_ = nullptr;
    message_head head_;
    std::string_view path_, query_, mount_path_;
    bool tls_ = false;
    std::vector<std::pair<std::string_view, std::string_view>> params_;
};

using handler = std::function<asio::awaitable<server_response>(server_request&)>;
using plain_handler = std::function<server_response(server_request&)>;

/// A handler that answers at once when it can and waits only when it must.
/// `immediate` runs as a plain function, the cheapest way through the server
/// (no coroutine frame): it fills the response and returns true, or returns
/// false and leaves the request untouched for `deferred`, which serves it as
/// a coroutine. static_files() is one: files at once, uploads (which read
/// their bodies) deferred.
struct split_handler {
    std::function<bool(server_request&, server_response&)> immediate;
    handler deferred;
};

/// One line of the access log, given after each response.
struct access_entry {
    std::string_view remote_host;  ///< without the port, as http.server logs it
    std::string_view request_line; ///< "GET / HTTP/1.1", control characters escaped
    int status = 0;
    std::uint64_t body_bytes = 0;
    std::string_view error; ///< why an error status was sent; empty otherwise
};

/// HTTP/2 (RFC 9113): with a client that asks for it by ALPN over TLS (when
/// the server's TLS context offers "h2" in tls_server_config::alpn, as
/// `netkit serve` does), and in clear text with one that opens with its
/// preface (h2c with prior knowledge). The same handlers answer both
/// protocols.
struct http2_server_options {
    bool enabled = true;
    /// Streams a client may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS);
    /// one more is refused with REFUSED_STREAM.
    std::uint32_t max_concurrent_streams = 100;
    /// Bytes of one request body a client may send before its handler reads
    /// them (the stream's flow-control window): the memory a stream's body
    /// may hold, and how fast an upload goes on a long fat network.
    std::uint32_t stream_window = 1024 * 1024;
    /// The same for all the streams of a connection together.
    std::uint32_t connection_window = 16 * 1024 * 1024;
    /// HTTP/1.1's `Upgrade: h2c` (RFC 7540 §3.2) in clear text: off by
    /// default, as nginx has it (RFC 9113 dropped it; clients use prior
    /// knowledge or TLS). A request with a body is served as HTTP/1.1.
    bool upgrade = false;
};

struct server_options {
    /// Head limits; max_body bounds read_body() callers that ask for more.
    parser_limits limits{};
    /// The whole request head must arrive within this (slowloris), and a TLS
    /// handshake too.
    std::chrono::milliseconds header_timeout = std::chrono::seconds(10);
    /// A keep-alive connection with no request in progress is closed after this.
    std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
    /// A handler's body may make no progress this long while it is read.
    std::chrono::milliseconds io_timeout = std::chrono::seconds(60);
    /// Writing a response may make no progress this long: a client that
    /// stopped reading is closed then (nginx's send_timeout).
    std::chrono::milliseconds send_timeout = std::chrono::seconds(60);
    /// After stop(), responses in flight have this long to finish; the
    /// connections still open then are closed, so that run() returns.
    std::chrono::milliseconds stop_timeout = std::chrono::seconds(10);
    /// Hand memory that idle connections freed back to the system
    /// (glibc's malloc_trim) as they are trimmed. It costs a walk of the
    /// heap each time, which a program embedding the server may not want:
    /// off by default; `netkit serve` turns it on.
    bool release_memory = false;
    /// Open connections (all threads). At the limit the oldest idle
    /// connection is closed for a new one; with none idle the new one gets 503.
    /// The limit on open files bounds them too: each connection is given
    /// two descriptors (its socket, a file it sends; an upgraded one, its
    /// socket alone), and past the limit new connections wait in the
    /// backlog (`netkit serve` raises that limit to its hard maximum, as
    /// nginx's worker_rlimit_nofile and Go programs do).
    std::size_t max_connections = 10000;
    /// Event loops, each on its own thread; 0: one per core.
    unsigned threads = 0;
    /// HTTPS when set.
    std::optional<net::tls_context> tls;
    http2_server_options http2{};
    /// The Server header; empty: none.
    std::string server_header = "netkit";
    /// Called after each response, from the thread that served it.
    std::function<void(const access_entry&)> access_log;
};

class server {
public:
    explicit server(server_options options = {});
    server(const server&) = delete;
    server& operator=(const server&) = delete;
    ~server();

    /// `pattern` is a path whose segments may be `{name}` (one segment) and
    /// whose last may be `*` (the rest). A path that a route matches with
    /// another method gets 405 with Allow.
    server& route(std::string_view method, std::string_view pattern, handler h);
    server& route(std::string_view method, std::string_view pattern, plain_handler h);
    server& route(std::string_view method, std::string_view pattern, split_handler h);
    /// Every method for every path under `prefix` ("/" for all), when no
    /// route matches; the longest prefix wins.
    server& mount(std::string_view prefix, handler h);
    server& mount(std::string_view prefix, split_handler h);
    /// WebSocket sessions at `pattern`: a GET that asks to upgrade is
    /// answered as RFC 6455 §4.2 says and its connection handed to
    /// `session`, a coroutine (ws/engine/server.hpp; options there too).
    server& websocket(std::string_view pattern,
                      std::function<asio::awaitable<void>(ws::connection&)> session);
    server& websocket(std::string_view pattern,
                      std::function<asio::awaitable<void>(ws::connection&)> session,
                      const ws::accept_options& options);

    /// Binds the threads' listeners (SO_REUSEPORT); fails if the address is
    /// in use. Called again, the server listens on that address too (the
    /// IPv4 and the IPv6 address of "localhost", say).
    result<void> listen(const net::endpoint& where);
    /// "[::]:8000" once listening: the first address listened on.
    std::string local_address() const;
    std::uint16_t port() const;
    unsigned threads() const noexcept;

    /// Serves until stop(): blocks, running the event loops.
    void run();
    /// Stops accepting, lets responses in flight finish, closes idle
    /// connections; run() then returns. Safe from any thread.
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace netkit::http
