#include "http/engine/detail/http2_session.hpp"

#include "http/engine/detail/http2_fields.hpp"
#include "http/engine/detail/server_answers.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/http/date.hpp>
#include <netkit/http/status.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/redirect_error.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <exception>
#include <utility>
#include <vector>

namespace netkit::http::detail {
namespace {

// Frames wait in out_ until this much is there, then go in one write: a
// response's HEADERS and its first DATA frames share a TLS record.
constexpr std::size_t write_batch = 128 * 1024;
constexpr std::size_t read_size = 16 * 1024;
// How long a client has to close its end after the server's last word.
constexpr auto linger = std::chrono::seconds(2);

// A header block's frames: a client that sends more, or more bytes than a
// head may have, floods (the 2024 CONTINUATION attacks). A whole head of
// 64 KiB takes 4 frames of the 16 KiB every peer accepts.
constexpr std::size_t max_block_frames = 8;
constexpr std::size_t block_slack = 16 * 1024;

// Streams a client may reset (RST_STREAM) in a burst, and again a second:
// nghttp2's own defaults since the rapid reset attack (CVE-2023-44487).
constexpr double reset_burst = 1000;
constexpr double resets_per_second = 33;
// Frames that carry no request (PING, SETTINGS, PRIORITY, empty frames,
// heads refused as too large): a client that sends more floods (CVE-2019-9512,
// 9515, 9518).
constexpr double control_burst = 1000;
constexpr double control_per_second = 100;

// The response head's fields: read by nghttp2 where they lie (see respond()).
nghttp2_nv in_place(std::string_view name, std::string_view value) noexcept {
    return make_nv(name, value, NGHTTP2_NV_FLAG_NO_COPY_NAME | NGHTTP2_NV_FLAG_NO_COPY_VALUE);
}

} // namespace

// nghttp2's callbacks, each handing its event to the session.
struct http2_callbacks {
    static http2_session& self(void* user) { return *static_cast<http2_session*>(user); }

    static http2_stream* stream_of(nghttp2_session* session, std::int32_t id) {
        return static_cast<http2_stream*>(nghttp2_session_get_stream_user_data(session, id));
    }

    static ssize_t send(nghttp2_session*, const std::uint8_t* data, std::size_t length, int,
                        void* user) {
        auto& s = self(user);
        if (s.out_.size() >= write_batch) {
            return NGHTTP2_ERR_WOULDBLOCK; // written first; nghttp2 keeps the frame
        }
        s.out_.append(reinterpret_cast<const char*>(data), length);
        return static_cast<ssize_t>(length);
    }

    // A DATA frame of a response, its bytes copied once: from the body (or
    // the file) into the output, not through nghttp2's buffers as well.
    static int send_data(nghttp2_session*, nghttp2_frame* frame, const std::uint8_t* header,
                         std::size_t length, nghttp2_data_source* source, void* user) {
        auto& s = self(user);
        if (s.out_.size() >= write_batch) {
            return NGHTTP2_ERR_WOULDBLOCK;
        }
        const std::size_t before = s.out_.size();
        s.out_.append(reinterpret_cast<const char*>(header), 9);
        if (frame->data.padlen > 0) {
            return NGHTTP2_ERR_CALLBACK_FAILURE; // never asked for (no padding callback)
        }
        if (!static_cast<http2_stream*>(source->ptr)->copy_body(s.out_, length)) {
            s.out_.resize(before);
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; // the stream is reset
        }
        return 0;
    }

    static ssize_t read_body(nghttp2_session*, std::int32_t, std::uint8_t*, std::size_t length,
                             std::uint32_t* flags, nghttp2_data_source* source, void*) {
        auto* stream = static_cast<http2_stream*>(source->ptr);
        const auto n =
            static_cast<std::size_t>(std::min<std::uint64_t>(length, stream->unplanned()));
        stream->plan(n);
        *flags |= NGHTTP2_DATA_FLAG_NO_COPY;
        if (stream->unplanned() == 0) {
            *flags |= NGHTTP2_DATA_FLAG_EOF;
        }
        return static_cast<ssize_t>(n);
    }

