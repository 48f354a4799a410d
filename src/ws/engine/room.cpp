#include <netkit/ws/engine/room.hpp>

#include <asio/dispatch.hpp>

#include <algorithm>
#include <string>

namespace netkit::ws {

room::membership room::join(connection& member) {
    std::lock_guard lock(mutex_);
    members_.push_back(member.shared_from_this());
    return membership(*this, member);
}

void room::leave(const connection& member) {
    std::lock_guard lock(mutex_);
    std::erase_if(members_, [&](const auto& m) { return m.get() == &member; });
}

std::size_t room::size() const {
    std::lock_guard lock(mutex_);
    return members_.size();
}

std::size_t room::broadcast(std::string_view data, opcode type, const connection* except) {
    // Made on first need: one frame for the members that send plain
    // server frames, one copy of the payload for those that frame their
    // own (compressing with their own context, or masking as clients).
    std::shared_ptr<const std::string> frame;
    std::shared_ptr<const std::string> payload;
    std::size_t sent = 0;
    std::lock_guard lock(mutex_);
    for (const auto& m : members_) {
        if (m.get() == except) {
            continue;
        }
        ++sent;
        // A connection is used on its own thread only: dispatch runs the
        // queueing at once when this is that thread, and posts it otherwise.
        if (m->side() == role::server && !m->compressed()) {
            if (!frame) {
                auto made = std::make_shared<std::string>();
                append_frame(*made, frame_header{.op = type}, data);
                frame = std::move(made);
            }
            asio::dispatch(m->get_executor(), [m, frame] { (void)m->queue_frame(frame); });
        } else {
            if (!payload) {
                payload = std::make_shared<const std::string>(data);
            }
            asio::dispatch(m->get_executor(),
                           [m, payload, type] { (void)m->queue(*payload, type); });
        }
    }
    return sent;
}

asio::awaitable<void> room::relay(connection& member) {
    const auto joined = join(member);
    for (;;) {
        auto m = co_await member.read();
        if (!m) {
            co_return;
        }
        broadcast(m->data, m->type, &member);
    }
}

} // namespace netkit::ws
