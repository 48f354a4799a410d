// The XML-RPC client, as a coroutine: Python's ServerProxy over netkit's
// HTTP client (its pool of keep-alive connections, HTTPS with verification,
// proxies, time limits).
//
//     netkit::xmlrpc::client rpc("http://127.0.0.1:8000/RPC2");
//     auto r = co_await rpc.call("examples.add", {2, 3});
//     if (r && !r->fault && r->status == 200) use(r->result);   // 5
//
// As ServerProxy: a URL without a path posts to /RPC2; a URL's user-info is
// sent as Basic credentials with every call; redirects are answers, not
// followed; responses in gzip are asked
// for and decoded (within the reading limit), and request bodies of at
// least `gzip_threshold` bytes are sent in gzip. A fault or an HTTP status
// other than 200 is an answer (reply), as Python raises Fault and
// ProtocolError for them; an answer that is not XML-RPC is an
// xmlrpc::error, and failing to reach the server the HTTP client's error.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/http/engine/client.hpp>
#include <netkit/xmlrpc/codec.hpp>

#include <asio/awaitable.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace netkit::xmlrpc {

struct client_options {
    /// Time limits, TLS, proxies, extra headers (default_headers), tracing.
    http::client_options http{};
    /// How calls are written: allow_none, allow_i8.
    write_options writing{};
    /// How answers are read: their size (after gzip) and nesting.
    read_limits reading{};
    /// Send request bodies of this many bytes or more in gzip (Python's
    /// encode_threshold); 0: never.
    std::size_t gzip_threshold = 0;
    /// Ask for gzip responses (Python's accept_gzip_encoding).
    bool accept_gzip = true;
    /// Keep the last call's documents (last_request(), last_response()):
    /// a copy of each, for a person debugging; off, calls copy nothing.
    bool keep_documents = false;
};

/// A call's answer from the server.
struct reply {
    int status = 200; ///< the HTTP status: another than 200 is Python's ProtocolError
    std::string reason;
    http::fields headers;
    std::optional<xmlrpc::fault> fault; ///< the server's fault, if it answered with one
    value result;                       ///< the result, when neither of those

    bool ok() const noexcept { return status == 200 && !fault; }
};

/// One call of a system.multicall.
struct call_spec {
    std::string method;
    std::vector<value> params;
};

class client {
public:
    /// An http:// or https:// URL; std::invalid_argument for another
    /// ("unsupported XML-RPC protocol", as Python says).
    explicit client(std::string url, client_options options = {});

    asio::awaitable<result<reply>> call(std::string method, std::vector<value> params);
    /// system.multicall: one request; `whole` is its reply (an HTTP error or
    /// a fault of the request as a whole, as when the server has no
    /// system.multicall) and, when it is ok(), `calls` has each call's
    /// result or fault in order.
    struct multicall_reply {
        reply whole;
        std::vector<reply> calls;
    };
    asio::awaitable<result<multicall_reply>> multicall(std::vector<call_spec> calls);

    /// The URL calls go to, without credentials.
    const std::string& url() const noexcept { return url_; }
    /// The last request and response documents, with keep_documents (for
    /// `netkit xmlrpc -v`); empty otherwise.
    const std::string& last_request() const noexcept { return last_request_; }
    const std::string& last_response() const noexcept { return last_response_; }

private:
    client_options options_;
    std::string url_;
    std::string authorization_; // "Basic ...", from the URL's user-info
    http::client http_;
    std::string last_request_, last_response_;
};

} // namespace netkit::xmlrpc
