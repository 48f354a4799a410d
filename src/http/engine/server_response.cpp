#include <netkit/cookie/cookie_header.hpp>
#include <netkit/core/escape.hpp>
#include <netkit/http/engine/server.hpp>

#include <netkit/http/status.hpp>

#include <unistd.h>

#include <string>

namespace netkit::http {
namespace {

// http.server's explanations (http.HTTPStatus descriptions) for the
// statuses a server sends on its own.
std::string_view explanation(int status) noexcept {
    switch (status) {
    case 400: return "Bad request syntax or unsupported method";
    case 403: return "Request forbidden -- authorization will not help";
    case 404: return "Nothing matches the given URI";
    case 405: return "Specified method is invalid for this resource";
    case 408: return "Request timed out; try again later";
    case 409: return "Request conflict";
    case 411: return "Client must specify Content-Length";
    case 412: return "Precondition in headers is false";
    case 413: return "Entity is too large";
    case 414: return "URI is too long";
    case 415: return "Entity body in unsupported format";
    case 416: return "Cannot satisfy request range";
    case 417: return "Expect condition could not be satisfied";
    case 431:
        return "The server is unwilling to process the request because its header fields are "
               "too large";
    case 500: return "Server got itself in trouble";
    case 501: return "Server does not support this operation";
    case 503: return "The server cannot process the request due to a high load";
    case 505: return "Cannot fulfill request";
    default: return reason_phrase(status);
    }
}

} // namespace

server_response::server_response(int status_code, std::string text, std::string_view content_type)
    : status(status_code), body(std::move(text)) {
    if (!body.empty()) {
        (void)headers.set("Content-Type", content_type);
    }
}

server_response::server_response(http::response r)
    : status(r.status), reason(std::move(r.reason)), headers(std::move(r.headers)),
      body(std::move(r.body)) {}

result<void> server_response::set_cookie(const cookie::morsel& m) {
    auto value = cookie::set_cookie_value(m);
    if (!value) {
        return value.error();
    }
    return headers.add("Set-Cookie", *value);
}

std::uint64_t server_response::body_size() const noexcept {
    std::uint64_t size = body.size();
    for (const auto& part : parts) {
        if (const auto* text = std::get_if<std::string>(&part)) {
            size += text->size();
        } else if (const auto* shared = std::get_if<shared_text>(&part)) {
            size += (*shared)->size();
        } else {
            size += std::get<file_part>(part).length;
        }
    }
    return size;
}

server_response error_response(int status, std::string_view message) {
    const std::string_view shown = message.empty() ? reason_phrase(status) : message;
    std::string page = "<!DOCTYPE HTML>\n"
                       "<html lang=\"en\">\n"
                       "    <head>\n"
                       "        <meta charset=\"utf-8\">\n"
                       "        <title>Error response</title>\n"
                       "    </head>\n"
                       "    <body>\n"
                       "        <h1>Error response</h1>\n"
                       "        <p>Error code: " +
                       std::to_string(status) +
                       "</p>\n"
                       "        <p>Message: " +
                       html_escape(shown, false) +
                       ".</p>\n"
                       "        <p>Error code explanation: " +
                       std::to_string(status) + " - " + html_escape(explanation(status), false) +
                       ".</p>\n"
                       "    </body>\n"
                       "</html>\n";
    server_response r(status, std::move(page), "text/html;charset=utf-8");
    r.error = std::string(shown);
    return r;
}

} // namespace netkit::http
