// TCP over real loopback sockets: round trips, line reads, half-close,
// accepting without waiting, dual-stack listening, port options and
// connection racing.
#include <netkit/net/connect.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/listener.hpp>
#include <netkit/net/resolver.hpp>

#include "support/echo_peer.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <optional>

namespace {

using namespace std::chrono_literals;
using netkit::net::endpoint;
using netkit::net::listener;
using netkit::net::stream;
using netkit::test::run;

struct roundtrip_case {
    std::string host;
    std::size_t size;
};

class tcp_roundtrip : public testing::TestWithParam<roundtrip_case> {};

TEST_P(tcp_roundtrip, echoes_every_byte) {
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), endpoint(GetParam().host, 0)).value();
    asio::co_spawn(io, netkit::test::accept_and_echo(l), asio::detached);
    const std::string payload = netkit::test::test_payload(GetParam().size);

    auto received = run(io, [&]() -> asio::awaitable<std::string> {
        auto s = co_await netkit::net::connect(endpoint(GetParam().host, l.port()));
        if (!s) {
            throw std::system_error(s.error(), "connect");
        }
        co_return co_await netkit::test::send_and_collect(*s, payload);
    }());
    EXPECT_EQ(received.size(), payload.size());
    EXPECT_TRUE(received == payload);
}

INSTANTIATE_TEST_SUITE_P(loopback, tcp_roundtrip,
                         testing::Values(roundtrip_case{"127.0.0.1", 0},
                                         roundtrip_case{"127.0.0.1", 1},
                                         roundtrip_case{"127.0.0.1", 1 << 20},
                                         roundtrip_case{"::1", 0}, roundtrip_case{"::1", 1},
                                         roundtrip_case{"::1", 1 << 20},
                                         roundtrip_case{"localhost", 1000}),
                         [](const auto& info) {
                             std::string name = info.param.host == "::1"         ? "ipv6"
                                                : info.param.host == "localhost" ? "localhost"
                                                                                 : "ipv4";
                             return name + "_" + std::to_string(info.param.size) + "_bytes";
                         });

// A connected pair of streams over 127.0.0.1.
std::pair<stream, stream> connected_pair(asio::io_context& io) {
    auto l = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    return run(io, [&]() -> asio::awaitable<std::pair<stream, stream>> {
        auto client = co_await netkit::net::connect(endpoint("127.0.0.1", l.port()));
        auto server = co_await l.accept();
        co_return std::pair<stream, stream>(std::move(client).value(), std::move(server).value());
    }());
}

TEST(tcp, read_until_returns_each_line_and_keeps_the_rest) {
    asio::io_context io;
    auto [client, server] = connected_pair(io);
    run(io, [&]() -> asio::awaitable<void> {
        (void)co_await client.write_all(asio::buffer(std::string_view("one\r\ntwo\r\nthr")));
        std::string buffer;
        auto n = co_await server.read_until(buffer, "\r\n", 100);
        EXPECT_EQ(buffer.substr(0, n.value()), "one\r\n");
        buffer.erase(0, *n);
        n = co_await server.read_until(buffer, "\r\n", 100);
        EXPECT_EQ(buffer.substr(0, n.value()), "two\r\n");
        buffer.erase(0, *n);
        EXPECT_EQ(buffer, "thr");
        (void)co_await client.write_all(asio::buffer(std::string_view("ee\r\n")));
        n = co_await server.read_until(buffer, "\r\n", 100);
        EXPECT_EQ(buffer.substr(0, n.value()), "three\r\n");
    }());
}

TEST(tcp, read_until_stops_at_its_size_cap) {
    asio::io_context io;
    auto [client, server] = connected_pair(io);
    run(io, [&]() -> asio::awaitable<void> {
        const std::string flood(10000, 'x');
        (void)co_await client.write_all(asio::buffer(flood));
        std::string buffer;
        auto n = co_await server.read_until(buffer, "\n", 4096);
        EXPECT_EQ(n.error(), netkit::net::error::line_too_long);
        EXPECT_EQ(n.error(), netkit::condition::limit_exceeded);
        EXPECT_LE(buffer.size(), 4096u) << "read past the cap";
    }());
}

