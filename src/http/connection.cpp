// A connection: reading heads and bodies, running the handler, keeping the
// deadlines; connection_response.cpp writes what it answers.
#include "http/detail/connection.hpp"

#include <netkit/core/ascii.hpp>

#include <asio/buffer.hpp>
#include <asio/error.hpp>

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
// A body the handler left unread is read and dropped up to this size, to keep
// the connection; a larger one closes it instead.
constexpr std::uint64_t max_drain = 1024 * 1024;

server_response method_not_allowed(const std::string& allow) {
    auto r = error_response(405);
    (void)r.headers.set("Allow", allow);
    return r;
}

// A handler threw: 500, and the reason in the log.
server_response handler_failed(const std::exception_ptr& failure) {
    std::string why = "unknown exception";
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& e) {
        why = e.what();
    } catch (...) {
    }
    auto r = error_response(500, "Internal Server Error");
    r.error = "handler failed: " + why;
    return r;
}

} // namespace

connection::connection(server_state& state, connection_list& list, net::stream s)
    : state_(state), list_(list), stream_(std::move(s)),
      parser_(parser::request, state.options.limits) {
    position_ = list_.insert(list_.end(), this);
    remote_ = stream_.remote_address();
    state_.open_connections.fetch_add(1, std::memory_order_relaxed);
}

connection::~connection() {
    list_.erase(position_);
    state_.open_connections.fetch_sub(1, std::memory_order_relaxed);
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
    stream_.close();
}

void connection::enter(phase p) noexcept {
    const auto now = clock::now();
    const auto& o = state_.options;
    if (p == phase::reading_head && phase_ == phase::reading_head) {
        return; // the head's deadline runs from its first byte
    }
    phase_ = p;
    last_active_ = now;
    deadline_ = now + (p == phase::idle           ? o.idle_timeout
                       : p == phase::reading_head ? o.header_timeout
                                                  : o.io_timeout);
}

