#include <netkit/core/utf8.hpp>

#include <algorithm>
#include <cstring>

namespace netkit {
namespace {

// What a lead byte starts (RFC 3629 §4): the sequence's length, and the
// range its second byte must be in, which rules out overlong forms,
// surrogates and code points above U+10FFFF. Length 0: no sequence starts.
struct lead_rule {
    std::size_t length;
    unsigned char low;
    unsigned char high;
};

constexpr lead_rule rule_for(unsigned char lead) noexcept {
    if (lead < 0x80) {
        return {1, 0x80, 0xBF};
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        return {2, 0x80, 0xBF};
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        return {3, static_cast<unsigned char>(lead == 0xE0 ? 0xA0 : 0x80),
                static_cast<unsigned char>(lead == 0xED ? 0x9F : 0xBF)};
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        return {4, static_cast<unsigned char>(lead == 0xF0 ? 0x90 : 0x80),
                static_cast<unsigned char>(lead == 0xF4 ? 0x8F : 0xBF)};
    }
    return {0, 0, 0};
}

// Length of the valid UTF-8 sequence at text[i], or 0 if none starts there.
// *bad_length is set to the length of the maximal invalid subpart to skip.
std::size_t sequence_length(std::string_view text, std::size_t i, std::size_t* bad_length) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const lead_rule rule = rule_for(byte(i));
    *bad_length = 1;
    for (std::size_t k = 1; k < rule.length; ++k) {
        if (i + k >= text.size()) {
            *bad_length = k;
            return 0;
        }
        const unsigned char c = byte(i + k);
        const unsigned char lo = k == 1 ? rule.low : 0x80;
        const unsigned char hi = k == 1 ? rule.high : 0xBF;
        if (c < lo || c > hi) {
            *bad_length = k;
            return 0;
        }
    }
    return rule.length;
}

} // namespace

bool is_valid_utf8(std::string_view text) noexcept {
    utf8_validator v;
    return v.feed(text) && v.complete();
}

bool utf8_validator::feed(std::string_view bytes) noexcept {
    const char* p = bytes.data();
    const char* const end = p + bytes.size();
    while (p != end && !failed_) {
        if (due_ == 0) {
            // Text is mostly ASCII: eight bytes at a time while it is.
            while (end - p >= 8) {
                std::uint64_t eight = 0;
                std::memcpy(&eight, p, 8);
                if ((eight & 0x8080808080808080u) != 0) {
                    break;
                }
                p += 8;
            }
            if (p == end) {
                break;
            }
            const lead_rule rule = rule_for(static_cast<unsigned char>(*p++));
            failed_ = rule.length == 0;
            due_ = static_cast<std::uint8_t>(rule.length == 0 ? 0 : rule.length - 1);
            low_ = rule.low;
            high_ = rule.high;
            continue;
        }
        const auto c = static_cast<unsigned char>(*p++);
        failed_ = c < low_ || c > high_;
        --due_;
        low_ = 0x80;
        high_ = 0xBF;
    }
    return !failed_;
}

std::size_t utf8_prefix(std::string_view text, std::size_t max_bytes) noexcept {
    std::size_t keep = std::min(text.size(), max_bytes);
    while (keep > 0 && keep < text.size() &&
           (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) {
        --keep; // text[keep] continues a character: cut before its lead
    }
    return keep;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string repair_utf8(std::string_view text, std::string_view replacement) {
    std::string out;
    out.reserve(text.size());
    std::size_t bad = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = sequence_length(text, i, &bad);
        if (n == 0) {
            out += replacement;
            i += bad;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

char32_t next_code_point(std::string_view text, std::size_t& i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    const std::size_t length = lead < 0x80           ? 1
                               : (lead >> 5) == 0x06 ? 2
                               : (lead >> 4) == 0x0E ? 3
                               : (lead >> 3) == 0x1E ? 4
                                                     : 0;
    if (length <= 1 || i + length > text.size()) {
        ++i;
        return lead;
    }
    char32_t cp = lead & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return lead;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3Fu);
    }
    i += length;
    return cp;
}

} // namespace netkit
