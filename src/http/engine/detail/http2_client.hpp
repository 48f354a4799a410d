// HTTP/2 for the client (RFC 9113), framed by nghttp2: one connection to an
// origin carries many requests at once, each on a stream of its own. A
// client_connection made over a stream does for one request what it does
// over an HTTP/1.1 connection, so that the session (redirects, cookies,
// decoding, proxies) works the same over both.
//
// The session reads and writes in two loops of its own, which live as long
// as the connection; the streams wake when their part of it arrives.
#pragma once

#include "http/engine/detail/http2_memory.hpp"

#include <netkit/http/engine/client_connection.hpp>

#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>

#include <nghttp2/nghttp2.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::http::detail {

class http2_client_session;

class http2_client_stream {
public:
    explicit http2_client_stream(std::shared_ptr<http2_client_session> session);
    http2_client_stream(const http2_client_stream&) = delete;
    http2_client_stream& operator=(const http2_client_stream&) = delete;
    /// An exchange left before its end resets its stream (CANCEL).
    ~http2_client_stream();

    /// Sends the request's head: HTTP/1.1's fields as HTTP/2's (the target
    /// and Host as :path and :authority; the connection's own fields
    /// dropped). `body_follows`: send_body() and end_body() follow.
    result<void> send_head(const request& r, bool body_follows);
    /// Queues body bytes, waiting while too many wait to go.
    asio::awaitable<result<void>> send_body(std::string_view bytes);
    asio::awaitable<result<void>> end_body();
    /// The final response's head (interim 1xx ones are skipped).
    asio::awaitable<result<response_head>> read_head(bool head_request);
    /// The next body bytes; an empty view at the end of the stream.
    asio::awaitable<result<std::string_view>> read_body_some();
    /// The response came whole.
    bool complete() const noexcept { return ended_ && incoming_.empty(); }
    /// The limit of each wait (zero: none).
    void set_timeout(std::chrono::milliseconds limit) noexcept { timeout_ = limit; }
    void set_trace(std::function<void(std::string_view)> trace) { trace_ = std::move(trace); }

    // For the session, as frames arrive and leave.
    void on_field(std::string_view name, std::string_view value);
    void on_head_done(bool ends_stream);
    void on_data(std::string_view bytes);
    void on_end() noexcept;
    void on_close(std::uint32_t code) noexcept;
    /// Up to `room` bytes of the request body for a DATA frame.
    std::size_t take_body(std::uint8_t* out, std::size_t room, bool& last) noexcept;
    bool body_waiting() const noexcept { return !out_.empty() || out_ended_; }

private:
    // Waits for wake(), or fails once the time limit passes.
    asio::awaitable<result<void>> wait();
    void wake() noexcept;
    result<void> broken() const;

    std::shared_ptr<http2_client_session> session_;
    std::int32_t id_ = -1;
    std::chrono::milliseconds timeout_{0};
    std::function<void(std::string_view)> trace_;
    std::optional<asio::steady_timer> timer_;
    bool woken_ = false;

    // The request body, queued for the DATA frames.
    std::string out_;
    bool out_ended_ = false;
    // The response, as it comes.
    response_head head_;
    bool head_done_ = false;
    bool head_request_ = false;
    std::string incoming_; // body bytes not yet read
    std::string handed_;   // the ones read() handed out last
    bool ended_ = false;   // END_STREAM came
    bool closed_ = false;
    std::uint32_t close_code_ = 0;
};

class http2_client_session : public std::enable_shared_from_this<http2_client_session> {
public:
    /// Starts HTTP/2 over `stream` (TLS with ALPN "h2", or clear text with
    /// prior knowledge): the client's preface and SETTINGS go at once.
    static std::shared_ptr<http2_client_session> start(net::stream stream);
    ~http2_client_session();

    /// Whether a new request may go on this connection now.
    bool usable() const noexcept;
    bool is_tls() const noexcept { return tls_; }
    /// Why the connection ended under its streams (a reset, a time limit);
    /// empty while it lives, or when the server closed it in order.
    std::error_code failure() const noexcept { return failure_; }

    // For the streams.
    nghttp2_session* native() noexcept { return session_; }
    std::int32_t submit(std::vector<nghttp2_nv>& fields, http2_client_stream& s, bool body_follows);
    void wake_writer() noexcept;

    explicit http2_client_session(net::stream stream);

private:
    friend struct http2_client_callbacks;

    asio::awaitable<void> run(std::shared_ptr<http2_client_session> self);
    asio::awaitable<void> read_loop();
    asio::awaitable<void> write_loop();

    net::stream stream_;
    http2_memory memory_; // (outlives session_: it is deleted in the destructor)
    nghttp2_session* session_ = nullptr;
    asio::steady_timer writer_wake_;
    asio::steady_timer loops_done_;
    std::string out_;
    bool tls_ = false;
    bool reading_ = true;
    bool alive_ = true;
    std::error_code failure_;
    std::size_t open_streams_ = 0;
};

} // namespace netkit::http::detail
