// A server's two cookie headers: the Cookie field read leniently, and a
// Set-Cookie checked before it goes (what a browser would drop is refused).
#include <netkit/cookie/cookie_header.hpp>

#include <gtest/gtest.h>

namespace {

namespace cookie = netkit::cookie;
using pairs = std::vector<std::pair<std::string_view, std::string_view>>;

TEST(CookieHeader, ReadsWhatBrowsersAndOthersSend) {
    EXPECT_EQ(cookie::parse_cookie_header("a=1; b=two"), (pairs{{"a", "1"}, {"b", "two"}}));
    EXPECT_EQ(cookie::parse_cookie_header(" a = 1 ;;b=\"q v\";nameless; c=x=y;"),
              (pairs{{"a", "1"}, {"b", "\"q v\""}, {"", "nameless"}, {"c", "x=y"}}));
    EXPECT_EQ(cookie::parse_cookie_header(""), pairs{});
    EXPECT_EQ(cookie::parse_cookie_header(" ; ; "), pairs{});
}

cookie::morsel named(std::string_view name, std::string_view value) {
    cookie::simple_cookie c;
    c.set(name, value);
    return c.at(name);
}

TEST(SetCookieValue, WritesAMorselABrowserKeeps) {
    auto m = named("session", "a b");
    m.set_attribute("path", "/");
    m.set_attribute("httponly", true);
    m.set_attribute("samesite", "Lax");
    EXPECT_EQ(cookie::set_cookie_value(m).value(),
              "session=\"a b\"; HttpOnly; Path=/; SameSite=Lax");
}

TEST(SetCookieValue, RefusesWhatABrowserWouldDrop) {
    EXPECT_EQ(cookie::set_cookie_value(named("a:b", "1")).error(),
              cookie::error::bad_name); // ':' is no token char
    auto m = named("a", "1");
    m.set_attribute("path", "/x;Domain=evil.example");
    EXPECT_EQ(cookie::set_cookie_value(m).error(), cookie::error::bad_attribute_value);
    m = named("a", "1");
    m.set_attribute("path", "/" + std::string(1024, 'p'));
    EXPECT_EQ(cookie::set_cookie_value(m).error(), cookie::error::too_long);
    EXPECT_EQ(cookie::set_cookie_value(named("a", std::string(4096, 'v'))).error(),
              cookie::error::too_long);
    EXPECT_EQ(cookie::set_cookie_value(named("__Secure-id", "1")).error(),
              cookie::error::secure_prefix);
    m = named("__Host-id", "1");
    m.set_attribute("secure", true);
    EXPECT_EQ(cookie::set_cookie_value(m).error(), cookie::error::host_prefix); // no Path=/
    m.set_attribute("path", "/");
    EXPECT_TRUE(cookie::set_cookie_value(m));
    m.set_attribute("domain", "example.com");
    EXPECT_EQ(cookie::set_cookie_value(m).error(), cookie::error::host_prefix);
    m = named("a", "1");
    m.set_attribute("samesite", "None");
    EXPECT_EQ(cookie::set_cookie_value(m).error(), cookie::error::same_site_none_insecure);
    m.set_attribute("secure", true);
    EXPECT_TRUE(cookie::set_cookie_value(m));
}

} // namespace
