#include "cookie/detail/cookie_pattern.hpp"

#include <netkit/core/ascii.hpp>

namespace netkit::cookie::detail {
namespace {

// re.ASCII's \w (\s is netkit::is_space, the same six characters).
bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

// _LegalKeyChars = r"\w\d!#%&'~_`><@,:/\$\*\+\-\.\^\|\)\(\?\}\{\="
bool is_key_char(char c) {
    return is_word(c) ||
           std::string_view("!#%&'~`><@,:/$*+-.^|)(?}{=").find(c) != std::string_view::npos;
}
// _LegalValueChars = _LegalKeyChars + r'\[\]'
bool is_value_char(char c) {
    return is_key_char(c) || c == '[' || c == ']';
}

std::size_t skip(std::string_view s, std::size_t i, bool (*in_class)(char)) {
    while (i < s.size() && in_class(s[i])) {
        ++i;
    }
    return i;
}

// `\s*(\s+|;|$)` at i: where the match ends, if it can. The greedy \s*
// takes the run of spaces; \s+ then needs one of them back, ';' or the end
// may follow the run. ($ also matches before a final "\n", which the run
// has already taken.)
std::optional<std::size_t> terminator(std::string_view s, std::size_t i) {
    const std::size_t run = skip(s, i, is_space);
    if (run == s.size()) {
        return run;
    }
    if (s[run] == ';') {
        return run + 1;
    }
    if (run > i) {
        return run;
    }
    return std::nullopt;
}

// `"(?:[^\\"]|\\.)*"` at i: the end of the quoted string, if closed ('.'
// does not match a newline, so "\<LF>" cannot be an escape).
std::optional<std::size_t> quoted_end(std::string_view s, std::size_t i) {
    if (i >= s.size() || s[i] != '"') {
        return std::nullopt;
    }
    for (std::size_t j = i + 1; j < s.size(); ++j) {
        if (s[j] == '"') {
            return j + 1;
        }
        if (s[j] == '\\') {
            if (j + 1 >= s.size() || s[j + 1] == '\n') {
                return std::nullopt;
            }
            ++j;
        }
    }
    return std::nullopt;
}

// `\w{3},\s[\w\d\s-]{9,11}\s[\d:]{8}\sGMT` at i, with `middle` characters
// in the bracketed run: its end, if it matches.
std::optional<std::size_t> expires_end(std::string_view s, std::size_t i, std::size_t middle) {
    const std::size_t length = 3 + 2 + middle + 1 + 8 + 1 + 3;
    if (s.size() - i < length) {
        return std::nullopt;
    }
    std::size_t j = i;
    for (const std::size_t stop = j + 3; j < stop; ++j) {
        if (!is_word(s[j])) {
            return std::nullopt;
        }
    }
    if (s[j++] != ',' || !is_space(s[j++])) {
        return std::nullopt;
    }
    for (const std::size_t stop = j + middle; j < stop; ++j) {
        if (!is_word(s[j]) && !is_space(s[j]) && s[j] != '-') {
            return std::nullopt;
        }
    }
    if (!is_space(s[j++])) {
        return std::nullopt;
    }
    for (const std::size_t stop = j + 8; j < stop; ++j) {
        if (!is_digit(s[j]) && s[j] != ':') {
            return std::nullopt;
        }
    }
    if (!is_space(s[j++]) || s.substr(j, 3) != "GMT") {
        return std::nullopt;
    }
    return j + 3;
}

// The value alternatives from v, in the pattern's order, each followed by
// the terminator: the value's end and the match's end.
// Where the run of value characters that holds v ends, remembered: the key
// loop asks again for every '=' of one long run, which would otherwise
// make a line of "a=a=a=..." quadratic.
class value_runs {
public:
    explicit value_runs(std::string_view s) : s_(s) {}
    std::size_t end_from(std::size_t v) {
        if (v < from_ || v > end_) {
            from_ = v;
            end_ = skip(s_, v, is_value_char);
        }
        return end_;
    }

private:
    std::string_view s_;
    std::size_t from_ = 1;
    std::size_t end_ = 0;
};

std::optional<std::pair<std::size_t, std::size_t>> value_at(std::string_view s, std::size_t v,
                                                            value_runs& runs) {
    if (const auto e = quoted_end(s, v)) {
        if (const auto t = terminator(s, *e)) {
            return std::pair{*e, *t};
        }
    }
    for (const std::size_t middle : {11, 10, 9}) {
        if (const auto e = expires_end(s, v, middle)) {
            if (const auto t = terminator(s, *e)) {
                return std::pair{*e, *t};
            }
        }
    }
    // A plain word, greedy: only its whole run, or nothing at all, can be
    // followed by a terminator (what lies between is more word).
    const std::size_t run = runs.end_from(v);
    if (const auto t = terminator(s, run)) {
        return std::pair{run, *t};
    }
    if (run > v) {
        if (const auto t = terminator(s, v)) {
            return std::pair{v, *t};
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<pattern_match> match_cookie_pattern(std::string_view s, std::size_t from) {
    const std::size_t key_start = skip(s, from, is_space);
    const std::size_t key_run = skip(s, key_start, is_key_char);
    value_runs runs(s);
    // The key is non-greedy: the shortest that lets the rest match.
    for (std::size_t key_end = key_start + 1; key_end <= key_run; ++key_end) {
        const std::string_view key = s.substr(key_start, key_end - key_start);
        // The optional `\s*=\s*value` group, tried before going without.
        const std::size_t equals = skip(s, key_end, is_space);
        if (equals < s.size() && s[equals] == '=') {
            // \s* after '=' is greedy: the most spaces first, then fewer.
            const std::size_t spaces_end = skip(s, equals + 1, is_space);
            for (std::size_t v = spaces_end + 1; v-- > equals + 1;) {
                if (const auto found = value_at(s, v, runs)) {
                    return pattern_match{key, s.substr(v, found->first - v), found->second};
                }
            }
        }
        if (const auto t = terminator(s, key_end)) {
            return pattern_match{key, std::nullopt, *t};
        }
    }
    return std::nullopt;
}

} // namespace netkit::cookie::detail
