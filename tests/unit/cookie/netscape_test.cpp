// cookies.txt lines: what curl, wget and Python write, read back; what
// netkit writes, in their form.
#include <netkit/cookie/netscape.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

namespace cookie = netkit::cookie;

TEST(Netscape, ReadsTheLinesCurlWgetAndPythonWrite) {
    const auto curl =
        cookie::parse_netscape_line("#HttpOnly_.example.com\tTRUE\t/a\tTRUE\t1893456000\tsid\tx y");
    ASSERT_TRUE(curl.value) << curl.problem;
    EXPECT_EQ(curl.value->domain, "example.com");
    EXPECT_FALSE(curl.value->host_only);
    EXPECT_TRUE(curl.value->http_only && curl.value->secure_only && curl.value->persistent);
    EXPECT_EQ(curl.value->path, "/a");
    EXPECT_EQ(curl.value->expiry.time_since_epoch().count(), 1893456000);
    EXPECT_EQ(curl.value->value, "x y");
    // wget: the port in the domain; a session cookie with expiry 0.
    const auto wget = cookie::parse_netscape_line("127.0.0.1:8080\tFALSE\t/\tFALSE\t0\ta\t1\r");
    ASSERT_TRUE(wget.value) << wget.problem;
    EXPECT_EQ(wget.value->domain, "127.0.0.1");
    EXPECT_TRUE(wget.value->host_only);
    EXPECT_FALSE(wget.value->persistent);
    EXPECT_EQ(wget.value->value, "1");
    // curl writes six fields for an empty value.
    const auto six = cookie::parse_netscape_line("example.com\tFALSE\t/\tFALSE\t0\tempty");
    ASSERT_TRUE(six.value) << six.problem;
    EXPECT_EQ(six.value->value, "");
    // Comments and blank lines are neither cookies nor problems.
    for (const char* line : {"# Netscape HTTP Cookie File", "", "   ", "#comment\tTRUE"}) {
        const auto r = cookie::parse_netscape_line(line);
        EXPECT_FALSE(r.value) << line;
        EXPECT_EQ(r.problem, "") << line;
    }
}

TEST(Netscape, ThePortGoesWhetherTheDomainHasItsDotOrNot) {
    // Found by fuzzing: a line netkit wrote (".[:2205193387664", a domain
    // cookie) read back as the domain "[" while the line it came from
    // ("[:2205193387664") read as itself: the port rule took the colon
    // before the dot was stripped. Now the dot goes first, and a bracket
    // that is never closed is no domain.
    for (const char* domain : {"[::1]:8080", ".[::1]:8080", "[::1]", ".[::1]"}) {
        const auto r = cookie::parse_netscape_line(std::string(domain) +
                                                   "	TRUE	/	FALSE	0	a	1");
        ASSERT_TRUE(r.value) << domain << ": " << r.problem;
        EXPECT_EQ(r.value->domain, "::1") << domain;
    }
    for (const char* domain : {"h.example:81", ".h.example:81"}) {
        const auto r = cookie::parse_netscape_line(std::string(domain) +
                                                   "	TRUE	/	FALSE	0	a	1");
        ASSERT_TRUE(r.value) << domain << ": " << r.problem;
        EXPECT_EQ(r.value->domain, "h.example") << domain;
    }
    // Found by fuzzing too: "[[a]" read as "[a", which read back as nothing.
    // Brackets hold an IPv6 address, then nothing or a port.
    for (const char* domain : {"[:2205193387664", ".[:2205193387664", "[::1", "[[a]", "[a]",
                               "[a:1]", "[::1]x", "[::1]:", "[::1]:8a"}) {
        EXPECT_EQ(cookie::parse_netscape_line(std::string(domain) +
                                              "	TRUE	/	TRUE			")
                      .problem,
                  "a domain and a path beginning with '/' are needed")
            << domain;
    }
}

TEST(Netscape, SaysWhatIsWrongWithALine) {
    EXPECT_EQ(cookie::parse_netscape_line("a\tb").problem,
              "7 fields separated by tabs expected, found 2");
    EXPECT_EQ(cookie::parse_netscape_line("e.com\tYES\t/\tFALSE\t0\ta\t1").problem,
              "the 2nd and 4th fields must be TRUE or FALSE");
    EXPECT_EQ(cookie::parse_netscape_line("e.com\tTRUE\t/\tFALSE\tsoon\ta\t1").problem,
              "the expiry (5th field) is not a number of seconds");
    EXPECT_EQ(cookie::parse_netscape_line("e.com\tTRUE\trelative\tFALSE\t0\ta\t1").problem,
              "a domain and a path beginning with '/' are needed");
}

TEST(Netscape, WritesWhatItReads) {
    for (const char* line : {"#HttpOnly_.example.com\tTRUE\t/a\tTRUE\t1893456000\tsid\tx y",
                             "example.com\tFALSE\t/\tFALSE\t0\ta\t1"}) {
        const auto r = cookie::parse_netscape_line(line);
        ASSERT_TRUE(r.value);
        EXPECT_EQ(cookie::format_netscape_line(*r.value), line);
    }
    cookie::cookie tabbed;
    tabbed.domain = "e.com";
    tabbed.path = "/";
    tabbed.name = "a";
    tabbed.value = "x\ty"; // the jar allows a tab; the format cannot hold one
    EXPECT_FALSE(cookie::format_netscape_line(tabbed));
}

} // namespace
