// robots_txt beyond the recorded cases: what each decision names, the size
// limit, Crawl-delay and Request-rate, hostile patterns, and
// robot_file_parser's RFC 9309 mode and fetch outcomes.
#include <netkit/robots/pattern.hpp>
#include <netkit/robots/robot_file_parser.hpp>
#include <netkit/robots/robots_txt.hpp>
#include <netkit/url/error.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

namespace robots = netkit::robots;
using reason = robots::decision::reason;

const char* const example = "User-agent: *\n"
                            "Disallow: /private/   # keep out\n"
                            "Crawl-delay: 5\n"
                            "\n"
                            "User-agent: FooBot\n"
                            "User-agent: BarBot/2.0\n"
                            "Allow: /private/open\n"
                            "Disallow: /private/\n"
                            "Disallow:\n"
                            "Request-rate: 3/15\n"
                            "Sitemap: https://example.com/sitemap.xml\n";

TEST(RobotsTxt, EachDecisionNamesItsLine) {
    const auto r = robots::robots_txt::parse(example);
    auto d = r.decide("FooBot", "https://example.com/private/x");
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.why, reason::rule);
    EXPECT_EQ(d.line, 8u);
    EXPECT_EQ(d.text, "Disallow: /private/");
    EXPECT_EQ(d.describe(), "disallowed by line 8: Disallow: /private/");
    // The longer Allow wins; the agent's group, not '*', decides.
    d = r.decide("barbot", "/private/open/door");
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.line, 7u);
    EXPECT_FALSE(d.global_group);
    // An empty Disallow matches everything but decides nothing.
    d = r.decide("FooBot", "/public");
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.text, "Disallow:");
    // Another agent gets the '*' group, comment and all taken off.
    d = r.decide("OtherBot", "/private/open");
    EXPECT_FALSE(d.allowed);
    EXPECT_TRUE(d.global_group);
    EXPECT_EQ(d.text, "Disallow: /private/");
    // /robots.txt itself is always allowed.
    EXPECT_EQ(r.decide("OtherBot", "/robots.txt").why, reason::robots_txt_itself);
    EXPECT_EQ(r.sitemaps(), std::vector<std::string>{"https://example.com/sitemap.xml"});
}

TEST(RobotsTxt, NoGroupAndNoRule) {
    const auto r = robots::robots_txt::parse("User-agent: FooBot\nDisallow: /x\n");
    EXPECT_EQ(r.decide("Other", "/x").why, reason::no_group);
    EXPECT_TRUE(r.allowed("Other", "/x"));
    EXPECT_EQ(r.decide("FooBot", "/y").why, reason::no_matching_rule);
    // An empty agent, and agents that differ past their eighth byte (the
    // first eight are compared as one number).
    EXPECT_EQ(r.decide("", "/x").why, reason::no_group);
    const auto long_names = robots::robots_txt::parse(
        "User-agent: LongNameBotA\nDisallow: /a\n\nUser-agent: LongNameBotB\nDisallow: /b\n");
    EXPECT_FALSE(long_names.allowed("longnamebota", "/a"));
    EXPECT_TRUE(long_names.allowed("LongNameBotA", "/b"));
    EXPECT_FALSE(long_names.allowed("LONGNAMEBOTB", "/b"));
    EXPECT_EQ(long_names.decide("LongNameBot", "/a").why, reason::no_group);
}

TEST(RobotsTxt, CrawlDelayAndRequestRateOfTheAgentsGroupElseTheGlobalOne) {
    const auto r = robots::robots_txt::parse(example);
    EXPECT_EQ(r.crawl_delay("OtherBot"), 5);
    EXPECT_EQ(r.crawl_delay("FooBot"), std::nullopt); // its group has none
    EXPECT_EQ(r.request_rate("FooBot"), (robots::request_rate{3, 15}));
    // Python's reading: whole numbers only; a later valid line wins.
    const auto odd = robots::robots_txt::parse(
        "User-agent: *\nCrawl-delay: 2.5\nCrawl-delay: 7\nCrawl-delay: x\nRequest-rate: 1/x\n");
    EXPECT_EQ(odd.crawl_delay("a"), 7);
    EXPECT_EQ(odd.request_rate("a"), std::nullopt);
}

TEST(RobotsTxt, OnlyTheFirst500KiBAreReadAndACutLineIsDropped) {
    std::string body = "User-agent: *\n";
    while (body.size() < robots::robots_txt::default_size_limit - 20) {
        body += "Disallow: /filler\n";
    }
    // This line straddles the limit: cut, it would read "Disallow: /".
    body += "Disallow: /straddling-the-limit-with-a-long-path\n";
    body += "Disallow: /after\n";
    const auto r = robots::robots_txt::parse(body);
    EXPECT_TRUE(r.statistics().truncated);
    EXPECT_TRUE(r.allowed("a", "/straddling"));
    EXPECT_TRUE(r.allowed("a", "/after"));
    EXPECT_FALSE(r.allowed("a", "/filler"));
}

TEST(RobotsTxt, AHostilePatternStaysCheap) {
    // "*a*a*a...*b" against a long run of 'a': no backtracking blow-up.
    std::string pattern;
    for (int i = 0; i < 200; ++i) {
        pattern += "*a";
    }
    const auto r = robots::robots_txt::parse("User-agent: *\nDisallow: /" + pattern + "*b\n");
    // A backtracking matcher would not come back from this; the matcher's
    // set of positions makes it length times pattern at worst.
    EXPECT_TRUE(r.allowed("a", "/" + std::string(5000, 'a')));
    EXPECT_FALSE(r.allowed("a", "/" + std::string(5000, 'a') + "b"));
}

