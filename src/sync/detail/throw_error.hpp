// How the blocking faces (sync/) turn an engine's error code into the
// exception Python would raise, and run an engine's coroutine to its end.
#pragma once

#include <netkit/core/error.hpp>
#include <netkit/core/result.hpp>
#include <netkit/http/error.hpp>
#include <netkit/net/run.hpp>
#include <netkit/sync/error.hpp>

#include <asio/io_context.hpp>

#include <string>
#include <system_error>
#include <type_traits>

namespace netkit::sync::detail {

/// http_exception for a broken response, timeout_error for a time limit,
/// socket_error for the rest (resolve, connect, TLS, addresses). `what`
/// names the operation and where; the exception adds the reason.
[[noreturn]] inline void throw_error(const std::error_code& ec, const std::string& what) {
    if (ec.category() == http::error_category()) {
        throw http_exception(ec, what);
    }
    if (ec == condition::timed_out) {
        throw timeout_error(ec, what);
    }
    throw socket_error(ec, what);
}

/// Runs `op` on `io` until it finishes; its value, or throw_error(`what`).
template <class T>
T run_blocking(asio::io_context& io, asio::awaitable<result<T>> op, const std::string& what) {
    auto outcome = net::run_to_result(io, std::move(op));
    if (!outcome) {
        throw_error(outcome.error(), what);
    }
    if constexpr (!std::is_void_v<T>) {
        return std::move(*outcome);
    }
}

} // namespace netkit::sync::detail
