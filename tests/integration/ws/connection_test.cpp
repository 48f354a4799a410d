// WebSocket sessions between netkit's server and client over loopback:
// echo with and without permessage-deflate, over TLS, subprotocols and the
// Origin check, the server's stop (1001), keep-alive pings against a peer
// that never answers (1011), a peer that stops reading cut off at the
// queue's limit while the server goes on, and a flooding peer that does
// not starve the others of its thread.
#include <netkit/net/run.hpp>
#include <netkit/sync/socket.hpp>
#include <netkit/ws/engine/client.hpp>
#include <netkit/ws/engine/server.hpp>
#include <netkit/ws/error.hpp>

#include "support/local_server.hpp"
#include "support/pki.hpp"

#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace netkit::ws {
namespace {

using namespace std::chrono_literals;

asio::awaitable<void> echo(connection& c) {
    for (;;) {
        auto m = co_await c.read();
        if (!m) {
            co_return;
        }
        co_await c.send(m->data, m->type);
    }
}

// Runs a client coroutine to its end on an io_context of its own.
template <class T> result<T> run_client(asio::awaitable<result<T>> op) {
    asio::io_context io;
    return net::run_to_result(io, std::move(op));
}

std::string url(test::local_server& server, std::string_view path, bool tls = false) {
    return (tls ? "wss://127.0.0.1:" : "ws://127.0.0.1:") + std::to_string(server->port()) +
           std::string(path);
}

// Messages sent one by one, each read back.
asio::awaitable<result<std::vector<message>>>
round_trips(std::string where, connect_options options, std::vector<message> sent) {
    auto c = co_await connect(std::move(where), std::move(options));
    if (!c) {
        co_return c.error();
    }
    std::vector<message> got;
    for (const auto& m : sent) {
        if (auto ok = co_await (*c)->send(m.data, m.type); !ok) {
            co_return ok.error();
        }
        auto back = co_await (*c)->read();
        if (!back) {
            co_return back.error();
        }
        got.push_back(std::move(*back));
    }
    co_await (*c)->close();
    EXPECT_EQ((*c)->close_status().code, close_code::normal);
    co_return got;
}

std::vector<message> samples() {
    std::string binary(70000, '\0');
    for (std::size_t i = 0; i < binary.size(); ++i) {
        binary[i] = static_cast<char>(i * 31);
    }
    // Past what a loopback socket takes at once, so that both sides write
    // part of a frame and queue the rest; bytes that do not compress, so
    // that compression keeps it that large.
    std::string large(8 * 1024 * 1024, '\0');
    std::uint32_t state = 1;
    for (char& c : large) {
        state = state * 1664525u + 1013904223u;
        c = static_cast<char>(state >> 24);
    }
    return {{opcode::text, "hello"},
            {opcode::text, ""},
            {opcode::text, "h\xc3\xa9llo " + std::string(200000, 'z')},
            {opcode::binary, binary},
            {opcode::binary, large}};
}

void expect_same(const std::vector<message>& got, const std::vector<message>& sent) {
    ASSERT_EQ(got.size(), sent.size());
    for (std::size_t i = 0; i < sent.size(); ++i) {
        EXPECT_EQ(got[i].type, sent[i].type) << i;
        EXPECT_EQ(got[i].data, sent[i].data) << i;
    }
}

TEST(WsConnection, EchoWithAndWithoutCompression) {
    test::local_server server;
    server->websocket("/echo", echo);
    server.start();
    for (const bool compress : {true, false}) {
        connect_options options;
        if (!compress) {
            options.deflate.reset();
        }
        auto got = run_client(round_trips(url(server, "/echo"), options, samples()));
        ASSERT_TRUE(got) << got.error().message();
        expect_same(*got, samples());
    }
}

TEST(WsConnection, OverTls) {
    const test::pki keys;
    http::server_options options = test::local_server::one_thread();
    net::tls_server_config config;
    config.certificate_chain_file = keys.server_cert;
    config.private_key_file = keys.server_key;
    options.tls = net::tls_context::server(config).value();
    test::local_server server(std::move(options));
    server->websocket("/", echo);
    server.start();
    connect_options client;
    client.tls.ca_file = keys.ca;
    auto got = run_client(round_trips(url(server, "/", true), client, samples()));
    ASSERT_TRUE(got) << got.error().message();
    expect_same(*got, samples());
    // An untrusted certificate is refused.
    auto refused = run_client(round_trips(url(server, "/", true), connect_options{}, {}));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error(), condition::tls_failure) << refused.error().message();
}

