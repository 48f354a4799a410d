#include <netkit/net/connect.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/resolver.hpp>

#include "net/detail/asio_compat.hpp"
#include "net/detail/deadline.hpp"
#include "net/detail/unix_path.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/this_coro.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <tuple>

namespace netkit::net {
namespace {

using asio::ip::tcp;
using detail::use_nothrow;
using detail::with_deadline;

// What the attempts of one Happy Eyeballs race share. Everything touching it
// runs on one strand, so no locking is needed.
/// Opens `socket` for `to` and binds it to `source` when one is set.
std::error_code bind_source(tcp::socket& socket, const tcp::endpoint& to,
                            const std::optional<asio::ip::address>& source) {
    if (!source) {
        return {};
    }
    if (source->is_v6() != to.address().is_v6()) {
        return std::make_error_code(std::errc::address_family_not_supported);
    }
    std::error_code ec;
    socket.open(to.protocol(), ec);
    if (!ec) {
        socket.bind(tcp::endpoint(*source, 0), ec);
    }
    return ec;
}

struct race {
    explicit race(asio::any_io_executor ex) : wake(ex) {}
    std::optional<tcp::socket> winner;
    std::error_code last_error = error::host_not_found;
    std::size_t running = 0;
    std::vector<tcp::socket*> live; // attempts in flight, closed once one wins
    asio::steady_timer wake;        // canceled whenever an attempt ends
};

asio::awaitable<void> attempt(std::shared_ptr<race> r, tcp::endpoint address,
                              connect_options options, asio::any_io_executor socket_ex) {
    tcp::socket socket(socket_ex);
    r->live.push_back(&socket);
    std::error_code ec = bind_source(socket, address, options.source);
    if (!ec) {
        std::tie(ec) =
            co_await with_deadline(socket.async_connect(address, use_nothrow), options.timeout);
    }
    std::erase(r->live, &socket);
    --r->running;
    if (!ec && !r->winner) {
        r->winner.emplace(std::move(socket));
    } else if (ec && ec != std::errc::operation_canceled) {
        r->last_error = ec;
    }
    r->wake.cancel();
}

asio::awaitable<void> run_race(std::shared_ptr<race> r, std::vector<tcp::endpoint> addresses,
                               connect_options options, asio::any_io_executor socket_ex) {
    auto ex = co_await asio::this_coro::executor;
    for (std::size_t i = 0; i < addresses.size() && !r->winner; ++i) {
        ++r->running;
        asio::co_spawn(ex, attempt(r, addresses[i], options, socket_ex), asio::detached);
        if (i + 1 < addresses.size()) {
            // The attempt runs alone for attempt_delay; if it ends sooner
            // (fails, say) the wait is cut short and the next one starts.
            r->wake.expires_after(options.attempt_delay);
            co_await r->wake.async_wait(use_nothrow);
        }
    }
    while (!r->winner && r->running > 0) {
        r->wake.expires_at(asio::steady_timer::time_point::max());
        co_await r->wake.async_wait(use_nothrow);
    }
    for (auto* loser : r->live) {
        std::error_code ignored;
        loser->close(ignored);
    }
}

asio::awaitable<result<tcp::socket>> connect_tcp(std::vector<tcp::endpoint> addresses,
                                                 const connect_options& options) {
    auto ex = co_await asio::this_coro::executor;
    if (addresses.size() == 1) {
        tcp::socket socket(ex);
        std::error_code ec = bind_source(socket, addresses.front(), options.source);
        if (!ec) {
            std::tie(ec) = co_await with_deadline(
                socket.async_connect(addresses.front(), use_nothrow), options.timeout);
        }
        if (ec) {
            co_return ec;
        }
        co_return std::move(socket);
    }
    auto strand = asio::make_strand(ex);
    auto r = std::make_shared<race>(strand);
    co_await asio::co_spawn(strand,
                            run_race(r, interleave_families(std::move(addresses)), options, ex),
                            asio::use_awaitable);
    if (!r->winner) {
        co_return r->last_error;
    }
    co_return std::move(*r->winner);
}

asio::awaitable<result<stream>> connect_unix(const std::string& path,
                                             const connect_options& options) {
    if (auto bad = detail::check_unix_path(path)) {
        co_return bad;
    }
    asio::local::stream_protocol::socket socket(co_await asio::this_coro::executor);
    auto [ec] = co_await with_deadline(
        socket.async_connect(asio::local::stream_protocol::endpoint(path), use_nothrow),
        options.timeout);
    if (ec) {
        co_return ec;
    }
    co_return stream(std::move(socket));
}

} // namespace

asio::awaitable<result<stream>> connect(std::vector<tcp::endpoint> addresses,
                                        connect_options options) {
    if (addresses.empty()) {
        co_return error::host_not_found;
    }
    auto socket = co_await connect_tcp(std::move(addresses), options);
    if (!socket) {
        co_return socket.error();
    }
    stream s(std::move(*socket));
    if (options.no_delay) {
        (void)s.set_no_delay(true);
    }
    if (!options.tls) {
        co_return s;
    }
    std::string host = options.tls_host.empty() ? std::string("localhost") : options.tls_host;
    s.set_timeout(options.timeout);
    auto secured = co_await stream::tls_connect(std::move(s), *options.tls, std::move(host));
    if (secured) {
        secured->set_timeout(std::chrono::milliseconds(0));
    }
    co_return secured;
}

asio::awaitable<result<stream>> connect(endpoint where, connect_options options) {
    if (where.is_unix()) {
        co_return co_await connect_unix(where.unix_path, options);
    }
    auto addresses = co_await resolve(where.host, where.port, options.timeout);
    if (!addresses) {
        co_return addresses.error();
    }
    if (options.tls_host.empty()) {
        options.tls_host = where.host;
    }
    co_return co_await connect(std::move(*addresses), std::move(options));
}

asio::awaitable<result<stream>> connect(endpoint where) {
    return connect(std::move(where), connect_options{});
}

} // namespace netkit::net
