// The blocking, Python-shaped face: a thread per side, as a script would.
#include <netkit/net/run.hpp>
#include <netkit/sync/socket.hpp>

#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace {

using namespace std::chrono_literals;
namespace blocking = netkit::sync;

// The io_context stopped under a coroutine that has not finished: a
// canceled result, not a read of an outcome that was never set. Running the
// context again later finishes the coroutine into state the call owned.
TEST(run_to_result, an_io_context_stopped_early_gives_canceled) {
    asio::io_context io(1);
    auto op = [&]() -> asio::awaitable<netkit::result<int>> {
        io.stop();
        asio::steady_timer timer(co_await asio::this_coro::executor, 10ms);
        co_await timer.async_wait(asio::use_awaitable);
        co_return 7;
    };
    auto r = netkit::net::run_to_result(io, op());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), netkit::condition::canceled);
    io.restart();
    io.run(); // the abandoned coroutine ends without touching the returned frame
}

TEST(blocking, the_lesson_s_server_and_client) {
    auto server = blocking::server_socket::listen("127.0.0.1:0");
    const std::string address = "127.0.0.1:" + std::to_string(server.port());

    std::thread client_thread([&] {
        auto client = blocking::socket::connect(address);
        client.sendall("hello\n");
        EXPECT_EQ(client.readline(), "echo: hello\n");
        client.sendall("bye\n");
        EXPECT_EQ(client.recv(1024), ""); // the server closed
    });

    auto [conn, peer] = server.accept();
    EXPECT_TRUE(peer.starts_with("127.0.0.1:"));
    EXPECT_EQ(conn.getpeername(), peer);
    for (std::string line; !(line = conn.readline()).empty();) {
        if (line == "bye\n") {
            break;
        }
        conn.sendall("echo: " + line);
    }
    conn.close();
    client_thread.join();
}

TEST(blocking, recv_returns_what_readline_read_ahead) {
    auto server = blocking::server_socket::listen("[::1]:0");
    std::thread client_thread([&] {
        auto client = blocking::socket::connect("[::1]:" + std::to_string(server.port()));
        client.sendall("line\nrest");
        client.shutdown_send();
    });
    auto [conn, peer] = server.accept();
    EXPECT_EQ(conn.readline(), "line\n");
    std::string rest;
    for (std::string piece; !(piece = conn.recv(2)).empty();) {
        rest += piece;
    }
    EXPECT_EQ(rest, "rest");
    client_thread.join();
}

TEST(blocking, failures_throw_with_the_endpoint_named) {
    std::uint16_t port;
    {
        auto server = blocking::server_socket::listen("127.0.0.1:0");
        port = server.port();
    }
    const std::string address = "127.0.0.1:" + std::to_string(port);
    try {
        (void)blocking::socket::connect(address);
        FAIL() << "connected to a closed port";
    } catch (const netkit::sync::socket_error& e) {
        EXPECT_EQ(e.code(), std::errc::connection_refused);
        EXPECT_EQ(std::string(e.what()), "connect to " + address + ": Connection refused");
    }
    EXPECT_THROW((void)blocking::socket::connect("host:99999"), netkit::sync::socket_error);
}

TEST(blocking, a_timeout_throws_timeout_error) {
    auto server = blocking::server_socket::listen("127.0.0.1:0");
    auto client = blocking::socket::connect("127.0.0.1:" + std::to_string(server.port()));
    client.settimeout(200ms);
    EXPECT_THROW((void)client.recv(10), netkit::sync::timeout_error);
}

TEST(blocking, udp_sendto_and_recvfrom) {
    auto server = blocking::udp_socket::bind("127.0.0.1:0");
    auto client = blocking::udp_socket::connect("127.0.0.1:" + std::to_string(server.port()));
    client.send("ping");
    auto [data, sender] = server.recvfrom(2048);
    EXPECT_EQ(data, "ping");
    server.sendto("pong", sender);
    client.settimeout(5s);
    EXPECT_EQ(client.recv(2048), "pong");
}

TEST(blocking, gethostname_is_not_empty) {
    EXPECT_FALSE(netkit::sync::gethostname().empty());
}

} // namespace
