// Coroutines that tests use as the far end of a connection.
#pragma once

#include <netkit/net/listener.hpp>
#include <netkit/net/stream.hpp>

#include <asio/awaitable.hpp>

#include <string>

namespace netkit::test {

/// Echoes everything `s` receives until the end of the stream, then half-closes.
asio::awaitable<void> echo(net::stream s);

/// Accepts one connection on `l` and echoes it.
asio::awaitable<void> accept_and_echo(net::listener& l);

/// The next connection on `l` the way a server's accept loop takes it:
/// wait_acceptable, then try_accept (a stream not yet registered with the
/// event loop). Throws when the listener fails.
asio::awaitable<net::stream> take_next(net::listener& l);

/// Sends `payload` (then half-closes) while reading everything that comes back
/// until the end of the stream, and returns it.
asio::awaitable<std::string> send_and_collect(net::stream& s, std::string payload);

/// `size` bytes of every value, in a pattern a shifted copy would not match.
std::string test_payload(std::size_t size);

} // namespace netkit::test
