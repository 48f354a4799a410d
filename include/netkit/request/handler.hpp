// urllib.request.BaseHandler for C++: a handler says which of Python's hooks
// it has, by their Python names, and the opener calls them in Python's order
// (handler_order, lower first).
//
//     // A handler that adds a header to every http and https request.
//     class signer : public netkit::request::handler {
//     public:
//         std::vector<std::string> hooks() const override {
//             return {"http_request", "https_request"};
//         }
//         netkit::result<void> process_request(std::string_view, request& r) override {
//             r.add_unredirected_header("X-Signed", "yes");
//             return {};
//         }
//     };
//
// The hooks, as in Python:
// - PROTOCOL_request ("http_request"): prepares the request before it opens.
// - PROTOCOL_open ("https_open"), default_open (asked first), unknown_open
//   (asked last): the first handler to return a response wins; nullptr (Python's
//   None) lets the next one try.
// - PROTOCOL_response: sees, and may replace, the response.
// - http_error_CODE ("http_error_302") and http_error_default: asked by the
//   opener's error() (the HTTPErrorProcessor asks for any status outside 2xx),
//   the first answer wins; the default handler marks the response raised,
//   which the blocking face throws as http_error.
// Errors are values (result<>): an error ends the open, as an exception
// raised in a Python handler does.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/request/request.hpp>
#include <netkit/request/response.hpp>

#include <asio/awaitable.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace netkit::request {

class opener;

class handler {
public:
    virtual ~handler() = default;

    /// Handlers are asked in this order, lower first (Python's default 500;
    /// proxies 100, the error processor 1000).
    virtual int handler_order() const { return 500; }
    /// The hooks this handler has, by Python's method names.
    virtual std::vector<std::string> hooks() const = 0;

    /// PROTOCOL_request, for `protocol` ("http", ...).
    virtual result<void> process_request(std::string_view protocol, request& r);
    /// PROTOCOL_open, default_open ("default") or unknown_open ("unknown"):
    /// a response, or nullptr to let the next handler try.
    virtual asio::awaitable<result<response_ptr>> open(std::string_view protocol, request& r);
    /// PROTOCOL_response: the response to go on with (this one, or another).
    virtual asio::awaitable<result<response_ptr>> process_response(std::string_view protocol,
                                                                   request& r, response_ptr resp);
    /// http_error_CODE, or http_error_default when `code` is 0: a response
    /// (taking `resp`), or nullptr leaving `resp` to the next handler.
    virtual asio::awaitable<result<response_ptr>> http_error(int code, request& r,
                                                             response_ptr& resp);
    /// BaseHandler.close: lets go of what the handler holds open (pooled
    /// connections, logged-in FTP sessions). The opener calls it when it
    /// closes, since those run on the opener's io_context, which a handler
    /// the caller still holds must not outlive with them.
    virtual void close() {}

protected:
    /// The opener this handler was added to (its add_parent), for handlers
    /// that open again (redirects, proxies, authentication).
    opener& parent() const { return *parent_; }

private:
    friend class opener;
    opener* parent_ = nullptr;
};

} // namespace netkit::request