TEST(WsConnection, SubprotocolsAndTheOriginCheck) {
    test::local_server server;
    accept_options options;
    options.subprotocols = {"superchat", "chat"};
    options.check_origin = [](std::string_view origin) { return origin != "http://evil.test"; };
    server->websocket(
        "/",
        [](connection& c) -> asio::awaitable<void> {
            co_await c.send("you speak " + c.subprotocol());
        },
        options);
    server.start();
    const auto chosen = [&](std::vector<std::string> offered) {
        return run_client([&]() -> asio::awaitable<result<std::string>> {
            connect_options o;
            o.subprotocols = offered;
            auto c = co_await connect(url(server, "/"), o);
            if (!c) {
                co_return c.error();
            }
            EXPECT_EQ((*c)->subprotocol(), (*c)->handshake().subprotocol);
            auto m = co_await (*c)->read();
            if (!m) {
                co_return m.error();
            }
            co_return m->data;
        }());
    };
    EXPECT_EQ(chosen({"chat", "superchat"}).value(), "you speak chat");
    EXPECT_EQ(chosen({"v2", "superchat"}).value(), "you speak superchat");
    EXPECT_EQ(chosen({"v2"}).value(), "you speak ");

    http::response_head answer;
    auto refused = run_client([&]() -> asio::awaitable<result<std::string>> {
        connect_options o;
        (void)o.headers.add("Origin", "http://evil.test");
        o.answer = &answer;
        auto c = co_await connect(url(server, "/"), o);
        if (!c) {
            co_return c.error();
        }
        co_return std::string("opened");
    }());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error(), error::not_switching);
    EXPECT_EQ(answer.status, 403);
}

TEST(WsConnection, AStoppingServerSaysGoingAway) {
    auto server = std::make_unique<test::local_server>();
    std::promise<void> opened;
    (*server)->websocket("/", [&](connection& c) -> asio::awaitable<void> {
        opened.set_value();
        co_await echo(c);
    });
    server->start();
    const std::string where = url(*server, "/");
    auto stopping = std::async(std::launch::async, [&] {
        opened.get_future().wait();
        server.reset(); // stop() and join
    });
    auto code = run_client([&]() -> asio::awaitable<result<std::uint16_t>> {
        auto c = co_await connect(where);
        if (!c) {
            co_return c.error();
        }
        auto m = co_await (*c)->read(); // until the server closes
        EXPECT_EQ(m.error(), error::closed);
        co_return (*c)->close_status().code;
    }());
    stopping.get();
    ASSERT_TRUE(code) << code.error().message();
    EXPECT_EQ(*code, close_code::going_away);
}

