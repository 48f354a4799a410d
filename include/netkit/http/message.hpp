// Request and response values: what a client sends and a server answers,
// owned and ready to serialize (serializer.hpp).
//
//     netkit::http::request r{"POST", "/api"};
//     r.headers.set("Content-Type", "application/json").value();
//     r.body = R"({"a":1})";
#pragma once

#include <netkit/http/fields.hpp>

#include <string>

namespace netkit::http {

struct request {
    std::string method = "GET";
    std::string target = "/";
    int version_minor = 1; ///< HTTP/1.1, or 0 for HTTP/1.0 (one digit)
    http::fields headers;
    std::string body;
};

/// A whole response message, as the serializer writes it and the client
/// returns it (client_response adds where it came from). The server's
/// responses are server_response (http/engine/server.hpp): they send files
/// and shared fields without copying them into a body.
struct response {
    int status = 200;
    std::string reason; ///< empty: the standard phrase for the status
    int version_minor = 1;
    http::fields headers;
    std::string body;
    int version_major = 1; ///< 2: it came over HTTP/2 (version_minor 0)
};

} // namespace netkit::http
