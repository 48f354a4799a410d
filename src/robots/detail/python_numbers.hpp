// The numbers of Crawl-delay and Request-rate lines, read as Python's
// robotparser reads them: str.isdigit() on the stripped text, then int().
#pragma once

#include <netkit/core/ascii.hpp>
#include <netkit/robots/robots_txt.hpp>

#include <algorithm>
#include <optional>
#include <string_view>

namespace netkit::robots::detail {

/// ASCII digits only (no sign), blanks around allowed; at most 18 of them.
inline std::optional<long long> whole_number(std::string_view text) {
    text = trim(text);
    if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), is_digit)) {
        return std::nullopt;
    }
    long long n = 0;
    for (const char c : text) {
        n = n * 10 + (c - '0');
    }
    return n;
}

/// "requests/seconds", two whole numbers around exactly one '/'.
inline std::optional<request_rate> request_rate_of(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    const auto requests = whole_number(text.substr(0, slash));
    const auto seconds = whole_number(text.substr(slash + 1));
    if (!requests || !seconds) {
        return std::nullopt;
    }
    return request_rate{*requests, *seconds};
}

} // namespace netkit::robots::detail