TEST(tcp, read_exactly_reports_an_early_end) {
    asio::io_context io;
    auto [client, server] = connected_pair(io);
    run(io, [&]() -> asio::awaitable<void> {
        (void)co_await client.write_all(asio::buffer(std::string_view("abc")));
        (void)co_await client.shutdown_send();
        char buf[3];
        EXPECT_TRUE(co_await server.read_exactly(asio::buffer(buf)));
        EXPECT_EQ(std::string_view(buf, 3), "abc");
        char more[10];
        auto r = co_await server.read_exactly(asio::buffer(more));
        EXPECT_EQ(r.error(), asio::error::eof);
    }());
}

TEST(tcp, receive_file_splices_everything_to_the_offset) {
    asio::io_context io;
    auto [client, server] = connected_pair(io);
    netkit::test::temp_dir dir;
    const std::string path = dir / "received.bin";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::pwrite(fd, "head", 4, 0), 4);
    const std::string payload = netkit::test::test_payload(3 << 20);
    std::uint64_t seen = 0;
    run(io, [&]() -> asio::awaitable<void> {
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                EXPECT_TRUE(co_await server.write_all(asio::buffer(payload)));
                (void)co_await server.shutdown_send();
            },
            asio::detached);
        auto n = co_await client.receive_file(fd, 4, [&](std::size_t piece) { seen += piece; });
        EXPECT_TRUE(n) << n.error().message();
        EXPECT_EQ(n ? *n : 0, payload.size());
    }());
    ::close(fd);
    EXPECT_EQ(seen, payload.size());
    std::ifstream in(path, std::ios::binary);
    const std::string written{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    EXPECT_EQ(written, "head" + payload);
}

TEST(tcp, half_close_lets_the_other_direction_go_on) {
    asio::io_context io;
    auto [client, server] = connected_pair(io);
    run(io, [&]() -> asio::awaitable<void> {
        (void)co_await client.shutdown_send();
        char c;
        auto r = co_await server.read_some(asio::buffer(&c, 1));
        EXPECT_EQ(r.error(), asio::error::eof);
        EXPECT_TRUE(co_await server.write_all(asio::buffer(std::string_view("late reply"))));
        std::string buffer;
        auto n = co_await client.read_until(buffer, "reply", 100);
        EXPECT_TRUE(n);
    }());
}

TEST(tcp, streams_have_nodelay_on) {
    asio::io_context io;
    auto [client, server] = connected_pair(io);
    asio::ip::tcp::no_delay option;
    client.tcp()->get_option(option);
    EXPECT_TRUE(option.value());
    server.tcp()->get_option(option);
    EXPECT_TRUE(option.value());
    EXPECT_EQ(client.remote_address(), server.local_address());
    EXPECT_TRUE(client.is_open());
    client.close();
    EXPECT_FALSE(client.is_open());
}

TEST(tcp, the_unsent_low_water_mark_reaches_the_socket) {
    asio::io_context io;
    auto [client, server] = connected_pair(io);
    ASSERT_TRUE(client.set_unsent_low_water(64 * 1024));
    int value = 0;
    socklen_t size = sizeof(value);
    ASSERT_EQ(
        ::getsockopt(client.tcp()->native_handle(), IPPROTO_TCP, TCP_NOTSENT_LOWAT, &value, &size),
        0);
    EXPECT_EQ(value, 64 * 1024);
}

