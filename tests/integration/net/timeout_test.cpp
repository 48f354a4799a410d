// Every operation can time out, and a timeout is its own condition. Each limit
// must be honoured within twice its length.
#include <netkit/net/connect.hpp>
#include <netkit/net/datagram.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/listener.hpp>

#include "support/pki.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace {

using namespace std::chrono_literals;
using netkit::net::endpoint;
using netkit::net::listener;
using netkit::test::run;
using clock_type = std::chrono::steady_clock;

constexpr auto limit = 300ms;

void expect_timed_out(const std::error_code& ec, clock_type::duration elapsed) {
    EXPECT_EQ(ec, netkit::net::error::timed_out) << ec.message();
    EXPECT_EQ(ec, netkit::condition::timed_out);
    // No upper bound: a busy machine may run late, and a limit that was
    // never applied shows as a hang that the test's own timeout ends.
    EXPECT_GE(elapsed, limit - 10ms) << "gave up before the limit";
}

TEST(timeout, connect_that_is_never_accepted) {
    asio::io_context io;
    netkit::net::listen_options tiny;
    tiny.backlog = 0;
    auto l = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0), tiny).value();
    // One connection fills the backlog; the kernel drops the next SYNs.
    auto filler = run(io, netkit::net::connect(endpoint("127.0.0.1", l.port())));
    ASSERT_TRUE(filler);

    netkit::net::connect_options options;
    options.timeout = limit;
    const auto start = clock_type::now();
    auto r = run(io, netkit::net::connect(endpoint("127.0.0.1", l.port()), options));
    ASSERT_FALSE(r);
    expect_timed_out(r.error(), clock_type::now() - start);
}

TEST(timeout, read_from_a_silent_peer) {
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    run(io, [&]() -> asio::awaitable<void> {
        auto client = co_await netkit::net::connect(endpoint("127.0.0.1", l.port()));
        auto server = co_await l.accept(); // accepted, and never writes
        client->set_timeout(limit);
        char c;
        const auto start = clock_type::now();
        auto r = co_await client->read_some(asio::buffer(&c, 1));
        expect_timed_out(r.error(), clock_type::now() - start);
    }());
}

TEST(timeout, tls_handshake_with_a_silent_peer) {
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    netkit::net::connect_options options;
    options.timeout = limit;
    options.tls = netkit::net::tls_context::client().value();
    run(io, [&]() -> asio::awaitable<void> {
        const auto start = clock_type::now();
        auto client = co_await netkit::net::connect(endpoint("127.0.0.1", l.port()), options);
        expect_timed_out(client.error(), clock_type::now() - start);
    }());
}

TEST(timeout, accept_with_no_client) {
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    l.set_timeout(limit);
    const auto start = clock_type::now();
    auto r = run(io, l.accept());
    expect_timed_out(r.error(), clock_type::now() - start);
}

TEST(timeout, udp_receive_with_no_datagram) {
    asio::io_context io;
    auto s = netkit::net::udp_socket::bind(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    s.set_timeout(limit);
    char buffer[16];
    asio::ip::udp::endpoint sender;
    const auto start = clock_type::now();
    auto r = run(io, s.receive_from(asio::buffer(buffer), sender));
    expect_timed_out(r.error(), clock_type::now() - start);
}

} // namespace
