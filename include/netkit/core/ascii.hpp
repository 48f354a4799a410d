// ASCII helpers for protocol text: case-insensitive comparison and trimming,
// independent of the C locale (tolower() is locale-dependent).
//
//     netkit::iequals("Content-Length", "content-length")   // true
//     netkit::trim("  bye \r\n")                            // "bye"
#pragma once

#include <string>
#include <string_view>

namespace netkit {

constexpr char to_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower(a[i]) != to_lower(b[i])) {
            return false;
        }
    }
    return true;
}

/// A copy with ASCII letters lower-cased (other bytes, UTF-8 included, kept).
inline std::string lower_copy(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        c = to_lower(c);
    }
    return out;
}

/// `text` without the ASCII whitespace at either end (Python's str.strip()).
constexpr std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace netkit
