// RFC 9309, with the lines read as google's reference parser reads them
// (github.com/google/robotstxt, the parser the RFC's authors wrote): the
// same line breaks, comments, separators, key spellings and line-length
// limit, so that a file means the same to netkit as to Googlebot.
#include <netkit/robots/robots_txt.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/robots/pattern.hpp>

#include "detail/matched_part.hpp"
#include "detail/python_numbers.hpp"
#include "detail/short_compare.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <new>

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

// A token in lower case as agents are found by it, made without a copy of
// the question's token: a hash, and its first 8 bytes (which compare a
// short token whole).
struct token_key {
    std::uint64_t hash = 0;
    std::uint64_t head = 0;
};

// Eight bytes lowered at once: each byte from 'A' to 'Z' gets 0x20 (the
// bit tricks find them without a branch a byte).
std::uint64_t lower_eight(std::uint64_t x) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    const std::uint64_t low7 = x & (0x7f * ones);
    const std::uint64_t above_z = low7 + (0x7f - 'Z') * ones; // high bit: byte > 'Z'
    const std::uint64_t from_a = low7 + (0x80 - 'A') * ones;  // high bit: byte >= 'A'
    const std::uint64_t upper = ~x & (from_a ^ above_z) & (0x80 * ones);
    return x | (upper >> 2);
}

token_key key_of(std::string_view token) {
    token_key k;
    if (token.size() >= 8) {
        std::memcpy(&k.head, token.data(), 8); // (one load: a fixed size is not a call)
    } else {
        for (std::size_t i = 0; i < token.size(); ++i) {
            k.head |= std::uint64_t{static_cast<unsigned char>(token[i])} << (8 * i);
        }
    }
    k.head = lower_eight(k.head);
    // The head and the size stand for a short token; FNV-1a takes the rest.
    k.hash = (k.head ^ token.size()) * 0x9E3779B97F4A7C15ull;
    for (std::size_t i = 8; i < token.size(); ++i) {
        k.hash = (k.hash ^ static_cast<unsigned char>(to_lower(token[i]))) * 1099511628211ull;
    }
    return k;
}

// The byte values in `text`, one bit each modulo 64; of a pattern, only the
// bytes a path must hold for it to match ('*' and a final '$' need none).
std::uint64_t byte_set(std::string_view text, bool pattern) {
    if (pattern && text.ends_with('$')) {
        text.remove_suffix(1);
    }
    std::uint64_t set = 0;
    for (const char c : text) { // (no branch: the compiler may take several at once)
        const std::uint64_t bit = std::uint64_t{1} << (static_cast<unsigned char>(c) & 63);
        set |= pattern && c == '*' ? 0 : bit;
    }
    return set;
}

