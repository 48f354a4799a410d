// Proxy settings as urllib reads them: the environment (lower case wins, an
// empty value removes, HTTP_PROXY ignored under CGI) and no_proxy matching.
#include <netkit/http/engine/client.hpp>

#include <gtest/gtest.h>

#include <cstdlib>

namespace netkit::http {
namespace {

class ProxyEnvironment : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                                 "no_proxy", "NO_PROXY", "REQUEST_METHOD"}) {
            ::unsetenv(name);
        }
    }
    void TearDown() override { SetUp(); }
};

TEST_F(ProxyEnvironment, LowerCaseWinsAndEmptyRemoves) {
    ::setenv("HTTP_PROXY", "http://upper:1", 1);
    ::setenv("http_proxy", "http://lower:2", 1);
    ::setenv("HTTPS_PROXY", "http://secure:3", 1);
    ::setenv("NO_PROXY", "a.example, .b.example ,", 1);
    auto p = proxy_settings::from_environment();
    EXPECT_EQ(p.http, "http://lower:2");
    EXPECT_EQ(p.https, "http://secure:3");
    EXPECT_EQ(p.no_proxy, (std::vector<std::string>{"a.example", ".b.example"}));
    ::setenv("https_proxy", "", 1);
    EXPECT_EQ(proxy_settings::from_environment().https, "");
}

TEST_F(ProxyEnvironment, HttpProxyIsIgnoredUnderCgi) {
    ::setenv("HTTP_PROXY", "http://injected:1", 1);
    ::setenv("REQUEST_METHOD", "GET", 1);
    EXPECT_EQ(proxy_settings::from_environment().http, "");
    // The lower-case spelling is not a request header's: Python keeps it.
    ::setenv("http_proxy", "http://configured:3128", 1);
    EXPECT_EQ(proxy_settings::from_environment().http, "http://configured:3128");
    ::unsetenv("http_proxy");
}

TEST(ProxyBypass, MatchesHostsDomainsPortsAndStar) {
    proxy_settings p;
    p.no_proxy = {"example.com", ".internal", "localhost:8080"};
    EXPECT_TRUE(p.bypass("example.com", 80));
    EXPECT_TRUE(p.bypass("www.EXAMPLE.com", 80));
    EXPECT_FALSE(p.bypass("notexample.com", 80));
    EXPECT_TRUE(p.bypass("db.internal", 5432));
    EXPECT_TRUE(p.bypass("localhost", 8080));
    EXPECT_FALSE(p.bypass("localhost", 8081));
    p.no_proxy = {"*"};
    EXPECT_TRUE(p.bypass("anything", 1));
}

} // namespace
} // namespace netkit::http
