// The jar's rules beyond the http-state suite (which predates them): public
// suffixes, IP hosts, Secure and secure contexts, leaving Secure cookies
// alone, the __Secure- and __Host- prefixes, SameSite, Max-Age and the
// 400-day cap, replacement, ordering, limits and eviction, the user's
// policy (blocked and allowed domains, third-party cookies), and input that
// must be ignored. RFC 6265bis sections are named in each test.
#include <netkit/cookie/jar.hpp>
#include <netkit/cookie/set_cookie.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

namespace cookie = netkit::cookie;
using cookie::store_outcome;
using namespace std::chrono;

const cookie::clock_time now = sys_days(year(2026) / 12 / 6) + hours(12);

cookie::request_info at(std::string_view url) {
    auto r = cookie::request_info::from_url(url);
    EXPECT_TRUE(r) << url;
    return r ? *r : cookie::request_info{};
}

struct JarTest : ::testing::Test {
    cookie::jar jar;
    store_outcome set(std::string_view line, std::string_view url) {
        return jar.set_cookie(line, at(url), now);
    }
    std::string get(std::string_view url) { return jar.cookie_header(at(url), now); }
};

TEST_F(JarTest, PublicSuffixesTakeNoDomainCookie) { // §5.7 step 9
    EXPECT_EQ(set("a=1; Domain=com", "https://example.com/"), store_outcome::public_suffix);
    EXPECT_EQ(set("a=1; Domain=co.uk", "https://www.example.co.uk/"), store_outcome::public_suffix);
    EXPECT_EQ(set("a=1; Domain=github.io", "https://foo.github.io/"), store_outcome::public_suffix);
    EXPECT_EQ(get("https://bar.github.io/"), "");
    // The host that is itself a suffix keeps a host-only cookie.
    EXPECT_EQ(set("b=2; Domain=github.io", "https://github.io/"), store_outcome::stored);
    EXPECT_EQ(get("https://github.io/"), "b=2");
    EXPECT_EQ(get("https://foo.github.io/"), "");
    // A registrable domain is fine, for every host below it.
    EXPECT_EQ(set("c=3; Domain=.Example.CO.uk", "https://www.example.co.uk/"),
              store_outcome::stored);
    EXPECT_EQ(get("https://shop.example.co.uk/"), "c=3");
}

TEST_F(JarTest, DomainMustContainTheHost) { // §5.7 step 10
    EXPECT_EQ(set("a=1; Domain=other.example", "https://www.example.com/"),
              store_outcome::domain_mismatch);
    EXPECT_EQ(set("a=1; Domain=www.example.com", "https://example.com/"),
              store_outcome::domain_mismatch);
    EXPECT_EQ(set("a=1; Domain=ample.com", "https://example.com/"), store_outcome::domain_mismatch);
    EXPECT_EQ(set("a=1; Domain=b\xc3\xbc"
                  "cher.example",
                  "https://xn--bcher-kva.example/"),
              store_outcome::domain_not_ascii);
}

TEST_F(JarTest, AnIpHostTakesNoDomainButItself) { // §5.1.3
    EXPECT_EQ(set("a=1; Domain=0.0.1", "http://10.0.0.1/"), store_outcome::domain_mismatch);
    EXPECT_EQ(set("b=2; Domain=10.0.0.1", "http://10.0.0.1/"), store_outcome::stored);
    EXPECT_EQ(set("c=3", "http://[::1]:8080/"), store_outcome::stored);
    EXPECT_EQ(get("http://10.0.0.1/"), "b=2");
    EXPECT_EQ(get("http://[::1]/"), "c=3");
    EXPECT_EQ(get("http://20.0.0.1/"), "");
}

TEST_F(JarTest, SecureNeedsASecureOriginAndLoopbackIsOne) { // §5.7 step 13
    EXPECT_EQ(set("s=1; Secure", "http://example.com/"), store_outcome::insecure_origin);
    EXPECT_EQ(set("s=1; Secure", "https://example.com/"), store_outcome::stored);
    EXPECT_EQ(get("http://example.com/"), "");
    EXPECT_EQ(get("https://example.com/"), "s=1");
    EXPECT_EQ(get("wss://example.com/"), "s=1");
    // Loopback is a secure context, as browsers count it.
    EXPECT_EQ(set("t=2; Secure", "http://localhost:8000/"), store_outcome::stored);
    EXPECT_EQ(get("http://localhost:9000/"), "t=2");
    EXPECT_EQ(set("u=3; Secure", "http://127.0.0.1/"), store_outcome::stored);
    EXPECT_EQ(get("http://127.0.0.1/"), "u=3");
}