TEST(tcp, try_write_some_takes_what_fits_and_never_waits) {
    asio::io_context io;
    auto [client, server] = connected_pair(io);
    const std::string block(1024 * 1024, 'x');
    const asio::const_buffer buffers[] = {asio::buffer(block)};
    std::size_t written = 0;
    for (int i = 0; i < 256; ++i) { // the peer reads nothing: the socket fills
        auto n = client.try_write_some(buffers);
        ASSERT_TRUE(n) << n.error().message();
        if (*n == 0) {
            break;
        }
        written += *n;
    }
    EXPECT_GT(written, 0u);
    EXPECT_LT(written, 256u * block.size()); // it stopped at a full buffer instead of waiting
    std::size_t read = 0;
    run(io, [&]() -> asio::awaitable<void> {
        std::string sink(65536, '\0');
        while (read < written) {
            auto n = co_await server.read_some(asio::buffer(sink));
            EXPECT_TRUE(n);
            if (!n) {
                co_return;
            }
            read += *n;
        }
    }());
    EXPECT_EQ(read, written);
    server.close();
    netkit::result<std::size_t> failed = std::size_t(0);
    for (int i = 0; i < 16 && failed; ++i) { // a reset peer: an error, not a silent 0
        failed = client.try_write_some(buffers);
    }
    EXPECT_FALSE(failed);
}

TEST(tcp, try_read_some_takes_what_is_here_and_never_waits) {
    asio::io_context io;
    auto [client, server] = connected_pair(io);
    std::string room(64, '\0');
    auto nothing = server.try_read_some(asio::buffer(room));
    ASSERT_TRUE(nothing) << nothing.error().message();
    EXPECT_EQ(*nothing, 0u); // nothing sent yet: no wait, no error
    const std::string sent = "some bytes";
    const asio::const_buffer buffers[] = {asio::buffer(sent)};
    ASSERT_EQ(client.try_write_some(buffers).value(), sent.size());
    std::size_t got = 0;
    for (int i = 0; i < 1000 && got == 0; ++i) { // loopback delivers at once, or nearly
        got = server.try_read_some(asio::buffer(room)).value();
    }
    EXPECT_EQ(room.substr(0, got), sent);
    client.close();
    netkit::result<std::size_t> ended = std::size_t(0);
    for (int i = 0; i < 1000 && ended; ++i) {
        ended = server.try_read_some(asio::buffer(room));
    }
    ASSERT_FALSE(ended);
    EXPECT_EQ(ended.error(), asio::error::eof); // the end of the stream, not a 0
}

TEST(tcp, wait_readable_returns_when_bytes_come_and_reads_none_of_them) {
    asio::io_context io;
    auto [client, server] = connected_pair(io);
    std::string room(64, '\0');
    bool sent = false;
    bool waited_for_the_send = false;
    run(io, [&]() -> asio::awaitable<void> {
        // The stream's time limit holds for the wait.
        server.set_timeout(30ms);
        auto quiet = co_await server.wait_readable();
        EXPECT_FALSE(quiet);
        EXPECT_EQ(quiet ? std::error_code() : quiet.error(), netkit::net::error::timed_out);
        server.set_timeout(0ms);
        // Nothing yet: the wait lasts until the client sends, a while later.
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                asio::steady_timer later(io, 50ms);
                co_await later.async_wait(asio::use_awaitable);
                sent = true;
                co_await client.write_all(asio::buffer(std::string_view("first")));
            },
            asio::detached);
        auto ready = co_await server.wait_readable();
        EXPECT_TRUE(ready) << ready.error().message();
        waited_for_the_send = sent;
        EXPECT_EQ(room.substr(0, server.try_read_some(asio::buffer(room)).value()), "first");
        // Bytes already there: no wait, and they are still there after it.
        co_await client.write_all(asio::buffer(std::string_view("second")));
        for (int i = 0; i < 2; ++i) {
            ready = co_await server.wait_readable();
            EXPECT_TRUE(ready) << ready.error().message();
        }
        EXPECT_EQ(room.substr(0, server.try_read_some(asio::buffer(room)).value()), "second");
        // The end of the stream counts as readable.
        client.close();
        ready = co_await server.wait_readable();
        EXPECT_TRUE(ready) << ready.error().message();
        auto ended = server.try_read_some(asio::buffer(room));
        EXPECT_FALSE(ended);
        EXPECT_EQ(ended ? std::error_code() : ended.error(), asio::error::eof);
    }());
    EXPECT_TRUE(waited_for_the_send);
}

