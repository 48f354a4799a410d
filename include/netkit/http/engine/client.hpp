// The HTTP client session: URLs in, responses out, over pooled keep-alive
// connections, following redirects, decoding content codings.
//
//     netkit::http::client web;                           // options: timeouts, TLS, redirects
//     auto r = co_await web.request("GET", "https://example.org/");
//     if (r) std::cout << r->status << ' ' << r->body.size() << '\n';
//
// A status is not an error: a 404 is a response. Errors are values:
// http::error (a broken response, too many redirects, a loop), net errors
// (resolve, connect, TLS, timed_out). Redirects follow urllib's rules:
// 301/302/303 become GET without a body (HEAD stays HEAD), 307/308 keep the
// method and body; Authorization and Cookie are dropped when the origin
// changes. A 401 with a Basic or Digest challenge is answered once when
// credentials are known. Each connection is used by one request at a time.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/http/coding.hpp>
#include <netkit/http/engine/client_connection.hpp>
#include <netkit/http/fields.hpp>
#include <netkit/net/tls.hpp>

#include <asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
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
};

struct client_options {
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

struct client_response {
    int status = 0;
    std::string reason;
    int version_minor = 1;
    http::fields headers;
    std::string url;                    ///< the URL that answered, after redirects
    std::vector<std::string> redirects; ///< the URLs that redirected, in order
    std::string body;                   ///< decoded when `decode` is on
};

class client {
public:
    /// Called with the final response's status and fields, before its body.
    using head_sink = std::function<void(const client_response&)>;

    explicit client(client_options options = {});
    client(const client&) = delete;
    client& operator=(const client&) = delete;
    ~client();

    /// `url`: an absolute http:// or https:// URL. `headers` are sent as
    /// given (Host and framing are the client's).
    asio::awaitable<result<client_response>> request(std::string method, std::string url,
                                                     std::string body, http::fields headers);
    asio::awaitable<result<client_response>> request(std::string method, std::string url);
    /// As above, the body sent from a file. Bodies of 1 MiB or more (files or
    /// text) go with `Expect: 100-continue`: sent once the server agrees (or
    /// says nothing for a second), not at all when it answers first.
    asio::awaitable<result<client_response>> request(std::string method, std::string url,
                                                     file_body body, http::fields headers,
                                                     byte_sink on_body, head_sink on_head);

    /// As request(), with the final response's body handed to `on_body` as
    /// it arrives (decoded), in bounded memory, instead of kept in `body`;
    /// `on_head` (when set) sees the head first.
    asio::awaitable<result<client_response>> request(std::string method, std::string url,
                                                     std::string body, http::fields headers,
                                                     byte_sink on_body, head_sink on_head);

    // The verbs. (Overloads rather than defaults: g++ 12 mishandles default
    // class arguments of coroutines.)
    asio::awaitable<result<client_response>> get(std::string url);
    asio::awaitable<result<client_response>> head(std::string url);
    asio::awaitable<result<client_response>> del(std::string url);
    asio::awaitable<result<client_response>> post(std::string url, std::string body,
                                                  std::string content_type);
    asio::awaitable<result<client_response>> put(std::string url, std::string body,
                                                 std::string content_type);
    asio::awaitable<result<client_response>> patch(std::string url, std::string body,
                                                   std::string content_type);

    const client_options& options() const noexcept { return options_; }

private:
    struct target;
    static result<target> parse_target(std::string_view url);
    asio::awaitable<result<client_response>> with_body(std::string method, std::string url,
                                                       std::string body, std::string content_type);
    result<void> route(target& t) const; // direct, or through which proxy
    asio::awaitable<result<client_response>>
    request_with(std::string method, std::string url, std::string body, const file_body* upload,
                 http::fields headers, const byte_sink* on_body, const head_sink* on_head);
    asio::awaitable<result<client_response>> follow(std::string method, std::string url,
                                                    std::string body, const file_body* upload,
                                                    http::fields headers, const byte_sink* on_body,
                                                    const head_sink* on_head);
    asio::awaitable<result<client_response>>
    exchange(const target& t, const std::string& method, const std::string& body,
             const file_body* upload, const http::fields& headers, const byte_sink* on_body,
             const head_sink* on_head, bool answers_401);
    asio::awaitable<result<std::unique_ptr<client_connection>>> checkout(const target& t);
    asio::awaitable<result<void>> send_request(client_connection& c, const http::request& r,
                                               const std::string& body, const file_body* upload,
                                               bool expect, bool head_request);
    void checkin(const target& t, std::unique_ptr<client_connection> c);

    client_options options_;
    std::optional<net::tls_context> tls_;
    std::map<std::string, std::vector<std::unique_ptr<client_connection>>> idle_; // by origin
};

} // namespace netkit::http
