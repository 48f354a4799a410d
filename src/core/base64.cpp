#include <netkit/core/base64.hpp>

#include <netkit/core/error.hpp>

#include <array>

namespace netkit {

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<signed char, 256> make_values() {
    std::array<signed char, 256> values{};
    values.fill(-1);
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        values[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
    }
    return values;
}

constexpr std::array<signed char, 256> values = make_values();

} // namespace

std::string base64_encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                           (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += {alphabet[v >> 18], alphabet[(v >> 12) & 63], alphabet[(v >> 6) & 63],
                alphabet[v & 63]};
    }
    if (i < in.size()) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) {
            v |= static_cast<unsigned char>(in[i + 1]) << 8;
        }
        out += {alphabet[v >> 18], alphabet[(v >> 12) & 63],
                i + 1 < in.size() ? alphabet[(v >> 6) & 63] : '=', '='};
    }
    return out;
}

result<std::string> base64_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size() / 4 * 3);
    unsigned quad_position = 0; // characters of the current group of four
    unsigned pending = 0;       // the bits not yet written
    unsigned pads = 0;          // '=' seen once a group had two characters
    for (const char c : text) {
        if (c == '=') {
            // Padding ends the data once it completes a group (binascii's
            // count of pads is not reset by characters between them).
            if (quad_position >= 2 && quad_position + ++pads >= 4) {
                return out;
            }
            continue;
        }
        const int v = values[static_cast<unsigned char>(c)];
        if (v < 0) {
            continue; // not base64: skipped
        }
        switch (quad_position) {
        case 0: pending = static_cast<unsigned>(v); break;
        case 1:
            out += static_cast<char>((pending << 2) | (static_cast<unsigned>(v) >> 4));
            pending = static_cast<unsigned>(v) & 0x0F;
            break;
        case 2:
            out += static_cast<char>((pending << 4) | (static_cast<unsigned>(v) >> 2));
            pending = static_cast<unsigned>(v) & 0x03;
            break;
        default: out += static_cast<char>((pending << 6) | static_cast<unsigned>(v)); break;
        }
        quad_position = (quad_position + 1) % 4;
    }
    if (quad_position == 1) {
        return make_error_code(core_error::base64_length);
    }
    if (quad_position != 0) {
        return make_error_code(core_error::base64_padding);
    }
    return out;
}

} // namespace netkit
