// urllib's HTTP handlers: HTTPHandler and HTTPSHandler open http:// and
// https:// requests over a pool of keep-alive connections, with the body
// streamed as it is read; HTTPErrorProcessor hands a status outside 2xx to
// the opener's error handlers; HTTPDefaultErrorHandler makes what none of
// them took an HTTPError.
//
//     netkit::net::tls_client_config tls;
//     tls.ca_file = "ca.pem";                                     // urlopen(context=...)
//     auto o = netkit::request::build_opener(
//         {std::make_shared<netkit::request::https_handler>(tls)});
//
// As Python's: a request with data gets Content-type
// application/x-www-form-urlencoded unless it says otherwise, and
// Content-length; the opener's addheaders (User-agent) are added as
// unredirected headers; Accept-Encoding: identity is sent unless the
// request names an encoding (the body is given as it came). Unlike Python,
// which sends Connection: close and opens a connection per request, a
// connection whose response was read to its end is kept for the next
// request to the same origin.
#pragma once

#include <netkit/http/engine/client.hpp>
#include <netkit/net/tls.hpp>
#include <netkit/request/handler.hpp>

#include <memory>

namespace netkit::request {

/// AbstractHTTPHandler: do_request_ and do_open.
class abstract_http_handler : public handler {
public:
    result<void> process_request(std::string_view protocol, request& r) override;
    asio::awaitable<result<response_ptr>> open(std::string_view protocol, request& r) override;
    /// Closes the idle connections it keeps.
    void close() override;

protected:
    explicit abstract_http_handler(net::tls_client_config tls);

private:
    net::tls_client_config tls_;
    std::unique_ptr<http::client> client_;
};

class http_handler : public abstract_http_handler {
public:
    http_handler() : abstract_http_handler({}) {}
    std::vector<std::string> hooks() const override { return {"http_request", "http_open"}; }
};

class https_handler : public abstract_http_handler {
public:
    /// Verification on against the system's trust store unless `tls` says
    /// otherwise (Python's context argument).
    explicit https_handler(net::tls_client_config tls = {})
        : abstract_http_handler(std::move(tls)) {}
    std::vector<std::string> hooks() const override { return {"https_request", "https_open"}; }
};

/// HTTPErrorProcessor (order 1000): a status outside 200-299 goes to the
/// opener's error(), whose answer (a redirect followed, an HTTPError)
/// replaces the response.
class http_error_processor : public handler {
public:
    int handler_order() const override { return 1000; }
    std::vector<std::string> hooks() const override { return {"http_response", "https_response"}; }
    asio::awaitable<result<response_ptr>> process_response(std::string_view protocol, request& r,
                                                           response_ptr resp) override;
};

/// HTTPDefaultErrorHandler: every error no other handler took is raised
/// (the response marked raised, its body still readable).
class http_default_error_handler : public handler {
public:
    std::vector<std::string> hooks() const override { return {"http_error_default"}; }
    asio::awaitable<result<response_ptr>> http_error(int code, request& r,
                                                     response_ptr& resp) override;
};

} // namespace netkit::request
