// Running a coroutine to completion from ordinary, blocking code: how the
// blocking faces (net/blocking.hpp, sync/) sit on the coroutine ones.
//
//     asio::io_context io(1);
//     auto s = netkit::net::run_to_result(io, netkit::net::connect(where));   // result<stream>
#pragma once

#include <netkit/core/result.hpp>

#include <asio/awaitable.hpp>
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <exception>
#include <memory>
#include <optional>

namespace netkit::net {

/// Runs `op` on `io` (which nothing else is running) until it finishes, and
/// returns its result; an exception it throws is rethrown here. When `io` is
/// stopped before `op` finishes, the result is std::errc::operation_canceled
/// (condition::canceled); what `op` writes if `io` runs it on later goes to
/// state it owns, never to this returned frame.
template <class T> result<T> run_to_result(asio::io_context& io, asio::awaitable<result<T>> op) {
    struct outcome_state {
        std::optional<result<T>> outcome;
        std::exception_ptr failure;
    };
    auto state = std::make_shared<outcome_state>();
    asio::co_spawn(
        io,
        [state, op = std::move(op)]() mutable -> asio::awaitable<void> {
            state->outcome.emplace(co_await std::move(op));
        },
        [state](std::exception_ptr e) { state->failure = e; });
    // Until `op` is done, not until `io` has nothing left: work that lives
    // on beyond one call (an HTTP/2 connection's loops, kept for the next
    // request) waits for the next call to run it.
    io.restart();
    while (!state->outcome && !state->failure && io.run_one() > 0) {
    }
    if (state->failure) {
        std::rethrow_exception(state->failure);
    }
    if (!state->outcome) {
        return std::make_error_code(std::errc::operation_canceled);
    }
    return std::move(*state->outcome);
}

} // namespace netkit::net
