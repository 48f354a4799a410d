// Character classes of RFC 3986 (§2.2, §2.3, Appendix A) as 256-entry tables.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace netkit::url::detail {

enum char_class : std::uint32_t {
    alpha = 1 << 0,
    digit = 1 << 1,
    hexdig = 1 << 2,
    unreserved = 1 << 3,    // ALPHA / DIGIT / "-" / "." / "_" / "~"
    sub_delim = 1 << 4,     // "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
    gen_delim = 1 << 5,     // ":" / "/" / "?" / "#" / "[" / "]" / "@"
    scheme_char = 1 << 6,   // ALPHA / DIGIT / "+" / "-" / "."
    c0_or_space = 1 << 7,   // WHATWG "C0 control or space": what urlsplit strips
    authority_end = 1 << 9, // "/", "?", "#"
    path_end = 1 << 10,     // "?", "#"
    // What each RFC 3986 component allows besides pct-encoded (Appendix A).
    userinfo_char = 1 << 11, // unreserved / sub-delims / ":"
    reg_name_char = 1 << 12, // unreserved / sub-delims
    path_char = 1 << 13,     // pchar / "/"
    query_char = 1 << 14,    // pchar / "/" / "?" (fragments too)
};

constexpr std::array<std::uint32_t, 256> make_table() {
    std::array<std::uint32_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        const bool is_alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool is_digit = c >= '0' && c <= '9';
        if (is_alpha) {
            t[c] |= alpha | unreserved | scheme_char;
        }
        if (is_digit) {
            t[c] |= digit | unreserved | scheme_char;
        }
        if (is_digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
            t[c] |= hexdig;
        }
        if (c <= 0x20) {
            t[c] |= c0_or_space;
        }
    }
    for (char c : std::string_view("-._~")) {
        t[static_cast<unsigned char>(c)] |= unreserved;
    }
    for (char c : std::string_view("!$&'()*+,;=")) {
        t[static_cast<unsigned char>(c)] |= sub_delim;
    }
    for (char c : std::string_view(":/?#[]@")) {
        t[static_cast<unsigned char>(c)] |= gen_delim;
    }
    for (char c : std::string_view("+-.")) {
        t[static_cast<unsigned char>(c)] |= scheme_char;
    }
    for (char c : std::string_view("/?#")) {
        t[static_cast<unsigned char>(c)] |= authority_end;
    }
    for (char c : std::string_view("?#")) {
        t[static_cast<unsigned char>(c)] |= path_end;
    }
    for (int c = 0; c < 256; ++c) {
        if (t[c] & (unreserved | sub_delim)) {
            t[c] |= userinfo_char | reg_name_char | path_char | query_char;
        }
    }
    for (char c : std::string_view(":")) {
        t[static_cast<unsigned char>(c)] |= userinfo_char;
    }
    for (char c : std::string_view(":@/")) {
        t[static_cast<unsigned char>(c)] |= path_char | query_char;
    }
    t[static_cast<unsigned char>('?')] |= query_char;
    return t;
}

inline constexpr std::array<std::uint32_t, 256> table = make_table();

constexpr bool has(char c, char_class k) noexcept {
    return (table[static_cast<unsigned char>(c)] & k) != 0;
}
constexpr bool is_alpha(char c) noexcept {
    return has(c, alpha);
}
constexpr bool is_digit(char c) noexcept {
    return has(c, digit);
}
constexpr bool is_hexdig(char c) noexcept {
    return has(c, hexdig);
}
constexpr bool is_unreserved(char c) noexcept {
    return has(c, unreserved);
}
constexpr bool is_sub_delim(char c) noexcept {
    return has(c, sub_delim);
}
constexpr bool is_scheme_char(char c) noexcept {
    return has(c, scheme_char);
}
constexpr bool is_c0_or_space(char c) noexcept {
    return has(c, c0_or_space);
}

/// The first position at or after `from` whose character is in `k`, or npos.
constexpr std::size_t find_first(std::string_view text, std::size_t from, char_class k) noexcept {
    for (std::size_t i = from; i < text.size(); ++i) {
        if (has(text[i], k)) {
            return i;
        }
    }
    return std::string_view::npos;
}

constexpr int hex_value(char c) noexcept {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
}

} // namespace netkit::url::detail
