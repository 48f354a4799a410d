// CPython 3.13's http.cookiejar helpers, as recorded in
// ../shared/conformance/cookiejar_cpython.json: every call of its test
// suite (dates read and written, header words split and joined, Netscape
// headers, the domain rules, request hosts, paths and ports), run against
// netkit::cookie::cookiejar. (The file's jar scenarios are replayed in
// cookiejar_scenarios_test.cpp.)
#include <netkit/cookie/cookiejar_helpers.hpp>

#include "support/conformance.hpp"

#include <gtest/gtest.h>

#include <map>

namespace {

using netkit::json::value;
using netkit::test::at;
using netkit::test::load_conformance;
using netkit::test::strings_of;
namespace cookiejar = netkit::cookie::cookiejar;

const value& data() {
    static const value d = load_conformance("cookiejar_cpython.json");
    return d;
}

// [[["name", "value" | null], ...], ...] both ways.
std::vector<cookiejar::header_pairs> to_words(const value& lists) {
    std::vector<cookiejar::header_pairs> out;
    for (const value& pairs : lists.as_array()) {
        cookiejar::header_pairs words;
        for (const value& pair : pairs.as_array()) {
            const value& v = pair.as_array()[1];
            words.emplace_back(pair.as_array()[0].as_string(),
                               v.is_null() ? std::nullopt
                                           : std::optional<std::string>(v.as_string()));
        }
        out.push_back(std::move(words));
    }
    return out;
}

value from_optional_time(const std::optional<std::int64_t>& t) {
    return t ? value(*t) : value();
}

// What netkit answers for one recorded call, in the data's JSON shape.
value call(const std::string& func, const value& args) {
    const auto& a = args.as_array();
    if (func == "http2time") {
        return from_optional_time(cookiejar::http2time(a[0].as_string()));
    }
    if (func == "iso2time") {
        return from_optional_time(cookiejar::iso2time(a[0].as_string()));
    }
    if (func == "time2isoz") {
        return cookiejar::time2isoz(static_cast<std::int64_t>(a[0].as_double()));
    }
    if (func == "time2netscape") {
        return cookiejar::time2netscape(static_cast<std::int64_t>(a[0].as_double()));
    }
    if (func == "split_header_words") {
        netkit::json::array lists;
        for (const auto& pairs : cookiejar::split_header_words(strings_of(a[0]))) {
            netkit::json::array words;
            for (const auto& [name, v] : pairs) {
                words.emplace_back(netkit::json::array{name, v ? value(*v) : value()});
            }
            lists.emplace_back(std::move(words));
        }
        return lists;
    }
    if (func == "join_header_words") {
        return cookiejar::join_header_words(to_words(a[0]));
    }
    if (func == "parse_ns_headers") {
        netkit::json::array lists;
        for (const auto& pairs : cookiejar::parse_ns_headers(strings_of(a[0]))) {
            netkit::json::array words;
            for (const auto& [name, v] : pairs) {
                const value item =
                    std::holds_alternative<std::string>(v)    ? value(std::get<std::string>(v))
                    : std::holds_alternative<std::int64_t>(v) ? value(std::get<std::int64_t>(v))
                                                              : value();
                words.emplace_back(netkit::json::array{name, item});
            }
            lists.emplace_back(std::move(words));
        }
        return lists;
    }
    if (func == "is_HDN") {
        return cookiejar::is_HDN(a[0].as_string());
    }
    if (func == "domain_match") {
        return cookiejar::domain_match(a[0].as_string(), a[1].as_string());
    }
    if (func == "user_domain_match") {
        return cookiejar::user_domain_match(a[0].as_string(), a[1].as_string());
    }
    if (func == "reach") {
        return cookiejar::reach(a[0].as_string());
    }
    if (func == "escape_path") {
        return cookiejar::escape_path(a[0].as_string());
    }
    const std::string url = at(at(a[0], "request"), "url").as_string();
    if (func == "request_host") {
        return cookiejar::request_host(url);
    }
    if (func == "request_path") {
        return cookiejar::request_path(url);
    }
    if (func == "request_port") {
        const auto port = cookiejar::request_port(url);
        return port ? value(*port) : value();
    }
    ADD_FAILURE() << "no such helper: " << func;
    return {};
}

TEST(CookiejarCPython, EveryHelperCall) {
    std::map<std::string, int> checked;
    for (const value& c : at(data(), "functions").as_array()) {
        const std::string func = at(c, "func").as_string();
        SCOPED_TRACE(func + " " + at(c, "args").dump());
        ASSERT_FALSE(c.find("error")) << "a call that raises: not expected in this data";
        EXPECT_EQ(call(func, at(c, "args")), at(c, "result"))
            << "got " << call(func, at(c, "args")).dump();
        ++checked[func];
    }
    int total = 0;
    for (const auto& [func, n] : checked) {
        total += n;
    }
    EXPECT_EQ(total, 213);
    EXPECT_EQ(checked.size(), 15u);
}

} // namespace
