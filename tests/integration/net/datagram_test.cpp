// UDP and Unix datagram sockets over real sockets.
#include <netkit/net/datagram.hpp>
#include <netkit/net/error.hpp>

#include "support/echo_peer.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

namespace {

using namespace std::chrono_literals;
using netkit::net::endpoint;
using netkit::test::run;

// Echoes `count` datagrams back to their senders.
template <class Socket> asio::awaitable<void> echo_datagrams(Socket& s, int count) {
    std::vector<char> buffer(256 * 1024);
    for (int i = 0; i < count; ++i) {
        typename Socket::endpoint_type sender;
        auto n = co_await s.receive_from(asio::buffer(buffer), sender);
        if (!n) {
            throw std::system_error(n.error(), "echo receive");
        }
        (void)co_await s.send_to(asio::buffer(buffer.data(), *n), sender);
    }
}

template <class Socket>
asio::awaitable<std::vector<std::string>> exchange(Socket& client,
                                                   std::vector<std::string> datagrams) {
    std::vector<std::string> replies;
    std::vector<char> buffer(256 * 1024);
    client.set_timeout(5s);
    for (const auto& d : datagrams) {
        auto sent = co_await client.send(asio::buffer(d));
        if (!sent) {
            throw std::system_error(sent.error(), "send");
        }
        auto n = co_await client.receive(asio::buffer(buffer));
        if (!n) {
            throw std::system_error(n.error(), "receive");
        }
        replies.emplace_back(buffer.data(), *n);
    }
    co_return replies;
}

// 0 bytes, 1 byte, then 1 MiB in datagrams of `largest` bytes (a datagram
// cannot hold 1 MiB: 65507 bytes is the most UDP over IPv4 carries).
std::vector<std::string> datagrams_to_send(std::size_t largest) {
    std::vector<std::string> out{"", "x"};
    const std::string mib = netkit::test::test_payload(1 << 20);
    for (std::size_t at = 0; at < mib.size(); at += largest) {
        out.push_back(mib.substr(at, largest));
    }
    return out;
}

class udp_roundtrip : public testing::TestWithParam<std::string> {};

TEST_P(udp_roundtrip, echoes_datagrams_whole) {
    asio::io_context io;
    auto server = netkit::net::udp_socket::bind(io.get_executor(), endpoint(GetParam(), 0)).value();
    const auto datagrams = datagrams_to_send(65507);
    asio::co_spawn(io, echo_datagrams(server, static_cast<int>(datagrams.size())), asio::detached);
    auto replies = run(io, [&]() -> asio::awaitable<std::vector<std::string>> {
        auto client =
            co_await netkit::net::udp_socket::connect(endpoint(GetParam(), server.port()));
        co_return co_await exchange(client.value(), datagrams);
    }());
    EXPECT_TRUE(replies == datagrams);
}

INSTANTIATE_TEST_SUITE_P(loopback, udp_roundtrip, testing::Values("127.0.0.1", "::1"),
                         [](const auto& info) { return info.index == 0 ? "ipv4" : "ipv6"; });

TEST(udp, unconnected_send_to_and_receive_from) {
    asio::io_context io;
    auto a = netkit::net::udp_socket::bind(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    auto b = netkit::net::udp_socket::bind(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    run(io, [&]() -> asio::awaitable<void> {
        const asio::ip::udp::endpoint to_b(asio::ip::make_address("127.0.0.1"), b.port());
        EXPECT_TRUE(co_await a.send_to(asio::buffer(std::string_view("ping")), to_b));
        char buffer[16];
        asio::ip::udp::endpoint sender;
        auto n = co_await b.receive_from(asio::buffer(buffer), sender);
        EXPECT_EQ(std::string_view(buffer, n.value()), "ping");
        EXPECT_EQ(sender.port(), a.port());
    }());
}

TEST(udp, a_bound_port_cannot_be_bound_twice) {
    asio::io_context io;
    auto a = netkit::net::udp_socket::bind(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    auto b = netkit::net::udp_socket::bind(io.get_executor(), endpoint("127.0.0.1", a.port()));
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error(), std::errc::address_in_use);
}

TEST(unix_datagram, echoes_datagrams_whole) {
    netkit::test::temp_dir dir;
    const std::string path = dir / "dgram.sock";
    asio::io_context io;
    auto server =
        netkit::net::unix_datagram_socket::bind(io.get_executor(), endpoint::unix_socket(path))
            .value();
    const auto datagrams = datagrams_to_send(64 * 1024);
    asio::co_spawn(io, echo_datagrams(server, static_cast<int>(datagrams.size())), asio::detached);
    auto replies = run(io, [&]() -> asio::awaitable<std::vector<std::string>> {
        auto client =
            co_await netkit::net::unix_datagram_socket::connect(endpoint::unix_socket(path));
        co_return co_await exchange(client.value(), datagrams);
    }());
    EXPECT_TRUE(replies == datagrams);
    server.close();
    EXPECT_FALSE(std::filesystem::exists(path)) << "the socket file outlived its socket";
}

} // namespace
