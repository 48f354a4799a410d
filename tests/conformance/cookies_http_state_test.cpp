// The http-state suite (abarth/http-state, also in web-platform-tests), as
// recorded in ../shared/conformance/cookies_http_state.json: each case's
// Set-Cookie lines stored from one URL, and the Cookie header a request to
// another URL gets, under RFC 6265bis; and the cookie-date cases.
//
// The suite was written for RFC 6265 (2011). Where RFC 6265bis, which this
// jar follows, changed the answer, the case is named below with the reason;
// every other case must pass, and a named case that starts to pass fails
// the test too (so that the list stays true).
#include <netkit/cookie/date.hpp>
#include <netkit/cookie/jar.hpp>
#include <netkit/core/date.hpp>

#include "support/conformance.hpp"

#include <gtest/gtest.h>

#include <map>

namespace {

using netkit::json::value;
using netkit::test::at;
using netkit::test::load_conformance;
namespace cookie = netkit::cookie;

const value& data() {
    static const value d = load_conformance("cookies_http_state.json");
    return d;
}

// Cases whose expected answer RFC 6265bis changed, and why.
const std::string nameless =
    "RFC 6265bis §5.6 step 3: a pair without '=' (or with nothing before it) is a nameless "
    "cookie, stored and sent as its value alone; RFC 6265 ignored the line";
const std::map<std::string, std::string> changed_by_6265bis = {
    {"0004", nameless}, // "foo"
    {"0021", nameless}, // "=x"
    {"0023", nameless}, // "foo"
    {"0024", nameless}, // "foo", then "=" (empty: ignored)
    {"0025", nameless}, // "foo"; "; bar" has neither name nor value
    {"0026", nameless}, // "foo"
    {"0027", nameless + " (\"bar\" replaces \"foo\": the same empty name)"},
    {"0028", nameless},         // "foo"
    {"chromium0009", nameless}, // "BLAHHH; path=/;"
    {"chromium0010", nameless}, // "\"BLA\\\"HHH\"; path=/;"
    {"chromium0012", nameless}, // "=ABC"
    {"mozilla0012", nameless + " (the second line, \"five\")"},
    {"mozilla0014", nameless}, // "six"
    {"mozilla0015", nameless}, // "six", then "seven" replacing it
    {"mozilla0016", nameless}, // ... then "=eight"
    {"mozilla0017", nameless}, // ... then "test=six" beside it
    {"name0017", nameless},    // "=a=bar": the value "a=bar"
    {"name0023", nameless},    // "foo;bar=baz"
    {"name0025", nameless},    // "===a=bar": the value "==a=bar"
    {"name0028", nameless},    // "=a"
    {"name0031", nameless},    // "\"foo;bar\"=baz": the pair ends at ';'
    {"name0032", nameless},    // "\"foo\\\"bar;baz\"=qux"
    {"name0033", nameless},    // "=foo=bar", then "aaa" replacing it
    // Disabled in the suite itself:
    {"disabled-chromium0022",
     "RFC 6265bis §5.6 step 1: a line holding a control character (here NUL) is ignored "
     "entirely, not cut at it"},
    {"disabled-chromium0023",
     "RFC 6265bis §5.6 step 1: a line holding a control character (here CR) is ignored "
     "entirely, not cut at it"},
    {"disabled-path0029",
     "paths are matched as written (§5.1.4): \"f%6Fo\" is not \"foo\"; browsers agree"},
};

cookie::clock_time assumed_now() {
    // "2017-08-09T00:00:00Z"
    const std::string when = at(data(), "assumed_now").as_string();
    EXPECT_EQ(when, "2017-08-09T00:00:00Z");
    using namespace std::chrono;
    return sys_days(year(2017) / 8 / 9);
}

TEST(CookiesHttpState, EveryCase) {
    const auto now = assumed_now();
    std::map<std::string, std::string> differing;
    int checked = 0;
    for (const value& c : at(data(), "cases").as_array()) {
        const std::string name = at(c, "name").as_string();
        cookie::jar jar;
        const auto from = cookie::request_info::from_url(at(c, "set_cookie_url").as_string());
        const auto to = cookie::request_info::from_url(at(c, "request_url").as_string());
        ASSERT_TRUE(from && to) << name;
        for (const value& line : at(c, "set_cookie").as_array()) {
            jar.set_cookie(line.as_string(), *from, now);
        }
        const std::string got = jar.cookie_header(*to, now);
        const value& expected = at(c, "expected_cookie");
        const std::string want = expected.is_null() ? "" : expected.as_string();
        if (got != want) {
            differing[name] = "got '" + got + "', the suite expects '" + want + "'";
        }
        ++checked;
    }
    EXPECT_EQ(checked, 222);
    for (const auto& [name, difference] : differing) {
        EXPECT_TRUE(changed_by_6265bis.contains(name)) << name << ": " << difference;
    }
    for (const auto& [name, reason] : changed_by_6265bis) {
        EXPECT_TRUE(differing.contains(name)) << name << " now passes: take it off the list";
    }
}

TEST(CookiesHttpState, EveryDate) {
    int checked = 0;
    for (const value& c : at(data(), "dates").as_array()) {
        const std::string input = at(c, "input").as_string();
        const auto parsed = cookie::parse_cookie_date(input);
        const value& expected = at(c, "expected");
        if (expected.is_null()) {
            EXPECT_FALSE(parsed) << input;
        } else {
            ASSERT_TRUE(parsed) << input;
            EXPECT_EQ(netkit::format_imf_fixdate(*parsed), expected.as_string()) << input;
        }
        ++checked;
    }
    EXPECT_EQ(checked, 70);
}

} // namespace