// listener::try_accept: what waits in the queue, taken without waiting, as
// a stream the event loop knows nothing of until it first waits (a server
// answers most new connections without that); before and after, it is used
// as any other.
TEST(tcp, try_accept_takes_a_waiting_connection_and_its_stream_works_before_and_after_a_wait) {
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    auto none = l.try_accept(io.get_executor());
    ASSERT_FALSE(none); // nothing waits: an answer at once, not a block
    EXPECT_EQ(none.error(), std::errc::operation_would_block);
    run(io, [&]() -> asio::awaitable<void> {
        auto connected = co_await netkit::net::connect(endpoint("127.0.0.1", l.port()));
        stream client = std::move(connected).value();
        auto taken = co_await netkit::test::take_next(l);
        stream server = std::move(taken); // (moved, as a server hands it on)
        EXPECT_TRUE(server.is_open());
        EXPECT_EQ(server.remote_address(), client.local_address());
        EXPECT_EQ(server.local_address(), client.remote_address());

        // At once: what is there is read, and the answer written.
        co_await client.write_all(asio::buffer(std::string_view("ping")));
        std::string room(64, '\0');
        std::size_t got = 0;
        for (int i = 0; i < 1000 && got == 0; ++i) {
            got = server.try_read_some(asio::buffer(room)).value();
        }
        EXPECT_EQ(room.substr(0, got), "ping");
        EXPECT_EQ(server.available().value(), 0u);
        const std::string pong = "pong";
        const asio::const_buffer answer[] = {asio::buffer(pong)};
        EXPECT_EQ(server.try_write_some(answer).value(), pong.size());
        auto n = co_await client.read_some(asio::buffer(room));
        EXPECT_EQ(room.substr(0, n.value()), "pong");

        // A read that must wait registers it with the loop, and gets what
        // comes later; TCP_NODELAY is on from then.
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                asio::steady_timer later(io, 20ms);
                co_await later.async_wait(asio::use_awaitable);
                co_await client.write_all(asio::buffer(std::string_view("later")));
            },
            asio::detached);
        n = co_await server.read_some(asio::buffer(room));
        EXPECT_EQ(room.substr(0, n.value()), "later");
        asio::ip::tcp::no_delay option;
        server.tcp()->get_option(option);
        EXPECT_TRUE(option.value());
        client.close();
        n = co_await server.read_some(asio::buffer(room));
        EXPECT_EQ(n ? std::error_code() : n.error(), asio::error::eof);
    }());
}

TEST(tcp, a_stream_taken_with_try_accept_that_never_waits_closes_its_socket) {
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    run(io, [&]() -> asio::awaitable<void> {
        // What a client reads until the end of its stream.
        auto rest_of = [](stream& client) -> asio::awaitable<std::string> {
            client.set_timeout(5s); // (a socket left open fails, not hangs)
            std::string got;
            std::string room(64, '\0');
            for (;;) {
                auto n = co_await client.read_some(asio::buffer(room));
                if (!n) {
                    EXPECT_EQ(n.error(), asio::error::eof);
                    co_return got;
                }
                got.append(room, 0, *n);
            }
        };
        auto resetting = co_await netkit::net::connect(endpoint("127.0.0.1", l.port()));
        auto closed = co_await netkit::net::connect(endpoint("127.0.0.1", l.port()));
        auto dropped = co_await netkit::net::connect(endpoint("127.0.0.1", l.port()));
        // The peer's address is the one accept gave: known after it resets.
        {
            auto one = co_await netkit::test::take_next(l);
            const std::string client_address = resetting->local_address();
            const linger reset{1, 0};
            ::setsockopt(resetting->tcp()->native_handle(), SOL_SOCKET, SO_LINGER, &reset,
                         sizeof(reset));
            resetting->close();
            EXPECT_EQ(one.remote_address(), client_address);
        }
        // close(): the client reads the end.
        auto two = co_await netkit::test::take_next(l);
        two.close();
        EXPECT_FALSE(two.is_open());
        EXPECT_EQ(co_await rest_of(*closed), "");
        // The destructor, after a move (the moved-from stream owns nothing).
        std::optional<stream> three(co_await netkit::test::take_next(l));
        {
            stream moved = std::move(*three);
            const std::string bye = "bye";
            const asio::const_buffer last[] = {asio::buffer(bye)};
            EXPECT_EQ(moved.try_write_some(last, true).value(), bye.size());
        }
        three.reset(); // destroys the moved-from
        EXPECT_EQ(co_await rest_of(*dropped), "bye");
    }());
}

