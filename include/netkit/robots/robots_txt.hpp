// A robots.txt file read by RFC 9309: groups by product token, Allow and
// Disallow by the longest match (Allow wins a tie), '*' and '$', and the
// lines read as google's parser reads them (its leniencies: a missing
// colon, common misspellings of the keys, a byte order mark, "index.html"
// standing for its folder). Every decision says which line made it.
//
//     auto robots = netkit::robots::robots_txt::parse(body);
//     robots.allowed("FooBot", "https://example.com/private/x");   // false
//     auto d = robots.decide("FooBot", "/private/x");
//     d.line; d.text;   // 3, "Disallow: /private/"
//
// Parsed once, asked many times: the first question of an agent orders its
// groups' rules as they decide (longest first, Allow before Disallow), by
// the byte after the path's '/', so that each question stops at the first
// rule that matches; it costs no allocation. Copies share that work, and it
// is safe from several threads. No I/O: fetching robots.txt (§2.3) is
// robots/engine's.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netkit::robots {

/// Python's Request-rate: so many requests in so many seconds.
struct request_rate {
    long long requests = 0;
    long long seconds = 0;
    friend bool operator==(const request_rate&, const request_rate&) = default;
};

/// One Allow or Disallow line. Its text is held by the robots_txt it came
/// from (and shared by its copies): the views live as long as one of them.
struct rule {
    bool allow = false;
    std::string_view pattern; ///< as matched: percent-encoding normalized
    std::size_t line = 0;
    std::string_view text; ///< the line as written, without its comment
    /// For an Allow of ".../index.html": ".../$", the folder it stands for
    /// (google's reading); empty otherwise.
    std::string_view index_folder;
    /// The pattern has no '*': a prefix of the path (or, with a final '$',
    /// the whole path), compared without the general matcher.
    bool literal = true;
    /// A pattern with '*' and a final '$': what the path must end with
    /// (the piece after the last '*'), checked before the general matcher.
    std::string_view required_end;
};

/// The User-agent lines that start a group and the lines that follow them.
struct group {
    std::vector<std::string> agents;      ///< product tokens, as written
    bool global = false;                  ///< it names '*'
    std::span<const rule> rules;          ///< held, as the rules' text, by the robots_txt
    std::optional<long long> crawl_delay; ///< as Python reads Crawl-delay: whole seconds
    std::optional<robots::request_rate> request_rate;
    std::size_t line = 0; ///< its first User-agent line
};

/// Why a URL may or may not be fetched.
struct decision {
    enum class reason {
        rule,              ///< `line` decided (the longest match; Allow wins a tie)
        no_matching_rule,  ///< the agent's group has no rule for this path
        no_group,          ///< no group names the agent, and there is no '*' group
        robots_txt_itself, ///< /robots.txt is always allowed (§2.2.2)
        file_unavailable,  ///< robots.txt answered 4xx: everything allowed (§2.3.1.3)
        site_unreachable,  ///< a 5xx or no answer: everything disallowed (§2.3.1.4)
    };
    bool allowed = true;
    reason why = reason::no_group;
    std::size_t line = 0;      ///< the deciding line (reason::rule)
    std::string text;          ///< its text
    bool global_group = false; ///< decided by the '*' group(s), none naming the agent
    /// One line for a person: "disallowed by line 3: Disallow: /private/".
    std::string describe() const;
};

/// What reading the file found, as google's parser counts it.
struct parse_statistics {
    std::size_t lines = 0;              ///< lines read
    std::size_t valid_directives = 0;   ///< User-agent, Allow, Disallow and Sitemap lines
    std::size_t unknown_directives = 0; ///< other "key: value" lines (Crawl-delay among them)
    std::size_t last_directive_line = 0;
    bool truncated = false; ///< the file passed the size limit; the rest was ignored
};

class robots_txt {
public:
    /// §2.5: at least 500 KiB must be read; what follows the last line
    /// break within the limit is ignored (a cut line could say otherwise).
    static constexpr std::size_t default_size_limit = 500 * 1024;

    static robots_txt parse(std::string_view body, std::size_t size_limit = default_size_limit);

    /// Whether `user_agent` (a product token: "FooBot", not "FooBot/2.1")
    /// may fetch `url` (absolute, or a path with its query, percent-encoded
    /// as it is sent).
    decision decide(std::string_view user_agent, std::string_view url) const;
    bool allowed(std::string_view user_agent, std::string_view url) const {
        return judge(user_agent, url).allowed;
    }

