// urllib.robotparser.RobotFileParser for C++: Python's API, with RFC 9309's
// answers by default (robots_txt underneath), or CPython 3.13's own answers
// (the first matching rule of the first matching entry, user agents
// matched as substrings, no wildcards) for a script that depends on them.
//
//     netkit::robots::robot_file_parser rp;                  // RobotFileParser()
//     rp.parse(lines);                                       // rp.parse(lines)
//     rp.can_fetch("FigTree/1.0", "http://example.com/tmp/"); // rp.can_fetch(...)
//     rp.crawl_delay("FigTree"); rp.request_rate("FigTree"); rp.site_maps();
//
// Fetching robots.txt (read()) is robots/engine's: it gives the outcome of
// the fetch to apply_fetch_status() or the body to parse().
#pragma once

#include <netkit/robots/robots_txt.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::robots {

/// Python's str.splitlines(): lines end at \n, \r, \r\n, \v, \f, \x1c-\x1e
/// and the Unicode line and paragraph separators (in UTF-8).
std::vector<std::string> splitlines(std::string_view text);

class robot_file_parser {
public:
    enum class rules {
        rfc9309,   ///< RFC 9309 (robots_txt): longest match, '*' and '$'
        python313, ///< CPython 3.13's robotparser, answer for answer
    };

    explicit robot_file_parser(std::string url = {}, rules r = rules::rfc9309);

    /// set_url(): the robots.txt this parser stands for.
    void set_url(std::string url) { url_ = std::move(url); }
    const std::string& url() const { return url_; }

    /// parse(lines): reads the file's lines, and notes the time.
    void parse(const std::vector<std::string>& lines);
    /// The same for a whole file (split as Python's read() splits it).
    void parse_text(std::string_view text) { parse(splitlines(text)); }
    /// What read() makes of a fetch that gave no file. RFC 9309 (§2.3.1.3,
    /// §2.3.1.4): a 4xx allows everything, a 5xx disallows everything.
    /// Python: 401 and 403 disallow everything, another 4xx allows it, and
    /// a 5xx leaves nothing read (so nothing may be fetched).
    void apply_fetch_status(int status);
    /// No answer at all (§2.3.1.4): everything disallowed, in both modes.
    void apply_unreachable();

    /// Whether `user_agent` ("FigTree/1.0" or "FigTree") may fetch `url`.
    /// False before anything was read, as in Python. Python mode: a URL
    /// urlparse refuses throws url::value_error, as Python raises ValueError
    /// (a rule line it refuses is skipped, where Python's parse() raises).
    bool can_fetch(std::string_view user_agent, std::string_view url) const;
    /// RFC 9309 mode: the decision and the line behind it.
    decision decide(std::string_view user_agent, std::string_view url) const;

    std::optional<long long> crawl_delay(std::string_view user_agent) const;
    std::optional<robots::request_rate> request_rate(std::string_view user_agent) const;
    /// nullopt when the file names no sitemap, as Python's None.
    std::optional<std::vector<std::string>> site_maps() const;

    /// mtime(): when the file was last read (seconds since 1970; 0: never).
    std::int64_t mtime() const { return last_checked_; }
    /// modified(): notes that it was read now.
    void modified(std::int64_t now);
    void modified();

    /// str(parser) in Python mode: the entries as Python prints them.
    std::string str() const;

private:
    struct rule_line {
        std::string path; // quoted as Python quotes it
        bool allowance = true;
    };
    struct entry {
        std::vector<std::string> user_agents;
        std::vector<rule_line> rule_lines;
        std::optional<long long> delay;
        std::optional<robots::request_rate> rate;
        bool applies_to(std::string_view user_agent) const;
        bool allowance(std::string_view path) const;
    };
    void parse_python(const std::vector<std::string>& lines);
    const entry* python_entry_for(std::string_view user_agent) const;
    template <class T>
    std::optional<T> agent_value(std::string_view user_agent,
                                 std::optional<T> (robots_txt::*rfc)(std::string_view) const,
                                 std::optional<T> entry::*python) const;

    std::string url_;
    rules rules_;
    bool allow_all_ = false;
    bool disallow_all_ = false;
    std::int64_t last_checked_ = 0;
    robots_txt rfc_; // rules::rfc9309
    // rules::python313: Python's entries, its default entry ('*'), sitemaps.
    std::vector<entry> entries_;
    std::optional<entry> default_entry_;
    std::vector<std::string> python_sitemaps_;
};

} // namespace netkit::robots
