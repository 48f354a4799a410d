// ASCII helpers for protocol text: case-insensitive comparison, trimming and
// decimal numbers, independent of the C locale (tolower() is locale-dependent).
//
//     netkit::iequals("Content-Length", "content-length")   // true
//     netkit::trim("  bye \r\n")                            // "bye"
//     netkit::parse_decimal("213")                          // 213
//     netkit::append_decimal(line, 8080)                    // line += "8080"
//     netkit::list_has("keep-alive, Upgrade", "upgrade")    // true
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netkit {

constexpr char to_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr char to_upper(char c) noexcept {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

constexpr bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

constexpr bool is_alpha(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr bool is_hex_digit(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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

/// A copy with ASCII letters upper-cased.
inline std::string upper_copy(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        c = to_upper(c);
    }
    return out;
}

/// Whether `text` begins with `prefix`, ASCII letters in any case.
constexpr bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

/// A copy with ASCII letters lower-cased (other bytes, UTF-8 included, kept).
inline std::string lower_copy(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        c = to_lower(c);
    }
    return out;
}

/// `text` as a decimal number: one or more ASCII digits and nothing else
/// (no sign, no space); nullopt otherwise or past 2^64 - 1.
constexpr std::optional<std::uint64_t> parse_decimal(std::string_view text) noexcept {
    if (text.empty()) {
        return std::nullopt;
    }
    std::uint64_t n = 0;
    for (char c : text) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (n > (UINT64_MAX - digit) / 10) {
            return std::nullopt;
        }
        n = n * 10 + digit;
    }
    return n;
}

/// Appends `n` in decimal (to_chars: no locale, no allocation of its own).
inline void append_decimal(std::string& out, std::uint64_t n) {
    std::array<char, 20> digits;
    out.append(digits.data(), std::to_chars(digits.data(), digits.data() + digits.size(), n).ptr);
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

/// Whether a comma-separated list, an HTTP field value such as Connection's
/// "keep-alive, Upgrade", holds `item`, compared without case (RFC 9110
/// §5.6.1: elements are separated by commas and optional whitespace).
constexpr bool list_has(std::string_view list, std::string_view item) noexcept {
    for (;;) {
        const auto comma = list.find(',');
        if (iequals(trim(list.substr(0, comma)), item)) {
            return true;
        }
        if (comma == std::string_view::npos) {
            return false;
        }
        list.remove_prefix(comma + 1);
    }
}

} // namespace netkit
