// Byte scans on the hot path of urlsplit, 16 bytes at a time with SSE2 (part
// of every x86-64 CPU) and a plain loop elsewhere. Each answers what a
// std::string_view member would, without a call or a branch per character.
//
// The last partial block is read as the final 16 bytes of the text (which
// overlap bytes already checked, masked off), so no load reaches past the end.
#pragma once

#include <cstddef>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace netkit::url::detail {

#if defined(__SSE2__)
// Bit i set when byte i of the 16 at `p` is a, b or c.
inline unsigned match3(const char* p, __m128i a, __m128i b, __m128i c) noexcept {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(chunk, a), _mm_cmpeq_epi8(chunk, b)), _mm_cmpeq_epi8(chunk, c));
    return static_cast<unsigned>(_mm_movemask_epi8(hit));
}
#endif

/// The first position at or after `from` holding `a`, `b` or `c`, or npos.
inline std::size_t find_any_of3(std::string_view text, std::size_t from, char a, char b,
                                char c) noexcept {
    std::size_t i = from;
#if defined(__SSE2__)
    if (text.size() >= 16 && from < text.size()) {
        const __m128i va = _mm_set1_epi8(a);
        const __m128i vb = _mm_set1_epi8(b);
        const __m128i vc = _mm_set1_epi8(c);
        for (; i + 16 <= text.size(); i += 16) {
            if (const unsigned mask = match3(text.data() + i, va, vb, vc)) {
                return i + static_cast<std::size_t>(__builtin_ctz(mask));
            }
        }
        if (i < text.size()) {
            const std::size_t last = text.size() - 16;
            // Bytes before `i` in this block were checked already.
            const unsigned mask = match3(text.data() + last, va, vb, vc) >> (i - last);
            return mask ? i + static_cast<std::size_t>(__builtin_ctz(mask))
                        : std::string_view::npos;
        }
        return std::string_view::npos;
    }
#endif
    for (; i < text.size(); ++i) {
        if (text[i] == a || text[i] == b || text[i] == c) {
            return i;
        }
    }
    return std::string_view::npos;
}

struct url_profile {
    bool unsafe = false;    ///< holds a tab, CR or LF (Python removes them)
    bool non_ascii = false; ///< holds a byte of 0x80 or more
};

/// One pass that tells what urlsplit must rewrite or check further.
inline url_profile profile(std::string_view text) noexcept {
    url_profile p;
#if defined(__SSE2__)
    if (text.size() >= 16) {
        const __m128i tab = _mm_set1_epi8('\t');
        const __m128i cr = _mm_set1_epi8('\r');
        const __m128i lf = _mm_set1_epi8('\n');
        unsigned unsafe = 0;
        unsigned high = 0;
        auto block = [&](const char* at) {
            const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
            unsafe |= match3(at, tab, cr, lf);
            high |= static_cast<unsigned>(_mm_movemask_epi8(chunk));
        };
        std::size_t i = 0;
        for (; i + 16 <= text.size(); i += 16) {
            block(text.data() + i);
        }
        if (i < text.size()) {
            block(text.data() + text.size() - 16); // overlaps checked bytes: harmless here
        }
        p.unsafe = unsafe != 0;
        p.non_ascii = high != 0;
        return p;
    }
#endif
    for (char c : text) {
        p.unsafe |= c == '\t' || c == '\r' || c == '\n';
        p.non_ascii |= static_cast<unsigned char>(c) >= 0x80;
    }
    return p;
}

/// find_any_of3 limited to [from, to): only positions before `to` count, but
/// loads may read (never past the end of `text`) beyond it, so that a short
/// range inside a long text still takes 16 bytes a step.
inline std::size_t find_any_of3_before(std::string_view text, std::size_t from, std::size_t to,
                                       char a, char b, char c) noexcept {
#if defined(__SSE2__)
    if (from < to && from + 16 <= text.size()) {
        const __m128i va = _mm_set1_epi8(a);
        const __m128i vb = _mm_set1_epi8(b);
        const __m128i vc = _mm_set1_epi8(c);
        for (std::size_t i = from; i < to; i += 16) {
            const std::size_t at = i + 16 <= text.size() ? i : text.size() - 16;
            unsigned mask = match3(text.data() + at, va, vb, vc) >> (i - at);
            if (mask != 0) {
                const std::size_t found = i + static_cast<std::size_t>(__builtin_ctz(mask));
                return found < to ? found : std::string_view::npos;
            }
        }
        return std::string_view::npos;
    }
#endif
    const std::size_t found = find_any_of3(text.substr(0, to), from, a, b, c);
    return found;
}

/// True when every byte is below 0x80.
inline bool is_ascii(std::string_view text) noexcept {
#if defined(__SSE2__)
    if (text.size() >= 16) {
        std::size_t i = 0;
        for (; i + 16 <= text.size(); i += 16) {
            if (_mm_movemask_epi8(
                    _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i)))) {
                return false;
            }
        }
        const char* last = text.data() + text.size() - 16;
        return _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(last))) == 0;
    }
#endif
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return false;
        }
    }
    return true;
}

} // namespace netkit::url::detail
