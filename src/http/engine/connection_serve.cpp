// Serving a request: the server's own answers (no Host, an expectation it
// cannot meet, no route), then the handler's; at once when nothing must wait,
// as a coroutine when the handler, the socket or an unread body makes it wait.
#include "http/engine/detail/connection.hpp"
#include "http/engine/detail/server_answers.hpp"

#include <netkit/core/ascii.hpp>

#include <array>
#include <exception>

namespace netkit::http::detail {
namespace {

// A body the handler left unread is read and dropped up to this size, to keep
// the connection; a larger one closes it instead.
constexpr std::uint64_t max_drain = 1024 * 1024;

} // namespace

void connection::describe(server_request& request) {
    enter(phase::busy);
    const message_head& head = parser_.head();
    request.source_ = this;
    request.head_ = head;
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
    request.split_target();
    closing_ = closing_ || !head.keep_alive;
    client_done_ = !head.keep_alive;
}

const split_handler* connection::choose(server_request& request, server_response& response) {
    const message_head& head = request.head();
    static constexpr std::array<std::string_view, 2> checked{"Host", "Expect"};
    std::array<const field_view*, 2> found;
    head.find_each(checked, found);
    const field_view* const host = found[0];
    const field_view* const expect = found[1];
    expect_continue_ = expect && iequals(expect->value, "100-continue") && head.version_minor >= 1;
    if (head.version_minor >= 1 && !host) {
        response = error_response(400, "Missing Host header"); // RFC 9112 §3.2
        response.close = true;
    } else if (expect && head.version_minor >= 1 && !expect_continue_) {
        response = error_response(417);
    } else if (head.form == target_form::authority) {
        response =
            error_response(501, "Unsupported method ('" + std::string(request.method()) + "')");
    } else {
        return route(state_, request, response);
    }
    return nullptr;
}

connection::early_send connection::start_response(const server_request& request,
                                                  server_response& response, bool head_only) {
    const message_head& head = request.head();
    if (response.close || state_.stopping.load(std::memory_order_relaxed)) {
        closing_ = true;
    }
    // A body nobody read: drop a small one to keep the connection, close for
    // a large one. A client still waiting for 100 Continue sends nothing.
    if (!body_done_) {
        const bool small =
            head.framing == body_framing::content_length && head.content_length <= max_drain;
        if (!small || expect_continue_) {
            closing_ = true;
        }
    }
    // Logged as the response starts, as http.server does: a client that has
    // its answer never sees its line come after the next request's.
    if (state_.options.access_log) {
        log(std::string(request.method()) + ' ' + std::string(head.target) + " HTTP/1." +
                static_cast<char>('0' + head.version_minor),
            response, head_only);
    }
    compose_head(response);
    // Most responses fit the socket's buffer: written here, with no
    // asynchronous operation and no frame for send().
    return send_now(response, head_only);
}

connection::served connection::serve_at_once() {
    server_request request;
    describe(request);
    server_response response;
    if (const auto* target = choose(request, response)) {
        if (!answer_at_once(*target, request, response)) {
            waiting_ = std::make_unique<waiting_request>(
                waiting_request{std::move(request), std::move(response), target});
            return served::must_wait; // the handler's coroutine
        }
    }
    const bool head_only = request.method() == "HEAD";
    const auto early = start_response(request, response, head_only);
    if (early.state == early_send::failed) {
        return served::closed;
    }
    if (early.state == early_send::unfinished || (!closing_ && !body_done_) || response.upgrade) {
        // The rest of the response waits for room in the socket, or the
        // body nobody read for the client to send it.
        waiting_ = std::make_unique<waiting_request>(
            waiting_request{std::move(request), std::move(response), nullptr, head_only, early});
        return served::must_wait;
    }
    if (!closing_) {
        finish_bodiless();
    }
    return closing_ ? served::closed : served::kept;
}

asio::awaitable<bool> connection::serve_waiting() {
    const std::unique_ptr<waiting_request> w = std::move(waiting_);
    if (w->handler) {
        std::exception_ptr failure;
        try {
            w->response = co_await w->handler->deferred(w->request);
        } catch (...) {
            failure = std::current_exception();
        }
        if (failure) {
            w->response = handler_failed(failure);
        }
        w->head_only = w->request.method() == "HEAD";
        w->sent = start_response(w->request, w->response, w->head_only);
    }
    if (w->sent.state == early_send::failed) {
        co_return false;
    }
    if (w->sent.state == early_send::unfinished) {
        const bool sent = co_await send(w->response, w->head_only, w->sent.written);
        if (!sent) {
            co_return false;
        }
    }
    if (w->response.status == 101 && w->response.upgrade) {
        // run() hands the stream over once this frame and the request are
        // gone: an upgraded connection (one of thousands of idle
        // WebSockets, say) keeps neither.
        upgrade_ = std::move(w->response.upgrade);
        co_return false;
    }
    if (!closing_) {
        if (body_done_) {
            finish_bodiless(); // the handler read the body, or there was none
        } else {
            co_await finish_request();
        }
    }
    co_return !closing_;
}

} // namespace netkit::http::detail
