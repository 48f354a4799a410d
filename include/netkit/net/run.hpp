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
#include <optional>

namespace netkit::net {

/// Runs `op` on `io` (which nothing else is running) until it finishes, and
/// returns its result; an exception it throws is rethrown here.
template <class T>
result<T> run_to_result(asio::io_context& io, asio::awaitable<result<T>> op) {
    std::optional<result<T>> outcome;
    std::exception_ptr failure;
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { outcome.emplace(co_await std::move(op)); },
        [&](std::exception_ptr e) { failure = e; });
    io.restart();
    io.run();
    if (failure) {
        std::rethrow_exception(failure);
    }
    return std::move(*outcome);
}

} // namespace netkit::net