TEST_F(JarTest, AnInsecureOriginLeavesSecureCookiesAlone) { // §5.7 step 16
    ASSERT_EQ(set("id=secret; Secure; Domain=example.com; Path=/", "https://example.com/"),
              store_outcome::stored);
    EXPECT_EQ(set("id=forged", "http://www.example.com/"), store_outcome::leave_secure_alone);
    EXPECT_EQ(set("id=forged; Path=/sub", "http://example.com/"),
              store_outcome::leave_secure_alone);
    EXPECT_EQ(set("other=fine", "http://example.com/"), store_outcome::stored);
    EXPECT_EQ(get("https://example.com/"), "id=secret; other=fine");
}

TEST_F(JarTest, PrefixesAreCheckedWhateverTheirCase) { // §4.1.3
    EXPECT_EQ(set("__Secure-a=1", "https://example.com/"), store_outcome::secure_prefix);
    EXPECT_EQ(set("__SECURE-a=1; Secure", "https://example.com/"), store_outcome::stored);
    EXPECT_EQ(set("__Host-b=1; Secure", "https://example.com/"), store_outcome::host_prefix);
    EXPECT_EQ(set("__host-b=1; Secure; Path=/; Domain=example.com", "https://example.com/"),
              store_outcome::host_prefix);
    EXPECT_EQ(set("__Host-b=1; Secure; Path=/a", "https://example.com/"),
              store_outcome::host_prefix);
    EXPECT_EQ(set("__Host-b=1; Secure; Path=/", "https://example.com/a/b"), store_outcome::stored);
    EXPECT_EQ(set("=__Host-c", "https://example.com/"), store_outcome::nameless_prefix);
    EXPECT_EQ(get("https://example.com/"), "__SECURE-a=1; __Host-b=1");
}

TEST_F(JarTest, SameSite) { // §5.7 step 18, §5.8.3
    EXPECT_EQ(set("n=1; SameSite=None", "https://example.com/"),
              store_outcome::same_site_none_insecure);
    ASSERT_EQ(set("n=1; SameSite=None; Secure", "https://example.com/"), store_outcome::stored);
    ASSERT_EQ(set("l=2; SameSite=Lax", "https://example.com/"), store_outcome::stored);
    ASSERT_EQ(set("s=3; SameSite=Strict", "https://example.com/"), store_outcome::stored);
    ASSERT_EQ(set("d=4", "https://example.com/"), store_outcome::stored);
    auto request = at("https://example.com/");
    EXPECT_EQ(jar.cookie_header(request, now), "n=1; l=2; s=3; d=4");
    request.same_site = false; // a link from another site: a top-level GET
    EXPECT_EQ(jar.cookie_header(request, now), "n=1; l=2; d=4");
    request.top_level_safe_navigation = false; // an image, a POST from elsewhere
    EXPECT_EQ(jar.cookie_header(request, now), "n=1");
    // A cross-site subresource may not set a SameSite cookie.
    EXPECT_EQ(jar.set_cookie("x=5; SameSite=Lax", request, now), store_outcome::cross_site);
    EXPECT_EQ(jar.set_cookie("y=6; SameSite=None; Secure", request, now), store_outcome::stored);
}

TEST_F(JarTest, HttpOnlyIsForHttpOnly) { // §5.7 steps 15 and 22, §5.8.3
    ASSERT_EQ(set("h=1; HttpOnly", "https://example.com/"), store_outcome::stored);
    auto script = at("https://example.com/");
    script.http_api = false;
    EXPECT_EQ(jar.cookie_header(script, now), "");
    EXPECT_EQ(jar.set_cookie("h=2", script, now), store_outcome::overwrite_http_only);
    EXPECT_EQ(jar.set_cookie("i=3; HttpOnly", script, now), store_outcome::http_only_from_script);
    EXPECT_EQ(jar.check(*jar.all().front(), script, now), cookie::exclusion::http_only);
    EXPECT_EQ(get("https://example.com/"), "h=1");
}

