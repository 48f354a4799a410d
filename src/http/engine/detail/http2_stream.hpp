// One stream of an HTTP/2 connection: a request as its frames arrive (the
// head's fields, then the body a handler reads as it comes), and the
// response's body as nghttp2 asks for it, frame by frame.
#pragma once

#include "http/engine/detail/request_source.hpp"

#include <netkit/http/engine/server.hpp>

#include <asio/steady_timer.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::http::detail {

class http2_session;

class http2_stream final : public request_source {
public:
    explicit http2_stream(http2_session& session);
    http2_stream(const http2_stream&) = delete;
    http2_stream& operator=(const http2_stream&) = delete;
    ~http2_stream();

    /// Begins stream `id`: the session keeps closed streams for the next
    /// ones, so that their buffers serve again (no allocation a request).
    void open(std::int32_t id);
    std::int32_t id() const noexcept { return id_; }
    /// A handler's coroutine serves it: it outlives its close until then.
    bool handler_running() const noexcept { return handler_running_; }
    void handler_started() noexcept { handler_running_ = true; }
    /// Returns the body bytes the handler held and the closed stream gives
    /// back now, for the connection's window.
    std::size_t handler_done() noexcept;

    // The head, field by field as HPACK decodes it (nghttp2 has checked
    // the names, the values and the pseudo-fields).
    /// False once the fields pass the head limit (an HPACK bomb).
    bool add_field(std::string_view name, std::string_view value);
    /// The head is whole; `body_follows` when the HEADERS frame did not end
    /// the stream. Fills request(). False when the head cannot be served.
    bool head_done(bool body_follows);
    server_request& request() noexcept { return request_; }
    server_response& response() noexcept { return response_; }
    bool head_only() const noexcept { return request_.method() == "HEAD"; }
    /// "GET /x HTTP/2.0", for the log.
    std::string request_line() const;

    // The body, as DATA frames bring it.
    void receive_body(std::string_view bytes);
    void end_body() noexcept;
    /// The stream is gone (closed, or reset by either side): a handler still
    /// reading its body is woken with an error. Returns the bytes that
    /// arrived and no handler will read, for the connection's window.
    std::size_t close() noexcept;
    bool is_closed() const noexcept { return closed_; }
    /// The client sent the whole body (or there was none).
    bool body_ended() const noexcept { return body_ended_; }

    // request_source
    bool request_has_body() const noexcept override;
    std::string_view remote_address() override;
    asio::awaitable<result<std::string_view>> read_body_some() override;

    // The response's body, for nghttp2's data source: plan() says how many
    // bytes the next DATA frame takes (and whether they are the last),
    // copy_body() appends them to the connection's output.
    bool responded() const noexcept { return responded_; }
    void mark_responded() noexcept { responded_ = true; }
    std::uint64_t unplanned() const noexcept { return body_size_ - planned_; }
    void plan(std::uint64_t n) noexcept { planned_ += n; }
    void set_body_size(std::uint64_t n) noexcept { body_size_ = n; }
    /// False when a file could not be read.
    bool copy_body(std::string& out, std::size_t n);

    /// The response head's own text, which nghttp2 reads without a copy
    /// when it sends the HEADERS frame (the stream lives until then).
    struct head_text {
        std::array<char, 3> status;
        std::array<char, 24> length;
        std::string date;
        std::string names; ///< the handler's field names, in lower case
    };
    head_text& response_text() noexcept { return response_text_; }

private:
    http2_session& session_;
    std::int32_t id_ = 0;
    bool handler_running_ = false;
    head_text response_text_;
    // The head's text: every name and value, one after the other, so that
    // the request's views stay put once the head is whole.
    std::string text_;
    struct span {
        std::size_t at, size;
    };
    std::vector<std::pair<span, span>> spans_;
    span method_{}, path_{}, authority_{};
    std::size_t list_size_ = 0; // RFC 9113 §6.5.2's measure of the fields so far
    std::vector<field_view> fields_;
    server_request request_;
    server_response response_;

    // Body bytes arrived and not yet read; the ones handed to the handler
    // last, which its view points into (freed, and their window given back
    // to the client, at its next read).
    std::string incoming_;
    std::string handed_;
    // Made when a handler first waits for the body: most streams have none.
    std::optional<asio::steady_timer> arrived_; // woken by new bytes, the end, or the close
    void wake_reader() noexcept;
    bool body_follows_ = false;
    bool body_ended_ = false;
    bool closed_ = false;
    bool expect_continue_ = false;
    bool responded_ = false;

    // Where copy_body() goes on: a part of the response (-1: its body
    // string) and an offset in it.
    std::uint64_t body_size_ = 0;
    std::uint64_t planned_ = 0;
    std::ptrdiff_t part_ = -1;
    std::uint64_t part_offset_ = 0;
    // A large file's bytes read ahead of the frames (see copy_body()).
    bool append_read_ahead(std::string& out, const file_part& file, std::size_t& take);
    std::unique_ptr<char[]> ahead_;
    std::ptrdiff_t ahead_part_ = -1;
    std::uint64_t ahead_from_ = 0;
    std::size_t ahead_size_ = 0;
};

} // namespace netkit::http::detail
