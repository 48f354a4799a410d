// WebSocket bytes from a peer, read by the message reader (ws/reader.hpp):
// the first byte picks the role and whether permessage-deflate is agreed,
// the rest is the wire. No crash, no read past the input; every message
// handed out fits the limit, and text is UTF-8; and each message, written
// again as a frame (masked or not, compressed or not), reads back the same.
#include <netkit/core/utf8.hpp>
#include <netkit/ws/frame.hpp>
#include <netkit/ws/permessage_deflate.hpp>
#include <netkit/ws/reader.hpp>

#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

namespace {

namespace ws = netkit::ws;
constexpr std::uint64_t max_message = 64 * 1024;

// The messages in `wire`, as a reader of `who` sees them (stops at a fault).
std::vector<std::pair<ws::opcode, std::string>> read_all(std::string wire, ws::role who,
                                                         bool deflate) {
    ws::reader r({who, max_message});
    if (deflate) {
        r.use_deflate(false);
    }
    std::vector<std::pair<ws::opcode, std::string>> out;
    std::span<char> rest(wire.data(), wire.size());
    for (;;) {
        auto step = r.feed(rest);
        if (!step) {
            return out;
        }
        if (step->consumed > rest.size()) {
            std::abort();
        }
        rest = rest.subspan(step->consumed);
        if (step->what == ws::event::need_more) {
            return out;
        }
        if (step->what == ws::event::message) {
            if (r.message().size() > max_message) {
                std::abort();
            }
            if (r.message_type() == ws::opcode::text && !netkit::is_valid_utf8(r.message())) {
                std::abort();
            }
            out.emplace_back(r.message_type(), r.message());
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const ws::role who = (data[0] & 1) != 0 ? ws::role::server : ws::role::client;
    const bool deflate = (data[0] & 2) != 0;
    const std::string wire(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto messages = read_all(wire, who, deflate);

    // Written again by the other side, they read back the same.
    std::string again;
    ws::deflater compress(15, false, 1);
    for (const auto& [type, payload] : messages) {
        ws::frame_header h;
        h.op = type;
        h.masked = who == ws::role::server;
        h.mask = {data[0], 0x5a, 0xa5, 0x3c};
        if (deflate) {
            std::string compressed;
            compress.compress(payload, compressed);
            h.rsv1 = true;
            ws::append_frame(again, h, compressed);
        } else {
            ws::append_frame(again, h, payload);
        }
    }
    if (read_all(again, who, deflate) != messages) {
        std::abort();
    }
    return 0;
}
