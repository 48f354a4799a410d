// CPython 3.13's http.cookies, as recorded in
// ../shared/conformance/cookies_cpython_simplecookie.json: every load()
// case (the cookies, their decoded and coded values and attributes, and
// output(sep='\n')), and the assignments with their quoting.
#include <netkit/cookie/simple_cookie.hpp>

#include "support/conformance.hpp"

#include <gtest/gtest.h>

namespace {

using netkit::json::value;
using netkit::test::at;
using netkit::test::load_conformance;
namespace cookie = netkit::cookie;

const value& data() {
    static const value d = load_conformance("cookies_cpython_simplecookie.json");
    return d;
}

// A morsel's attribute as the data records it: a string, or true for a
// flag read without a value.
bool same_attribute(const cookie::morsel::attribute_value& got, const value& expected) {
    if (expected.is_bool()) {
        return std::holds_alternative<bool>(got) && std::get<bool>(got) == expected.as_bool();
    }
    return std::holds_alternative<std::string>(got) &&
           std::get<std::string>(got) == expected.as_string();
}

TEST(CookiesCPython, EveryLoadCase) {
    int checked = 0;
    for (const value& c : at(data(), "cases").as_array()) {
        const std::string input = at(c, "input").as_string();
        SCOPED_TRACE(input);
        cookie::simple_cookie jar;
        if (c.find("error")) {
            EXPECT_THROW(jar.load(input), cookie::cookie_error);
            ++checked;
            continue;
        }
        ASSERT_NO_THROW(jar.load(input));
        const auto& cookies = at(c, "cookies").as_array();
        ASSERT_EQ(jar.size(), cookies.size());
        for (const value& expected : cookies) {
            const std::string name = at(expected, "name").as_string();
            const cookie::morsel* m = jar.find(name);
            ASSERT_NE(m, nullptr) << name;
            EXPECT_EQ(m->key(), name);
            EXPECT_EQ(m->value(), at(expected, "value").as_string());
            EXPECT_EQ(m->coded_value(), at(expected, "coded_value").as_string());
            std::size_t set = 0;
            for (const auto& [key, v] : m->attributes()) {
                const value* want = at(expected, "attributes").find(key);
                if (want == nullptr) {
                    EXPECT_EQ(v, cookie::morsel::attribute_value(std::string())) << key;
                } else {
                    EXPECT_TRUE(same_attribute(v, *want)) << key;
                    ++set;
                }
            }
            EXPECT_EQ(set, at(expected, "attributes").as_object().size());
        }
        EXPECT_EQ(jar.output(std::nullopt, "Set-Cookie:", "\n"), at(c, "output").as_string());
        ++checked;
    }
    EXPECT_EQ(checked, 44);
}

TEST(CookiesCPython, EveryAssignment) {
    for (const value& c : at(data(), "set_cases").as_array()) {
        const std::string name = at(c, "name").as_string();
        cookie::simple_cookie jar;
        if (c.find("error")) {
            EXPECT_THROW(jar.set(name, at(c, "value").as_string()), cookie::cookie_error);
            continue;
        }
        jar.set(name, at(c, "value").as_string());
        EXPECT_EQ(jar.at(name).coded_value(), at(c, "coded_value").as_string());
        EXPECT_EQ(jar.output(), at(c, "output").as_string());
    }
}

} // namespace
