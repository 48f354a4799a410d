// Python's readings of text that http.cookiejar relies on, written once for
// its helpers, its policy and its jar.
#pragma once

#include <netkit/core/ascii.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace netkit::cookie::cookiejar::detail {

/// \w in Python's str patterns: letters and digits of any script (each byte
/// of a UTF-8 sequence counts as one), and '_'.
inline bool is_python_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

/// IPV4_RE.search: r"\.\d+$", a host whose last label is a number.
inline bool ends_with_ipv4_part(std::string_view text) {
    const auto dot = text.rfind('.');
    return dot != std::string_view::npos && dot + 1 < text.size() &&
           std::all_of(text.begin() + static_cast<std::ptrdiff_t>(dot) + 1, text.end(), is_digit);
}

/// int(text): blanks around, a sign, ASCII digits with single '_' between
/// them. Python's integers have no bound; past 64 bits the value saturates,
/// which no cookie date or version can tell apart.
inline std::optional<std::int64_t> python_int(std::string_view text) {
    text = trim(text);
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty() || !is_digit(text.front()) || !is_digit(text.back())) {
        return std::nullopt;
    }
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    std::int64_t value = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_') {
            if (!is_digit(text[i + 1]) || !is_digit(text[i - 1])) {
                return std::nullopt;
            }
            continue;
        }
        if (!is_digit(c)) {
            return std::nullopt;
        }
        value = value > (max - (c - '0')) / 10 ? max : value * 10 + (c - '0');
    }
    return negative ? -value : value;
}

} // namespace netkit::cookie::cookiejar::detail
