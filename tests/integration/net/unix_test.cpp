// Unix domain stream sockets, and how a listener treats the path it binds.
#include <netkit/net/connect.hpp>
#include <netkit/net/datagram.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/listener.hpp>

#include "support/echo_peer.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace {

using netkit::net::endpoint;
using netkit::net::listener;
using netkit::test::run;

class unix_roundtrip : public testing::TestWithParam<std::size_t> {};

TEST_P(unix_roundtrip, echoes_every_byte) {
    netkit::test::temp_dir dir;
    const auto where = endpoint::unix_socket(dir / "echo.sock");
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), where).value();
    EXPECT_EQ(l.local_address(), "unix:" + where.unix_path);
    asio::co_spawn(io, netkit::test::accept_and_echo(l), asio::detached);
    const std::string payload = netkit::test::test_payload(GetParam());
    auto received = run(io, [&]() -> asio::awaitable<std::string> {
        auto s = co_await netkit::net::connect(where);
        co_return co_await netkit::test::send_and_collect(s.value(), payload);
    }());
    EXPECT_TRUE(received == payload);
}

INSTANTIATE_TEST_SUITE_P(sizes, unix_roundtrip, testing::Values(0, 1, 1 << 20),
                         [](const auto& info) { return std::to_string(info.param) + "_bytes"; });

// A Unix stream taken with try_accept: read at once, then registered with
// the loop by a read that waits, as a TCP one is (tcp_test.cpp).
TEST(unix_listener, try_accept_gives_a_stream_that_reads_before_and_after_a_wait) {
    netkit::test::temp_dir dir;
    const auto where = endpoint::unix_socket(dir / "taken.sock");
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), where).value();
    run(io, [&]() -> asio::awaitable<void> {
        auto client = co_await netkit::net::connect(where);
        co_await client->write_all(asio::buffer(std::string_view("now")));
        auto server = co_await netkit::test::take_next(l);
        EXPECT_TRUE(server.is_unix());
        std::string room(16, '\0');
        EXPECT_EQ(room.substr(0, server.try_read_some(asio::buffer(room)).value()), "now");
        client->close();
        auto n = co_await server.read_some(asio::buffer(room));
        EXPECT_EQ(n ? std::error_code() : n.error(), asio::error::eof);
    }());
}

// What a process that died without cleaning up leaves behind: a socket file
// nobody listens on.
void leave_stale_socket(const std::string& path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.data(), path.size());
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    ASSERT_EQ(::listen(fd, 1), 0);
    ::close(fd);
    ASSERT_TRUE(std::filesystem::is_socket(path));
}

TEST(unix_listener, replaces_a_stale_socket_file) {
    netkit::test::temp_dir dir;
    const auto where = endpoint::unix_socket(dir / "stale.sock");
    leave_stale_socket(where.unix_path);
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), where);
    ASSERT_TRUE(l) << l.error().message();
    auto c = run(io, netkit::net::connect(where));
    EXPECT_TRUE(c) << c.error().message();
}

TEST(unix_listener, does_not_steal_a_live_socket) {
    netkit::test::temp_dir dir;
    const auto where = endpoint::unix_socket(dir / "live.sock");
    asio::io_context io;
    auto first = listener::listen(io.get_executor(), where).value();
    auto second = listener::listen(io.get_executor(), where);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error(), std::errc::address_in_use);
    // The first listener still owns the path and still serves.
    auto c = run(io, netkit::net::connect(where));
    EXPECT_TRUE(c) << c.error().message();
    auto s = run(io, first.accept());
    EXPECT_TRUE(s);
}

TEST(unix_listener, never_removes_a_file_that_is_not_a_socket) {
    netkit::test::temp_dir dir;
    const std::string path = dir / "precious.txt";
    std::ofstream(path) << "keep me";
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), endpoint::unix_socket(path));
    ASSERT_FALSE(l);
    EXPECT_EQ(l.error(), netkit::net::error::not_a_socket_file);
    std::ifstream in(path);
    std::string content((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(content, "keep me");
}

TEST(unix_listener, removes_its_socket_file_when_closed) {
    netkit::test::temp_dir dir;
    const auto where = endpoint::unix_socket(dir / "mine.sock");
    asio::io_context io;
    {
        auto l = listener::listen(io.get_executor(), where).value();
        EXPECT_TRUE(std::filesystem::is_socket(where.unix_path));
    }
    EXPECT_FALSE(std::filesystem::exists(where.unix_path));
}

TEST(unix_stream, connecting_to_nothing_is_an_error) {
    netkit::test::temp_dir dir;
    asio::io_context io;
    auto r = run(io, netkit::net::connect(endpoint::unix_socket(dir / "absent.sock")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), std::errc::no_such_file_or_directory);
}

// endpoint::unix_socket() takes any string: a path longer than sun_path is
// refused with a clear error wherever it is used, never copied past the
// structure's end (or thrown from Asio below the facade).
TEST(unix_path, too_long_is_refused_everywhere_it_is_used) {
    asio::io_context io;
    const auto far = endpoint::unix_socket("/tmp/" + std::string(300, 'x'));
    const auto too_long = netkit::net::error::unix_path_too_long;

    auto l = listener::listen(io.get_executor(), far);
    ASSERT_FALSE(l);
    EXPECT_EQ(l.error(), too_long);
    EXPECT_EQ(l.error(), netkit::condition::bad_input);

    auto c = run(io, netkit::net::connect(far));
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error(), too_long);

    auto bound = netkit::net::unix_datagram_socket::bind(io.get_executor(), far);
    ASSERT_FALSE(bound);
    EXPECT_EQ(bound.error(), too_long);

    auto connected = run(io, netkit::net::unix_datagram_socket::connect(far));
    ASSERT_FALSE(connected);
    EXPECT_EQ(connected.error(), too_long);

    // 107 bytes is the most sun_path takes: the check lets it through.
    netkit::test::temp_dir dir;
    std::string longest = dir / "";
    longest += std::string(107 - longest.size(), 's');
    auto fits = listener::listen(io.get_executor(), endpoint::unix_socket(longest));
    EXPECT_TRUE(fits) << fits.error().message();
}

} // namespace
