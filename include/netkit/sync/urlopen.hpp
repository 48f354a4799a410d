// urllib.request.urlopen for http:// and https:// URLs: one call, the
// response read whole, and HTTPError for a status of 400 or more.
//
//     auto r = netkit::sync::urlopen("http://127.0.0.1:8000/page.html");
//     std::cout << r.body << r.headers.get("Content-Type").value_or("");
//     try { netkit::sync::urlopen(url); }
//     catch (const netkit::sync::http_error& e) { e.code(); e.reason(); e.headers(); e.body(); }
//
// As urlopen: redirects followed, the proxies of the environment used, data
// turns the request into a POST. Failures to reach the server throw
// sync::socket_error / sync::timeout_error (URLError's cases).
#pragma once

#include <netkit/http/engine/client.hpp>
#include <netkit/sync/http_connection.hpp> // http_exception, for a URL that is not http(s)

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace netkit::sync {

/// urllib.error.HTTPError: the status, reason, headers and body of a response
/// whose status is 400 or more. what(): "HTTP Error 404: Not Found".
class http_error : public std::runtime_error {
public:
    explicit http_error(http::client_response r);
    int code() const noexcept { return response_.status; }
    const std::string& reason() const noexcept { return response_.reason; }
    const http::fields& headers() const noexcept { return response_.headers; }
    const std::string& body() const noexcept { return response_.body; }
    const std::string& url() const noexcept { return response_.url; }

private:
    http::client_response response_;
};

/// GET `url` (POST `data` when given) and return the response read whole.
/// With `cookies` (what urllib's HTTPCookieProcessor keeps), its cookies go
/// with the request and every redirect, and those the responses set are kept.
http::client_response urlopen(const std::string& url,
                              std::optional<std::string> data = std::nullopt,
                              std::chrono::milliseconds timeout = std::chrono::seconds(30),
                              std::shared_ptr<cookie::jar> cookies = nullptr);

} // namespace netkit::sync
