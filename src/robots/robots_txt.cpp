// RFC 9309, with the lines read as google's reference parser reads them
// (github.com/google/robotstxt, the parser the RFC's authors wrote): the
// same line breaks, comments, separators, key spellings and line-length
// limit, so that a file means the same to netkit as to Googlebot.
#include <netkit/robots/robots_txt.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/robots/pattern.hpp>

#include "detail/matched_part.hpp"
#include "detail/python_numbers.hpp"

#include <algorithm>
#include <array>

namespace netkit::robots {

namespace {

// google's limit: eight times the longest URL browsers take; the rest of a
// longer line is dropped.
constexpr std::size_t max_line_length = 2083 * 8 - 1;

enum class key_kind { user_agent, allow, disallow, sitemap, crawl_delay, request_rate, unknown };

// A key by how it starts, case aside, with the misspellings google accepts.
key_kind kind_of(std::string_view key) {
    if (istarts_with(key, "user-agent") || istarts_with(key, "useragent") ||
        istarts_with(key, "user agent")) {
        return key_kind::user_agent;
    }
    if (istarts_with(key, "allow")) {
        return key_kind::allow;
    }
    static constexpr std::array<std::string_view, 6> disallow{"disallow", "dissallow", "dissalow",
                                                              "disalow",  "diasllow",  "disallaw"};
    if (std::any_of(disallow.begin(), disallow.end(),
                    [&](std::string_view d) { return istarts_with(key, d); })) {
        return key_kind::disallow;
    }
    if (istarts_with(key, "sitemap") || istarts_with(key, "site-map")) {
        return key_kind::sitemap;
    }
    // Not RFC 9309's: read as Python's robotparser reads them.
    if (iequals(key, "crawl-delay")) {
        return key_kind::crawl_delay;
    }
    if (iequals(key, "request-rate")) {
        return key_kind::request_rate;
    }
    return key_kind::unknown;
}

struct key_value {
    std::string_view key;
    std::string_view value;
    std::string_view text; ///< the line without its comment and outer blanks
};

// "key: value", or google's "key value" when the colon is missing and
// there are exactly two words; nullopt for a line with no directive.
std::optional<key_value> split_line(std::string_view line) {
    if (const auto hash = line.find('#'); hash != std::string_view::npos) {
        line = line.substr(0, hash);
    }
    line = trim(line);
    if (line.empty()) {
        return std::nullopt;
    }
    auto separator = line.find(':');
    std::size_t value_start = separator + 1;
    if (separator == std::string_view::npos) {
        separator = line.find_first_of(" \t");
        if (separator == std::string_view::npos) {
            return std::nullopt;
        }
        value_start = line.find_first_not_of(" \t", separator);
        if (line.find_first_of(" \t", value_start) != std::string_view::npos) {
            return std::nullopt; // more than two words
        }
    }
    const std::string_view key = trim(line.substr(0, separator));
    if (key.empty()) {
        return std::nullopt;
    }
    return key_value{key, trim(line.substr(value_start)), line};
}

// google's reading of "index.html" in an Allow line: the folder it is in,
// and only it ("/a/index.html" also allows "/a/").
std::string folder_of_index_page(std::string_view pattern) {
    const auto slash = pattern.rfind('/');
    if (slash == std::string_view::npos || !pattern.substr(slash).starts_with("/index.htm")) {
        return {};
    }
    return std::string(pattern.substr(0, slash + 1)) + "$";
}

// Whether escape_pattern would change `value` (most values it leaves alone).
bool needs_escaping(std::string_view value) {
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c >= 0x80) {
            return true;
        }
        if (c == '%' && i + 2 < value.size() && is_hex_digit(value[i + 1]) &&
            is_hex_digit(value[i + 2]) &&
            (to_upper(value[i + 1]) != value[i + 1] || to_upper(value[i + 2]) != value[i + 2])) {
            return true;
        }
    }
    return false;
}

// pattern_matches for a pattern without '*', by hand: most rules differ
// from a path within a few bytes, and a call to memcmp costs more than that.
bool literal_matches(std::string_view path, std::string_view pattern) {
    const bool anchored = !pattern.empty() && pattern.back() == '$';
    const std::size_t n = pattern.size() - (anchored ? 1 : 0);
    if (path.size() < n || (anchored && path.size() != n)) {
        return false;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (path[i] != pattern[i]) {
            return false;
        }
    }
    return true;
}

// The best match so far of one kind (Allow or Disallow) in one scope.
struct best_match {
    std::ptrdiff_t priority = -1; // the matching pattern's length; -1: none
    const rule* by = nullptr;

