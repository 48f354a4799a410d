#include <netkit/ws/error.hpp>
#include <netkit/ws/frame.hpp>

#include <cstring>

namespace netkit::ws {
namespace {

bool is_defined(std::uint8_t op) noexcept {
    return op <= 0x2 || (op >= 0x8 && op <= 0xA);
}

} // namespace

result<std::size_t> parse_frame_header(std::string_view bytes, frame_header& out,
                                       const header_rules& rules) {
    if (bytes.size() < 2) {
        return std::size_t{0};
    }
    const auto b0 = static_cast<unsigned char>(bytes[0]);
    const auto b1 = static_cast<unsigned char>(bytes[1]);
    const auto op = static_cast<std::uint8_t>(b0 & 0x0F);
    const bool fin = (b0 & 0x80) != 0;
    const bool masked = (b1 & 0x80) != 0;
    const unsigned short_length = b1 & 0x7F;
    // What the first two bytes show is refused before the rest arrives.
    if (!is_defined(op)) {
        return error::reserved_opcode;
    }
    if ((b0 & 0x30) != 0 || ((b0 & 0x40) != 0 && !rules.rsv1_allowed)) {
        return error::reserved_bits;
    }
    const bool control = is_control(static_cast<opcode>(op));
    if (control && !fin) {
        return error::fragmented_control;
    }
    if (control && short_length > max_control_payload) {
        return error::control_too_long;
    }
    if (masked != (rules.reader == role::server)) {
        return masked ? error::masked_server_frame : error::unmasked_client_frame;
    }
    const std::size_t length_bytes = short_length == 126 ? 2 : short_length == 127 ? 8 : 0;
    const std::size_t size = 2 + length_bytes + (masked ? 4 : 0);
    if (bytes.size() < size) {
        return std::size_t{0};
    }
    std::uint64_t length = short_length;
    if (length_bytes != 0) {
        length = 0;
        for (std::size_t i = 0; i < length_bytes; ++i) {
            length = length << 8 | static_cast<unsigned char>(bytes[2 + i]);
        }
        // §5.2: "the minimal number of bytes MUST be used", and the 64-bit
        // form's most significant bit MUST be 0.
        if (length_bytes == 8 && (length >> 63) != 0) {
            return error::length_too_large;
        }
        if (length < (length_bytes == 2 ? 126u : 0x10000u)) {
            return error::length_not_minimal;
        }
    }
    out.fin = fin;
    out.rsv1 = (b0 & 0x40) != 0;
    out.op = static_cast<opcode>(op);
    out.masked = masked;
    out.mask = {};
    if (masked) {
        std::memcpy(out.mask.data(), bytes.data() + 2 + length_bytes, 4);
    }
    out.length = length;
    return size;
}

std::size_t write_frame_header(const frame_header& h, char* out) noexcept {
    auto* p = reinterpret_cast<unsigned char*>(out);
    p[0] = static_cast<unsigned char>((h.fin ? 0x80 : 0) | (h.rsv1 ? 0x40 : 0) |
                                      static_cast<std::uint8_t>(h.op));
    const unsigned char mask_bit = h.masked ? 0x80 : 0;
    std::size_t n = 2;
    if (h.length < 126) {
        p[1] = static_cast<unsigned char>(mask_bit | h.length);
    } else if (h.length <= 0xFFFF) {
        p[1] = mask_bit | 126;
        p[2] = static_cast<unsigned char>(h.length >> 8);
        p[3] = static_cast<unsigned char>(h.length);
        n = 4;
    } else {
        p[1] = mask_bit | 127;
        for (int i = 0; i < 8; ++i) {
            p[2 + i] = static_cast<unsigned char>(h.length >> (56 - 8 * i));
        }
        n = 10;
    }
    if (h.masked) {
        std::memcpy(p + n, h.mask.data(), 4);
        n += 4;
    }
    return n;
}

void append_frame(std::string& out, frame_header h, std::string_view payload) {
    h.length = payload.size();
    char head[max_frame_header];
    const std::size_t head_size = write_frame_header(h, head);
    const std::size_t at = out.size();
    out.append(head, head_size).append(payload);
    if (h.masked) {
        apply_mask(out.data() + at + head_size, payload.size(), h.mask);
    }
}

void apply_mask(char* data, std::size_t size, const masking_key& mask,
                std::uint64_t offset) noexcept {
    // The key turned so that data[0] meets its byte, then eight bytes at a time.
    std::array<unsigned char, 8> key{};
    for (std::size_t i = 0; i < key.size(); ++i) {
        key[i] = mask[(offset + i) % 4];
    }
    std::uint64_t wide = 0;
    std::memcpy(&wide, key.data(), 8);
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, data + i, 8);
        word ^= wide;
        std::memcpy(data + i, &word, 8);
    }
    for (; i < size; ++i) {
        data[i] = static_cast<char>(data[i] ^ key[i % 8]);
    }
}

} // namespace netkit::ws
