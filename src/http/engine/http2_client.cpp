#include "http/engine/detail/http2_client.hpp"
#include "http/engine/detail/http2_fields.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/http/error.hpp>
#include <netkit/net/error.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/error.hpp>
#include <asio/redirect_error.hpp>
#include <asio/use_awaitable.hpp>

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace netkit::http::detail {
namespace {

constexpr std::size_t read_size = 64 * 1024;
constexpr std::size_t write_batch = 128 * 1024;
// Request body bytes a stream queues before send_body() waits for them to go.
constexpr std::size_t body_queue = 256 * 1024;
// What the server may send ahead of the reader: a stream's window, and the
// connection's. Large enough for a download on a long fat network; the
// memory a slow reader can be made to hold.
constexpr std::uint32_t stream_window = 8 * 1024 * 1024;
constexpr std::uint32_t connection_window = 16 * 1024 * 1024;

// The fields that do not go over HTTP/2: the connection's own (RFC 9113
// §8.2.2, TE but "trailers" among them); Host becomes :authority, and
// Expect waits for nothing here.
bool dropped(std::string_view name, std::string_view value) noexcept {
    return connection_specific(name) || iequals(name, "Host") || iequals(name, "Expect") ||
           (iequals(name, "TE") && !iequals(value, "trailers"));
}

std::string_view as_text(const std::uint8_t* data, std::size_t size) noexcept {
    return {reinterpret_cast<const char*>(data), size};
}

} // namespace

// nghttp2's callbacks, handing each event to its stream.
struct http2_client_callbacks {
    static http2_client_session& self(void* user) {
        return *static_cast<http2_client_session*>(user);
    }
    static http2_client_stream* stream_of(nghttp2_session* session, std::int32_t id) {
        return static_cast<http2_client_stream*>(nghttp2_session_get_stream_user_data(session, id));
    }

    static ssize_t send(nghttp2_session*, const std::uint8_t* data, std::size_t length, int,
                        void* user) {
        auto& s = self(user);
        if (s.out_.size() >= write_batch) {
            return NGHTTP2_ERR_WOULDBLOCK;
        }
        s.out_.append(as_text(data, length));
        return static_cast<ssize_t>(length);
    }

    static ssize_t read_body(nghttp2_session* session, std::int32_t id, std::uint8_t* buf,
                             std::size_t length, std::uint32_t* flags, nghttp2_data_source*,
                             void*) {
        auto* stream = stream_of(session, id);
        if (!stream) {
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        }
        if (!stream->body_waiting()) {
            return NGHTTP2_ERR_DEFERRED; // resumed by send_body() or end_body()
        }
        bool last = false;
        const std::size_t n = stream->take_body(buf, length, last);
        if (last) {
            *flags |= NGHTTP2_DATA_FLAG_EOF;
        }
        return static_cast<ssize_t>(n);
    }

    static int header(nghttp2_session* session, const nghttp2_frame* frame,
                      const std::uint8_t* name, std::size_t name_length, const std::uint8_t* value,
                      std::size_t value_length, std::uint8_t, void*) {
        if (auto* stream = stream_of(session, frame->hd.stream_id);
            stream && frame->hd.type == NGHTTP2_HEADERS) {
            stream->on_field(as_text(name, name_length), as_text(value, value_length));
        }
        return 0;
    }

    static int frame_received(nghttp2_session* session, const nghttp2_frame* frame, void*) {
        auto* stream = stream_of(session, frame->hd.stream_id);
        if (!stream) {
            return 0;
        }
        const bool ends = (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
        if (frame->hd.type == NGHTTP2_HEADERS) {
            stream->on_head_done(ends);
        } else if (frame->hd.type == NGHTTP2_DATA && ends) {
            stream->on_end();
        }
        return 0;
    }

    static int data_chunk(nghttp2_session* session, std::uint8_t, std::int32_t id,
                          const std::uint8_t* data, std::size_t length, void*) {
        if (auto* stream = stream_of(session, id)) {
            stream->on_data(as_text(data, length));
        } else {
            nghttp2_session_consume_connection(session, length); // a stream already left
        }
        return 0;
    }

    static int stream_closed(nghttp2_session* session, std::int32_t id, std::uint32_t code,
                             void* user) {
        if (auto* stream = stream_of(session, id)) {
            stream->on_close(code);
        }
        --self(user).open_streams_;
        return 0;
    }
};

// ---- the stream ----

http2_client_stream::http2_client_stream(std::shared_ptr<http2_client_session> session)
    : session_(std::move(session)) {}

http2_client_stream::~http2_client_stream() {
    if (id_ < 0) {
        return;
    }
    auto* native = session_->native();
    nghttp2_session_set_stream_user_data(native, id_, nullptr);
    if (!closed_) {
        nghttp2_submit_rst_stream(native, NGHTTP2_FLAG_NONE, id_, NGHTTP2_CANCEL);
    }
    // What came and was never read gives the connection's window back.
    nghttp2_session_consume_connection(native, incoming_.size() + handed_.size());
    session_->wake_writer();
}

result<void> http2_client_stream::send_head(const request& r, bool body_follows) {
    if (!session_->usable()) {
        return make_error_code(error::stream_reset);
    }
    // The values live until submit() has copied them: the names in lower
    // case in one string, reserved so that the views into it stay put.
    const auto authority = r.headers.get("Host").value_or("");
    std::string names;
    std::size_t name_bytes = 0;
    for (const auto& f : r.headers) {
        name_bytes += f.name.size();
    }
    names.reserve(name_bytes);
    std::vector<nghttp2_nv> fields;
    fields.reserve(r.headers.size() + 4);
    fields.push_back(make_nv(":method", r.method));
    fields.push_back(make_nv(":scheme", session_->is_tls() ? "https" : "http"));
    fields.push_back(make_nv(":authority", authority));
    fields.push_back(make_nv(":path", r.target));
    for (const auto& f : r.headers) {
        if (!dropped(f.name, f.value)) {
            const std::size_t at = names.size();
            for (const char c : f.name) {
                names += to_lower(c);
            }
            fields.push_back(make_nv(std::string_view(names).substr(at), f.value));
        }
    }
    if (trace_) {
        trace_("> " + r.method + " " + r.target + " HTTP/2");
        for (std::size_t i = 2; i < fields.size(); ++i) {
            const std::string_view name = as_text(fields[i].name, fields[i].namelen);
            trace_("> " + std::string(i == 2 ? "host" : name) + ": " +
                   std::string(as_text(fields[i].value, fields[i].valuelen)));
            if (i == 2) {
                i = 3; // :path was in the first line
            }
        }
    }
    out_ended_ = !body_follows;
    if (!body_follows && !r.body.empty()) {
        out_ = r.body;
        out_ended_ = true;
    }
    const bool with_body = body_follows || !r.body.empty();
    id_ = session_->submit(fields, *this, with_body);
    if (id_ < 0) {
        return make_error_code(error::stream_reset);
    }
    return {};
}

asio::awaitable<result<void>> http2_client_stream::send_body(std::string_view bytes) {
    while (out_.size() >= body_queue && !closed_) {
        if (auto waited = co_await wait(); !waited) {
            co_return waited;
        }
    }
    if (closed_) {
        co_return broken();
    }
    out_ += bytes;
    nghttp2_session_resume_data(session_->native(), id_);
    session_->wake_writer();
    co_return result<void>{};
}

asio::awaitable<result<void>> http2_client_stream::end_body() {
    out_ended_ = true;
    if (!closed_) {
        nghttp2_session_resume_data(session_->native(), id_);
        session_->wake_writer();
    }
    co_return result<void>{};
}

std::size_t http2_client_stream::take_body(std::uint8_t* out, std::size_t room,
                                           bool& last) noexcept {
    const std::size_t n = std::min(room, out_.size());
    std::memcpy(out, out_.data(), n);
    out_.erase(0, n);
    last = out_ended_ && out_.empty();
    if (out_.size() < body_queue) {
        wake(); // a writer waiting for room
    }
    return n;
}

result<void> http2_client_stream::broken() const {
    if (close_code_ == NGHTTP2_NO_ERROR && ended_) {
        return {}; // the server answered whole and needs no more of the body
    }
    return make_error_code(error::stream_reset);
}

asio::awaitable<result<response_head>> http2_client_stream::read_head(bool head_request) {
    head_request_ = head_request;
    while (!head_done_) {
        if (closed_) {
            if (session_->failure()) {
                co_return session_->failure();
            }
            co_return make_error_code(close_code_ == NGHTTP2_REFUSED_STREAM
                                          ? error::stream_reset
                                          : error::unexpected_eof);
        }
        if (auto waited = co_await wait(); !waited) {
            co_return waited.error();
        }
    }
    co_return std::move(head_); // (nothing here reads it again)
}

asio::awaitable<result<std::string_view>> http2_client_stream::read_body_some() {
    if (!handed_.empty()) {
        nghttp2_session_consume(session_->native(), id_, handed_.size());
        handed_.clear();
        session_->wake_writer();
    }
    for (;;) {
        if (!incoming_.empty()) {
            std::swap(handed_, incoming_);
            co_return std::string_view(handed_);
        }
        if (ended_ || head_request_) {
            co_return std::string_view{};
        }
        if (closed_) {
            // Reset mid-body, or the connection gone under it.
            co_return session_->failure() ? session_->failure()
                                          : make_error_code(error::unexpected_eof);
        }
        if (auto waited = co_await wait(); !waited) {
            co_return waited.error();
        }
    }
}

void http2_client_stream::on_field(std::string_view name, std::string_view value) {
    if (name == ":status") {
        head_.status = static_cast<int>(parse_decimal(value).value_or(0));
        head_.headers.clear();
        return;
    }
    if (!name.starts_with(':')) {
        (void)head_.headers.add(name, value); // (nghttp2 checked them)
    }
}

void http2_client_stream::on_head_done(bool ends_stream) {
    if (head_done_) {
        return; // trailers: nothing of them is kept
    }
    if (head_.status >= 100 && head_.status < 200) {
        head_.status = 0; // an interim response: the final one follows
        head_.headers.clear();
        return;
    }
    head_.version_major = 2;
    head_.version_minor = 0;
    head_.keep_alive = true;
    if (const auto length = head_.headers.get("content-length"); length && !head_request_) {
        head_.framing = body_framing::content_length;
        head_.content_length = parse_decimal(*length).value_or(0);
    } else {
        head_.framing =
            ends_stream || head_request_ ? body_framing::none : body_framing::until_close;
    }
    if (trace_) {
        trace_("< HTTP/2 " + std::to_string(head_.status));
        for (const auto& f : head_.headers) {
            trace_("< " + f.name + ": " + f.value);
        }
    }
    head_done_ = true;
    ended_ = ended_ || ends_stream;
    wake();
}

void http2_client_stream::on_data(std::string_view bytes) {
    incoming_ += bytes;
    wake();
}

void http2_client_stream::on_end() noexcept {
    ended_ = true;
    wake();
}

void http2_client_stream::on_close(std::uint32_t code) noexcept {
    closed_ = true;
    close_code_ = code;
    if (code == NGHTTP2_NO_ERROR && head_done_) {
        ended_ = true;
    }
    wake();
}

void http2_client_stream::wake() noexcept {
    woken_ = true;
    if (timer_) {
        timer_->cancel();
    }
}

asio::awaitable<result<void>> http2_client_stream::wait() {
    if (!timer_) {
        timer_.emplace(co_await asio::this_coro::executor);
    }
    woken_ = false;
    if (timeout_.count() > 0) {
        timer_->expires_after(timeout_);
    } else {
        timer_->expires_at(asio::steady_timer::time_point::max());
    }
    std::error_code ignored;
    co_await timer_->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    if (!woken_) {
        co_return make_error_code(net::error::timed_out);
    }
    co_return result<void>{};
}

// ---- the session ----

std::shared_ptr<http2_client_session> http2_client_session::start(net::stream stream) {
    // The streams keep their own time limits; the connection waits as
    // long as the server keeps it.
    stream.set_timeout(std::chrono::milliseconds(0));
    auto session = std::make_shared<http2_client_session>(std::move(stream));
    auto executor = session->stream_.get_executor();
    asio::co_spawn(executor, session->run(session), asio::detached);
    return session;
}

http2_client_session::http2_client_session(net::stream stream)
    : stream_(std::move(stream)), writer_wake_(stream_.get_executor()),
      loops_done_(stream_.get_executor()), tls_(stream_.is_tls()) {
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_send_callback(callbacks, http2_client_callbacks::send);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, http2_client_callbacks::header);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks,
                                                         http2_client_callbacks::frame_received);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks,
                                                              http2_client_callbacks::data_chunk);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks,
                                                           http2_client_callbacks::stream_closed);
    nghttp2_option* option = nullptr;
    nghttp2_option_new(&option);
    // Windows open as the reader takes the bytes (see stream_window).
    nghttp2_option_set_no_auto_window_update(option, 1);
    nghttp2_session_client_new3(&session_, callbacks, this, option, memory_.nghttp2());
    nghttp2_option_del(option);
    nghttp2_session_callbacks_del(callbacks);
    const std::array<nghttp2_settings_entry, 2> settings{{
        {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, stream_window},
    }};
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings.data(), settings.size());
    nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, connection_window);
}