    void consider(const rule& r, std::string_view path) {
        std::ptrdiff_t p = -1;
        if (r.literal ? literal_matches(path, r.pattern)
                      : path.ends_with(r.required_end) && pattern_matches(path, r.pattern)) {
            p = static_cast<std::ptrdiff_t>(r.pattern.size());
        } else if (!r.index_folder.empty() && pattern_matches(path, r.index_folder)) {
            p = static_cast<std::ptrdiff_t>(r.index_folder.size());
        }
        // Of equal matches the first in the file stays (rules are not
        // looked at in file order: see rule_index).
        if (p > priority || (p == priority && p >= 0 && r.line < by->line)) {
            priority = p;
            by = &r;
        }
    }
};

// google's HigherPriorityMatch(disallow, allow): a tie goes to Allow.
const best_match& higher(const best_match& disallow, const best_match& allow) {
    return disallow.priority > allow.priority ? disallow : allow;
}

} // namespace

std::string decision::describe() const {
    const std::string verdict = allowed ? "allowed" : "disallowed";
    switch (why) {
    case reason::rule: return verdict + " by line " + std::to_string(line) + ": " + text;
    case reason::no_matching_rule:
        return verdict + ": no rule of the " +
               (global_group ? std::string("'*' group") : std::string("agent's group")) +
               " matches";
    case reason::no_group: return verdict + ": no group names the agent, and there is no '*' group";
    case reason::robots_txt_itself: return verdict + ": /robots.txt is always allowed";
    case reason::file_unavailable:
        return verdict + ": robots.txt is unavailable (" + text + "), so everything is";
    case reason::site_unreachable:
        return verdict + ": robots.txt is unreachable (" + text + "), so nothing is allowed";
    }
    return verdict;
}

robots_txt robots_txt::parse(std::string_view body, std::size_t size_limit) {
    robots_txt r;
    if (body.size() > size_limit) {
        const auto last_break = body.substr(0, size_limit).find_last_of("\r\n");
        body = body.substr(0, last_break == std::string_view::npos ? 0 : last_break + 1);
        r.statistics_.truncated = true;
    }
    // A byte order mark, or the start of one, is skipped.
    static constexpr std::string_view bom = "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < bom.size() && !body.empty() && body.front() == bom[i]; ++i) {
        body.remove_prefix(1);
    }
    // One copy of the text, which the rules' views point into.
    auto held = std::make_shared<storage>();
    held->text.assign(body);
    body = held->text;
    std::deque<std::string>& made = held->made;

    group* current = nullptr;
    bool rules_seen = false; // since the group's User-agent lines
    const auto handle = [&](std::string_view line, std::size_t number) {
        const auto kv = split_line(line);
        if (!kv) {
            return;
        }
        const key_kind kind = kind_of(kv->key);
        const bool known = kind == key_kind::user_agent || kind == key_kind::allow ||
                           kind == key_kind::disallow || kind == key_kind::sitemap;
        ++(known ? r.statistics_.valid_directives : r.statistics_.unknown_directives);
        r.statistics_.last_directive_line = number;
        switch (kind) {
        case key_kind::user_agent: {
            if (current == nullptr || rules_seen) {
                r.groups_.push_back(group{});
                current = &r.groups_.back();
                current->line = number;
                rules_seen = false;
            }
            const std::string_view value = kv->value;
            // google: "*" and "* anything" are the global group.
            if (value.starts_with('*') && (value.size() == 1 || is_space(value[1]))) {
                current->global = true;
            } else {
                current->agents.emplace_back(product_token(value));
            }
            return;
        }
        case key_kind::allow:
        case key_kind::disallow: {
            if (current == nullptr) {
                return; // a rule before any User-agent line belongs to no group
            }
            rules_seen = true;
            rule rl;
            rl.allow = kind == key_kind::allow;
            // Views into the text, or into a made string when escaping changed it.
            rl.pattern = needs_escaping(kv->value)
                             ? std::string_view(made.emplace_back(escape_pattern(kv->value)))
                             : kv->value;
            const auto last_star = rl.pattern.rfind('*');
            rl.literal = last_star == std::string_view::npos;
            if (!rl.literal && rl.pattern.ends_with('$')) {
                rl.required_end =
                    rl.pattern.substr(last_star + 1, rl.pattern.size() - last_star - 2);
            }
            if (rl.allow) {
                if (std::string folder = folder_of_index_page(rl.pattern); !folder.empty()) {
                    rl.index_folder = made.emplace_back(std::move(folder));
                }
            }
            rl.line = number;
            rl.text = kv->text;
            current->rules.push_back(std::move(rl));
            return;
        }
        case key_kind::sitemap: r.sitemaps_.emplace_back(kv->value); return;
        case key_kind::crawl_delay:
            // As Python: a later valid line wins, an invalid one changes nothing.
            if (const auto delay = detail::whole_number(kv->value); current != nullptr && delay) {
                current->crawl_delay = delay;
            }
            return;
        case key_kind::request_rate:
            if (const auto rate = detail::request_rate_of(kv->value); current != nullptr && rate) {
                current->request_rate = rate;
            }
            return;
        case key_kind::unknown: return;
        }
    };

    // Lines end at LF, CR or CRLF. (A loop of its own: find_first_of with a
    // set of two calls memchr once a byte.)
    std::size_t number = 0;
    for (std::size_t start = 0;;) {
        std::size_t end = start;
        while (end < body.size() && body[end] != '\n' && body[end] != '\r') {
            ++end;
        }
        handle(body.substr(start, std::min(end - start, max_line_length)), ++number);
        if (end == body.size()) {
            break;
        }
        start = end + 1;
        if (body[end] == '\r' && start < body.size() && body[start] == '\n') {
            ++start;
        }
    }
    r.statistics_.lines = number;
    r.storage_ = std::move(held);
    r.build_index();

    for (std::size_t i = 0; i < r.groups_.size(); ++i) {
        if (r.groups_[i].global) {
            r.global_groups_.push_back(i);
        }
        for (const std::string& agent : r.groups_[i].agents) {
            auto& list = r.by_agent_[lower_copy(agent)];
            if (list.empty() || list.back() != i) {
                list.push_back(i);
            }
        }
    }
    return r;
}