    static int begin_frame(nghttp2_session*, const nghttp2_frame_hd* hd, void* user) {
        auto& s = self(user);
        const auto now = coarse_clock::now();
        const bool ack = (hd->flags & NGHTTP2_FLAG_ACK) != 0;
        switch (hd->type) {
        case NGHTTP2_HEADERS:
            s.block_frames_ = 1;
            s.block_bytes_ = hd->length;
            break;
        case NGHTTP2_CONTINUATION:
            ++s.block_frames_;
            s.block_bytes_ += hd->length;
            if (s.block_frames_ > max_block_frames ||
                s.block_bytes_ > s.state().options.limits.max_header_section + block_slack) {
                s.fail(NGHTTP2_ENHANCE_YOUR_CALM);
                return NGHTTP2_ERR_CALLBACK_FAILURE;
            }
            break;
        case NGHTTP2_PING:
        case NGHTTP2_SETTINGS:
        case NGHTTP2_PRIORITY:
            if (!ack && !s.control_frames_.spend(now)) {
                s.fail(NGHTTP2_ENHANCE_YOUR_CALM);
                return NGHTTP2_ERR_CALLBACK_FAILURE;
            }
            break;
        case NGHTTP2_DATA:
            if (hd->length == 0 && (hd->flags & NGHTTP2_FLAG_END_STREAM) == 0 &&
                !s.control_frames_.spend(now)) {
                s.fail(NGHTTP2_ENHANCE_YOUR_CALM);
                return NGHTTP2_ERR_CALLBACK_FAILURE;
            }
            break;
        case NGHTTP2_RST_STREAM:
            if (!s.resets_.spend(now)) {
                s.fail(NGHTTP2_ENHANCE_YOUR_CALM);
                return NGHTTP2_ERR_CALLBACK_FAILURE;
            }
            break;
        default: break;
        }
        return 0;
    }

    static int begin_headers(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
        if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) {
            return 0;
        }
        auto& stream = self(user).open_stream(frame->hd.stream_id);
        nghttp2_session_set_stream_user_data(session, frame->hd.stream_id, &stream);
        return 0;
    }

    static int header(nghttp2_session* session, const nghttp2_frame* frame,
                      const std::uint8_t* name, std::size_t name_length, const std::uint8_t* value,
                      std::size_t value_length, std::uint8_t, void*) {
        auto* stream = stream_of(session, frame->hd.stream_id);
        if (stream && frame->hd.type == NGHTTP2_HEADERS &&
            frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
            // Past the limit the head is refused whole (431) once it ends;
            // the rest is only decoded, as HPACK's table needs.
            (void)stream->add_field(
                std::string_view(reinterpret_cast<const char*>(name), name_length),
                std::string_view(reinterpret_cast<const char*>(value), value_length));
        }
        return 0;
    }

    static int frame_received(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
        auto& s = self(user);
        auto* stream = stream_of(session, frame->hd.stream_id);
        const bool ends = (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
        if (!stream) {
            return 0;
        }
        if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
            const bool whole = stream->head_done(!ends);
            s.progressed();
            if (!whole && !s.control_frames_.spend(coarse_clock::now())) {
                s.fail(NGHTTP2_ENHANCE_YOUR_CALM); // one refused head after another
                return NGHTTP2_ERR_CALLBACK_FAILURE;
            }
            s.start(*stream, whole);
        } else if ((frame->hd.type == NGHTTP2_DATA || frame->hd.type == NGHTTP2_HEADERS) && ends) {
            stream->end_body(); // (HEADERS here: trailers)
        }
        return 0;
    }

    static int data_chunk(nghttp2_session* session, std::uint8_t, std::int32_t id,
                          const std::uint8_t* data, std::size_t length, void* user) {
        if (auto* stream = stream_of(session, id)) {
            stream->receive_body(std::string_view(reinterpret_cast<const char*>(data), length));
            self(user).progressed();
        } else {
            nghttp2_session_consume_connection(session, length); // a stream already gone
        }
        return 0;
    }

    static int frame_sent(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
        auto* stream = stream_of(session, frame->hd.stream_id);
        if (!stream) {
            return 0;
        }
        if (frame->hd.type == NGHTTP2_DATA) {
            self(user).progressed();
        }
        // The response is complete and the request body still coming: the
        // client may stop sending it (RFC 9113 §8.1).
        if ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0 && stream->responded() &&
            !stream->body_ended()) {
            nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, frame->hd.stream_id,
                                      NGHTTP2_NO_ERROR);
        }
        return 0;
    }

    static int stream_closed(nghttp2_session* session, std::int32_t id, std::uint32_t, void* user) {
        if (auto* stream = stream_of(session, id)) {
            self(user).closed(*stream);
        }
        return 0;
    }
};

bool http2_session::budget::spend(coarse_clock::time_point now) noexcept {
    const std::chrono::duration<double> since = now - last;
    last = now;
    tokens = std::min(burst, tokens + since.count() * per_second);
    if (tokens < 1) {
        return false;
    }
    tokens -= 1;
    return true;
}

