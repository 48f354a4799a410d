#include <netkit/robots/pattern.hpp>

#include <netkit/core/ascii.hpp>

#include <vector>

namespace netkit::robots {

std::string path_params_query(std::string_view url) {
    // Two leading slashes start an authority, as in "//host/path".
    const std::size_t search_start = url.starts_with("//") ? 2 : 0;
    const std::size_t early_path = url.find_first_of("/?;", search_start);
    std::size_t protocol_end = url.find("://", search_start);
    // A "://" after the path has begun is part of it (a query's URL).
    if (protocol_end == std::string_view::npos || early_path < protocol_end) {
        protocol_end = search_start;
    } else {
        protocol_end += 3;
    }
    const std::size_t path_start = url.find_first_of("/?;", protocol_end);
    if (path_start == std::string_view::npos) {
        return "/";
    }
    const std::size_t hash = url.find('#', search_start);
    if (hash < path_start) {
        return "/";
    }
    const std::string_view path =
        url.substr(path_start, (hash == std::string_view::npos ? url.size() : hash) - path_start);
    return path.starts_with('/') ? std::string(path) : "/" + std::string(path);
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
    // Without '*', a prefix (or, with a final '$', the whole path).
    if (pattern.find('*') == std::string_view::npos) {
        if (pattern.ends_with('$')) {
            return path == pattern.substr(0, pattern.size() - 1);
        }
        return path.starts_with(pattern);
    }
    // Otherwise the set of path positions the pattern so far can end at,
    // kept sorted; '*' widens it to every position from the smallest on.
    std::vector<std::size_t> positions{0};
    std::vector<std::size_t> next;
    for (std::size_t p = 0; p < pattern.size(); ++p) {
        const char c = pattern[p];
        if (c == '$' && p + 1 == pattern.size()) {
            return positions.back() == path.size();
        }
        if (c == '*') {
            const std::size_t first = positions.front();
            positions.clear();
            for (std::size_t i = first; i <= path.size(); ++i) {
                positions.push_back(i);
            }
            continue;
        }
        next.clear();
        for (const std::size_t i : positions) {
            if (i < path.size() && path[i] == c) {
                next.push_back(i + 1);
            }
        }
        if (next.empty()) {
            return false;
        }
        positions.swap(next);
    }
    return true;
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
