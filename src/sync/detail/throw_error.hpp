// The exception a blocking call throws for an engine's error code:
// http_exception for a broken response, net::timeout_error for a time limit,
// net::socket_error for the rest (resolve, connect, TLS). `what` names the
// host or URL; the exception adds the reason.
#pragma once

#include <netkit/core/error.hpp>
#include <netkit/http/error.hpp>
#include <netkit/net/blocking.hpp>
#include <netkit/sync/http_connection.hpp>

#include <string>
#include <system_error>

namespace netkit::sync::detail {

[[noreturn]] inline void throw_error(const std::error_code& ec, const std::string& what) {
    if (ec.category() == http::error_category()) {
        throw http_exception(ec, what);
    }
    if (ec == condition::timed_out) {
        throw net::timeout_error(ec, what);
    }
    throw net::socket_error(ec, what);
}

} // namespace netkit::sync::detail
