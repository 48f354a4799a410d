// urllib.request.OpenerDirector and build_opener for C++: a chain of
// handlers that opens URLs of every scheme, with Python's semantics.
//
//     auto jar = std::make_shared<netkit::cookie::cookiejar::cookie_jar>();
//     auto o = netkit::request::build_opener(
//         {std::make_shared<netkit::request::http_cookie_processor>(jar)});
//     auto r = co_await o->open(netkit::request::request("http://127.0.0.1:8000/login"));
//
// open() runs the request hooks of the request's scheme, then the open
// hooks (default_open, PROTOCOL_open, unknown_open), then the response
// hooks, each list in handler_order; a response marked raised (an
// HTTPError) stops there and is returned for the caller to raise. The
// blocking face (sync/urlopen.hpp) drives this on an io_context of its own.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/request/handler.hpp>
#include <netkit/request/request.hpp>
#include <netkit/request/response.hpp>

#include <asio/awaitable.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace netkit::request {

class opener {
public:
    opener() = default;
    opener(const opener&) = delete;
    opener& operator=(const opener&) = delete;

    /// Adds `h` under every hook it names (in handler_order; a handler of
    /// the same order as one already there goes after it, as Python's insort).
    void add_handler(std::shared_ptr<handler> h);
    const std::vector<std::shared_ptr<handler>>& handlers() const noexcept { return handlers_; }

    /// OpenerDirector.close: every handler's close().
    void close();

    /// Opens `r` with the hooks of its scheme.
    asio::awaitable<result<response_ptr>> open(request r);
    /// OpenerDirector.error('http', ...): asks the http_error_CODE
    /// handlers, then http_error_default ones. nullptr when none answers.
    asio::awaitable<result<response_ptr>> error(request& r, response_ptr resp);

    /// Fails an open with `ec`, and the words Python's URLError would carry
    /// ("ftp error: 530 Login incorrect."), which the blocking face shows.
    std::error_code fail(std::error_code ec, std::string detail) {
        failure_detail_ = std::move(detail);
        return ec;
    }
    /// What the last fail() said (empty after an open that did not call it).
    const std::string& failure_detail() const noexcept { return failure_detail_; }

    /// Headers every request gets unless it has them (Python's addheaders:
    /// User-agent), as unredirected headers, added by the HTTP handlers.
    header_pairs addheaders{{"User-agent", "netkit-urllib"}};

private:
    using chain = std::vector<handler*>;
    static void insert(chain& c, handler* h);
    asio::awaitable<result<response_ptr>> call_open(std::string_view kind, request& r);
    asio::awaitable<result<response_ptr>> call_error(int code, request& r, response_ptr& resp);

    std::vector<std::shared_ptr<handler>> handlers_;
    std::string failure_detail_;
    std::map<std::string, chain, std::less<>> request_hooks_;  // by protocol
    std::map<std::string, chain, std::less<>> open_hooks_;     // by protocol, "default", "unknown"
    std::map<std::string, chain, std::less<>> response_hooks_; // by protocol
    std::map<int, chain> error_hooks_;                         // by status; 0: default
};

/// build_opener: an opener with urllib's default handlers (proxies from the
/// environment, unknown, http, https, the default error handler, redirects,
/// ftp, file, data, the error processor), less any of whose kind one of
/// `handlers` is, and then `handlers`.
std::shared_ptr<opener> build_opener(std::vector<std::shared_ptr<handler>> handlers = {});

} // namespace netkit::request
