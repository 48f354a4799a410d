// The client session, blocking: get, post, put, patch, del, head and request
// over pooled connections, following redirects, decoding when asked.
//
//     netkit::sync::client web;
//     auto r = web.get("https://example.org/");         // r.status, r.headers, r.body
//     auto p = web.post("http://127.0.0.1:8080/api", R"({"a":1})", "application/json");
//
// A status is not an exception (see http::client); failures to reach or
// understand the server throw as sync::http_connection's do, naming the URL.
#pragma once

#include <netkit/http/engine/client.hpp>
#include <netkit/sync/http_connection.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace netkit::sync {

class client {
public:
    explicit client(http::client_options options = {});
    client(const client&) = delete;
    client& operator=(const client&) = delete;
    ~client();

    /// The request, whole (http::client_request: method, URL, fields, a body
    /// of bytes, a file or a source, and sinks for the head and the body).
    http::client_response request(http::client_request r);
    http::client_response get(std::string url);
    http::client_response head(std::string url);
    http::client_response del(std::string url);
    http::client_response post(std::string url, std::string body, std::string_view content_type);
    http::client_response put(std::string url, std::string body, std::string_view content_type);
    http::client_response patch(std::string url, std::string body, std::string_view content_type);

    /// GET `url` into the file `path`: written to "path.part" and renamed
    /// once whole, so a failed download never leaves a truncated file under
    /// its name. The returned response has no body.
    http::client_response download(std::string url, const std::string& path);

private:
    http::client_response send(std::string method, std::string url, std::string body,
                               std::string_view content_type);
    std::unique_ptr<asio::io_context> io_;
    std::unique_ptr<http::client> engine_;
};

/// One-off requests for the simple case, on a session of their own.
http::client_response get(std::string url);
http::client_response post(std::string url, std::string body, std::string_view content_type);

} // namespace netkit::sync
