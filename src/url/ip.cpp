#include <netkit/core/ascii.hpp>
#include <netkit/url/ip.hpp>

#include "url/detail/charset.hpp"

#include <array>
#include <cstddef>

namespace netkit::url {
namespace {

// One dec-octet: "0" or 1-3 digits without a leading zero, at most 255.
// Python's _parse_octet and RFC 3986's dec-octet agree on this.
bool is_dec_octet(std::string_view s) {
    if (s.empty() || s.size() > 3) {
        return false;
    }
    int value = 0;
    for (char c : s) {
        if (!is_digit(c)) {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    return (s.size() == 1 || s[0] != '0') && value <= 255;
}

// Splits `text` at `separator` into at most `max` parts; returns the count,
// or max + 1 when there are more.
template <std::size_t N>
std::size_t split(std::string_view text, char separator, std::array<std::string_view, N>& parts) {
    std::size_t count = 0;
    for (;;) {
        const auto at = text.find(separator);
        if (count == N) {
            return N + 1;
        }
        parts[count++] = text.substr(0, at);
        if (at == std::string_view::npos) {
            return count;
        }
        text.remove_prefix(at + 1);
    }
}

// Python's _parse_hextet: 1 to 4 hex digits (an empty one fails in int()).
bool is_python_hextet(std::string_view s) {
    if (s.empty() || s.size() > 4) {
        return false;
    }
    for (char c : s) {
        if (!detail::is_hexdig(c)) {
            return false;
        }
    }
    return true;
}

// Python's IPv6Address._ip_int_from_string, as a yes/no.
bool is_python_ipv6(std::string_view text) {
    constexpr std::size_t hextets = 8;
    std::array<std::string_view, hextets + 2> raw{};
    const std::size_t n = split(text, ':', raw);
    if (n < 3 || n > raw.size()) {
        return false;
    }
    // The parts as Python sees them: an IPv4 address in the last part
    // stands for two hextets.
    std::array<std::string_view, hextets + 3> parts{};
    std::size_t count = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        parts[count++] = raw[i];
    }
    if (raw[n - 1].find('.') != std::string_view::npos) {
        if (!is_ipv4_address(raw[n - 1])) {
            return false;
        }
        parts[count++] = "0";
        parts[count++] = "0";
    } else {
        parts[count++] = raw[n - 1];
    }
    if (count > hextets + 1) {
        return false; // at most 8 colons
    }
    std::size_t skip = 0;
    for (std::size_t i = 1; i + 1 < count; ++i) {
        if (parts[i].empty()) {
            if (skip != 0) {
                return false; // at most one '::'
            }
            skip = i;
        }
    }
    std::size_t hi = count;
    std::size_t lo = 0;
    if (skip != 0) {
        hi = skip;
        lo = count - skip - 1;
        if (parts[0].empty() && --hi != 0) {
            return false; // a leading ':' only as part of '::'
        }
        if (parts[count - 1].empty() && --lo != 0) {
            return false; // a trailing ':' only as part of '::'
        }
        if (hi + lo + 1 > hextets) {
            return false; // '::' must stand for one hextet at least
        }
    } else if (count != hextets) {
        return false;
    }
    for (std::size_t i = 0; i < hi; ++i) {
        if (!is_python_hextet(parts[i])) {
            return false;
        }
    }
    for (std::size_t i = count - lo; i < count; ++i) {
        if (!is_python_hextet(parts[i])) {
            return false;
        }
    }
    return true;
}

} // namespace

ip_kind python_ip_address(std::string_view text) noexcept {
    if (text.find('/') != std::string_view::npos) {
        return ip_kind::none;
    }
    if (is_ipv4_address(text)) {
        return ip_kind::v4;
    }
    // IPv6Address._split_scope_id: "addr%zone", the zone non-empty and without '%'.
    const auto percent = text.find('%');
    if (percent != std::string_view::npos) {
        const auto zone = text.substr(percent + 1);
        if (zone.empty() || zone.find('%') != std::string_view::npos) {
            return ip_kind::none;
        }
        text = text.substr(0, percent);
    }
    return is_python_ipv6(text) ? ip_kind::v6 : ip_kind::none;
}

bool is_ipv4_address(std::string_view text) noexcept {
    std::array<std::string_view, 4> octets{};
    if (split(text, '.', octets) != 4) {
        return false;
    }
    for (auto octet : octets) {
        if (!is_dec_octet(octet)) {
            return false;
        }
    }
    return true;
}

bool is_ipv6_address(std::string_view text) noexcept {
    // RFC 3986's nine alternatives come down to: up to 8 pieces of h16 (an
    // IPv4address may stand last for two of them), at most one "::" that
    // stands for zero or more pieces, and exactly 8 pieces without it.
    std::size_t pieces = 0;
    bool compressed = false;
    std::size_t i = 0;
    if (text.starts_with("::")) {
        compressed = true;
        i = 2;
        if (i == text.size()) {
            return true;
        }
    } else if (text.starts_with(":")) {
        return false;
    }
    while (i < text.size()) {
        // one piece: h16, or an IPv4address at the very end
        std::size_t end = i;
        while (end < text.size() && detail::is_hexdig(text[end]) && end - i < 5) {
            ++end;
        }
        if (end < text.size() && text[end] == '.') {
            auto tail = text.substr(i);
            if (!is_ipv4_address(tail)) {
                return false;
            }
            pieces += 2;
            i = text.size();
            break;
        }
        if (end == i || end - i > 4) {
            return false;
        }
        ++pieces;
        i = end;
        if (i == text.size()) {
            break;
        }
        if (text[i] != ':') {
            return false;
        }
        if (i + 1 < text.size() && text[i + 1] == ':') {
            if (compressed) {
                return false;
            }
            compressed = true;
            i += 2;
            continue; // "::" may end the address
        }
        ++i;
        if (i == text.size()) {
            return false; // a single trailing ':'
        }
    }
    return compressed ? pieces <= 7 : pieces == 8;
}

bool is_ipvfuture(std::string_view text) noexcept {
    if (text.size() < 4 || (text[0] != 'v' && text[0] != 'V')) {
        return false;
    }
    std::size_t i = 1;
    while (i < text.size() && detail::is_hexdig(text[i])) {
        ++i;
    }
    if (i == 1 || i >= text.size() || text[i] != '.' || i + 1 == text.size()) {
        return false;
    }
    for (++i; i < text.size(); ++i) {
        if (!detail::is_unreserved(text[i]) && !detail::is_sub_delim(text[i]) && text[i] != ':') {
            return false;
        }
    }
    return true;
}

} // namespace netkit::url