asio::mutable_buffer connection::prepare_read() {
    if (begin_ == end_) {
        begin_ = end_ = 0;
    } else if (begin_ > 0 && capacity_ - end_ < min_read) { // slide the unread bytes to the front
        std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    const std::size_t floor = phase_ == phase::busy ? body_buffer
                              : end_ > 0            ? head_buffer
                                                    : idle_buffer;
    if (capacity_ < floor || capacity_ - end_ < min_read) {
        const std::size_t grown = std::max({floor, capacity_ * 2, end_ + min_read});
        auto bigger = std::make_unique<char[]>(grown);
        if (end_ > 0) {
            std::memcpy(bigger.get(), buffer_.get(), end_);
        }
        buffer_ = std::move(bigger);
        capacity_ = grown;
    }
    return asio::buffer(buffer_.get() + end_, capacity_ - end_);
}

void connection::commit_read(std::size_t n) noexcept {
    end_ += n;
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

asio::awaitable<void> connection::run() {
    // Each step is its own coroutine, so that this frame stays small for as
    // long as the connection lives, and an idle connection holds only the
    // small frames of read_head(). (Results are named, and no co_await sits
    // inside && or ||: g++ 12 miscompiles those.)
    if (state_.options.tls) {
        const bool secured = co_await start_tls();
        if (!secured) {
            co_return;
        }
    }
    while (!closing_ && !closed_ && !state_.stopping.load(std::memory_order_relaxed)) {
        const bool head = co_await read_head();
        if (!head) {
            break;
        }
        const bool served = co_await serve_request();
        if (!served) {
            break;
        }
    }
    co_await close_gracefully();
}

asio::awaitable<bool> connection::read_head() {
    for (;;) {
        if (begin_ == end_) {
            enter(phase::idle);
            // Give back what the last request needed (see idle_buffer).
            if (capacity_ > idle_buffer) {
                buffer_.reset();
                capacity_ = begin_ = end_ = 0;
            }
        } else {
            enter(phase::reading_head);
        }
        if (begin_ != end_) { // (nothing to parse in an empty buffer)
            const auto step = parser_.feed(unparsed());
            begin_ += step.consumed;
            if (step.event == parse_event::head) {
                co_return true;
            }
            if (step.event == parse_event::error) {
                co_await reject(parser_.error_status(), std::string(parser_.error_code().message()));
                co_return false;
            }
        }
        // (The read inline, not through read_more(): one frame fewer a request.)
        auto n = co_await stream_.read_some(prepare_read());
        if (!n) {
            co_return false; // closed, timed out, or reset: nothing to answer
        }
        commit_read(*n);
        if (phase_ == phase::idle) {
            enter(phase::reading_head);
        }
    }
}

asio::awaitable<bool> connection::serve_request() {
    enter(phase::busy);

    const message_head& head = parser_.head();
    server_request request;
    request.connection_ = this;
    request.head_ = head;
    request.remote_ = remote_;
    request.tls_ = stream_.is_tls();
    body_done_ = head.framing == body_framing::none;
    message_done_ = false;
    if (!body_done_) {
        // Reading the body may move the buffer: the handler gets a copy of
        // the head (bodiless requests, the common case, use it in place).
        const char* const start = head.method.data();
        const char* const stop = unparsed().data();
        owned_head_.assign(start, stop);
        auto rebase = [&](std::string_view v) {
            return v.empty() ? v
                             : std::string_view(owned_head_.data() + (v.data() - start), v.size());
        };
        request.head_.method = rebase(head.method);
        request.head_.target = rebase(head.target);
        owned_fields_.clear();
        for (const auto& f : head.fields) {
            owned_fields_.push_back(field_view{rebase(f.name), rebase(f.value)});
        }
        request.head_.fields = owned_fields_;
    }
    const auto target = request.head_.target;
    std::string_view path = target;
    if (head.form == target_form::absolute) {
        const auto authority = target.find("//");
        const auto slash = target.find('/', authority == std::string_view::npos ? 0 : authority + 2);
        path = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
    const auto question = path.find('?');
    request.path_ = path.substr(0, question);
    request.query_ = question == std::string_view::npos ? std::string_view{} : path.substr(question + 1);
    request.mount_path_ = request.path_;

    static constexpr std::array<std::string_view, 2> checked{"Host", "Expect"};
    std::array<const field_view*, 2> found;
    request.head().find_each(checked, found);
    const field_view* const host = found[0];
    const field_view* const expect = found[1];
    expect_continue_ = expect && iequals(expect->value, "100-continue") && head.version_minor >= 1;
    closing_ = closing_ || !head.keep_alive;

    const bool head_only = request.method() == "HEAD";
    server_response response;
    if (head.version_minor >= 1 && !host) {
        response = error_response(400, "Missing Host header"); // RFC 9112 §3.2
        response.close = true;
    } else if (expect && head.version_minor >= 1 && !expect_continue_) {
        response = error_response(417);
    } else if (head.form == target_form::authority) {
        response = error_response(501, "Unsupported method ('" + std::string(request.method()) + "')");
    } else if (const auto match = state_.routes.find(request); !match.target) {
        response = match.allow.empty() ? error_response(404, "File not found")
                                       : method_not_allowed(match.allow);
    } else {
        // At once when the handler can, as a coroutine when it must wait.
        // (Here rather than in a helper coroutine: one frame fewer a request.)
        std::exception_ptr failure;
        bool answered = false;
        try {
            answered = match.target->immediate && match.target->immediate(request, response);
        } catch (...) {
            failure = std::current_exception();
            answered = true;
        }
        if (!answered) {
            try {
                response = co_await match.target->deferred(request);
            } catch (...) {
                failure = std::current_exception();
            }
        }
        if (failure) {
            response = handler_failed(failure);
        }
    }
    if (response.close || state_.stopping.load(std::memory_order_relaxed)) {
        closing_ = true;
    }
    // A body nobody read: drop a small one to keep the connection, close for
    // a large one. A client still waiting for 100 Continue sends nothing.
    if (!body_done_) {
        const bool small = head.framing == body_framing::content_length &&
                           parser_.head().content_length <= max_drain;
        if (!small || (expect_continue_ && head.framing != body_framing::none)) {
            closing_ = true;
        }
    }
    // Logged as the response starts, as http.server does: a client that has
    // its answer never sees its line come after the next request's.
    if (state_.options.access_log) {
        log(std::string(request.method()) + ' ' + std::string(target) + " HTTP/1." +
                static_cast<char>('0' + head.version_minor),
            response, head_only);
    }
    compose_head(response);
    // Most responses fit the socket's buffer: written here, with no
    // asynchronous operation and no frame for send().
    const auto early = send_now(response, head_only);
    if (early.state == early_send::failed) {
        co_return false;
    }
    if (early.state == early_send::unfinished) {
        const bool sent = co_await send(response, head_only, early.written);
        if (!sent) {
            co_return false;
        }
    }
    if (!closing_) {
        if (body_done_) {
            finish_bodiless(); // the common case: no coroutine needed
        } else {
            co_await finish_request();
        }
    }
    co_return !closing_;
}


bool connection::request_has_body() const noexcept { return !body_done_; }

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
        begin_ += step.consumed; // step.data stays valid until the next read_more()
        switch (step.event) {
        case parse_event::body:
            co_return step.data;
        case parse_event::message_complete:
            body_done_ = true;
            message_done_ = true;
            co_return std::string_view{};
        case parse_event::error:
            closing_ = true;
            co_return parser_.error_code();
        case parse_event::head:
        case parse_event::need_more:
            break;
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
    begin_ += step.consumed;
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

asio::awaitable<void> connection::close_gracefully() {
    if (closed_) {
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
