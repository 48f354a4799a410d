// CPython's http.cookies._CookiePattern, matched by hand: one
// `key[=value]` item and its terminator, with the regular expression's
// choices taken in the order Python's engine takes them (the shortest key
// first, the value group before none, the quoted value before the expires
// form before a plain word, each with its backtracking), so that every
// input splits where CPython splits it, without its quadratic worst case.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace netkit::cookie::detail {

struct pattern_match {
    std::string_view key;
    std::optional<std::string_view> value; ///< nullopt: no "=" group matched
    std::size_t end = 0;                   ///< where the next match starts
};

/// _CookiePattern.match(text, from).
std::optional<pattern_match> match_cookie_pattern(std::string_view text, std::size_t from);

} // namespace netkit::cookie::detail