http2_session::http2_session(connection& owner, net::stream& stream)
    : owner_(owner), stream_(stream), writer_wake_(stream.get_executor()),
      handlers_done_(stream.get_executor()), resets_{reset_burst, reset_burst, resets_per_second,
                                                     coarse_clock::now()},
      control_frames_{control_burst, control_burst, control_per_second, coarse_clock::now()} {
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_send_callback(callbacks, http2_callbacks::send);
    nghttp2_session_callbacks_set_send_data_callback(callbacks, http2_callbacks::send_data);
    nghttp2_session_callbacks_set_on_begin_frame_callback(callbacks, http2_callbacks::begin_frame);
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks,
                                                            http2_callbacks::begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, http2_callbacks::header);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks,
                                                         http2_callbacks::frame_received);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks,
                                                              http2_callbacks::data_chunk);
    nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, http2_callbacks::frame_sent);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks,
                                                           http2_callbacks::stream_closed);
    nghttp2_option* option = nullptr;
    nghttp2_option_new(&option);
    // Windows open as handlers read, not as bytes arrive: a body nobody
    // reads holds at most a window of memory.
    nghttp2_option_set_no_auto_window_update(option, 1);
    nghttp2_session_server_new3(&session_, callbacks, this, option, memory_.nghttp2());
    nghttp2_option_del(option);
    nghttp2_session_callbacks_del(callbacks);
}

http2_session::~http2_session() {
    streams_.clear(); // (they give their windows back through the session)
    nghttp2_session_del(session_);
}

void http2_session::wake_writer() noexcept {
    writer_wake_.cancel();
}

// The connection's phase, from its streams: sending while a response is
// under way (a client that holds its window shut gets options.send_timeout),
// busy while handlers work or bodies come, idle with no stream open.
connection::phase http2_session::phase() const noexcept {
    return writing_ || responding_ > 0 ? connection::phase::sending
           : open_streams_ == 0        ? connection::phase::idle
                                       : connection::phase::busy;
}

void http2_session::progressed() noexcept {
    owner_.enter(phase());
}

// Only progress restarts the phase's time limit: PINGs and window updates
// of no use cannot hold a stalled stream open.
void http2_session::follow_streams() noexcept {
    const auto now = phase();
    if (owner_.current_phase() != now) {
        owner_.enter(now);
    }
}

asio::awaitable<void> http2_session::run(std::string_view early,
                                         const http2_upgraded_request* upgraded) {
    const auto& options = state().options;
    const std::array<nghttp2_settings_entry, 3> settings{{
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, options.http2.max_concurrent_streams},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, options.http2.stream_window},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE,
         static_cast<std::uint32_t>(options.limits.max_header_section)},
    }};
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings.data(), settings.size());
    nghttp2_session_set_local_window_size(
        session_, NGHTTP2_FLAG_NONE, 0, static_cast<std::int32_t>(options.http2.connection_window));
    owner_.enter(connection::phase::idle);
    const bool answered = !upgraded || answer_upgraded(*upgraded);
    const bool go_on = answered && (early.empty() || receive(early));
    auto executor = co_await asio::this_coro::executor;
    bool writer_running = true;
    asio::co_spawn(executor, write_loop(), [&](const std::exception_ptr&) {
        writer_running = false;
        handlers_done_.cancel();
    });
    if (go_on) {
        co_await read_loop();
    }
    reading_ = false;
    wake_writer();
    // Handlers still running learn that their streams are gone.
    for (auto& stream : streams_) {
        if (!stream->is_closed()) {
            stream->close();
        }
    }
    while (writer_running || handlers_running_ > 0) {
        handlers_done_.expires_at(asio::steady_timer::time_point::max());
        std::error_code ignored;
        co_await handlers_done_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
}

asio::awaitable<void> http2_session::read_loop() {
    std::string in(read_size, '\0');
    for (;;) {
        auto n = co_await stream_.read_some(asio::buffer(in));
        if (!n || !receive(std::string_view(in.data(), *n))) {
            co_return;
        }
    }
}

