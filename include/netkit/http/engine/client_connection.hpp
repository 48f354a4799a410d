// One HTTP/1.1 client connection, driven by coroutines: write a request,
// read the response head, then its body in pieces. The engine under the
// http.client-like facade (sync/http_connection.hpp) and the connections the
// client session (http/client.hpp) pools.
//
//     auto s = co_await netkit::net::connect(netkit::net::endpoint("example.org", 80));
//     netkit::http::client_connection c(std::move(*s));
//     netkit::http::request r{"GET", "/"};
//     r.headers.set("Host", "example.org").value();
//     co_await c.send(r);
//     auto head = co_await c.read_head(false);         // head->status, head->headers
//     for (;;) {
//         auto piece = co_await c.read_body_some();     // empty: the body has ended
//         if (!piece || piece->empty()) break;
//         use(*piece);
//     }
//
// Bodies are framed by Content-Length, chunked coding or the end of the
// connection; HEAD responses and 1xx/204/304 have none. Interim 1xx
// responses before the final one are skipped.
#pragma once

#include <netkit/core/read_buffer.hpp>
#include <netkit/core/result.hpp>
#include <netkit/http/fields.hpp>
#include <netkit/http/message.hpp>
#include <netkit/http/parser.hpp>
#include <netkit/net/stream.hpp>

#include <asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace netkit::http {

namespace detail {
class http2_client_stream;
}

/// A host as a Host field or an authority carries it: an IPv6 address in
/// brackets, then ":port" unless the port is `default_port` (0: always).
std::string host_field(std::string_view host, std::uint16_t port, std::uint16_t default_port = 0);

/// A response head, owned (it outlives the bytes it was parsed from).
/// A response's head as it arrives, before its body: what a caller needs to
/// decide about the body (how it is framed, whether the connection stays),
/// which a whole message (http::response) does not say.
struct response_head {
    int status = 0;
    std::string reason;
    int version_minor = 1;
    http::fields headers;
    body_framing framing = body_framing::none;
    std::uint64_t content_length = 0; ///< with body_framing::content_length
    bool keep_alive = true;
    int version_major = 1; ///< 2 for HTTP/2
};

class client_connection {
public:
    explicit client_connection(net::stream s, parser_limits limits = {});
    /// One request on a stream of an HTTP/2 connection (the client's pool
    /// makes these): the same operations, framed as HTTP/2 frames.
    explicit client_connection(std::unique_ptr<detail::http2_client_stream> stream);
    client_connection(client_connection&&) noexcept;
    client_connection& operator=(client_connection&&) noexcept;
    ~client_connection();

    /// Over HTTP/2 (a stream of a shared connection) rather than HTTP/1.1.
    bool is_http2() const noexcept { return h2_ != nullptr; }
    /// The time limit of each read and write that follows.
    void set_timeout(std::chrono::milliseconds limit) noexcept;

    /// Writes the request: its head, then its body (Content-Length is set
    /// from the body unless the request says how it is framed).
    asio::awaitable<result<void>> send(const request& r);
    /// Writes only the head, for a body of `body_size` bytes sent afterwards
    /// (maybe after a 100 Continue).
    asio::awaitable<result<void>> send_head(const request& r, std::uint64_t body_size);
    /// Writes the head of a request whose fields frame its body themselves
    /// (Transfer-Encoding: chunked); the chunks follow with send_body().
    asio::awaitable<result<void>> send_head(const request& r);
    /// Writes body bytes (after send_head()).
    asio::awaitable<result<void>> send_body(std::string_view bytes);
    /// Over HTTP/2: the end of a body whose length the head did not say
    /// (HTTP/1.1 ends it with its last chunk, sent with send_body()).
    asio::awaitable<result<void>> end_body();
    /// Writes `length` bytes of the open file `fd` from `offset` as the body.
    asio::awaitable<result<void>> send_file_body(int fd, std::uint64_t offset,
                                                 std::uint64_t length);
    /// After a head with Expect: 100-continue: true to send the body (100
    /// Continue came, or nothing within `wait`, RFC 9110 §10.1.1), false when
    /// a final response came first (read_head() returns it; skip the body).
    asio::awaitable<result<bool>> await_continue(std::chrono::milliseconds wait, bool head_request);
    /// Reads the final response head; `head_request`: it answers HEAD, so it
    /// has no body whatever its fields say.
    asio::awaitable<result<response_head>> read_head(bool head_request);
    /// The next body bytes; an empty view once the body has ended. The view
    /// is valid until the next call.
    asio::awaitable<result<std::string_view>> read_body_some();
    /// Up to out.size() body bytes into `out`; 0 once the body has ended.
    /// When none are buffered and the framing allows (a Content-Length body,
    /// a chunk's data, a body that ends with the connection), they come
    /// straight from the socket, without a copy through the connection's
    /// buffer (urlopen's readinto). The two ways may be mixed.
    asio::awaitable<result<std::size_t>> read_body_into(std::span<char> out);

    /// The response was read to its end and the server keeps the connection.
    /// (Over HTTP/2 never: the stream is done; its connection stays in the
    /// client's pool on its own.)
    bool reusable() const noexcept { return !h2_ && body_done_ && keep_alive_ && !failed_; }
    /// The request's body was not sent (a final answer came first): the
    /// connection cannot carry another request.
    void no_reuse() noexcept { failed_ = true; }
    /// The connection's stream (HTTP/1.1 only).
    net::stream& stream() noexcept { return *stream_; }
    /// Shows each line of the heads as they go over the wire: "> " and the
    /// line for a request sent, "< " and the line for a response received
    /// (interim ones too), without their CRLF; bodies are not shown.
    void set_trace(std::function<void(std::string_view)> trace);
    /// The stream, taken out (after a CONNECT, to start TLS through the tunnel).
    net::stream release() && { return std::move(*stream_); }
    /// After a 101 Switching Protocols: the bytes that came after its head,
    /// the new protocol's first (take them before release()).
    std::string take_unread();

private:
    asio::awaitable<result<std::size_t>> fill();
    asio::awaitable<result<response_head>> read_head_or_interim(bool head_request);
    asio::awaitable<result<void>> more_input(); // fill(), or why there is no more
    parser::step next_step();
    void trace_head(std::string_view direction, std::string_view head) const;
    asio::awaitable<result<void>> write_head(result<std::string> head);

    std::optional<net::stream> stream_;               // HTTP/1.1
    std::unique_ptr<detail::http2_client_stream> h2_; // or a stream of an HTTP/2 connection
    std::uint64_t h2_body_left_ = 0;                  // of a body whose size send_head() was told
    parser parser_;
    read_buffer input_; // bytes read and not yet parsed
    bool body_done_ = true;
    bool keep_alive_ = true;
    bool eof_ = false;
    bool failed_ = false;
    std::optional<response_head> early_; // a final answer that came before the body
    std::string_view carry_; // body bytes of a parsed step read_body_into had no room for
    std::function<void(std::string_view)> trace_;
};

} // namespace netkit::http
