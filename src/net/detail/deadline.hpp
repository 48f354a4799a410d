// Time limits for single operations, in one reusable place.
//
// with_deadline(op, limit) races `op` against a timer. When the timer wins,
// Asio cancels `op` through its cancellation slot and waits for it to finish
// (so no buffer is used after the caller moves on), and the result's error is
// net::error::timed_out. A limit of zero or less means no limit. Errors come
// back in the standard category (see system_error.hpp).
#pragma once

#include "net/detail/asio_compat.hpp"
#include "net/detail/system_error.hpp"

#include <netkit/core/result.hpp>
#include <netkit/net/error.hpp>

#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include <chrono>
#include <cstddef>
#include <system_error>
#include <tuple>
#include <utility>

namespace netkit::net::detail {

template <class Tuple>
asio::awaitable<Tuple> with_deadline(asio::awaitable<Tuple> op, std::chrono::milliseconds limit) {
    if (limit.count() <= 0) {
        auto outcome = co_await std::move(op);
        std::get<0>(outcome) = to_std(std::get<0>(outcome));
        co_return outcome;
    }
    using namespace asio::experimental::awaitable_operators;
    asio::steady_timer timer(co_await asio::this_coro::executor, limit);
    auto outcome = co_await (std::move(op) || timer.async_wait(use_nothrow));
    if (outcome.index() == 0) {
        auto done = std::get<0>(std::move(outcome));
        std::get<0>(done) = to_std(std::get<0>(done));
        co_return done;
    }
    Tuple timed_out{};
    std::get<0>(timed_out) = make_error_code(error::timed_out);
    co_return timed_out;
}

/// with_deadline for a transfer that completes with (error, bytes): the
/// number of bytes, or the error.
inline asio::awaitable<result<std::size_t>>
transfer_with_deadline(asio::awaitable<std::tuple<std::error_code, std::size_t>> op,
                       std::chrono::milliseconds limit) {
    auto [ec, n] = co_await with_deadline(std::move(op), limit);
    if (ec) {
        co_return ec;
    }
    co_return n;
}

/// with_deadline for a wait that completes with (error) alone: readiness.
inline asio::awaitable<result<void>>
wait_with_deadline(asio::awaitable<std::tuple<std::error_code>> op,
                   std::chrono::milliseconds limit) {
    auto [ec] = co_await with_deadline(std::move(op), limit);
    if (ec) {
        co_return ec;
    }
    co_return result<void>{};
}

} // namespace netkit::net::detail