TEST(RobotFileParser, Rfc9309ModeTakesPythonStyleAgentsAndFetchOutcomes) {
    robots::robot_file_parser rp("https://example.com/robots.txt");
    EXPECT_FALSE(rp.can_fetch("FooBot/1.0", "/anything")); // nothing read yet, as in Python
    rp.parse_text(example);
    EXPECT_NE(rp.mtime(), 0);
    EXPECT_FALSE(rp.can_fetch("FooBot/1.0 (+https://foo.example)", "/private/x"));
    EXPECT_TRUE(rp.can_fetch("FooBot/1.0", "https://example.com/private/open"));
    EXPECT_EQ(rp.crawl_delay("OtherBot/3"), 5);
    ASSERT_TRUE(rp.site_maps());
    // §2.3.1: a 4xx allows everything, a 5xx or no answer disallows it.
    robots::robot_file_parser missing;
    missing.apply_fetch_status(404);
    EXPECT_TRUE(missing.can_fetch("a", "/x"));
    robots::robot_file_parser failing;
    failing.apply_fetch_status(503);
    EXPECT_FALSE(failing.can_fetch("a", "/x"));
    robots::robot_file_parser forbidden;
    forbidden.apply_fetch_status(403);
    EXPECT_TRUE(forbidden.can_fetch("a", "/x")); // RFC 9309: a 4xx, "unavailable"
    robots::robot_file_parser python_forbidden("", robots::robot_file_parser::rules::python313);
    python_forbidden.apply_fetch_status(403);
    EXPECT_FALSE(python_forbidden.can_fetch("a", "/x")); // Python's reading
}

TEST(RobotFileParser, TheTwoModesDifferWhereTheRfcDoes) {
    const char* body = "User-agent: *\nDisallow: /folder/\nAllow: /folder/page.html\n"
                       "Disallow: /*.pdf$\n";
    robots::robot_file_parser rfc;
    robots::robot_file_parser python("", robots::robot_file_parser::rules::python313);
    rfc.parse_text(body);
    python.parse_text(body);
    // Longest match against Python's first match.
    EXPECT_TRUE(rfc.can_fetch("a", "/folder/page.html"));
    EXPECT_FALSE(python.can_fetch("a", "/folder/page.html"));
    // Wildcards: Python has none.
    EXPECT_FALSE(rfc.can_fetch("a", "/docs/x.pdf"));
    EXPECT_TRUE(python.can_fetch("a", "/docs/x.pdf"));
}

TEST(RobotFileParser, PythonModeSkipsARuleLineUrlparseRefusesAndThrowsForSuchAUrl) {
    // Python's parse() raises ValueError on "Disallow: //[": a hostile file
    // would stop the crawler. Here the line is skipped, and the rest holds.
    robots::robot_file_parser python("", robots::robot_file_parser::rules::python313);
    python.parse_text("User-agent: *\nDisallow: //[\nDisallow: /x\n");
    EXPECT_FALSE(python.can_fetch("a", "/x"));
    EXPECT_TRUE(python.can_fetch("a", "/y"));
    // The caller's own bad URL is an error, as Python's ValueError.
    EXPECT_THROW((void)python.can_fetch("a", "//h[/x"), netkit::url::value_error);
}

// §2.2.3's matching by its definition, slowly: '*' any run, a final '$'
// the end, every other character itself.
bool matches_by_definition(std::string_view path, std::string_view pattern) {
    if (pattern.empty()) {
        return true;
    }
    if (pattern == "$") {
        return path.empty();
    }
    if (pattern.front() == '*') {
        for (std::size_t i = 0; i <= path.size(); ++i) {
            if (matches_by_definition(path.substr(i), pattern.substr(1))) {
                return true;
            }
        }
        return false;
    }
    return !path.empty() && path.front() == pattern.front() &&
           matches_by_definition(path.substr(1), pattern.substr(1));
}

TEST(PatternMatches, AgreesWithTheDefinitionOnGeneratedPatterns) {
    std::uint32_t state = 20261206;
    const auto next = [&state](std::uint32_t n) {
        state = state * 1664525u + 1013904223u;
        return (state >> 8) % n;
    };
    const std::string_view alphabet = "ab/$*";
    for (int i = 0; i < 20000; ++i) {
        std::string pattern, path;
        for (std::uint32_t k = next(7); k > 0; --k) {
            pattern += alphabet[next(5)];
        }
        for (std::uint32_t k = next(9); k > 0; --k) {
            path += alphabet[next(3)];
        }
        EXPECT_EQ(robots::pattern_matches(path, pattern), matches_by_definition(path, pattern))
            << "path '" << path << "' pattern '" << pattern << "'";
    }
}

TEST(Splitlines, AsPython) {
    EXPECT_EQ(robots::splitlines("a\nb\r\nc\rd\x0b"
                                 "e\x0c"
                                 "f\xC2\x85g\xE2\x80\xA8h\n"),
              (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "h"}));
    EXPECT_EQ(robots::splitlines("\n\nx"), (std::vector<std::string>{"", "", "x"}));
    EXPECT_TRUE(robots::splitlines("").empty());
}

} // namespace
