// A connection: reading heads and bodies and keeping the deadlines;
// connection_serve.cpp runs the handlers, connection_response.cpp writes what
// they answer.
#include "http/engine/detail/connection.hpp"

#include "http/engine/detail/http2_session.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/core/base64.hpp>

#include <asio/buffer.hpp>
#include <asio/error.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <exception>

namespace netkit::http::detail {
namespace {

// An idle connection waits with a small buffer, since every idle keep-alive
// connection holds one: a short request (a benchmark's, curl's) fits. A head
// that does not fit grows it (up to the head limit); a body gets a large one
// for fewer system calls.
constexpr std::size_t idle_buffer = 256;
constexpr std::size_t head_buffer = 4 * 1024;
constexpr std::size_t body_buffer = 64 * 1024;
constexpr std::size_t min_read = 256;

} // namespace

connection::connection(server_state& state, connection_list& list, net::stream s)
    : state_(state), list_(list), stream_(std::move(s)),
      parser_(parser::request, state.options.limits) {
    position_ = list_.insert(list_.end(), this);
    state_.open_connections.fetch_add(1, std::memory_order_relaxed);
}

connection::~connection() {
    list_.erase(position_);
    state_.open_connections.fetch_sub(1, std::memory_order_relaxed);
}

std::string_view connection::remote_address() {
    if (remote_.empty()) {
        remote_ = stream_.remote_address();
    }
    return remote_;
}

bool connection::trim() noexcept {
    if (phase_ != phase::idle || out_.capacity() <= std::string().capacity()) {
        return false;
    }
    std::string().swap(out_); // rebuilt by the next response
    return true;
}

void connection::close() noexcept {
    closed_ = true;
    if (upgraded_) {
        if (upgraded_->on_stop) {
            upgraded_->on_stop();
        }
        return;
    }
    stream_.close();
}

void connection::stop() noexcept {
    if (http2_) {
        http2_->wake_writer(); // its GOAWAY, then the end once its streams are done
    } else if (!working() || upgraded()) {
        close(); // upgraded ones are asked to end (on_stop)
    }
}

// After a 101: the stream and the bytes after the request go to the new
// protocol, which has the connection until it returns. The connection
// stays in the thread's list meanwhile, so that a stopping server reaches it.
asio::awaitable<void> connection::hand_over() {
    upgrade_handler take = std::move(upgrade_);
    upgraded_ = std::make_unique<upgraded_connection>(
        upgraded_connection{std::move(stream_), std::string(unparsed()), nullptr});
    input_.consume(unparsed().size());
    // The new protocol has buffers of its own: an upgraded connection (one
    // of thousands of idle WebSockets, say) keeps none of these.
    input_.release();
    std::string().swap(out_);
    parser_ = parser(parser::request, state_.options.limits); // and its fields' storage
    enter(phase::upgraded);
    state_.upgraded_connections.fetch_add(1, std::memory_order_relaxed);
    try {
        // The session's coroutine holds what it needs: the handler that
        // made it (the handshake's copies) goes before the long wait.
        auto session = take(*upgraded_);
        take = nullptr;
        co_await std::move(session);
    } catch (...) {
        // The new protocol's failure ends its connection, not the server.
    }
    state_.upgraded_connections.fetch_sub(1, std::memory_order_relaxed);
    closing_ = true;
}

void connection::enter(phase p) noexcept {
    const auto now = clock::now();
    const auto& o = state_.options;
    if (p == phase::reading_head && phase_ == phase::reading_head) {
        return; // the head's deadline runs from its first byte
    }
    phase_ = p;
    last_active_ = now;
    if (p == phase::upgraded) {
        deadline_ = clock::time_point::max();
        return;
    }
    deadline_ = now + (p == phase::idle           ? o.idle_timeout
                       : p == phase::reading_head ? o.header_timeout
                       : p == phase::sending      ? o.send_timeout
                                                  : o.io_timeout);
}

asio::mutable_buffer connection::prepare_read() {
    const std::size_t floor = phase_ == phase::busy ? body_buffer
                              : !input_.empty()     ? head_buffer
                                                    : idle_buffer;
    const auto room = input_.prepare(min_read, floor);
    return asio::buffer(room.data(), room.size());
}

void connection::commit_read(std::size_t n) noexcept {
    input_.commit(n);
    if (phase_ == phase::busy) {
        enter(phase::busy); // progress: the io deadline starts again
    }
}

asio::awaitable<result<std::size_t>> connection::read_more() {
    auto n = co_await stream_.read_some(prepare_read());
    if (n) {
        commit_read(*n);
    }
    co_return n;
}

asio::awaitable<bool> connection::start_tls() {
    enter(phase::reading_head);
    stream_.set_timeout(state_.options.header_timeout);
    auto secured = co_await net::stream::tls_accept(std::move(stream_), *state_.options.tls);
    if (!secured) {
        co_return false; // a failed handshake has no one to answer
    }
    stream_ = std::move(*secured);
    stream_.set_timeout(std::chrono::milliseconds(0));
    co_return true;
}

bool connection::serve_first_at_once() {
    if (state_.options.tls || state_.stopping.load(std::memory_order_relaxed)) {
        return false; // the handshake comes first, and waits
    }
    const auto n = stream_.try_read_some(prepare_read());
    if (!n) {
        stream_.close(); // gone (or reset) before a byte: nothing to answer
        return true;
    }
    if (*n == 0) {
        return false; // not here yet: run() waits for it
    }
    commit_read(*n);
    if (parse_buffered() != head_state::ready) {
        return false; // the rest of the head, or the answer to a bad one
    }
    if ((upgrade_settings_ = http2_upgrade_settings())) {
        return false; // the 101 and HTTP/2: run()'s
    }
    const auto quick = serve_at_once();
    if (quick == served::closed) {
        closing_ = true; // (run() only closes, if it must wait to)
        return close_at_once();
    }
    answered_first_ = quick == served::kept;
    return false; // kept, or a part left in waiting_ for run()
}

asio::awaitable<void> connection::run() {
    // Each step that may wait is its own coroutine, so that this frame stays
    // small for as long as the connection lives; but the wait for the next
    // request is here, so that an idle connection holds no frame besides this
    // one and its read's. (Results are named, and no co_await sits inside &&
    // or ||: g++ 12 miscompiles those.)
    if (state_.options.tls) {
        const bool secured = co_await start_tls();
        if (!secured) {
            co_return;
        }
        if (state_.options.http2.enabled && stream_.alpn_protocol() == "h2") {
            co_await serve_http2(nullptr);
            co_await close_gracefully();
            co_return;
        }
    }
    if (upgrade_settings_) {
        co_await upgrade_to_http2(std::move(*upgrade_settings_));
        co_await close_gracefully();
        co_return;
    }
    bool answered_at_once = answered_first_;
    bool keep = true;
    if (waiting_) {
        keep = co_await serve_waiting(); // the rest of serve_first_at_once()'s request
    }
    while (keep && !closing_ && !closed_ && !state_.stopping.load(std::memory_order_relaxed)) {
        auto state = parse_buffered();
        if (state == head_state::incomplete && phase_ == phase::idle) {
            if (answered_at_once) {
                // The response left a moment ago: reading now would find
                // nothing (a failed recv, then a wait). After the others
                // ready on this thread, the next request is often there.
                // (With wrk -c64 on loopback: 1.3 recv a request instead of
                // 2, and about 8% less CPU a request.)
                co_await asio::post(asio::use_awaitable);
            }
            auto n = co_await stream_.read_some(prepare_read());
            if (!n) {
                break; // closed, timed out, or reset: nothing to answer
            }
            commit_read(*n);
            state = parse_buffered();
        }
        if (state == head_state::incomplete) {
            state = co_await read_rest_of_head();
        }
        if (state == head_state::http2) {
            co_await serve_http2(nullptr);
            break;
        }
        if (state == head_state::invalid) {
            co_await reject(parser_.error_status(), std::string(parser_.error_code().message()));
            break;
        }
        if (state != head_state::ready) {
            break;
        }
        if (auto settings = http2_upgrade_settings()) {
            co_await upgrade_to_http2(std::move(*settings));
            break;
        }
        // At once when nothing must wait; as a coroutine when it must.
        const auto quick = serve_at_once();
        answered_at_once = quick == served::kept;
        keep = quick == served::kept;
        if (quick == served::must_wait) {
            keep = co_await serve_waiting();
        }
        if (!keep) {
            break;
        }
    }
    if (upgrade_) {
        co_await hand_over();
    }
    co_await close_gracefully();
}

connection::head_state connection::parse_buffered() {
    if (input_.empty()) {
        enter(phase::idle);
        // Give back what the last request needed (see idle_buffer).
        if (input_.capacity() > idle_buffer) {
            input_.release();
        }
        return head_state::incomplete;
    }
    enter(phase::reading_head); // the head's deadline runs from its first byte
    if (first_request_ && state_.options.http2.enabled && !stream_.is_tls()) {
        // HTTP/2 with prior knowledge (RFC 9113 §3.3) opens with its preface,
        // which no HTTP/1.1 request begins with.
        const auto preface = http2_session::preface;
        const auto sent = unparsed().substr(0, preface.size());
        if (sent == preface) {
            return head_state::http2;
        }
        if (preface.starts_with(sent)) {
            return head_state::incomplete;
        }
    }
    first_request_ = false;
    const auto step = parser_.feed(unparsed());
    input_.consume(step.consumed);
    switch (step.event) {
    case parse_event::head: return head_state::ready;
    case parse_event::error: return head_state::invalid;
    default: return head_state::incomplete;
    }
}

asio::awaitable<void> connection::serve_http2(const http2_upgraded_request* upgraded) {
    // The session reads with buffers of its own: this one goes, with what
    // it holds (the preface, and what followed it) handed over.
    const std::string early(unparsed());
    input_.consume(early.size());
    input_.release();
    http2_ = std::make_unique<http2_session>(*this, stream_);
    co_await http2_->run(early, upgraded);
    http2_.reset();
    closing_ = true;
}

std::optional<std::string> connection::http2_upgrade_settings() const {
    const auto& options = state_.options.http2;
    const message_head& head = parser_.head();
    if (!options.enabled || !options.upgrade || stream_.is_tls() || head.version_minor != 1 ||
        head.framing != body_framing::none) {
        return std::nullopt;
    }
    static constexpr std::array<std::string_view, 3> names{"Upgrade", "Connection",
                                                           "HTTP2-Settings"};
    std::array<const field_view*, 3> found;
    head.find_each(names, found);
    const auto* upgrade = found[0];
    const auto* connection = found[1];
    const auto* settings = found[2];
    if (!upgrade || !list_has(upgrade->value, "h2c") || !connection ||
        !list_has(connection->value, "HTTP2-Settings") || !settings ||
        std::count_if(head.fields.begin(), head.fields.end(),
                      [](const field_view& f) { return iequals(f.name, "HTTP2-Settings"); }) != 1) {
        return std::nullopt; // RFC 7540 §3.2.1: one HTTP2-Settings, named in Connection
    }
    // base64url without padding (RFC 7540 §3.2.1), of whole settings.
    std::string text(settings->value);
    for (char& c : text) {
        if (c == '-') {
            c = '+';
        } else if (c == '_') {
            c = '/';
        } else if (!is_alpha(c) && !is_digit(c)) {
            return std::nullopt;
        }
    }
    text.append((4 - text.size() % 4) % 4, '=');
    auto decoded = base64_decode(text);
    if (!decoded || decoded->size() % 6 != 0) {
        return std::nullopt;
    }
    return std::move(*decoded);
}

asio::awaitable<void> connection::upgrade_to_http2(std::string settings) {
    // The request, owned: the session answers it on its stream 1.
    http2_upgraded_request request;
    const message_head& head = parser_.head();
    request.settings = std::move(settings);
    request.method = head.method;
    request.target = head.target;
    for (const auto& f : head.fields) {
        request.fields.emplace_back(f.name, f.value);
    }
    constexpr std::string_view switching =
        "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";
    if (auto written = co_await stream_.write_all(asio::buffer(switching)); !written) {
        co_return;
    }
    co_await serve_http2(&request);
}

asio::awaitable<connection::head_state> connection::read_rest_of_head() {
    for (;;) {
        auto n = co_await stream_.read_some(prepare_read());
        if (!n) {
            co_return head_state::closed; // nothing to answer
        }
        commit_read(*n);
        const auto state = parse_buffered();
        if (state != head_state::incomplete) {
            co_return state;
        }
    }
}

bool connection::request_has_body() const noexcept {
    return !body_done_;
}

asio::awaitable<result<std::string_view>> connection::read_body_some() {
    if (body_done_) {
        co_return std::string_view{};
    }
    if (expect_continue_) {
        expect_continue_ = false; // RFC 9110 §10.1.1: the client waits for this
        constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
        if (auto w = co_await stream_.write_all(asio::buffer(go_on)); !w) {
            closing_ = true;
            co_return w.error();
        }
    }
    for (;;) {
        const auto step = parser_.feed(unparsed());
        input_.consume(step.consumed); // step.data stays valid until the next read_more()
        switch (step.event) {
        case parse_event::body: co_return step.data;
        case parse_event::message_complete:
            body_done_ = true;
            message_done_ = true;
            co_return std::string_view{};
        case parse_event::error: closing_ = true; co_return parser_.error_code();
        case parse_event::head:
        case parse_event::need_more: break;
        }
        auto n = co_await read_more();
        if (!n) {
            closing_ = true;
            co_return n.error() == asio::error::eof ? make_error_code(error::unexpected_eof)
                                                    : n.error();
        }
    }
}

void connection::finish_bodiless() noexcept {
    if (message_done_) {
        return; // the handler read the body to its end: already complete
    }
    const auto step = parser_.feed(unparsed());
    input_.consume(step.consumed);
    message_done_ = step.event == parse_event::message_complete;
    if (!message_done_) {
        closing_ = true;
    }
}

asio::awaitable<void> connection::finish_request() {
    // Reach message_complete: at once for a bodiless request, after reading
    // and dropping the rest of a small body otherwise.
    for (;;) {
        if (body_done_) {
            finish_bodiless();
            co_return;
        }
        auto chunk = co_await read_body_some();
        if (!chunk) {
            closing_ = true;
            co_return;
        }
    }
}

bool connection::close_at_once() {
    // The client is done, all it sent was read and nothing more waits in the
    // socket: closing cannot reset the connection, so it closes at once (as
    // nginx does) instead of half-closing and waiting for the client's end
    // (a shutdown, a wait and a second recv per connection).
    if (stream_.is_tls() || !client_done_ || !body_done_ || !input_.empty()) {
        return false;
    }
    const auto waiting = stream_.available();
    if (!waiting || *waiting != 0) {
        return false;
    }
    stream_.close();
    return true;
}

asio::awaitable<void> connection::close_gracefully() {
    if (closed_ || upgraded_) {
        co_return; // (an upgraded stream is its new owner's to close)
    }
    if (close_at_once()) {
        co_return;
    }
    // Half-close, then read what the client still sends for a moment: closing
    // with unread input would reset the connection and could destroy the
    // response before the client reads it.
    stream_.set_timeout(std::chrono::seconds(2));
    (void)co_await stream_.shutdown_send();
    if (!stream_.is_tls()) {
        std::array<char, 4096> sink;
        for (int i = 0; i < 64; ++i) {
            auto n = co_await stream_.read_some(asio::buffer(sink));
            if (!n) {
                break;
            }
        }
    }
    stream_.close();
}

} // namespace netkit::http::detail
