#include "http/engine/detail/server_answers.hpp"

#include <netkit/core/escape.hpp>

#include <string>

namespace netkit::http::detail {
namespace {

// The request line for the log, as http.server writes it: read as
// ISO-8859-1, controls (C0 and C1) escaped, backslashes doubled.
std::string loggable(std::string_view text) {
    return escape_controls(text.substr(0, 8 * 1024), {.escape_backslash = true, .latin1 = true});
}

std::string_view host_of(std::string_view address) {
    if (!address.empty() && address.front() == '[') {
        return address.substr(1, address.find(']') - 1);
    }
    return address.substr(0, address.rfind(':'));
}

} // namespace

void log_access(const server_state& state, std::string_view remote_address,
                std::string_view request_line, const server_response& r, bool head_only) {
    if (!state.options.access_log) {
        return;
    }
    access_entry e;
    e.remote_host = host_of(remote_address);
    const std::string line = loggable(request_line);
    e.request_line = line;
    e.status = r.status;
    e.body_bytes = head_only ? 0 : r.body_size();
    e.error = r.error;
    try {
        state.options.access_log(e);
    } catch (...) {
        // A failing log must not take the connection down.
    }
}

server_response handler_failed(const std::exception_ptr& failure) {
    std::string why = "unknown exception";
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& e) {
        why = e.what();
    } catch (...) {
    }
    auto r = error_response(500, "Internal Server Error");
    r.error = "handler failed: " + why;
    return r;
}

bool answer_at_once(const split_handler& target, server_request& request,
                    server_response& response) {
    try {
        return target.immediate && target.immediate(request, response);
    } catch (...) {
        response = handler_failed(std::current_exception());
        return true;
    }
}

const split_handler* route(const server_state& state, server_request& request,
                           server_response& response) {
    const auto match = state.routes.find(request);
    if (match.target) {
        return match.target;
    }
    if (match.allow.empty()) {
        response = error_response(404, "File not found");
    } else {
        response = error_response(405);
        (void)response.headers.set("Allow", match.allow);
    }
    return nullptr;
}

} // namespace netkit::http::detail
