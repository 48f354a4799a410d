// Character classes of RFC 9110 §5.6.2 and RFC 9112, as 256-entry tables.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace netkit::http::detail {

enum char_class : std::uint8_t {
    tchar = 1 << 0,       // token: "!#$%&'*+-.^_`|~" DIGIT ALPHA
    vchar = 1 << 1,       // visible ASCII, 0x21-0x7E
    field_char = 1 << 2,  // field-value: VCHAR / obs-text / SP / HTAB
    target_char = 1 << 3, // request-target: visible ASCII
    hexdig = 1 << 4,
    ows = 1 << 5, // SP / HTAB
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

#if defined(__SSE2__)
// Bit i set when byte i of the 16 at `p` may not appear in a field line.
inline unsigned bad_field_bytes(const char* p) noexcept {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i control =
        _mm_cmpeq_epi8(_mm_min_epu8(chunk, _mm_set1_epi8(0x1F)), chunk); // <= 0x1F
    const __m128i bad =
        _mm_or_si128(_mm_andnot_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('\t')), control),
                     _mm_cmpeq_epi8(chunk, _mm_set1_epi8(0x7F)));
    return static_cast<unsigned>(_mm_movemask_epi8(bad));
}
#endif

/// The first '\n' at or after `from`, or npos: inline and 16 bytes at a
/// time, cheaper than a memchr call for the short lines of a head.
inline std::size_t find_newline(std::string_view text, std::size_t from) noexcept {
#if defined(__SSE2__)
    if (text.size() >= 16) {
        const __m128i lf = _mm_set1_epi8('\n');
        for (std::size_t i = from; i < text.size(); i += 16) {
            const std::size_t load = i + 16 <= text.size() ? i : text.size() - 16;
            const __m128i chunk =
                _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + load));
            const unsigned mask =
                static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, lf))) >> (i - load);
            if (mask != 0) {
                return i + static_cast<std::size_t>(__builtin_ctz(mask));
            }
        }
        return std::string_view::npos;
    }
#endif
    return text.find('\n', from);
}

/// True when every byte of text[at, at + n) may appear in a field line:
/// VCHAR, obs-text, SP, HTAB (RFC 9110 §5.5); not NUL, CR, LF, other
/// controls or DEL. Names and the colon are field characters too, so one
/// pass covers a whole line. Loads may read past the range (never past the
/// end of `text`), so that short lines also go 16 bytes at a time.
inline bool all_field_chars(std::string_view text, std::size_t at, std::size_t n) noexcept {
#if defined(__SSE2__)
    if (text.size() >= 16) {
        std::size_t i = at;
        const std::size_t end = at + n;
        for (; i < end; i += 16) {
            const std::size_t load = i + 16 <= text.size() ? i : text.size() - 16;
            unsigned mask = bad_field_bytes(text.data() + load) >> (i - load);
            const std::size_t valid = end - i; // bytes of the range in this block
            if (valid < 16) {
                mask &= (1u << valid) - 1;
            }
            if (mask != 0) {
                return false;
            }
        }
        return true;
    }
#endif
    for (std::size_t i = at; i < at + n; ++i) {
        if (!has(text[i], field_char)) {
            return false;
        }
    }
    return true;
}

} // namespace netkit::http::detail
