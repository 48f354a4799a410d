// Character classes of RFC 9110 §5.6.2 and RFC 9112, as 256-entry tables.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace netkit::http::detail {

enum char_class : std::uint8_t {
    tchar = 1 << 0,       // token: "!#$%&'*+-.^_`|~" DIGIT ALPHA
    vchar = 1 << 1,       // visible ASCII, 0x21-0x7E
    field_char = 1 << 2,  // field-value: VCHAR / obs-text / SP / HTAB
    target_char = 1 << 3, // request-target: visible ASCII
    hexdig = 1 << 4,
    ows = 1 << 5,         // SP / HTAB
};

constexpr std::array<std::uint8_t, 256> make_table() {
    std::array<std::uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool digit = c >= '0' && c <= '9';
        if (alpha || digit) {
            t[c] |= tchar;
        }
        if (c >= 0x21 && c <= 0x7E) {
            t[c] |= vchar | field_char | target_char;
        }
        if (c >= 0x80 || c == ' ' || c == '\t') {
            t[c] |= field_char;
        }
        if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
            t[c] |= hexdig;
        }
    }
    for (char c : std::string_view("!#$%&'*+-.^_`|~")) {
        t[static_cast<unsigned char>(c)] |= tchar;
    }
    t[static_cast<unsigned char>(' ')] |= ows;
    t[static_cast<unsigned char>('\t')] |= ows;
    return t;
}

inline constexpr std::array<std::uint8_t, 256> table = make_table();

constexpr bool has(char c, char_class k) noexcept {
    return (table[static_cast<unsigned char>(c)] & k) != 0;
}

constexpr bool is_token(std::string_view s) noexcept {
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        if (!has(c, tchar)) {
            return false;
        }
    }
    return true;
}

constexpr std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && has(s.front(), ows)) {
        s.remove_prefix(1);
    }
    while (!s.empty() && has(s.back(), ows)) {
        s.remove_suffix(1);
    }
    return s;
}

} // namespace netkit::http::detail
