// The one place that names Asio spellings that moved between versions.
// Debian 12 ships Asio 1.22.1, where as_tuple and the awaitable operators are
// still under asio::experimental; later versions moved as_tuple out of it.
#pragma once

#include <asio/use_awaitable.hpp>
#include <asio/version.hpp>

#if ASIO_VERSION >= 102400
#include <asio/as_tuple.hpp>
#else
#include <asio/experimental/as_tuple.hpp>
#endif
#include <asio/experimental/awaitable_operators.hpp>

namespace netkit::net::detail {

#if ASIO_VERSION >= 102400
using asio::as_tuple;
#else
using asio::experimental::as_tuple;
#endif

/// Completion token for coroutines that want errors as values:
/// `auto [ec, n] = co_await socket.async_read_some(buf, use_nothrow);`
inline constexpr auto use_nothrow = as_tuple(asio::use_awaitable);

} // namespace netkit::net::detail
