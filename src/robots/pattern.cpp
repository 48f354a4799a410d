#include <netkit/robots/pattern.hpp>

#include <netkit/core/ascii.hpp>

#include <array>

#include "detail/matched_part.hpp"
#include "detail/short_compare.hpp"

namespace netkit::robots {

namespace detail {

namespace {

// What a byte means on the way to a URL's path: a table, since every
// question looks at every byte of its URL's scheme and authority.
enum : unsigned char { ordinary, path_byte, hash_byte, colon_byte };
constexpr std::array<unsigned char, 256> url_bytes = [] {
    std::array<unsigned char, 256> t{};
    t['/'] = t['?'] = t[';'] = path_byte;
    t['#'] = hash_byte;
    t[':'] = colon_byte;
    return t;
}();

} // namespace

std::string_view matched_part(std::string_view url, std::string& storage) {
    // One pass to where the path starts (find_first_of with a set of three
    // looks each byte up with memchr, on the hot path of every question).
    const auto kind = [&](std::size_t at) {
        return url_bytes[static_cast<unsigned char>(url[at])];
    };
    const auto starts_path = [](char c) {
        return url_bytes[static_cast<unsigned char>(c)] == path_byte;
    };
    // Two leading slashes start an authority, as in "//host/path".
    const std::size_t search_start = url.starts_with("//") ? 2 : 0;
    std::size_t path_start = std::string_view::npos;
    bool hash_first = false; // a '#' before the path: no path at all
    std::size_t i = search_start;
    for (; i < url.size(); ++i) {
        const unsigned char k = kind(i);
        if (k == ordinary) {
            continue;
        }
        if (k == path_byte) {
            path_start = i; // no "://" before it: the path starts here
            break;
        }
        hash_first = hash_first || k == hash_byte;
        if (k == colon_byte && url.substr(i + 1, 2) == "//") {
            // The scheme's "://": the path starts after the authority.
            for (i += 3; i < url.size() && !starts_path(url[i]); ++i) {
                hash_first = hash_first || kind(i) == hash_byte;
            }
            path_start = i < url.size() ? i : std::string_view::npos;
            break;
        }
    }
    if (path_start == std::string_view::npos || hash_first) {
        return "/";
    }
    const std::size_t hash = url.find('#', path_start);
    const std::string_view part =
        url.substr(path_start, (hash == std::string_view::npos ? url.size() : hash) - path_start);
    if (part.starts_with('/')) {
        return part;
    }
    storage.assign(1, '/').append(
        part); // (not assign("/"): g++ 12 -O2 warns of an overlap it imagines)
    return storage;
}

} // namespace detail

std::string path_params_query(std::string_view url) {
    std::string storage;
    return std::string(detail::matched_part(url, storage));
}

std::string escape_pattern(std::string_view pattern) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(pattern.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const auto c = static_cast<unsigned char>(pattern[i]);
        if (c == '%' && i + 2 < pattern.size() && is_hex_digit(pattern[i + 1]) &&
            is_hex_digit(pattern[i + 2])) {
            out += '%';
            out += to_upper(pattern[i + 1]);
            out += to_upper(pattern[i + 2]);
            i += 2;
        } else if (c >= 0x80) {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

bool pattern_matches(std::string_view path, std::string_view pattern) {
    // A final '$' anchors the end; elsewhere '$' is an ordinary character.
    const bool anchored = pattern.ends_with('$');
    if (anchored) {
        pattern.remove_suffix(1);
    }
    // The pieces between '*'s: the first must start the path, each next one
    // is taken where it first occurs after the one before (the leftmost
    // place leaves the most room for the rest, so greed loses no match),
    // and with '$' the last must end the path.
    const auto next_star = [&](std::size_t from) {
        while (from < pattern.size() && pattern[from] != '*') {
            ++from;
        }
        return from < pattern.size() ? from : std::string_view::npos;
    };
    std::size_t star = next_star(0);
    if (star == std::string_view::npos) {
        return anchored ? path.size() == pattern.size() && detail::starts_with(path, pattern)
                        : detail::starts_with(path, pattern);
    }
    const std::string_view first = pattern.substr(0, star);
    if (!detail::starts_with(path, first)) {
        return false;
    }
    std::size_t at = first.size();
    for (;;) {
        const std::size_t next = next_star(star + 1);
        const std::string_view piece = pattern.substr(
            star + 1, next == std::string_view::npos ? std::string_view::npos : next - star - 1);
        if (next == std::string_view::npos) {
            // The last piece: anywhere after `at`, or at the very end.
            if (!anchored) {
                return detail::find(path, piece, at) != std::string_view::npos;
            }
            return path.size() >= at + piece.size() && detail::ends_with(path, piece);
        }
        const std::size_t found = detail::find(path, piece, at);
        if (found == std::string_view::npos) {
            return false;
        }
        at = found + piece.size();
        star = next;
    }
}

std::string_view product_token(std::string_view user_agent) {
    std::size_t n = 0;
    while (n < user_agent.size() &&
           (is_alpha(user_agent[n]) || user_agent[n] == '-' || user_agent[n] == '_')) {
        ++n;
    }
    return user_agent.substr(0, n);
}

bool is_valid_user_agent(std::string_view user_agent) {
    return !user_agent.empty() && product_token(user_agent) == user_agent;
}

} // namespace netkit::robots