TEST_F(JarTest, MaxAgeOverExpiresAndTheAgeCap) { // §5.6.1, §5.6.2, §5.7 step 6
    ASSERT_EQ(set("a=1; Max-Age=60; Expires=Wed, 01 Jan 2020 00:00:00 GMT", "https://e.com/"),
              store_outcome::stored); // Max-Age wins, whatever the order
    ASSERT_EQ(set("b=2; Expires=Fri, 01 Jan 2100 00:00:00 GMT", "https://e.com/"),
              store_outcome::stored);
    ASSERT_EQ(set("c=3; Max-Age=99999999999999999999999", "https://e.com/"), store_outcome::stored);
    for (const auto* c : jar.all()) {
        EXPECT_TRUE(c->persistent);
        if (c->name == "a") {
            EXPECT_EQ(c->expiry, now + seconds(60));
        } else {
            EXPECT_EQ(c->expiry, now + days(400)) << c->name; // capped
        }
    }
    // Max-Age=0 (or less) and a past Expires delete.
    EXPECT_EQ(set("a=gone; Max-Age=0", "https://e.com/"), store_outcome::deleted);
    EXPECT_EQ(set("b=gone; Expires=Thu, 01 Jan 1970 00:00:01 GMT", "https://e.com/"),
              store_outcome::deleted);
    EXPECT_EQ(set("c=gone; Max-Age=-5", "https://e.com/"), store_outcome::deleted);
    EXPECT_EQ(jar.size(), 0u);
    // A Max-Age that is not a number is ignored: a session cookie.
    ASSERT_EQ(set("d=4; Max-Age=1e3", "https://e.com/"), store_outcome::stored);
    EXPECT_FALSE(jar.all().front()->persistent);
    EXPECT_EQ(jar.check(*jar.all().front(), at("https://e.com/"), now + days(10000)),
              cookie::exclusion::included);
}

TEST_F(JarTest, ReplacementKeepsTheCreationTimeAndOrderIsByPathThenAge) { // §5.7 step 22, §5.8.3
    ASSERT_EQ(jar.set_cookie("first=1; Path=/", at("https://e.com/"), now), store_outcome::stored);
    ASSERT_EQ(jar.set_cookie("second=2; Path=/", at("https://e.com/"), now + seconds(1)),
              store_outcome::stored);
    ASSERT_EQ(jar.set_cookie("deep=3; Path=/a/b", at("https://e.com/"), now + seconds(2)),
              store_outcome::stored);
    // "first" replaced later: it keeps its place, being older.
    ASSERT_EQ(jar.set_cookie("first=again; Path=/", at("https://e.com/"), now + seconds(3)),
              store_outcome::stored);
    EXPECT_EQ(jar.cookie_header(at("https://e.com/a/b/c"), now + seconds(4)),
              "deep=3; first=again; second=2");
    EXPECT_EQ(jar.size(), 3u);
    // Another path, or Domain instead of host-only, is another cookie.
    ASSERT_EQ(set("first=other; Path=/a", "https://e.com/"), store_outcome::stored);
    ASSERT_EQ(set("first=domain; Domain=e.com; Path=/", "https://e.com/"), store_outcome::stored);
    EXPECT_EQ(jar.size(), 5u);
}

TEST_F(JarTest, PathsAndTheDefaultPath) { // §5.1.4
    EXPECT_EQ(cookie::default_path(""), "/");
    EXPECT_EQ(cookie::default_path("/"), "/");
    EXPECT_EQ(cookie::default_path("/a"), "/");
    EXPECT_EQ(cookie::default_path("/a/b/c"), "/a/b");
    EXPECT_TRUE(cookie::path_match("/a/b", "/a"));
    EXPECT_TRUE(cookie::path_match("/a/b", "/a/"));
    EXPECT_FALSE(cookie::path_match("/ab", "/a"));
    EXPECT_FALSE(cookie::path_match("/", "/a"));
    ASSERT_EQ(set("p=1", "https://e.com/docs/page"), store_outcome::stored);
    EXPECT_EQ(get("https://e.com/docs/other"), "p=1");
    EXPECT_EQ(get("https://e.com/docsx"), "");
    EXPECT_EQ(jar.check(*jar.all().front(), at("https://e.com/"), now), cookie::exclusion::path);
}

