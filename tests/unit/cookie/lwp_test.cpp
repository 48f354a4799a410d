// LWP lines (Python's LWPCookieJar): read as Python reads them, written as
// Python writes them (the expected lines are Python's own output).
#include <netkit/cookie/lwp.hpp>

#include <gtest/gtest.h>

namespace {

namespace cookie = netkit::cookie;

TEST(Lwp, ReadsAndWritesPythonsLines) {
    const std::string session =
        "Set-Cookie3: pref=dark; path=\"/app\"; domain=\"www.example.com\"; path_spec; discard; "
        "HttpOnly=None; version=0";
    const std::string persistent = "Set-Cookie3: sid=31d4; path=\"/\"; domain=\".example.com\"; "
                                   "path_spec; domain_dot; secure; "
                                   "expires=\"2030-01-01 00:00:00Z\"; version=0";
    const auto a = cookie::parse_lwp_line(session);
    ASSERT_EQ(a.values.size(), 1u) << a.problem;
    EXPECT_TRUE(a.values[0].host_only && a.values[0].http_only);
    EXPECT_FALSE(a.values[0].persistent);
    EXPECT_EQ(cookie::format_lwp_line(a.values[0]), session);
    const auto b = cookie::parse_lwp_line(persistent);
    ASSERT_EQ(b.values.size(), 1u) << b.problem;
    EXPECT_EQ(b.values[0].domain, "example.com");
    EXPECT_FALSE(b.values[0].host_only);
    EXPECT_EQ(b.values[0].expiry.time_since_epoch().count(), 1893456000);
    EXPECT_EQ(cookie::format_lwp_line(b.values[0]), persistent);
}

TEST(Lwp, OtherLinesAndBadOnes) {
    EXPECT_TRUE(cookie::is_lwp_header("#LWP-Cookies-2.0"));
    EXPECT_FALSE(cookie::is_lwp_header("# Netscape HTTP Cookie File"));
    const auto comment = cookie::parse_lwp_line("# a comment");
    EXPECT_TRUE(comment.values.empty() && comment.problem.empty());
    EXPECT_EQ(cookie::parse_lwp_line("Set-Cookie3: a=1; version=0").problem,
              "a Set-Cookie3 line needs a domain and a path beginning with '/'");
    // A value with quotes and a backslash survives the round trip.
    const auto odd = cookie::parse_lwp_line("Set-Cookie3: q=\"say \\\"hi\\\" \\\\ bye\"; "
                                            "path=\"/\"; domain=\"e.com\"; discard; version=0");
    ASSERT_EQ(odd.values.size(), 1u) << odd.problem;
    EXPECT_EQ(odd.values[0].value, "say \"hi\" \\ bye");
    EXPECT_EQ(cookie::parse_lwp_line(cookie::format_lwp_line(odd.values[0])).values[0].value,
              odd.values[0].value);
}

} // namespace
