#include <netkit/request/opener.hpp>

#include <netkit/request/error.hpp>
#include <netkit/request/ftp_handler.hpp>
#include <netkit/request/http_handlers.hpp>
#include <netkit/request/local_handlers.hpp>
#include <netkit/request/proxy_handler.hpp>
#include <netkit/request/redirect_handler.hpp>

#include <algorithm>
#include <charconv>

namespace netkit::request {

result<void> handler::process_request(std::string_view, request&) {
    return {};
}

asio::awaitable<result<response_ptr>> handler::open(std::string_view, request&) {
    co_return response_ptr();
}

asio::awaitable<result<response_ptr>> handler::process_response(std::string_view, request&,
                                                                response_ptr resp) {
    co_return std::move(resp);
}

asio::awaitable<result<response_ptr>> handler::http_error(int, request&, response_ptr&) {
    co_return response_ptr();
}

void opener::insert(chain& c, handler* h) {
    // bisect.insort: after every handler of the same order.
    const auto at = std::upper_bound(c.begin(), c.end(), h, [](handler* a, handler* b) {
        return a->handler_order() < b->handler_order();
    });
    c.insert(at, h);
}

// Python finds a handler's hooks by its method names: "PROTOCOL_request",
// "PROTOCOL_open", "PROTOCOL_response", "http_error_CODE", "http_error_default".
void opener::add_handler(std::shared_ptr<handler> h) {
    bool added = false;
    for (const std::string& hook : h->hooks()) {
        const auto underscore = hook.find('_');
        if (underscore == std::string::npos || underscore == 0) {
            continue;
        }
        const std::string protocol = hook.substr(0, underscore);
        const std::string_view condition = std::string_view(hook).substr(underscore + 1);
        if (condition.starts_with("error_")) {
            if (protocol != "http") {
                continue; // only HTTP's errors go through error()
            }
            const std::string_view kind = condition.substr(6);
            int code = 0;
            if (kind != "default") {
                const auto [end, ec] =
                    std::from_chars(kind.data(), kind.data() + kind.size(), code);
                if (ec != std::errc() || end != kind.data() + kind.size() || code <= 0) {
                    continue;
                }
            }
            insert(error_hooks_[code], h.get());
        } else if (condition == "open") {
            insert(open_hooks_[protocol], h.get());
        } else if (condition == "request") {
            insert(request_hooks_[protocol], h.get());
        } else if (condition == "response") {
            insert(response_hooks_[protocol], h.get());
        } else {
            continue;
        }
        added = true;
    }
    if (added) {
        h->parent_ = this;
        const auto at = std::upper_bound(
            handlers_.begin(), handlers_.end(), h,
            [](const auto& a, const auto& b) { return a->handler_order() < b->handler_order(); });
        handlers_.insert(at, std::move(h));
    }
}

void opener::close() {
    for (const auto& h : handlers_) {
        h->close();
    }
}

asio::awaitable<result<response_ptr>> opener::call_open(std::string_view kind, request& r) {
    const auto found = open_hooks_.find(kind);
    if (found == open_hooks_.end()) {
        co_return response_ptr();
    }
    // A copy: a handler may add handlers while it opens.
    const chain handlers = found->second;
    for (handler* h : handlers) {
        auto answer = co_await h->open(kind, r);
        if (!answer || *answer) {
            co_return answer;
        }
    }
    co_return response_ptr();
}

asio::awaitable<result<response_ptr>> opener::open(request r) {
    failure_detail_.clear();
    const std::string protocol = r.type();
    if (const auto found = request_hooks_.find(protocol); found != request_hooks_.end()) {
        const chain handlers = found->second;
        for (handler* h : handlers) {
            if (auto prepared = h->process_request(protocol, r); !prepared) {
                co_return prepared.error();
            }
        }
    }
    // _open: default_open, then PROTOCOL_open (of the type the request has
    // now), then unknown_open.
    auto answer = co_await call_open("default", r);
    if (answer && !*answer) {
        answer = co_await call_open(r.type(), r);
    }
    if (answer && !*answer) {
        answer = co_await call_open("unknown", r);
    }
    if (!answer) {
        co_return answer.error();
    }
    if (!*answer) {
        co_return make_error_code(error::not_handled);
    }
    response_ptr resp = std::move(*answer);
    if (const auto found = response_hooks_.find(protocol); found != response_hooks_.end()) {
        const chain handlers = found->second;
        for (handler* h : handlers) {
            if (resp->raised) {
                break; // an HTTPError: raised past the remaining hooks
            }
            auto next = co_await h->process_response(protocol, r, std::move(resp));
            if (!next) {
                co_return next.error();
            }
            if (!*next) {
                co_return make_error_code(error::not_handled);
            }
            resp = std::move(*next);
        }
    }
    co_return std::move(resp);
}

asio::awaitable<result<response_ptr>> opener::call_error(int code, request& r, response_ptr& resp) {
    const auto found = error_hooks_.find(code);
    if (found == error_hooks_.end()) {
        co_return response_ptr();
    }
    const chain handlers = found->second;
    for (handler* h : handlers) {
        auto answer = co_await h->http_error(code, r, resp);
        if (!answer || *answer) {
            co_return answer;
        }
    }
    co_return response_ptr();
}

asio::awaitable<result<response_ptr>> opener::error(request& r, response_ptr resp) {
    auto answer = co_await call_error(resp->status, r, resp);
    if (answer && !*answer && resp) {
        answer = co_await call_error(0, r, resp);
    }
    co_return answer;
}

namespace {

// Python skips a default handler class when one of the given handlers is
// an instance of it (a subclass included).
template <class Default, class... Args>
void add_default(opener& o, const std::vector<std::shared_ptr<handler>>& given, Args&&... args) {
    const bool replaced = std::any_of(given.begin(), given.end(), [](const auto& h) {
        return dynamic_cast<const Default*>(h.get()) != nullptr;
    });
    if (!replaced) {
        o.add_handler(std::make_shared<Default>(std::forward<Args>(args)...));
    }
}

} // namespace

std::shared_ptr<opener> build_opener(std::vector<std::shared_ptr<handler>> handlers) {
    auto o = std::make_shared<opener>();
    add_default<proxy_handler>(*o, handlers);
    add_default<unknown_handler>(*o, handlers);
    add_default<http_handler>(*o, handlers);
    add_default<http_default_error_handler>(*o, handlers);
    add_default<http_redirect_handler>(*o, handlers);
    add_default<ftp_handler>(*o, handlers);
    add_default<file_handler>(*o, handlers);
    add_default<http_error_processor>(*o, handlers);
    add_default<data_handler>(*o, handlers);
    add_default<https_handler>(*o, handlers);
    for (auto& h : handlers) {
        o->add_handler(std::move(h));
    }
    return o;
}

} // namespace netkit::request