    /// Crawl-delay and Request-rate of the agent's group (the first that has
    /// one), else of the '*' group; nullopt when none says.
    std::optional<long long> crawl_delay(std::string_view user_agent) const;
    std::optional<robots::request_rate> request_rate(std::string_view user_agent) const;
    /// Sitemap lines, in order, wherever they stand.
    const std::vector<std::string>& sitemaps() const { return sitemaps_; }
    const std::vector<group>& groups() const { return groups_; }
    const parse_statistics& statistics() const { return statistics_; }

private:
    // One way a rule can match: its pattern, or the folder of its index page.
    struct candidate {
        std::string_view pattern;
        std::string_view required_end; // see rule::required_end
        bool literal = true;
        bool allow = false;
        std::size_t priority = 0; // the length of what matched
        std::size_t line = 0;
        std::string_view text;
    };
    // A candidate as a question tries it: with the bytes its pattern
    // needs (a bit for each byte value modulo 64), so that most candidates
    // are ruled out by one AND with the path's bytes.
    // Small (16 bytes, four to a cache line), so that a question reads few
    // cache lines; the pattern's own bytes are read only when `needs` lets
    // it through.
    struct probe {
        std::uint64_t needs = 0;
        std::uint32_t at : 30; // where its pattern starts in plan::patterns
        std::uint32_t literal : 1;
        std::uint32_t allow : 1;
        std::uint16_t size = 0;     // of the pattern (a line's, escaped: under 64 KiB)
        std::uint16_t end_size = 0; // of its required end, which stands before the final '$'
    };
    struct probe_range {
        std::uint32_t begin = 0, end = 0;
    };
    // The rules of the groups one agent gets, in the order that decides
    // (priority down, Allow first, then file order), as two kinds of list:
    // those a path's second byte picks (a rule "/a..." can only match a
    // path whose second byte is 'a'), and one of the rules any path may
    // meet ('*' second, a lone '/', an index page's folder). A question
    // takes the first match of its byte's list, then looks for an earlier
    // one in the other. Each rule is in one list only, so that a file's
    // lists are small enough to stay in the caches through a crawl.
    // What a question reads is in one block of memory, so that it touches
    // few pages (a crawl asks about many files): this head, then the probes,
    // then the patterns, in decision order, each followed by a NUL (a
    // probe's `at` is also its place in that order).
    struct alignas(probe) hot_plan { // (its probes follow it)
        probe_range any_path;
        std::uint32_t probe_count = 0;
        // By the path's second byte: ASCII only, as an escaped pattern is.
        std::array<probe_range, 128> by_byte;
        const probe* probes() const { return reinterpret_cast<const probe*>(this + 1); }
        const char* patterns() const {
            return reinterpret_cast<const char*>(probes() + probe_count);
        }
    };
    // The plan, and what only decide() reads: the candidates, to name the
    // deciding line.
    struct plan {
        std::unique_ptr<std::byte[]> block; // the hot_plan, its probes, its patterns
        std::vector<candidate> candidates;
        std::vector<std::uint32_t> starts; // of the candidates' patterns
        const candidate& candidate_at(std::uint32_t at) const;
    };
    // The groups of an agent (or the '*' groups), and their plan, made by
    // the first question that needs it.
    struct agent_rules {
        std::string token; // lower case; empty for the '*' groups
        std::vector<std::size_t> groups;
        std::once_flag planned;
        plan made;
    };
    // A plan's hot part as a named agent remembers it: set once by the
    // first question (of any thread), copied as its value.
    struct plan_cache {
        mutable std::atomic<const hot_plan*> hot{nullptr};
        plan_cache() = default;
        plan_cache(const plan_cache& other) : hot(other.hot.load(std::memory_order_acquire)) {}
        plan_cache& operator=(const plan_cache& other) {
            hot.store(other.hot.load(std::memory_order_acquire), std::memory_order_release);
            return *this;
        }
    };
    // An agent's groups by the hash of its lower-case token (FNV-1a, made
    // while lower-casing the question's token), with the token's size and
    // first 8 bytes (which compare a short one whole) and its plan once
    // made: a question about a short token reads nothing else before the
    // plan.
    struct named {
        std::uint64_t hash = 0;
        std::uint64_t head = 0;
        std::size_t size = 0;
        agent_rules* rules = nullptr; // held by agents_ (or global_groups_)
        plan_cache plan;
    };
    struct verdict {
        bool allowed = true;
        decision::reason why = decision::reason::no_group;
        const plan* in = nullptr; // with `at`: the deciding probe's pattern (reason::rule)
        std::uint32_t at = 0;
        bool global_group = false;
    };
    verdict judge(std::string_view user_agent, std::string_view url) const;
    /// The first probe of `list` whose pattern matches `path` (whose bytes
    /// are `has`), if one comes before the pattern at `before`.
    static const probe* first_match(const hot_plan& p, probe_range list, std::string_view path,
                                    std::uint64_t has, std::uint32_t before);
    const hot_plan& plan_of(const named& n) const;
    /// The agent naming `user_agent` (case aside); null when none does.
    const named* find_agent(std::string_view user_agent) const;
    template <class T>
    std::optional<T> first_set(std::string_view user_agent, std::optional<T> group::*field) const;

    // The file's text (after the size limit and a byte order mark), the
    // patterns that escaping changed, and every group's rules, one group
    // after another (they are in file order): what the groups' spans and the
    // rules' views point into, shared by copies.
    struct storage {
        std::string text;
        std::deque<std::string> made;
        std::vector<rule> rules;
    };
    std::shared_ptr<const storage> storage_;
    std::vector<group> groups_;
    // The agents, sorted by hash. Most files name a few: four are held in
    // the object itself, so that finding the agent of a question reads no
    // other memory.
    std::array<named, 4> few_agents_{};
    std::vector<named> more_agents_; // all of them, when few_agents_ cannot hold them
    std::size_t agent_count_ = 0;
    std::vector<std::shared_ptr<agent_rules>> agents_;
    named global_groups_; // the '*' groups (rules null when there are none)
    std::shared_ptr<agent_rules> global_rules_;
    std::vector<std::string> sitemaps_;
    parse_statistics statistics_;
};

} // namespace netkit::robots
