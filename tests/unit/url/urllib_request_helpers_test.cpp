// urllib.request's module functions, with CPython's answers (3.11 and 3.13
// agree on each), and getproxies / proxy_bypass read from the environment.
#include <netkit/request/urllib_helpers.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

namespace {

namespace request = netkit::request;
using strings = std::vector<std::string>;

TEST(UrllibRequestHelpers, PathnamesAndUrls) {
    EXPECT_EQ(request::pathname2url("/tmp/a b/\xc3\xa9?#%.txt"), "/tmp/a%20b/%C3%A9%3F%23%25.txt");
    EXPECT_EQ(request::url2pathname("/tmp/a%20b/%C3%A9%3F"), "/tmp/a b/\xc3\xa9?");
}

TEST(UrllibRequestHelpers, ParseHttpList) {
    EXPECT_EQ(request::parse_http_list(R"(a, "b, c", d)"), (strings{"a", "\"b, c\"", "d"}));
    EXPECT_EQ(request::parse_http_list("a,,b"), (strings{"a", "", "b"}));
    EXPECT_EQ(request::parse_http_list(R"( "x\"y", z )"), (strings{"\"x\"y\"", "z"}));
    EXPECT_EQ(request::parse_http_list(R"(a"b,c"d)"), (strings{"a\"b,c\"d"}));
    EXPECT_EQ(request::parse_http_list(R"("unterminated, x)"), (strings{"\"unterminated, x"}));
    EXPECT_EQ(request::parse_http_list(""), strings{});
    EXPECT_EQ(request::parse_http_list(","), strings{""});
}

TEST(UrllibRequestHelpers, ParseKeqvList) {
    const auto parsed = request::parse_keqv_list({"realm=\"x\"", "n=1", "a=b=c", "q=\""});
    EXPECT_EQ(parsed, (std::map<std::string, std::string>{
                          {"a", "b=c"}, {"n", "1"}, {"q", ""}, {"realm", "x"}}));
    EXPECT_THROW(request::parse_keqv_list({"novalue"}), std::invalid_argument);
    EXPECT_THROW(request::parse_keqv_list({"a="}), std::invalid_argument);
}

TEST(UrllibRequestHelpers, ProxiesFromTheEnvironment) {
    // As Python: every NAME_proxy, the lower-case spelling winning, an empty
    // lower-case one removing it.
    ::setenv("FTP_PROXY", "http://upper:1", 1);
    ::setenv("ftp_proxy", "http://lower:2", 1);
    ::setenv("GOPHER_PROXY", "http://g:3", 1);
    ::setenv("gopher_proxy", "", 1);
    ::setenv("no_proxy", "example.com, .internal:8080", 1);
    const auto proxies = request::getproxies();
    EXPECT_EQ(proxies.at("ftp"), "http://lower:2");
    EXPECT_FALSE(proxies.contains("gopher"));
    EXPECT_EQ(proxies.at("no"), "example.com, .internal:8080");
    EXPECT_TRUE(request::proxy_bypass("example.com"));
    EXPECT_TRUE(request::proxy_bypass("www.example.com:80"));
    EXPECT_FALSE(request::proxy_bypass("badexample.com"));
    EXPECT_TRUE(request::proxy_bypass("a.internal:8080"));
    EXPECT_FALSE(request::proxy_bypass("a.internal:9090"));
    for (const char* name :
         {"FTP_PROXY", "ftp_proxy", "GOPHER_PROXY", "gopher_proxy", "no_proxy"}) {
        ::unsetenv(name);
    }
}

} // namespace
