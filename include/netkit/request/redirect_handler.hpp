// urllib's HTTPRedirectHandler: 301, 302, 303, 307 and 308 followed by
// Python's rules.
//
// - Location (or URI) is read as Python reads it: a missing path becomes
//   "/", bytes outside printable ASCII and spaces are percent-encoded, and
//   the result is resolved against the request's URL. Only http, https and
//   ftp targets are followed; another scheme is an HTTPError.
// - GET and HEAD are redirected by all five codes, POST by 301, 302 and 303
//   only (as a GET without its body and its Content-length and
//   Content-type); anything else is an HTTPError with the 30x's status.
// - The new request is unverifiable, keeps the first request's
//   origin_req_host and its redirected headers (not the unredirected ones).
// - A URL reached max_repeats times, or max_redirections redirects in all,
//   is an HTTPError ("...would lead to an infinite loop...").
#pragma once

#include <netkit/request/handler.hpp>

#include <optional>

namespace netkit::request {

class http_redirect_handler : public handler {
public:
    int max_repeats = 4;
    int max_redirections = 10;

    std::vector<std::string> hooks() const override {
        return {"http_error_301", "http_error_302", "http_error_303", "http_error_307",
                "http_error_308"};
    }
    asio::awaitable<result<response_ptr>> http_error(int code, request& r,
                                                     response_ptr& resp) override;

    /// The request to send to `new_url` for a `code` answer to `r`, or
    /// nullopt when it may not be redirected (then the 30x is raised).
    /// Override to change the rules (Python's redirect_request).
    virtual std::optional<request> redirect_request(const request& r, int code,
                                                    const std::string& new_url);
};

} // namespace netkit::request