bool http2_session::receive(std::string_view bytes) {
    go_away_when_stopping();
    const auto used = nghttp2_session_mem_recv(
        session_, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    if (used < 0) {
        // Broken framing, a flood nghttp2 caught (NGHTTP2_ERR_FLOODED), or
        // one of ours (fail() was called).
        fail(used == NGHTTP2_ERR_FLOODED ? NGHTTP2_ENHANCE_YOUR_CALM : NGHTTP2_PROTOCOL_ERROR);
    } else if (upgraded_ && !failed_) {
        // An upgraded connection says nothing until the client has sent its
        // preface: a client that reads the 101 together with frames after
        // it may lose them (curl 7.88 does).
        start(*std::exchange(upgraded_, nullptr), upgraded_whole_);
    }
    follow_streams();
    wake_writer();
    return !failed_ && nghttp2_session_want_read(session_) != 0;
}

asio::awaitable<void> http2_session::write_loop() {
    for (;;) {
        go_away_when_stopping();
        if (upgraded_ && reading_) {
            // (see receive(): nothing before the client's preface)
            writer_wake_.expires_at(asio::steady_timer::time_point::max());
            std::error_code ignored;
            co_await writer_wake_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
            continue;
        }
        if (nghttp2_session_send(session_) != 0) {
            failed_ = true; // nothing sensible can be sent any more
        }
        if (out_.empty()) {
            if (!reading_ || failed_ || finished()) {
                break;
            }
            writer_wake_.expires_at(asio::steady_timer::time_point::max());
            std::error_code ignored;
            co_await writer_wake_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
            continue;
        }
        writing_ = true;
        follow_streams();
        const auto written = co_await stream_.write_all(asio::buffer(out_));
        writing_ = false;
        out_.clear();
        if (!written) {
            owner_.close(); // the client is gone: the reader ends too
            co_return;
        }
        progressed();
    }
    if (reading_) {
        // All said (a GOAWAY last): the client closes its end, which ends
        // the read loop; one that does not is closed a moment later.
        (void)co_await stream_.shutdown_send();
        writer_wake_.expires_after(linger);
        std::error_code ignored;
        co_await writer_wake_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        if (reading_) {
            owner_.close();
        }
    }
}

bool http2_session::finished() const noexcept {
    return nghttp2_session_want_read(session_) == 0 && nghttp2_session_want_write(session_) == 0;
}

void http2_session::fail(std::uint32_t code) noexcept {
    if (!failed_) {
        nghttp2_session_terminate_session(session_, code);
    }
    failed_ = true;
    wake_writer();
}

void http2_session::go_away_when_stopping() noexcept {
    if (going_away_ || !state().stopping.load(std::memory_order_relaxed)) {
        return;
    }
    // Streams already begun finish; the client opens new ones elsewhere.
    going_away_ = true;
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE,
                          nghttp2_session_get_last_proc_stream_id(session_), NGHTTP2_NO_ERROR,
                          nullptr, 0);
}

void http2_session::start(http2_stream& s, bool whole) {
    auto& request = s.request();
    auto& response = s.response();
    const split_handler* target = nullptr;
    if (!whole) {
        response = error_response(431); // RFC 6585 §5
    } else if (request.head().form == target_form::authority) {
        response = error_response(501, "Unsupported method ('CONNECT')");
    } else {
        target = route(state(), request, response);
    }
    if (target && !answer_at_once(*target, request, response)) {
        ++handlers_running_;
        s.handler_started();
        asio::co_spawn(writer_wake_.get_executor(), run_handler(s, target), asio::detached);
        return;
    }
    respond(s);
}

asio::awaitable<void> http2_session::run_handler(http2_stream& s, const split_handler* target) {
    std::exception_ptr failure;
    try {
        s.response() = co_await target->deferred(s.request());
    } catch (...) {
        failure = std::current_exception();
    }
    if (failure) {
        s.response() = handler_failed(failure);
    }
    if (!s.is_closed()) {
        respond(s);
        progressed();
    }
    nghttp2_session_consume_connection(session_, s.handler_done());
    if (s.is_closed() && reading_) {
        recycle(s);
    }
    --handlers_running_;
    handlers_done_.cancel();
}

