// WebSocket frames (RFC 6455 §5): the header read and written, and masking.
//
//     ws::frame_header h;
//     auto n = ws::parse_frame_header(bytes, h, {.reader = ws::role::server});
//     if (!n)        -> close with ws::close_code_for(n.error())
//     else if (!*n)  -> read more: the header is not all there
//     else           -> h.length payload bytes follow bytes[*n]; unmask them
//                       with ws::apply_mask(data, size, h.mask, offset)
//
// A header is refused as soon as its bytes show a fault, so that a hostile
// peer is answered before it sends more: a reserved opcode or bit, a
// fragmented or long control frame, a length not in its shortest form or
// over 2^63, a mask where the role forbids one or none where it needs one.
#pragma once

#include <netkit/core/result.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace netkit::ws {

enum class opcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA,
};

/// Close, ping and pong: never fragmented, and interleaved between a
/// message's fragments (§5.5).
constexpr bool is_control(opcode op) noexcept {
    return (static_cast<std::uint8_t>(op) & 0x8) != 0;
}

/// A control frame's payload limit (§5.5).
constexpr std::size_t max_control_payload = 125;
/// 2 bytes, 8 of extended length, 4 of mask.
constexpr std::size_t max_frame_header = 14;

/// Which end reads: a server reads clients' frames, which must be masked; a
/// client reads the server's, which must not be (§5.1).
enum class role { client, server };

using masking_key = std::array<unsigned char, 4>;

struct frame_header {
    bool fin = true;
    /// RSV1: "this message is compressed" once permessage-deflate is agreed
    /// (RFC 7692 §6); an error otherwise.
    bool rsv1 = false;
    opcode op = opcode::text;
    bool masked = false;
    masking_key mask{};
    std::uint64_t length = 0;
};

struct header_rules {
    role reader = role::server;
    /// Whether an extension (permessage-deflate) gives RSV1 a meaning.
    bool rsv1_allowed = false;
};

/// Reads the header at the front of `bytes` into `out`: the number of bytes
/// it takes, 0 while `bytes` holds only part of it, or the fault it shows.
result<std::size_t> parse_frame_header(std::string_view bytes, frame_header& out,
                                       const header_rules& rules);

/// Writes `h` to `out` (room for max_frame_header bytes), the length in its
/// shortest form, and returns how many bytes it took.
std::size_t write_frame_header(const frame_header& h, char* out) noexcept;

/// Appends a whole frame to `out`: the header (its length set from the
/// payload's), then the payload, masked when h.masked (a client's frames).
void append_frame(std::string& out, frame_header h, std::string_view payload);

/// XORs `size` bytes of payload with the mask; `offset` is the position of
/// data[0] in the frame's payload, so that a payload may be unmasked in the
/// pieces it arrives in. Masking twice restores the bytes.
void apply_mask(char* data, std::size_t size, const masking_key& mask,
                std::uint64_t offset = 0) noexcept;

} // namespace netkit::ws
