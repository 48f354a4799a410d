// RFC 9309 as google's reference parser reads it, recorded in
// ../shared/conformance/robots_rfc9309_google.json: every allow/disallow
// check of its test suite (RFC 9309's and google's documented readings
// alike), the product-token rule, the part of a URL that is matched, the
// escaping of patterns, and the parser's line counts.
#include <netkit/robots/pattern.hpp>
#include <netkit/robots/robots_txt.hpp>

#include "support/conformance.hpp"

#include <gtest/gtest.h>

namespace {

using netkit::json::value;
using netkit::test::at;
using netkit::test::text_or_hex;
namespace robots = netkit::robots;

const value& recording() {
    static const value d = netkit::test::load_conformance("robots_rfc9309_google.json");
    return d;
}

TEST(RobotsGoogle, EveryAllowCheck) {
    std::size_t checked = 0;
    for (const value& c : at(recording(), "cases").as_array()) {
        const std::string body = text_or_hex(c, "robots_txt");
        const std::string agent = text_or_hex(c, "user_agent");
        const std::string url = text_or_hex(c, "url");
        SCOPED_TRACE(at(c, "test").as_string() + ": " + c.dump());
        const auto decision = robots::robots_txt::parse(body).decide(agent, url);
        EXPECT_EQ(decision.allowed, at(c, "allowed").as_bool()) << decision.describe();
        ++checked;
    }
    EXPECT_EQ(checked, 145u);
}

TEST(RobotsGoogle, ProductTokens) {
    for (const value& c : at(recording(), "user_agent_validity").as_array()) {
        EXPECT_EQ(robots::is_valid_user_agent(text_or_hex(c, "user_agent")),
                  at(c, "valid").as_bool())
            << c.dump();
    }
}

TEST(RobotsGoogle, ThePartOfAUrlThatIsMatched) {
    for (const value& c : at(recording(), "path_params_query").as_array()) {
        EXPECT_EQ(robots::path_params_query(at(c, "url").as_string()),
                  at(c, "expected").as_string())
            << c.dump();
    }
}

TEST(RobotsGoogle, PatternsEscaped) {
    for (const value& c : at(recording(), "escape_pattern").as_array()) {
        EXPECT_EQ(robots::escape_pattern(text_or_hex(c, "pattern")), at(c, "expected").as_string())
            << c.dump();
    }
}

TEST(RobotsGoogle, LineCounts) {
    for (const value& c : at(recording(), "parse_stats").as_array()) {
        SCOPED_TRACE(c.dump());
        const auto r = robots::robots_txt::parse(text_or_hex(c, "robots_txt"));
        const std::string counter = at(c, "counter").as_string();
        const value& expected = at(c, "expected");
        if (counter == "valid_directives") {
            EXPECT_EQ(r.statistics().valid_directives, expected.as_integer());
        } else if (counter == "unknown_directives") {
            EXPECT_EQ(r.statistics().unknown_directives, expected.as_integer());
        } else if (counter == "last_line_seen") {
            EXPECT_EQ(r.statistics().last_directive_line, expected.as_integer());
        } else if (counter == "sitemap") {
            ASSERT_EQ(r.sitemaps().size(), 1u);
            EXPECT_EQ(r.sitemaps().front(), expected.as_string());
        } else {
            ADD_FAILURE() << "no such counter: " << counter;
        }
    }
}

} // namespace
