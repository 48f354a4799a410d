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
// url_error (URLError), a status of 400 or more http_error (HTTPError); see
// url_error.hpp. A response that breaks HTTP throws http_exception, as
// http.client's exceptions come through Python's urlopen.
#pragma once

#include <netkit/http/engine/client.hpp>
#include <netkit/sync/http_connection.hpp> // http_exception, for a URL that is not http(s)
#include <netkit/sync/url_error.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace netkit::sync {

/// GET `url` (POST `data` when given) and return the response read whole.
/// With `cookies` (what urllib's HTTPCookieProcessor keeps), its cookies go
/// with the request and every redirect, and those the responses set are kept.
http::client_response urlopen(const std::string& url,
                              std::optional<std::string> data = std::nullopt,
                              std::chrono::milliseconds timeout = std::chrono::seconds(30),
                              std::shared_ptr<cookie::jar> cookies = nullptr);

} // namespace netkit::sync
