// ws::room (its relay(): join, broadcast, leave) on netkit's server with
// two threads: a broadcast reaches every other member (framed once for
// plain members, compressed by each member that agreed permessage-deflate),
// members leave when their sessions end, and a member that stops reading
// is cut off while the others get everything.
#include <netkit/net/run.hpp>
#include <netkit/sync/socket.hpp>
#include <netkit/ws/engine/client.hpp>
#include <netkit/ws/engine/room.hpp>
#include <netkit/ws/engine/server.hpp>

#include "support/local_server.hpp"

#include <gtest/gtest.h>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace netkit::ws {
namespace {

using namespace std::chrono_literals;

struct room_server {
    explicit room_server(accept_options options = {}) : server(two_threads()) {
        server->websocket(
            "/room", [this](connection& c) { return everyone.relay(c); }, options);
        server.start();
    }
    static http::server_options two_threads() {
        http::server_options options;
        options.threads = 2;
        return options;
    }
    std::string url() { return "ws://127.0.0.1:" + std::to_string(server->port()) + "/room"; }

    room everyone; // (declared first: the sessions' memberships leave it as the server stops)
    test::local_server server;
};

// Joins happen on the server's threads: waits (5 s at most) for the count.
asio::awaitable<bool> members_become(const room& r, std::size_t count) {
    asio::steady_timer tick(co_await asio::this_coro::executor);
    for (int i = 0; i < 1000; ++i) {
        if (r.size() == count) {
            co_return true;
        }
        tick.expires_after(5ms);
        co_await tick.async_wait(asio::use_awaitable);
    }
    co_return false;
}

std::vector<message> broadcast_samples() {
    std::vector<message> sent;
    for (int i = 0; i < 40; ++i) {
        // Short ones go plain, long ones compressed to members that agreed.
        std::string text = "message " + std::to_string(i);
        if (i % 3 == 0) {
            text += " " + std::string(2000, static_cast<char>('a' + i % 26));
        }
        sent.push_back({i % 5 == 4 ? opcode::binary : opcode::text, std::move(text)});
    }
    return sent;
}

TEST(WsRoom, ABroadcastReachesEveryOtherMember) {
    room_server s;
    asio::io_context io;
    auto outcome = net::run_to_result(io, [&]() -> asio::awaitable<result<void>> {
        std::vector<std::shared_ptr<connection>> clients;
        for (int i = 0; i < 4; ++i) {
            connect_options options;
            if (i % 2 == 1) {
                options.deflate.reset();
            }
            auto c = co_await connect(s.url(), options);
            if (!c) {
                co_return c.error();
            }
            clients.push_back(*c);
        }
        EXPECT_TRUE(co_await members_become(s.everyone, 4));
        EXPECT_TRUE(clients[0]->compressed());
        EXPECT_FALSE(clients[1]->compressed());
        const auto sent = broadcast_samples();
        for (const auto& m : sent) {
            if (auto ok = co_await clients[0]->send(m.data, m.type); !ok) {
                co_return ok.error();
            }
        }
        for (std::size_t i = 1; i < clients.size(); ++i) {
            for (const auto& m : sent) {
                auto got = co_await clients[i]->read();
                if (!got) {
                    co_return got.error();
                }
                EXPECT_EQ(got->type, m.type) << "client " << i;
                EXPECT_EQ(got->data, m.data) << "client " << i;
            }
        }
        // The sender had none of its own back: its next message is another's.
        if (auto ok = co_await clients[3]->send("from the fourth"); !ok) {
            co_return ok.error();
        }
        auto first = co_await clients[0]->read();
        if (!first) {
            co_return first.error();
        }
        EXPECT_EQ(first->data, "from the fourth");
        // A member whose session ends leaves the room.
        co_await clients[2]->close();
        EXPECT_TRUE(co_await members_become(s.everyone, 3));
        for (auto& c : clients) {
            co_await c->close();
        }
        EXPECT_TRUE(co_await members_become(s.everyone, 0));
        co_return result<void>{};
    }());
    ASSERT_TRUE(outcome) << outcome.error().message();
}

TEST(WsRoom, AMemberThatStopsReadingIsCutOffAndTheOthersGetEverything) {
    accept_options options;
    options.connection.max_queued = 1024 * 1024;
    room_server s(options);
    // A member that never reads: the handshake, then nothing.
    auto idle = sync::socket::connect("127.0.0.1:" + std::to_string(s.server->port()));
    idle.sendall(
        "GET /room HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    asio::io_context io;
    constexpr int count = 64;
    const std::string piece(256 * 1024, 'p'); // 16 MiB in all: far past the socket's buffers
    auto outcome = net::run_to_result(io, [&]() -> asio::awaitable<result<void>> {
        connect_options plain;
        plain.deflate.reset();
        auto sender = co_await connect(s.url(), plain);
        auto reader = co_await connect(s.url(), plain);
        if (!sender || !reader) {
            co_return (!sender ? sender.error() : reader.error());
        }
        EXPECT_TRUE(co_await members_become(s.everyone, 3));
        // The reader reads while the sender sends (else it would stop reading too).
        for (int i = 0; i < count; ++i) {
            if (auto ok = co_await (*sender)->send(piece, opcode::binary); !ok) {
                co_return ok.error();
            }
            auto got = co_await (*reader)->read();
            if (!got) {
                co_return got.error();
            }
            EXPECT_EQ(got->data.size(), piece.size());
        }
        // The idle member was cut, and its session left the room.
        EXPECT_TRUE(co_await members_become(s.everyone, 2));
        co_await (*sender)->close();
        co_await (*reader)->close();
        co_return result<void>{};
    }());
    ASSERT_TRUE(outcome) << outcome.error().message();
}

} // namespace
} // namespace netkit::ws
