// What the server itself answers or records, whichever protocol the request
// came by (HTTP/1.1 on a connection, HTTP/2 on a stream): the access log's
// line, a handler that failed, no route for the request.
#pragma once

#include "http/engine/detail/server_state.hpp"

#include <netkit/http/engine/server.hpp>

#include <exception>
#include <string_view>

namespace netkit::http::detail {

/// Hands the access log (when there is one) the line for `r`, sent to
/// `remote_address` ("host:port") for `request_line` ("GET / HTTP/1.1").
void log_access(const server_state& state, std::string_view remote_address,
                std::string_view request_line, const server_response& r, bool head_only);

/// A handler threw: 500, and the reason in the log.
server_response handler_failed(const std::exception_ptr& failure);

/// Runs the part of `target` that answers at once: true when it filled
/// `response` (a throw fills it with a 500), false when its deferred part
/// must serve the request.
bool answer_at_once(const split_handler& target, server_request& request,
                    server_response& response);

/// The handler for `request` from the routes, or nullptr with `response`
/// set to the server's own answer (404, or 405 with Allow).
const split_handler* route(const server_state& state, server_request& request,
                           server_response& response);

} // namespace netkit::http::detail