http2_client_session::~http2_client_session() {
    nghttp2_session_del(session_);
}

bool http2_client_session::usable() const noexcept {
    return alive_ && nghttp2_session_check_request_allowed(session_) != 0 &&
           open_streams_ < nghttp2_session_get_remote_settings(
                               session_, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
}

std::int32_t http2_client_session::submit(std::vector<nghttp2_nv>& fields, http2_client_stream& s,
                                          bool body_follows) {
    nghttp2_data_provider body{};
    body.read_callback = http2_client_callbacks::read_body;
    const std::int32_t id = nghttp2_submit_request(session_, nullptr, fields.data(), fields.size(),
                                                   body_follows ? &body : nullptr, &s);
    if (id >= 0) {
        ++open_streams_;
        wake_writer();
    }
    return id;
}

void http2_client_session::wake_writer() noexcept {
    writer_wake_.cancel();
}

asio::awaitable<void> http2_client_session::run(std::shared_ptr<http2_client_session> self) {
    bool writer_running = true;
    asio::co_spawn(stream_.get_executor(), write_loop(), [&](const std::exception_ptr&) {
        writer_running = false;
        loops_done_.cancel();
    });
    co_await read_loop();
    alive_ = false;
    reading_ = false;
    wake_writer();
    // Every stream still waiting learns the connection is gone.
    const auto next = static_cast<std::int32_t>(nghttp2_session_get_next_stream_id(session_));
    for (std::int32_t id = 1; id < next; id += 2) {
        if (auto* stream = http2_client_callbacks::stream_of(session_, id)) {
            stream->on_close(NGHTTP2_INTERNAL_ERROR);
        }
    }
    while (writer_running) {
        loops_done_.expires_at(asio::steady_timer::time_point::max());
        std::error_code ignored;
        co_await loops_done_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
    stream_.close();
    (void)self; // (kept alive until both loops are done)
}

asio::awaitable<void> http2_client_session::read_loop() {
    std::string in(read_size, '\0');
    for (;;) {
        auto n = co_await stream_.read_some(asio::buffer(in));
        if (!n) {
            if (n.error() != asio::error::eof) {
                failure_ = n.error(); // the streams cut short say why
            }
            co_return;
        }
        const auto used = nghttp2_session_mem_recv(
            session_, reinterpret_cast<const std::uint8_t*>(in.data()), *n);
        wake_writer();
        if (used < 0 || nghttp2_session_want_read(session_) == 0) {
            co_return; // a broken connection, or GOAWAY and no stream left
        }
    }
}

asio::awaitable<void> http2_client_session::write_loop() {
    for (;;) {
        if (nghttp2_session_send(session_) != 0) {
            alive_ = false;
        }
        if (out_.empty()) {
            if (!reading_ || !alive_) {
                co_return;
            }
            writer_wake_.expires_at(asio::steady_timer::time_point::max());
            std::error_code ignored;
            co_await writer_wake_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
            continue;
        }
        const auto written = co_await stream_.write_all(asio::buffer(out_));
        out_.clear();
        if (!written) {
            alive_ = false;
            stream_.close(); // the read loop ends too
            co_return;
        }
    }
}

} // namespace netkit::http::detail