void robots_txt::build_index() {
    index_.resize(groups_.size());
    for (std::size_t g = 0; g < groups_.size(); ++g) {
        const std::vector<rule>& rules = groups_[g].rules;
        rule_index& index = index_[g];
        for (std::uint32_t i = 0; i < rules.size(); ++i) {
            const std::string_view p = rules[i].pattern;
            // A rule can match only paths whose second byte is its own when
            // it starts with '/' and a byte that is neither '*' nor '$'.
            if (p.size() >= 2 && p[0] == '/' && p[1] != '*' && p[1] != '$' &&
                rules[i].index_folder.empty()) {
                index.keyed.emplace_back(p[1], i);
            } else {
                index.always.push_back(i);
            }
        }
        std::sort(index.keyed.begin(), index.keyed.end());
    }
}

const std::vector<std::size_t>* robots_txt::named_groups(std::string_view user_agent) const {
    std::string key(user_agent); // a product token: short, kept in place by the string
    for (char& c : key) {
        c = to_lower(c);
    }
    const auto it = by_agent_.find(key);
    return it == by_agent_.end() || it->second.empty() ? nullptr : &it->second;
}

decision robots_txt::decide(std::string_view user_agent, std::string_view url) const {
    std::string slashed;
    const std::string_view path = detail::matched_part(url, slashed);
    decision d;
    if (path == "/robots.txt") {
        d.why = decision::reason::robots_txt_itself;
        return d;
    }
    // The agent's groups when it has any (the '*' groups are then not
    // looked at), else the '*' groups.
    const std::vector<std::size_t>* named = named_groups(user_agent);
    const std::vector<std::size_t>& chosen = named != nullptr ? *named : global_groups_;
    if (chosen.empty()) {
        d.why = decision::reason::no_group;
        return d;
    }
    d.global_group = named == nullptr;
    best_match allow, disallow;
    const auto consider = [&](const rule& r) { (r.allow ? allow : disallow).consider(r, path); };
    for (const std::size_t g : chosen) {
        const std::vector<rule>& rules = groups_[g].rules;
        const rule_index& index = index_[g];
        for (const std::uint32_t i : index.always) {
            consider(rules[i]);
        }
        if (path.size() >= 2) {
            const auto [first, last] = std::equal_range(
                index.keyed.begin(), index.keyed.end(), std::pair<char, std::uint32_t>(path[1], 0),
                [](const auto& a, const auto& b) { return a.first < b.first; });
            for (auto it = first; it != last; ++it) {
                consider(rules[it->second]);
            }
        }
    }
    const best_match& decisive = higher(disallow, allow);
    // A rule of priority 0 (an empty pattern) matches but decides nothing.
    d.allowed = !(disallow.priority > allow.priority && disallow.priority > 0);
    if (decisive.by != nullptr) {
        d.why = decision::reason::rule;
        d.line = decisive.by->line;
        d.text = decisive.by->text;
    } else {
        d.why = decision::reason::no_matching_rule;
    }
    return d;
}

// The first group of the agent's (else of the '*' groups) that has `field`.
template <class T>
std::optional<T> robots_txt::first_set(std::string_view user_agent,
                                       std::optional<T> group::*field) const {
    const std::vector<std::size_t>* named = named_groups(user_agent);
    for (const std::size_t g : named != nullptr ? *named : global_groups_) {
        if (groups_[g].*field) {
            return groups_[g].*field;
        }
    }
    return std::nullopt;
}

std::optional<long long> robots_txt::crawl_delay(std::string_view user_agent) const {
    return first_set(user_agent, &group::crawl_delay);
}

std::optional<request_rate> robots_txt::request_rate(std::string_view user_agent) const {
    return first_set(user_agent, &group::request_rate);
}

} // namespace netkit::robots