TEST(tcp, a_listener_that_defers_accept_takes_a_connection_once_its_client_has_sent) {
    asio::io_context io;
    netkit::net::listen_options options;
    options.defer_accept = std::chrono::seconds(5);
    auto l = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0), options).value();
    run(io, [&]() -> asio::awaitable<void> {
        auto connected = co_await netkit::net::connect(endpoint("127.0.0.1", l.port()));
        stream client = std::move(connected).value();
        asio::steady_timer pause(io, 100ms);
        co_await pause.async_wait(asio::use_awaitable);
        auto early = l.try_accept(io.get_executor());
        EXPECT_FALSE(early); // connected, but silent: still the kernel's
        co_await client.write_all(asio::buffer(std::string_view("GET")));
        auto server = co_await netkit::test::take_next(l);
        std::string room(8, '\0');
        // Its first bytes came with it.
        EXPECT_EQ(room.substr(0, server.try_read_some(asio::buffer(room)).value()), "GET");
    }());
}

TEST(tcp, wait_acceptable_ends_when_the_listener_closes) {
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    asio::steady_timer later(io, 20ms);
    later.async_wait([&](std::error_code) { l.close(); });
    auto waited = run(io, l.wait_acceptable());
    ASSERT_FALSE(waited);
    EXPECT_EQ(waited.error(), std::errc::operation_canceled);
}

TEST(tcp, listening_on_no_host_serves_ipv6_and_ipv4) {
    asio::io_context io;
    auto l = listener::listen(io.get_executor(), endpoint("", 0)).value();
    EXPECT_EQ(l.local_address(), "[::]:" + std::to_string(l.port()));
    run(io, [&]() -> asio::awaitable<void> {
        for (const char* host : {"127.0.0.1", "::1"}) {
            auto c = co_await netkit::net::connect(endpoint(host, l.port()));
            EXPECT_TRUE(c) << host << ": " << c.error().message();
            auto s = co_await l.accept();
            EXPECT_TRUE(s);
            // The IPv4 peer shows as 127.0.0.1, not ::ffff:127.0.0.1.
            EXPECT_EQ(s->remote_address(), c->local_address());
        }
    }());
}

TEST(tcp, a_taken_port_is_refused_unless_both_share_it) {
    asio::io_context io;
    auto first = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    auto second = listener::listen(io.get_executor(), endpoint("127.0.0.1", first.port()));
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error(), std::errc::address_in_use);

    netkit::net::listen_options shared;
    shared.reuse_port = true;
    auto a = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0), shared).value();
    auto b = listener::listen(io.get_executor(), endpoint("127.0.0.1", a.port()), shared);
    EXPECT_TRUE(b) << b.error().message();
}

