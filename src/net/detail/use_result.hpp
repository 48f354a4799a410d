// A completion token for coroutines that want a byte count or an error as
// netkit::result, straight from the operation:
//
//     result<std::size_t> n = co_await socket.async_read_some(buffer, use_result);
//     result<void> ready = co_await socket.async_wait(wait_read, use_result);
//
// the same as use_nothrow followed by a conversion, without the coroutine
// frame that a converting coroutine costs every read and write.
#pragma once

#include "net/detail/system_error.hpp"

#include <netkit/core/result.hpp>

#include <asio/associator.hpp>
#include <asio/async_result.hpp>
#include <asio/use_awaitable.hpp>

#include <cstddef>
#include <system_error>
#include <type_traits>
#include <utility>

namespace netkit::net::detail {

struct use_result_t {};
inline constexpr use_result_t use_result{};

/// Completes `Handler` (the awaiting coroutine's) with the result.
template <typename Handler> struct result_handler {
    Handler handler;

    void operator()(std::error_code ec, std::size_t n) {
        std::move(handler)(ec ? result<std::size_t>(to_std(ec)) : result<std::size_t>(n));
    }
    void operator()(std::error_code ec) {
        std::move(handler)(ec ? result<void>(to_std(ec)) : result<void>());
    }
};

/// What the awaiting coroutine gets from an operation that completes with
/// `Signature`.
template <typename Signature> struct result_of;
template <> struct result_of<void(std::error_code, std::size_t)> {
    using type = result<std::size_t>;
};
template <> struct result_of<void(std::error_code)> { using type = result<void>; };

} // namespace netkit::net::detail

namespace asio {

template <typename Signature>
requires requires {
    typename netkit::net::detail::result_of<Signature>::type;
}
struct async_result<netkit::net::detail::use_result_t, Signature>
    : async_result<use_awaitable_t<>,
                   void(typename netkit::net::detail::result_of<Signature>::type)> {
    using awaiting = async_result<use_awaitable_t<>,
                                  void(typename netkit::net::detail::result_of<Signature>::type)>;

    template <typename Initiation, typename... Args>
    static auto initiate(Initiation&& initiation, netkit::net::detail::use_result_t,
                         Args&&... args) {
        // The operation gets a handler that converts, then completes the
        // coroutine's own.
        return awaiting::initiate(
            [initiation = std::forward<Initiation>(initiation)](auto&& handler,
                                                                auto&&... rest) mutable {
                using inner = std::decay_t<decltype(handler)>;
                std::move(initiation)(
                    netkit::net::detail::result_handler<inner>{
                        std::forward<decltype(handler)>(handler)},
                    std::forward<decltype(rest)>(rest)...);
            },
            use_awaitable, std::forward<Args>(args)...);
    }
};

// The wrapped handler's executor, allocator and cancellation slot are the
// coroutine's.
template <template <typename, typename> class Associator, typename Handler, typename Default>
struct associator<Associator, netkit::net::detail::result_handler<Handler>, Default>
    : Associator<Handler, Default> {
    static typename Associator<Handler, Default>::type
    get(const netkit::net::detail::result_handler<Handler>& h,
        const Default& d = Default()) noexcept {
        return Associator<Handler, Default>::get(h.handler, d);
    }
};

} // namespace asio
