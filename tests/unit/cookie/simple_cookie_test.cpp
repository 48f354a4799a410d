// netkit::cookie::simple_cookie and morsel beyond the conformance data: the
// API calls a program makes, each expected value printed by CPython 3.13
// for the same calls, and input no server should be able to slow down.
#include <netkit/cookie/simple_cookie.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

namespace cookie = netkit::cookie;

cookie::simple_cookie a_session() {
    cookie::simple_cookie c;
    c.set("session", "a b\xc3\xa9\xe2\x82\xac;"); // "a bé€;"
    auto& m = c.at("session");
    m.set_attribute("path", "/");
    m.set_attribute("HttpOnly", true);
    m.set_attribute("max-age", std::int64_t{3600});
    m.set_attribute("comment", "a;b");
    m.set_attribute("secure", false);
    return c;
}

TEST(SimpleCookie, OutputAsPythonWritesIt) {
    const auto c = a_session();
    // é is below 256: octal; € is not: as it is.
    EXPECT_EQ(c.output(), "Set-Cookie: session=\"a b\\351\xe2\x82\xac\\073\"; Comment=\"a\\073b\"; "
                          "HttpOnly; Max-Age=3600; Path=/");
    EXPECT_EQ(c.output(std::vector<std::string>{"path"}, "Cookie:", "; "),
              "Cookie: session=\"a b\\351\xe2\x82\xac\\073\"; Path=/");
    EXPECT_EQ(c.js_output(),
              "\n        <script type=\"text/javascript\">\n        <!-- begin hiding\n"
              "        document.cookie = \"session=\\\"a b\\351\xe2\x82\xac\\073\\\"; "
              "Comment=\\\"a\\073b\\\"; HttpOnly; Max-Age=3600; Path=/\";\n"
              "        // end hiding -->\n        </script>\n        ");
}

TEST(SimpleCookie, RefusesWhatPythonRefuses) {
    auto c = a_session();
    try {
        c.at("session").set_attribute("bogus", "1");
        FAIL();
    } catch (const cookie::cookie_error& e) {
        EXPECT_STREQ(e.what(), "Invalid attribute 'bogus'");
    }
    try {
        c.set("path", "1");
        FAIL();
    } catch (const cookie::cookie_error& e) {
        EXPECT_STREQ(e.what(), "Attempt to set a reserved key 'path'");
    }
    try {
        c.set("a b", "1");
        FAIL();
    } catch (const cookie::cookie_error& e) {
        EXPECT_STREQ(e.what(), "Illegal key 'a b'");
    }
    EXPECT_EQ(c.size(), 1u); // nothing half-added
    EXPECT_THROW((void)c.at("missing"), std::out_of_range);
}

TEST(SimpleCookie, RoundTripThroughItsOwnOutput) {
    const auto c = a_session();
    cookie::simple_cookie again(c.output(std::vector<std::string>{}, "", ";").substr(1));
    EXPECT_EQ(again.at("session").value(), c.at("session").value());
}

TEST(SimpleCookie, LongHostileInputIsReadInLinearTime) {
    // "a=a=a=...=a\"": CPython's pattern tries every '=' as the end of the
    // key and reads the rest as a value each time (its time grows with the
    // square of the length); this reading stays linear, so half a megabyte
    // is read at once. The stray quote makes it no cookie, as in CPython.
    std::string text;
    for (int i = 0; i < 250'000; ++i) {
        text += "a=";
    }
    text += "a\"";
    cookie::simple_cookie c;
    c.load(text);
    EXPECT_EQ(c.size(), 0u);
    c.load(text.substr(0, text.size() - 1) + "; b=c"); // without the quote: one long value
    EXPECT_EQ(c.size(), 2u);
    EXPECT_EQ(c.at("a").value().size(), text.size() - 3);
}

} // namespace