TEST(tcp, connection_refused_is_reported) {
    asio::io_context io;
    std::uint16_t port;
    {
        auto l = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0)).value();
        port = l.port();
    } // closed: nothing listens there now
    auto r = run(io, netkit::net::connect(endpoint("127.0.0.1", port)));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), std::errc::connection_refused);
    EXPECT_EQ(netkit::net::describe(r.error(), "connect to 127.0.0.1:" + std::to_string(port)),
              "connect to 127.0.0.1:" + std::to_string(port) + ": Connection refused");
}

TEST(resolver, gives_every_address_and_literals_without_lookup) {
    asio::io_context io;
    auto literal = run(io, netkit::net::resolve("::1", 80)).value();
    ASSERT_EQ(literal.size(), 1u);
    EXPECT_EQ(literal[0].address().to_string(), "::1");
    auto local = run(io, netkit::net::resolve("localhost", 80)).value();
    ASSERT_FALSE(local.empty());
    for (const auto& ep : local) {
        EXPECT_TRUE(ep.address().is_loopback());
        EXPECT_EQ(ep.port(), 80);
    }
}

TEST(resolver, interleaves_families_starting_with_the_first) {
    using asio::ip::make_address;
    using asio::ip::tcp;
    std::vector<tcp::endpoint> in{{make_address("::1"), 1},
                                  {make_address("::2"), 1},
                                  {make_address("::3"), 1},
                                  {make_address("10.0.0.1"), 1},
                                  {make_address("10.0.0.2"), 1}};
    auto out = netkit::net::interleave_families(in);
    std::vector<std::string> order;
    for (const auto& ep : out) {
        order.push_back(ep.address().to_string());
    }
    EXPECT_EQ(order, (std::vector<std::string>{"::1", "10.0.0.1", "::2", "10.0.0.2", "::3"}));
}

// Happy Eyeballs: an address that never answers must not hold the client up
// for its whole timeout when another address works.
TEST(happy_eyeballs, a_silent_first_address_does_not_block_the_next) {
    asio::io_context io;
    // A full backlog on ::1: the kernel drops further SYNs, so connects hang.
    netkit::net::listen_options tiny;
    tiny.backlog = 0;
    auto silent = listener::listen(io.get_executor(), endpoint("::1", 0), tiny).value();
    auto filler = run(io, netkit::net::connect(endpoint("::1", silent.port())));
    ASSERT_TRUE(filler);
    auto working = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0)).value();

    netkit::net::connect_options options;
    options.timeout = 20s;
    options.attempt_delay = 50ms;
    std::vector<asio::ip::tcp::endpoint> addresses{
        {asio::ip::make_address("::1"), silent.port()},
        {asio::ip::make_address("127.0.0.1"), working.port()}};
    const auto start = std::chrono::steady_clock::now();
    auto s = run(io, netkit::net::connect(addresses, options));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(s->remote_address(), "127.0.0.1:" + std::to_string(working.port()));
    EXPECT_LT(elapsed, 10s) << "waited for the silent address instead of racing";
}

TEST(happy_eyeballs, a_refused_address_falls_through_to_the_next) {
    asio::io_context io;
    std::uint16_t closed_port;
    {
        auto l = listener::listen(io.get_executor(), endpoint("::1", 0)).value();
        closed_port = l.port();
    }
    auto working = listener::listen(io.get_executor(), endpoint("127.0.0.1", 0)).value();
    std::vector<asio::ip::tcp::endpoint> addresses{
        {asio::ip::make_address("::1"), closed_port},
        {asio::ip::make_address("127.0.0.1"), working.port()}};
    auto s = run(io, netkit::net::connect(addresses, netkit::net::connect_options{}));
    ASSERT_TRUE(s) << s.error().message();

    // Every address refused: the error says so.
    std::vector<asio::ip::tcp::endpoint> dead{{asio::ip::make_address("::1"), closed_port},
                                              {asio::ip::make_address("127.0.0.1"), closed_port}};
    auto none = run(io, netkit::net::connect(dead, netkit::net::connect_options{}));
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error(), std::errc::connection_refused);
}

} // namespace
