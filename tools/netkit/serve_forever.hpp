// The accept loop the servers of the command share.
#pragma once

#include <netkit/net/listener.hpp>
#include <netkit/net/stream.hpp>

#include <asio/awaitable.hpp>

#include <functional>

namespace netkit::cli {

/// Accepts connections until the listener closes, handing each to
/// `on_connection`. When accepting fails (out of file descriptors, say) it
/// waits a moment instead of spinning, and goes on.
asio::awaitable<void> serve_forever(net::listener& listener,
                                    std::function<void(net::stream)> on_connection);

} // namespace netkit::cli