// A raw client: the handshake, then whatever the test reads or leaves unread.
sync::socket raw_upgrade(test::local_server& server) {
    auto s = sync::socket::connect("127.0.0.1:" + std::to_string(server->port()));
    s.sendall("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    const std::string status = s.readline();
    EXPECT_EQ(status.substr(0, 12), "HTTP/1.1 101") << status;
    while (s.readline() != "\r\n") {
    }
    return s;
}

TEST(WsConnection, APeerThatNeverPongsIsClosedWith1011) {
    test::local_server server;
    accept_options options;
    options.connection.ping_interval = 100ms;
    server->websocket("/", echo, options);
    server.start();
    auto s = raw_upgrade(server);
    s.settimeout(5s);
    // Frames until the close: pings first (ignored), then 1011.
    for (int frames = 0; frames < 10; ++frames) {
        const std::string head = s.recv_exactly(2);
        const auto length = static_cast<std::size_t>(head[1] & 0x7F);
        const std::string payload = s.recv_exactly(length);
        if ((head[0] & 0x0F) == 0x8) {
            ASSERT_GE(payload.size(), 2u);
            EXPECT_EQ((static_cast<unsigned char>(payload[0]) << 8) |
                          static_cast<unsigned char>(payload[1]),
                      1011);
            return;
        }
        EXPECT_EQ(head[0] & 0x0F, 0x9) << "a ping";
    }
    FAIL() << "no close frame";
}

TEST(WsConnection, AReadingClientAnswersPingsAndStaysOpen) {
    test::local_server server;
    accept_options options;
    options.connection.ping_interval = 50ms;
    server->websocket("/", echo, options);
    server.start();
    auto got = run_client([&]() -> asio::awaitable<result<std::string>> {
        auto c = co_await connect(url(server, "/"));
        if (!c) {
            co_return c.error();
        }
        // The message goes after eight ping intervals; the session lives
        // that long only if the read below answers each ping.
        std::shared_ptr<connection> open = *c;
        asio::co_spawn(
            open->get_executor(),
            [open]() -> asio::awaitable<void> {
                asio::steady_timer wait(open->get_executor(), 400ms);
                co_await wait.async_wait(asio::use_awaitable);
                (void)co_await open->send("still here");
            },
            asio::detached);
        auto m = co_await open->read();
        if (!m) {
            co_return m.error();
        }
        co_return m->data;
    }());
    ASSERT_TRUE(got) << got.error().message();
    EXPECT_EQ(*got, "still here");
}

TEST(WsConnection, APeerThatStopsReadingIsCutAtTheQueueLimit) {
    test::local_server server;
    accept_options options;
    options.connection.max_queued = 4 * 1024 * 1024;
    std::promise<std::error_code> outcome;
    server->websocket(
        "/",
        [&](connection& c) -> asio::awaitable<void> {
            const std::string piece(1024 * 1024, 'x');
            for (int i = 0; i < 200; ++i) { // 200 MiB at most: far past any socket buffer
                if (auto queued = c.queue(piece, opcode::binary); !queued) {
                    outcome.set_value(queued.error());
                    co_return;
                }
                // Let the writer run between pieces, as a broadcast would.
                asio::steady_timer tick(c.get_executor(), 1ms);
                co_await tick.async_wait(asio::use_awaitable);
            }
            outcome.set_value({});
        },
        options);
    server.start();
    auto s = raw_upgrade(server); // and never read
    auto f = outcome.get_future();
    ASSERT_EQ(f.wait_for(30s), std::future_status::ready);
    EXPECT_EQ(f.get(), error::queue_full);
    // The server goes on serving others.
    auto other = raw_upgrade(server);
    (void)other;
}

// A client that keeps the socket full (a flood of small messages, faster
// than they are read) does not hold the server's one thread: another
// client is answered while the flood goes on.
TEST(WsConnection, AFloodingClientDoesNotStarveTheOthersOnItsThread) {
    test::local_server server; // one thread
    server->websocket("/", [](connection& c) -> asio::awaitable<void> {
        for (;;) {
            auto m = co_await c.read();
            if (!m) {
                co_return;
            }
            if (m->data == "ping") {
                co_await c.send("pong");
            }
        }
    });
    server.start();
    std::string burst;
    frame_header h;
    h.op = opcode::binary;
    h.masked = true;
    h.mask = {1, 2, 3, 4};
    while (burst.size() < 1024 * 1024) {
        append_frame(burst, h, "f");
    }
    auto flooder = raw_upgrade(server);
    std::atomic<bool> answered = false;
    std::atomic<std::uint64_t> flooded = 0;
    constexpr std::uint64_t flood_limit = 1ull << 30; // 1 GiB of 7-byte frames: many seconds
    std::thread flood([&] {
        while (!answered && flooded < flood_limit) {
            flooder.sendall(burst);
            flooded += burst.size();
        }
    });
    while (flooded < 16 * burst.size()) { // the flood is under way
        std::this_thread::sleep_for(1ms);
    }
    auto pong = run_client([&]() -> asio::awaitable<result<std::string>> {
        connect_options options;
        options.timeout = 10s; // a starved client's connect or read fails by then
        auto c = co_await connect(url(server, "/"), std::move(options));
        if (!c) {
            co_return c.error();
        }
        if (auto sent = co_await (*c)->send("ping"); !sent) {
            co_return sent.error();
        }
        auto m = co_await (*c)->read();
        if (!m) {
            co_return m.error();
        }
        co_return m->data;
    }());
    answered = true;
    flood.join();
    ASSERT_TRUE(pong) << pong.error().message();
    EXPECT_EQ(*pong, "pong");
    EXPECT_LT(flooded, flood_limit); // answered while the flood went on
}

} // namespace
} // namespace netkit::ws
