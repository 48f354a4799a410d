// cookiejar::cookie_jar beyond the recorded scenarios: the policy's lists
// and third-party switch, the jar's index, expiry, and the places where
// Python's CookieJar loses cookies. Each expectation is what CPython 3.13
// answers for the same calls (its clock fixed at 1800000000).
#include <netkit/cookie/cookiejar.hpp>
#include <netkit/cookie/cookiejar_policy.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace {

namespace cookiejar = netkit::cookie::cookiejar;

constexpr std::int64_t now = 1800000000;

cookiejar::cookie_jar jar_with(std::shared_ptr<cookiejar::default_cookie_policy> policy = nullptr) {
    cookiejar::cookie_jar jar(std::move(policy));
    jar.set_clock([] { return now; });
    return jar;
}

std::vector<std::string> names(const cookiejar::cookie_jar& jar) {
    std::vector<std::string> out;
    for (const auto& c : jar.cookies()) {
        out.push_back(c.name);
    }
    return out;
}

std::optional<std::string> cookie_header(cookiejar::cookie_jar& jar, std::string url) {
    cookiejar::basic_request request(std::move(url));
    jar.add_cookie_header(request);
    return request.get_header("Cookie");
}

TEST(Cookiejar, BlockedAndAllowedDomains) {
    auto blocking = std::make_shared<cookiejar::default_cookie_policy>();
    blocking->set_blocked_domains({".acme.com"});
    auto jar = jar_with(blocking);
    jar.extract_cookies({{"Set-Cookie", "a=1"}}, cookiejar::basic_request("http://www.acme.com/"));
    EXPECT_EQ(jar.size(), 0u);

    auto allowing = std::make_shared<cookiejar::default_cookie_policy>();
    allowing->set_allowed_domains(std::vector<std::string>{"www.acme.com"});
    auto allowed = jar_with(allowing);
    allowed.extract_cookies({{"Set-Cookie", "a=1"}},
                            cookiejar::basic_request("http://www.acme.com/"));
    allowed.extract_cookies({{"Set-Cookie", "b=1"}}, cookiejar::basic_request("http://acme.com/"));
    EXPECT_EQ(names(allowed), std::vector<std::string>{"a"});
}

TEST(Cookiejar, ThirdPartyCookiesInUnverifiableRequestsWhenAsked) {
    auto policy = std::make_shared<cookiejar::default_cookie_policy>();
    policy->strict_ns_unverifiable = true;
    auto jar = jar_with(policy);
    // An image from another site, on a page of www.acme.com: refused.
    jar.extract_cookies({{"Set-Cookie", "a=1"}},
                        cookiejar::basic_request("http://ads.example/", "www.acme.com", true));
    // One from the page's own site: kept.
    jar.extract_cookies({{"Set-Cookie", "b=1"}},
                        cookiejar::basic_request("http://img.acme.com/", "www.acme.com", true));
    EXPECT_EQ(names(jar), std::vector<std::string>{"b"});
}

TEST(Cookiejar, LooksOnlyAtTheDomainsOfTheHostButFindsEveryOne) {
    auto jar = jar_with();
    jar.extract_cookies({{"Set-Cookie", "host=1"},
                         {"Set-Cookie", "dom=2; domain=.acme.com"},
                         {"Set-Cookie", "p=3; path=/a/b"}},
                        cookiejar::basic_request("http://acme.com/a/b/c"));
    jar.extract_cookies({{"Set-Cookie", "other=1"}}, cookiejar::basic_request("http://acme.org/"));
    // Netscape rules: a cookie of acme.com goes to its subdomains too; ties
    // in path length keep the order the domains came in.
    EXPECT_EQ(cookie_header(jar, "http://www.acme.com/a/b/x"), "host=1; p=3; dom=2");
    EXPECT_EQ(cookie_header(jar, "http://xacme.com/a/b"), std::nullopt);
    EXPECT_EQ(cookie_header(jar, "http://ACME.com:8080/a"), std::nullopt);
    EXPECT_EQ(cookie_header(jar, "http://acme.org/"), "other=1");
}

TEST(Cookiejar, ExpiryAndSessionCookies) {
    std::int64_t clock = now;
    cookiejar::cookie_jar jar;
    jar.set_clock([&clock] { return clock; });
    jar.extract_cookies({{"Set-Cookie", "s=1; max-age=10"}, {"Set-Cookie", "t=2"}},
                        cookiejar::basic_request("http://h.example.com/"));
    EXPECT_EQ(jar.size(), 2u);
    clock += 11;
    EXPECT_EQ(cookie_header(jar, "http://h.example.com/"), "t=2");
    EXPECT_EQ(names(jar), std::vector<std::string>{"t"}); // add_cookie_header dropped s
    jar.clear_session_cookies();
    EXPECT_EQ(jar.size(), 0u);
}

TEST(Cookiejar, WherePythonLosesEveryCookieOfAHeaderKindSoDoesThisJar) {
    // Max-Age without a value: Python's int(None) raises inside the parse,
    // and every Set-Cookie cookie of the response is dropped.
    auto jar = jar_with();
    jar.extract_cookies({{"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2; max-age"}},
                        cookiejar::basic_request("http://www.acme.com/"));
    EXPECT_EQ(jar.size(), 0u);
    // Expires in Set-Cookie2 is text Python compares with a number: the
    // Set-Cookie2 cookies go, the Set-Cookie ones stay.
    auto policy = std::make_shared<cookiejar::default_cookie_policy>();
    policy->rfc2965 = true;
    auto rfc2965 = jar_with(policy);
    rfc2965.extract_cookies(
        {{"Set-Cookie2", "a=1; Version=1, b=2; Version=1; expires=\"x\""}, {"Set-Cookie", "n=1"}},
        cookiejar::basic_request("http://www.acme.com/"));
    EXPECT_EQ(names(rfc2965), std::vector<std::string>{"n"});
}

TEST(Cookiejar, ClearingWhatIsNotThereIsAnError) {
    auto jar = jar_with();
    EXPECT_THROW(jar.clear("nope"), std::out_of_range);
    jar.extract_cookies({{"Set-Cookie", "a=1"}}, cookiejar::basic_request("http://x.example/"));
    EXPECT_THROW(jar.clear("x.example", "/nope"), std::out_of_range);
    EXPECT_THROW(jar.clear("x.example", "/", "b"), std::out_of_range);
    jar.clear("x.example", "/", "a");
    EXPECT_EQ(jar.size(), 0u);
}

TEST(Cookiejar, SetCookieIfOkAsksThePolicy) {
    auto jar = jar_with();
    cookiejar::cookie c;
    c.name = "a";
    c.value = "1";
    c.domain = ".com"; // a domain with no dot inside: refused
    c.domain_specified = true;
    c.path = "/";
    jar.set_cookie_if_ok(c, cookiejar::basic_request("http://www.acme.com/"));
    EXPECT_EQ(jar.size(), 0u);
    c.domain = ".acme.com";
    jar.set_cookie_if_ok(c, cookiejar::basic_request("http://www.acme.com/"));
    EXPECT_EQ(cookie_header(jar, "http://www.acme.com/"), "a=1");
    // A request that has a Cookie header keeps it.
    cookiejar::basic_request own("http://www.acme.com/");
    own.add_header("Cookie", "mine=1");
    jar.add_cookie_header(own);
    EXPECT_EQ(own.get_header("Cookie"), "mine=1");
}

} // namespace