void http2_session::respond(http2_stream& s) {
    server_response& r = s.response();
    if (r.status < 200 || r.upgrade) {
        // No 101 in HTTP/2 (RFC 9113 §8.6), and no other 1xx as the answer.
        r = error_response(500, "Internal Server Error");
        r.error = "a handler answered HTTP/2 with a 1xx status or an upgrade";
    }
    const bool no_content = status_has_no_content(r.status);
    const bool with_body = !no_content && !s.head_only() && r.body_size() > 0;
    // nghttp2 reads every name and value when it sends the HEADERS frame,
    // without copying them first: they are the response's own, or the
    // stream's text, which both live until then.
    auto& text = s.response_text();
    text.status[0] = static_cast<char>('0' + r.status / 100 % 10);
    text.status[1] = static_cast<char>('0' + r.status / 10 % 10);
    text.status[2] = static_cast<char>('0' + r.status % 10);
    const auto length_end =
        std::to_chars(text.length.data(), text.length.data() + text.length.size(), r.body_size())
            .ptr;
    text.date.assign(current_http_date());
    text.names.clear();
    std::size_t name_bytes = 0;
    for (const auto& f : r.headers) {
        name_bytes += f.name.size();
    }
    text.names.reserve(name_bytes);              // (the views below stay put)
    thread_local std::vector<nghttp2_nv> fields; // reused: no allocation a response
    fields.clear();
    fields.push_back(in_place(":status", std::string_view(text.status.data(), 3)));
    const auto& server_name = state().options.server_header;
    if (!server_name.empty()) {
        fields.push_back(in_place("server", server_name));
    }
    fields.push_back(in_place("date", text.date));
    for (const auto& f : r.headers) {
        if (connection_specific(f.name) || iequals(f.name, "Content-Length")) {
            continue; // framing is the server's business
        }
        const std::size_t at = text.names.size();
        for (const char c : f.name) {
            text.names += to_lower(c);
        }
        fields.push_back(in_place(std::string_view(text.names).substr(at, f.name.size()), f.value));
    }
    if (r.shared_fields) {
        for (const auto& f : r.shared_fields->lowercase()) {
            fields.push_back(in_place(f.name, f.value));
        }
    }
    if (!no_content) {
        fields.push_back(
            in_place("content-length",
                     std::string_view(text.length.data(), length_end - text.length.data())));
    }
    if (state().options.access_log) {
        log_access(state(), remote_address(), s.request_line(), r, s.head_only());
    }
    s.mark_responded();
    ++responding_;
    nghttp2_data_provider body{};
    if (with_body) {
        s.set_body_size(r.body_size());
        body.source.ptr = &s;
        body.read_callback = http2_callbacks::read_body;
    }
    nghttp2_submit_response(session_, s.id(), fields.data(), fields.size(),
                            with_body ? &body : nullptr);
    wake_writer();
}

void http2_session::send_continue(std::int32_t id) {
    const nghttp2_nv status = in_place(":status", "100"); // (literals: they live)
    nghttp2_submit_headers(session_, NGHTTP2_FLAG_NONE, id, nullptr, &status, 1, nullptr);
    wake_writer();
}

bool http2_session::answer_upgraded(const http2_upgraded_request& request) {
    const auto* settings = reinterpret_cast<const std::uint8_t*>(request.settings.data());
    if (nghttp2_session_upgrade2(session_, settings, request.settings.size(),
                                 request.method == "HEAD", nullptr) != 0) {
        fail(NGHTTP2_PROTOCOL_ERROR);
        return false;
    }
    // Stream 1 is the request, half closed by the client already (RFC 7540 §3.2).
    auto& s = open_stream(1);
    nghttp2_session_set_stream_user_data(session_, 1, &s);
    (void)s.add_field(":method", request.method);
    (void)s.add_field(":path", request.target);
    for (const auto& [name, value] : request.fields) {
        if (iequals(name, "Host")) {
            (void)s.add_field(":authority", value);
        } else if (!connection_specific(name) && !iequals(name, "HTTP2-Settings")) {
            (void)s.add_field(lower_copy(name), value);
        }
    }
    upgraded_whole_ = s.head_done(false);
    upgraded_ = &s; // answered once the client's preface has come (see receive())
    progressed();
    return true;
}

http2_stream& http2_session::open_stream(std::int32_t id) {
    if (spare_.empty()) {
        streams_.push_back(std::make_unique<http2_stream>(*this));
    } else {
        streams_.push_back(std::move(spare_.back()));
        spare_.pop_back();
    }
    ++open_streams_;
    streams_.back()->open(id);
    return *streams_.back();
}

void http2_session::closed(http2_stream& s) {
    if (&s == upgraded_) {
        upgraded_ = nullptr; // reset by the client before it was answered
    }
    nghttp2_session_consume_connection(session_, s.close());
    --open_streams_;
    responding_ -= s.responded() ? 1 : 0;
    if (!s.handler_running()) {
        recycle(s);
    }
    follow_streams();
}

void http2_session::recycle(http2_stream& s) {
    const auto it = std::find_if(streams_.begin(), streams_.end(),
                                 [&](const auto& kept) { return kept.get() == &s; });
    auto taken = std::move(*it);
    *it = std::move(streams_.back());
    streams_.pop_back();
    // As many as may be open at once are kept; a burst beyond goes.
    if (spare_.size() < state().options.http2.max_concurrent_streams) {
        spare_.push_back(std::move(taken));
    }
}

} // namespace netkit::http::detail