TEST_F(JarTest, LinesThatAreIgnored) { // §5.6
    EXPECT_EQ(set("a=b\x01"
                  "c",
                  "https://e.com/"),
              store_outcome::ignored_line);
    EXPECT_EQ(set("a=b\x7f", "https://e.com/"), store_outcome::ignored_line);
    EXPECT_EQ(set("a=b\tc", "https://e.com/"), store_outcome::stored); // a tab is allowed
    EXPECT_EQ(set("=", "https://e.com/"), store_outcome::ignored_line);
    EXPECT_EQ(set(std::string(4000, 'n') + "=" + std::string(96, 'v'), "https://e.com/"),
              store_outcome::stored);
    EXPECT_EQ(set(std::string(4000, 'n') + "=" + std::string(97, 'v'), "https://e.com/"),
              store_outcome::ignored_line);
    // An attribute over 1024 bytes is ignored, not the cookie: this one
    // gets the default path, "/x", and comes first for being longer.
    EXPECT_EQ(set("long=1; Path=/" + std::string(1024, 'p'), "https://e.com/x/y"),
              store_outcome::stored);
    EXPECT_EQ(get("https://e.com/x/z"),
              "long=1; a=b\tc; " + std::string(4000, 'n') + "=" + std::string(96, 'v'));
}

TEST(JarLimits, EvictsTheExpiredThenTheLeastRecentlyUsedOfASite) {
    cookie::jar jar({.max_cookies_per_site = 3, .max_cookies = 5});
    auto site = at("https://www.example.com/");
    jar.set_cookie("a=1", site, now);
    jar.set_cookie("b=2; Domain=example.com", site, now + seconds(1));
    jar.set_cookie("c=3; Max-Age=1", site, now + seconds(2));
    (void)jar.cookies_for(at("https://example.com/"), now + seconds(3)); // uses b
    // A fourth for the site: c has expired by then and goes first.
    jar.set_cookie("d=4", site, now + seconds(10));
    EXPECT_EQ(jar.cookie_header(site, now + seconds(11)), "a=1; b=2; d=4");
    // A fifth: the least recently used (a, read at 11 with b and d, but
    // made first) goes.
    (void)jar.cookies_for(at("https://example.com/"), now + seconds(12)); // b again
    jar.set_cookie("e=5", site, now + seconds(13));
    EXPECT_EQ(jar.cookie_header(site, now + seconds(14)), "b=2; d=4; e=5");
    // Other sites count towards the whole jar's limit, not this site's.
    jar.set_cookie("x=1", at("https://other.example/"), now + seconds(15));
    jar.set_cookie("y=2", at("https://third.example/"), now + seconds(16));
    EXPECT_EQ(jar.size(), 5u);
    jar.set_cookie("z=3", at("https://fourth.example/"), now + seconds(17));
    EXPECT_EQ(jar.size(), 5u);
}

TEST(JarLimits, AHostileServerCannotGrowTheJar) {
    cookie::jar jar;
    auto site = at("https://evil.example/");
    for (int i = 0; i < 10'000; ++i) {
        jar.set_cookie("c" + std::to_string(i) + "=" + std::string(100, 'x'), site, now);
        jar.set_cookie("d" + std::to_string(i) + "=1; Domain=evil.example",
                       at("https://s" + std::to_string(i % 300) + ".evil.example/"), now);
    }
    EXPECT_EQ(jar.size(), 50u); // one site, 50 cookies
    for (int i = 0; i < 4'000; ++i) {
        jar.set_cookie("c=1", at("https://site" + std::to_string(i) + ".example/"), now);
        ASSERT_LE(jar.size(), 3000u);
    }
    EXPECT_GE(jar.size(), 2700u); // trimmed by a tenth each time it passes 3,000
}

TEST(JarApi, ClearAndSessionCookies) {
    cookie::jar jar;
    jar.set_cookie("s=1", at("https://a.example/"), now);
    jar.set_cookie("p=2; Max-Age=100", at("https://a.example/"), now);
    jar.set_cookie("q=3; Max-Age=100", at("https://b.example/"), now);
    EXPECT_EQ(jar.clear_session_cookies(), 1u);
    EXPECT_EQ(jar.clear_expired_cookies(now + seconds(100)), 2u);
    jar.set_cookie("r=4", at("https://a.example/x/"), now);
    jar.set_cookie("t=5", at("https://b.example/"), now);
    EXPECT_EQ(jar.clear("a.example"), 1u);
    EXPECT_EQ(jar.clear("", "", "t"), 1u);
    EXPECT_EQ(jar.size(), 0u);
}

