// Running coroutines to completion inside a test.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <exception>
#include <optional>

namespace netkit::test {

/// Spawns `a` on `io`, runs `io` until `a` finishes, and returns what `a`
/// returned (rethrowing what it threw). Other coroutines on `io` (a server
/// the test started) stay suspended until the next run.
template <class T> T run(asio::io_context& io, asio::awaitable<T> a) {
    std::optional<T> out;
    std::exception_ptr failure;
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(a)); },
        [&](std::exception_ptr e) {
            failure = e;
            io.stop();
        });
    io.restart();
    io.run();
    if (failure) {
        std::rethrow_exception(failure);
    }
    return std::move(*out);
}

inline void run(asio::io_context& io, asio::awaitable<void> a) {
    std::exception_ptr failure;
    asio::co_spawn(io, std::move(a), [&](std::exception_ptr e) {
        failure = e;
        io.stop();
    });
    io.restart();
    io.run();
    if (failure) {
        std::rethrow_exception(failure);
    }
}

} // namespace netkit::test
