// Comparisons for the short strings of paths and rules, as byte loops:
// most differ within a few bytes, and a call into the C library's memcmp
// or memchr costs more than that (it showed in every question's profile).
#pragma once

#include <cstddef>
#include <string_view>

namespace netkit::robots::detail {

inline bool same_bytes(const char* a, const char* b, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

inline bool starts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && same_bytes(text.data(), prefix.data(), prefix.size());
}

inline bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           same_bytes(text.data() + text.size() - suffix.size(), suffix.data(), suffix.size());
}

/// Where `piece` first occurs in `text` at or after `from`; npos if nowhere.
/// (As std::string_view::find: each place is tried in turn.)
inline std::size_t find(std::string_view text, std::string_view piece, std::size_t from) {
    if (piece.size() > text.size()) {
        return std::string_view::npos;
    }
    for (std::size_t at = from; at <= text.size() - piece.size(); ++at) {
        if (same_bytes(text.data() + at, piece.data(), piece.size())) {
            return at;
        }
    }
    return std::string_view::npos;
}

} // namespace netkit::robots::detail
