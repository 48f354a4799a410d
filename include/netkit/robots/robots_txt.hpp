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
// Parsed once, asked many times: a question looks only at the groups of
// its agent (and the '*' groups) and costs no allocation for rules without
// '*'. No I/O: fetching robots.txt (§2.3) is robots/engine's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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
    std::vector<std::string> agents; ///< product tokens, as written
    bool global = false;             ///< it names '*'
    std::vector<rule> rules;
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
        return decide(user_agent, url).allowed;
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
    /// The groups naming `user_agent` (case aside); null when none does.
    const std::vector<std::size_t>* named_groups(std::string_view user_agent) const;
    template <class T>
    std::optional<T> first_set(std::string_view user_agent, std::optional<T> group::*field) const;

    // Each group's rules by the byte after their leading '/': a question
    // looks only at the rules that can match its path, and at those that
    // start otherwise (with '*', a lone '/', an index page's folder).
    struct rule_index {
        std::vector<std::pair<char, std::uint32_t>> keyed; // sorted
        std::vector<std::uint32_t> always;
    };
    void build_index();

    // The file's text (after the size limit and a byte order mark), and the
    // patterns that escaping changed: what the rules' views point into.
    struct storage {
        std::string text;
        std::deque<std::string> made;
    };
    std::shared_ptr<const storage> storage_;
    std::vector<group> groups_;
    std::vector<rule_index> index_;                                      // one a group
    std::unordered_map<std::string, std::vector<std::size_t>> by_agent_; // lower-case token
    std::vector<std::size_t> global_groups_;
    std::vector<std::string> sitemaps_;
    parse_statistics statistics_;
};

} // namespace netkit::robots
