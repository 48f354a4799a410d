#include <netkit/net/error.hpp>
#include <netkit/net/resolver.hpp>

#include "net/detail/asio_compat.hpp"
#include "net/detail/deadline.hpp"

#include <asio/this_coro.hpp>

#include <string>

namespace netkit::net {

asio::awaitable<result<std::vector<asio::ip::tcp::endpoint>>>
resolve(std::string_view host, std::uint16_t port, std::chrono::milliseconds timeout) {
    const std::string name = host.empty() ? std::string("localhost") : std::string(host);
    std::vector<asio::ip::tcp::endpoint> out;

    // Literals need no lookup (and no thread).
    std::error_code not_literal;
    const auto literal = asio::ip::make_address(name, not_literal);
    if (!not_literal) {
        out.emplace_back(literal, port);
        co_return out;
    }

    asio::ip::tcp::resolver resolver(co_await asio::this_coro::executor);
    // No AI_ADDRCONFIG: on a host with only loopback it would hide "localhost".
    auto [ec, results] = co_await detail::with_deadline(
        resolver.async_resolve(name, std::to_string(port), asio::ip::resolver_base::numeric_service,
                               detail::use_nothrow),
        timeout);
    if (ec == error::timed_out) {
        co_return ec;
    }
    if (ec || results.empty()) {
        co_return error::host_not_found;
    }
    for (const auto& entry : results) {
        out.push_back(entry.endpoint());
    }
    co_return out;
}

std::vector<asio::ip::tcp::endpoint> interleave_families(std::vector<asio::ip::tcp::endpoint> in) {
    if (in.empty()) {
        return in;
    }
    std::vector<asio::ip::tcp::endpoint> first;
    std::vector<asio::ip::tcp::endpoint> other;
    const bool first_is_v6 = in.front().address().is_v6();
    for (auto& ep : in) {
        (ep.address().is_v6() == first_is_v6 ? first : other).push_back(ep);
    }
    std::vector<asio::ip::tcp::endpoint> out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < std::max(first.size(), other.size()); ++i) {
        if (i < first.size()) {
            out.push_back(first[i]);
        }
        if (i < other.size()) {
            out.push_back(other[i]);
        }
    }
    return out;
}

} // namespace netkit::net
