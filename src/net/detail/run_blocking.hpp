// Runs one coroutine of the implementation to completion on a private
// io_context: how the blocking face is built on the coroutine face.
#pragma once

#include <netkit/core/error.hpp>
#include <netkit/core/result.hpp>
#include <netkit/net/blocking.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/run.hpp>

#include <asio/io_context.hpp>

#include <exception>
#include <optional>
#include <string_view>

namespace netkit::net::detail {

[[noreturn]] inline void throw_socket_error(const std::error_code& ec, std::string_view what) {
    if (ec == condition::timed_out) {
        throw timeout_error(ec, std::string(what));
    }
    throw socket_error(ec, std::string(what));
}

/// Runs `op` on `io` until it finishes; returns its value or throws
/// socket_error / timeout_error with `what` naming the operation.
template <class T>
T run_blocking(asio::io_context& io, asio::awaitable<result<T>> op, std::string_view what) {
    auto outcome = net::run_to_result(io, std::move(op));
    if (!outcome) {
        throw_socket_error(outcome.error(), what);
    }
    if constexpr (!std::is_void_v<T>) {
        return std::move(*outcome);
    }
}

} // namespace netkit::net::detail