// pattern_matches for a pattern without '*'.
bool literal_matches(std::string_view path, std::string_view pattern) {
    const bool anchored = !pattern.empty() && pattern.back() == '$';
    if (anchored) {
        pattern.remove_suffix(1);
    }
    return (!anchored || path.size() == pattern.size()) && detail::starts_with(path, pattern);
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
    // Room for a rule a line, so that a large file's rules are not moved
    // as the vector grows (each move of a large one faults in fresh pages).
    std::vector<rule>& rules = held->rules;
    rules.reserve(static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')) + 1);
    std::vector<std::size_t> first_rule; // of each group, in `rules`

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
                first_rule.push_back(rules.size());
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
            rules.push_back(std::move(rl));
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
    // Each group's rules: from its first to the next group's first.
    for (std::size_t g = 0; g < r.groups_.size(); ++g) {
        const std::size_t end = g + 1 < first_rule.size() ? first_rule[g + 1] : rules.size();
        r.groups_[g].rules =
            std::span<const rule>(rules).subspan(first_rule[g], end - first_rule[g]);
    }
    r.storage_ = std::move(held);

    r.global_rules_ = std::make_shared<agent_rules>();
    std::vector<named> agents;
    for (std::size_t i = 0; i < r.groups_.size(); ++i) {
        if (r.groups_[i].global) {
            r.global_rules_->groups.push_back(i);
        }
        for (const std::string& agent : r.groups_[i].agents) {
            std::string token = lower_copy(agent);
            const token_key key = key_of(token);
            auto found = std::find_if(agents.begin(), agents.end(), [&](const named& n) {
                return n.hash == key.hash && n.rules->token == token;
            });
            if (found == agents.end()) {
                auto& rules = *r.agents_.emplace_back(std::make_shared<agent_rules>());
                named n;
                n.hash = key.hash;
                n.head = key.head;
                n.size = token.size();
                n.rules = &rules;
                rules.token = std::move(token);
                agents.push_back(n);
                found = std::prev(agents.end());
            }
            auto& groups = found->rules->groups;
            if (groups.empty() || groups.back() != i) {
                groups.push_back(i);
            }
        }
    }
    if (!r.global_rules_->groups.empty()) {
        r.global_groups_.rules = r.global_rules_.get();
    }
    std::sort(agents.begin(), agents.end(),
              [](const named& a, const named& b) { return a.hash < b.hash; });
    r.agent_count_ = agents.size();
    if (agents.size() <= r.few_agents_.size()) {
        std::copy(agents.begin(), agents.end(), r.few_agents_.begin());
    } else {
        r.more_agents_ = std::move(agents);
    }
    return r;
}

// The candidates of the agent's groups in the order that decides, and the
// lists they are tried in (see hot_plan).
const robots_txt::hot_plan& robots_txt::plan_of(const named& n) const {
    if (const hot_plan* hot = n.plan.hot.load(std::memory_order_acquire); hot != nullptr) {
        return *hot; // (without a call into the C library: it is on every question's path)
    }
    agent_rules& rules = *n.rules;
    std::call_once(rules.planned, [&] {
        plan& p = rules.made;
        for (const std::size_t g : rules.groups) {
            for (const rule& rl : groups_[g].rules) {
                p.candidates.push_back({rl.pattern, rl.required_end, rl.literal, rl.allow,
                                        rl.pattern.size(), rl.line, rl.text});
                if (!rl.index_folder.empty()) {
                    p.candidates.push_back({rl.index_folder,
                                            {},
                                            false,
                                            rl.allow,
                                            rl.index_folder.size(),
                                            rl.line,
                                            rl.text});
                }
            }
        }
        // (A total order: a rule's two candidates differ in priority.)
        std::sort(p.candidates.begin(), p.candidates.end(),
                  [](const candidate& a, const candidate& b) {
                      if (a.priority != b.priority) {
                          return a.priority > b.priority;
                      }
                      if (a.allow != b.allow) {
                          return a.allow; // a tie goes to Allow
                      }
                      return a.line < b.line; // then the first in the file
                  });
        const auto keyed_by = [](const candidate& c) -> int {
            const std::string_view q = c.pattern;
            const auto second = q.size() >= 2 ? static_cast<unsigned char>(q[1]) : 0;
            return q[0] == '/' && second != '*' && second != '$' && second > 0 && second < 128
                       ? second
                       : -1;
        };
        // Each byte's candidates, and those of any path, in decision order.
        std::vector<std::uint32_t> any;
        std::vector<std::pair<std::uint8_t, std::uint32_t>> keyed; // (byte, candidate)
        for (std::uint32_t i = 0; i < p.candidates.size(); ++i) {
            if (const int key = keyed_by(p.candidates[i]); key < 0) {
                any.push_back(i);
            } else {
                keyed.emplace_back(static_cast<std::uint8_t>(key), i);
            }
        }
        std::sort(keyed.begin(), keyed.end()); // by byte, then in decision order
        // The hot part: its head, the probes, the patterns.
        std::size_t pattern_bytes = 0;
        for (const candidate& c : p.candidates) {
            pattern_bytes += c.pattern.size() + 1;
        }
        const std::size_t probes_at = sizeof(hot_plan);
        const std::size_t patterns_at = probes_at + p.candidates.size() * sizeof(probe);
        p.block = std::make_unique<std::byte[]>(patterns_at + pattern_bytes);
        auto* hot = new (p.block.get()) hot_plan;
        hot->probe_count = static_cast<std::uint32_t>(p.candidates.size());
        auto* probes = reinterpret_cast<probe*>(p.block.get() + probes_at);
        auto* patterns = reinterpret_cast<char*>(p.block.get() + patterns_at);
        p.starts.resize(p.candidates.size());
        for (std::size_t i = 0, at = 0; i < p.starts.size(); ++i) {
            const std::string_view pattern = p.candidates[i].pattern;
            p.starts[i] = static_cast<std::uint32_t>(at);
            std::copy(pattern.begin(), pattern.end(), patterns + at);
            patterns[at + pattern.size()] = '\0';
            at += pattern.size() + 1;
        }
        std::uint32_t next = 0; // probe
        const auto add_probe = [&](std::uint32_t i) {
            const candidate& c = p.candidates[i];
            probe& pr = *new (probes + next++) probe;
            pr.needs = byte_set(c.pattern, true);
            pr.at = p.starts[i];
            pr.literal = c.literal ? 1 : 0;
            pr.allow = c.allow ? 1 : 0;
            pr.size = static_cast<std::uint16_t>(c.pattern.size());
            pr.end_size = static_cast<std::uint16_t>(c.required_end.size());
        };
        hot->any_path.begin = next;
        std::for_each(any.begin(), any.end(), add_probe);
        hot->any_path.end = next;
        for (const auto& [byte, i] : keyed) {
            probe_range& list = hot->by_byte[byte];
            if (list.begin == list.end) {
                list.begin = next;
            }
            add_probe(i);
            list.end = next;
        }
    });
    // (Another copy's question may have made it: this one's cache learns it.)
    const hot_plan* hot = reinterpret_cast<const hot_plan*>(rules.made.block.get());
    n.plan.hot.store(hot, std::memory_order_release);
    return *hot;
}

const robots_txt::candidate& robots_txt::plan::candidate_at(std::uint32_t at) const {
    const auto found = std::lower_bound(starts.begin(), starts.end(), at);
    return candidates[static_cast<std::size_t>(found - starts.begin())];
}

const robots_txt::named* robots_txt::find_agent(std::string_view user_agent) const {
    const token_key key = key_of(user_agent);
    const auto same_token = [&](const named& n) {
        return n.size == user_agent.size() && n.head == key.head &&
               (n.size <= 8 ||
                iequals(std::string_view(n.rules->token).substr(8), user_agent.substr(8)));
    };
    if (agent_count_ <= few_agents_.size()) {
        // All compared at once, without a branch: which of a few a crawl's
        // question names is not for a branch predictor to guess.
        unsigned same_hash = 0;
        for (std::size_t i = 0; i < few_agents_.size(); ++i) {
            same_hash |= unsigned{few_agents_[i].hash == key.hash && i < agent_count_} << i;
        }
        for (; same_hash != 0; same_hash &= same_hash - 1) {
            const named& n = few_agents_[static_cast<std::size_t>(std::countr_zero(same_hash))];
            if (same_token(n)) {
                return &n;
            }
        }
        return nullptr;
    }
    auto it = std::lower_bound(more_agents_.begin(), more_agents_.end(), key.hash,
                               [](const named& n, std::uint64_t h) { return n.hash < h; });
    for (; it != more_agents_.end() && it->hash == key.hash; ++it) {
        if (same_token(*it)) {
            return &*it;
        }
    }
    return nullptr;
}

robots_txt::verdict robots_txt::judge(std::string_view user_agent, std::string_view url) const {
    std::string slashed;
    const std::string_view path = detail::matched_part(url, slashed);
    verdict v;
    if (path == "/robots.txt") {
        v.why = decision::reason::robots_txt_itself;
        return v;
    }
    // The agent's groups when it has any (the '*' groups are then not
    // looked at), else the '*' groups.
    const named* agent = find_agent(user_agent);
    const named& chosen = agent != nullptr ? *agent : global_groups_;
    if (chosen.rules == nullptr) {
        return v;
    }
    v.global_group = agent == nullptr;
    v.why = decision::reason::no_matching_rule;
    const hot_plan& p = plan_of(chosen);
    const std::uint64_t has = byte_set(path, false);
    // The first match of the byte's list, then an earlier one of any path's.
    constexpr std::uint32_t anywhere = std::numeric_limits<std::uint32_t>::max();
    const probe* found = nullptr;
    if (path.size() >= 2 && static_cast<unsigned char>(path[1]) < p.by_byte.size()) {
        found = first_match(p, p.by_byte[static_cast<unsigned char>(path[1])], path, has, anywhere);
    }
    if (const probe* earlier =
            first_match(p, p.any_path, path, has, found != nullptr ? found->at : anywhere);
        earlier != nullptr) {
        found = earlier;
    }
    if (found != nullptr) {
        // The longest match decides; an empty pattern matches everything
        // and decides nothing (it still names the line).
        v.allowed = found->allow != 0 || found->size == 0;
        v.why = decision::reason::rule;
        v.in = &chosen.rules->made;
        v.at = found->at;
    }
    return v;
}

const robots_txt::probe* robots_txt::first_match(const hot_plan& p, probe_range list,
                                                 std::string_view path, std::uint64_t has,
                                                 std::uint32_t before) {
    const probe* const probes = p.probes();
    const char* const patterns = p.patterns();
    for (std::uint32_t i = list.begin; i < list.end; ++i) {
        const probe& c = probes[i];
        if (c.at >= before) {
            return nullptr; // the rest come later in decision order
        }
        if ((c.needs & ~has) != 0) {
            continue; // a byte the pattern needs is not in the path
        }
        const std::string_view pattern(patterns + c.at, c.size);
        const bool matches =
            c.literal
                ? literal_matches(path, pattern)
                : detail::ends_with(path, pattern.substr(c.size - 1 - c.end_size, c.end_size)) &&
                      pattern_matches(path, pattern);
        if (matches) {
            return &c;
        }
    }
    return nullptr;
}

decision robots_txt::decide(std::string_view user_agent, std::string_view url) const {
    const verdict v = judge(user_agent, url);
    decision d;
    d.allowed = v.allowed;
    d.why = v.why;
    d.global_group = v.global_group;
    if (v.in != nullptr) {
        const candidate& by = v.in->candidate_at(v.at);
        d.line = by.line;
        d.text = std::string(by.text);
    }
    return d;
}

// The first group of the agent's (else of the '*' groups) that has `field`.
template <class T>
std::optional<T> robots_txt::first_set(std::string_view user_agent,
                                       std::optional<T> group::*field) const {
    const named* agent = find_agent(user_agent);
    const agent_rules* chosen = agent != nullptr ? agent->rules : global_groups_.rules;
    if (chosen == nullptr) {
        return std::nullopt; // nothing parsed, or no group for it
    }
    for (const std::size_t g : chosen->groups) {
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
