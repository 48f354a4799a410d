// Name resolution: every address of a host, in getaddrinfo's order.
//
//     auto addresses = co_await netkit::net::resolve("localhost", 8080);
//     // [::1]:8080, 127.0.0.1:8080 (or whatever the system's order is)
#pragma once

#include <netkit/core/result.hpp>

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

namespace netkit::net {

/// Resolves `host` (a name or an address literal; empty means "localhost").
/// net::error::host_not_found when the name has no address.
asio::awaitable<result<std::vector<asio::ip::tcp::endpoint>>>
resolve(std::string_view host, std::uint16_t port,
        std::chrono::milliseconds timeout = std::chrono::seconds(30));

/// Orders addresses for connecting as RFC 8305 §4 asks: alternate between
/// the two families, starting with the family of the first address.
std::vector<asio::ip::tcp::endpoint> interleave_families(std::vector<asio::ip::tcp::endpoint> in);

} // namespace netkit::net
