// A set of WebSocket connections that messages go to together: a chat
// room, a feed, a game's players. broadcast() frames a message once for
// all the members that can take the same bytes (a server's connections
// without compression) and hands it to each member on the member's own
// thread; a member that stops reading is cut off at its max_queued, and the
// others go on.
//
//     netkit::ws::room everyone;
//     server.websocket("/chat", [&](netkit::ws::connection& c) -> asio::awaitable<void> {
//         auto member = everyone.join(c);      // leaves when `member` goes
//         for (;;) {
//             auto m = co_await c.read();
//             if (!m) co_return;
//             everyone.broadcast(m->data, m->type, &c);   // to all but c
//         }
//     });
//
// which relay() is, for a room whose members only pass on what they say:
//
//     server.websocket("/chat", [&](netkit::ws::connection& c) { return everyone.relay(c); });
//
// A room may be shared by the threads of a server.
#pragma once

#include <netkit/ws/engine/connection.hpp>

#include <asio/awaitable.hpp>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

namespace netkit::ws {

class room {
public:
    /// Being in a room: leaves it when destroyed.
    class membership {
    public:
        membership() = default;
        membership(room& r, const connection& c) : room_(&r), member_(&c) {}
        membership(membership&& other) noexcept
            : room_(std::exchange(other.room_, nullptr)), member_(other.member_) {}
        membership& operator=(membership&& other) noexcept {
            if (this != &other) {
                leave();
                room_ = std::exchange(other.room_, nullptr);
                member_ = other.member_;
            }
            return *this;
        }
        ~membership() { leave(); }
        void leave() {
            if (room_ != nullptr) {
                std::exchange(room_, nullptr)->leave(*member_);
            }
        }

    private:
        room* room_ = nullptr;
        const connection* member_ = nullptr;
    };

    room() = default;
    room(const room&) = delete;
    room& operator=(const room&) = delete;

    /// Adds a connection (the room holds it until it leaves).
    [[nodiscard]] membership join(connection& member);
    void leave(const connection& member);
    std::size_t size() const;

    /// Queues a message to every member but `except`; returns how many
    /// members it went to. A member's queue() errors (closed, queue_full)
    /// end only that member.
    std::size_t broadcast(std::string_view data, opcode type = opcode::text,
                          const connection* except = nullptr);

    /// A member's whole session: joins, passes every message `member` sends
    /// to all the others, and leaves when its connection ends.
    asio::awaitable<void> relay(connection& member);

private:
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<connection>> members_;
};

} // namespace netkit::ws