TEST(JarPolicy, BlockedAndAllowedDomains) { // the user's policy, as DefaultCookiePolicy's lists
    cookie::jar_options blocking;
    blocking.blocked_domains = {".Ads.example", "tracker.example"};
    cookie::jar jar(blocking);
    EXPECT_EQ(jar.set_cookie("a=1", at("https://ads.example/"), now),
              store_outcome::blocked_domain);
    EXPECT_EQ(jar.set_cookie("a=1", at("https://x.ads.example/"), now),
              store_outcome::blocked_domain);
    EXPECT_EQ(jar.set_cookie("a=1", at("https://x.tracker.example/"), now), store_outcome::stored);
    // A Domain cookie is judged by its domain.
    EXPECT_EQ(jar.set_cookie("b=1; Domain=tracker.example", at("https://x.tracker.example/"), now),
              store_outcome::blocked_domain);
    EXPECT_EQ(jar.cookie_header(at("https://x.tracker.example/"), now), "a=1");

    cookie::jar_options allowing;
    allowing.allowed_domains = std::vector<std::string>{".shop.example"};
    cookie::jar only(allowing);
    EXPECT_EQ(only.set_cookie("a=1", at("https://www.shop.example/"), now), store_outcome::stored);
    EXPECT_EQ(only.set_cookie("a=1", at("https://other.example/"), now),
              store_outcome::blocked_domain);
    // A cookie already in the jar (from a file) is not sent either.
    cookie::cookie loaded;
    loaded.name = "old";
    loaded.value = "1";
    loaded.domain = "other.example";
    loaded.path = "/";
    loaded.expiry = cookie::session_expiry;
    only.insert(loaded);
    EXPECT_EQ(only.check(loaded, at("https://other.example/"), now),
              cookie::exclusion::blocked_domain);
    EXPECT_EQ(only.cookie_header(at("https://other.example/"), now), "");
}

TEST(JarPolicy, ThirdPartyCookiesBlocked) {
    cookie::jar_options options;
    options.block_third_party = true;
    cookie::jar jar(options);
    auto cross_site = at("https://ads.example/pixel");
    cross_site.same_site = false;
    EXPECT_EQ(jar.set_cookie("id=1; SameSite=None; Secure", cross_site, now),
              store_outcome::third_party);
    EXPECT_EQ(jar.set_cookie("id=1; SameSite=None; Secure", at("https://ads.example/"), now),
              store_outcome::stored);
    EXPECT_EQ(jar.cookie_header(cross_site, now), "");
    EXPECT_EQ(jar.cookie_header(at("https://ads.example/"), now), "id=1");
    // Without the switch, SameSite=None is what lets it through.
    cookie::jar open;
    EXPECT_EQ(open.set_cookie("id=1; SameSite=None; Secure", cross_site, now),
              store_outcome::stored);
    EXPECT_EQ(open.cookie_header(cross_site, now), "id=1");
}

TEST(SetCookie, ReadsTheLastOfEachAttribute) { // §5.6
    const auto c = cookie::parse_set_cookie(
        " SID = 31d4 ; path=/a; Path=/b; domain=.A.example; DOMAIN=; secure; HTTPONLY; "
        "samesite=lax; SameSite=bogus; Expires=Wed, 09 Jun 2021 10:18:14 GMT; max-age=x");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->name, "SID");
    EXPECT_EQ(c->value, "31d4");
    EXPECT_EQ(c->path, "/b");
    EXPECT_EQ(c->domain, "a.example"); // the empty one is ignored
    EXPECT_TRUE(c->secure && c->http_only);
    EXPECT_EQ(c->same_site_value, cookie::same_site::unset); // "bogus": Default
    EXPECT_TRUE(c->expires);
    EXPECT_FALSE(c->max_age);
    EXPECT_EQ(cookie::parse_set_cookie("a=1; Path=relative")->path, ""); // the default path
}

} // namespace
