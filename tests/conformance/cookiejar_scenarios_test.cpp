// CPython 3.13's CookieJar, as recorded in
// ../shared/conformance/cookiejar_cpython.json: each of its 63 scenarios
// (366 steps of extract_cookies, add_cookie_header, make_cookies,
// set_cookie and clear*, Netscape, RFC 2109 and RFC 2965 rules alike) is
// replayed on one netkit::cookie::cookiejar::cookie_jar, whose policy
// takes each step's switches, and every jar, Cookie and Cookie2 header
// must be Python's. The clock is the recording's.
#include <netkit/cookie/cookiejar.hpp>
#include <netkit/cookie/cookiejar_policy.hpp>

#include "support/conformance.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <tuple>

namespace {

using netkit::json::value;
using netkit::test::at;
using netkit::test::load_conformance;
using netkit::test::strings_of;
namespace cookiejar = netkit::cookie::cookiejar;

// "2026-11-28T21:55:58Z" in seconds since 1970.
std::int64_t seconds_since_1970(const std::string& text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &s) != 6) {
        ADD_FAILURE() << "not a UTC time: " << text;
    }
    using namespace std::chrono;
    const sys_days day = year(y) / month(static_cast<unsigned>(mo)) / static_cast<unsigned>(d);
    return duration_cast<seconds>(day.time_since_epoch()).count() + h * 3600 + mi * 60 + s;
}

value optional_text(const std::optional<std::string>& s) {
    return s ? value(*s) : value();
}

std::optional<std::string> text_or_null(const value& v) {
    return v.is_null() ? std::nullopt : std::optional<std::string>(v.as_string());
}

// A cookie in the data's shape (Python's attributes, in its order).
value to_json(const cookiejar::cookie& c) {
    netkit::json::object rest;
    for (const auto& [name, v] : c.rest) {
        rest.emplace_back(name, optional_text(v));
    }
    return netkit::json::object{
        {"name", c.name},
        {"value", optional_text(c.value)},
        {"domain", c.domain},
        {"path", c.path},
        {"port", optional_text(c.port)},
        {"secure", c.secure},
        {"expires", c.expires ? value(*c.expires) : value()},
        {"version", c.version ? value(*c.version) : value()},
        {"discard", c.discard},
        {"domain_specified", c.domain_specified},
        {"domain_initial_dot", c.domain_initial_dot},
        {"path_specified", c.path_specified},
        {"port_specified", c.port_specified},
        {"comment", optional_text(c.comment)},
        {"rest", value(std::move(rest))},
    };
}

// The data lists a jar sorted by domain, path and name.
value to_json(std::vector<cookiejar::cookie> cookies, bool sorted = true) {
    if (sorted) {
        std::sort(cookies.begin(), cookies.end(), [](const auto& a, const auto& b) {
            return std::tie(a.domain, a.path, a.name) < std::tie(b.domain, b.path, b.name);
        });
    }
    netkit::json::array out;
    for (const auto& c : cookies) {
        out.push_back(to_json(c));
    }
    return out;
}

cookiejar::cookie from_json(const value& v) {
    cookiejar::cookie c;
    c.name = at(v, "name").as_string();
    c.value = text_or_null(at(v, "value"));
    c.domain = at(v, "domain").as_string();
    c.path = at(v, "path").as_string();
    c.port = text_or_null(at(v, "port"));
    c.secure = at(v, "secure").as_bool();
    if (!at(v, "expires").is_null()) {
        c.expires = at(v, "expires").as_integer();
    }
    c.version = at(v, "version").as_integer();
    c.discard = at(v, "discard").as_bool();
    c.domain_specified = at(v, "domain_specified").as_bool();
    c.domain_initial_dot = at(v, "domain_initial_dot").as_bool();
    c.path_specified = at(v, "path_specified").as_bool();
    c.port_specified = at(v, "port_specified").as_bool();
    c.comment = text_or_null(at(v, "comment"));
    for (const auto& [name, r] : at(v, "rest").as_object()) {
        c.rest.emplace_back(name, text_or_null(r));
    }
    return c;
}

void apply(const value& p, cookiejar::default_cookie_policy& policy) {
    policy.netscape = at(p, "netscape").as_bool();
    policy.rfc2965 = at(p, "rfc2965").as_bool();
    const value& as_ns = at(p, "rfc2109_as_netscape");
    policy.rfc2109_as_netscape_switch =
        as_ns.is_null() ? std::nullopt : std::optional<bool>(as_ns.as_bool());
    policy.hide_cookie2 = at(p, "hide_cookie2").as_bool();
    policy.strict_domain = at(p, "strict_domain").as_bool();
    policy.strict_rfc2965_unverifiable = at(p, "strict_rfc2965_unverifiable").as_bool();
    policy.strict_ns_unverifiable = at(p, "strict_ns_unverifiable").as_bool();
    policy.strict_ns_domain = static_cast<int>(at(p, "strict_ns_domain").as_integer());
    policy.strict_ns_set_initial_dollar = at(p, "strict_ns_set_initial_dollar").as_bool();
    policy.strict_ns_set_path = at(p, "strict_ns_set_path").as_bool();
    policy.secure_protocols = strings_of(at(p, "secure_protocols"));
    policy.set_blocked_domains(strings_of(at(p, "blocked_domains")));
    const value& allowed = at(p, "allowed_domains");
    policy.set_allowed_domains(allowed.is_null() ? std::nullopt
                                                 : std::optional(strings_of(allowed)));
}

cookiejar::basic_request request_of(const value& step) {
    const value& r = at(step, "request");
    return cookiejar::basic_request(at(r, "url").as_string(), at(r, "origin_req_host").as_string(),
                                    at(r, "unverifiable").as_bool());
}

cookiejar::header_list headers_of(const value& step) {
    cookiejar::header_list headers;
    for (const value& h : at(step, "response_headers").as_array()) {
        headers.emplace_back(h.as_array()[0].as_string(), h.as_array()[1].as_string());
    }
    return headers;
}

// One step on `jar`; what it should leave is checked.
void replay(const value& step, cookiejar::cookie_jar& jar) {
    const std::string op = at(step, "op").as_string();
    if (op == "add_cookie_header") {
        cookiejar::basic_request request = request_of(step);
        jar.add_cookie_header(request);
        EXPECT_EQ(optional_text(request.get_header("Cookie")), at(step, "cookie_header"));
        EXPECT_EQ(optional_text(request.get_header("Cookie2")), at(step, "cookie2_header"));
        return;
    }
    if (op == "extract_cookies") {
        jar.extract_cookies(headers_of(step), request_of(step));
    } else if (op == "make_cookies") {
        const value made =
            to_json(jar.make_cookies(headers_of(step), request_of(step)), /*sorted=*/false);
        EXPECT_EQ(made, at(step, "made")) << "made " << made.dump();
        return;
    } else if (op == "set_cookie") {
        jar.set_cookie(from_json(at(step, "cookie")));
    } else if (op == "clear") {
        const auto args = strings_of(at(step, "args"));
        switch (args.size()) {
        case 0: jar.clear(); break;
        case 1: jar.clear(args[0]); break;
        case 2: jar.clear(args[0], args[1]); break;
        default: jar.clear(args[0], args[1], args[2]); break;
        }
    } else if (op == "clear_session_cookies") {
        jar.clear_session_cookies();
    } else {
        ADD_FAILURE() << "no such step: " << op;
        return;
    }
    const value after = to_json(jar.cookies());
    EXPECT_EQ(after, at(step, "jar_after")) << "the jar holds " << after.dump();
    EXPECT_EQ(jar.size(), at(step, "jar_after").as_array().size());
}

// A few of Python's tests start from a jar loaded from a file, which the
// data has no step for: such a jar is first seen in the jar_after of a
// step that adds nothing (an extract_cookies of a response without
// cookies, after add_cookie_header steps only). It is put in place first.
void seed_loaded_jar(const netkit::json::array& steps, cookiejar::cookie_jar& jar) {
    for (const value& step : steps) {
        const std::string op = at(step, "op").as_string();
        if (op == "add_cookie_header") {
            continue;
        }
        if (op == "extract_cookies" && at(step, "response_headers").as_array().empty()) {
            for (const value& c : at(step, "jar_after").as_array()) {
                jar.set_cookie(from_json(c));
            }
        }
        return;
    }
}

// The recording keyed a scenario by the jar's id(), and Python hands a
// freed jar's id to the next one: where a test makes jars in a loop, two
// jars share a scenario. Where the later one begins, read from
// test_http_cookiejar.py (each makes a new CookieJar every two interact_*
// calls, or for each case of its loop), by scenario index and test name.
struct new_jar_at {
    std::size_t scenario;
    const char* cpython_test;
    std::vector<std::size_t> steps;
};
const std::vector<new_jar_at>& jars_made_in_loops() {
    static const std::vector<new_jar_at> known{
        {39, "CookieTests.test_port_mirror", {4}},
        {40, "CookieTests.test_port_mirror", {4}},
        {42, "CookieTests.test_rfc2109_handling", {4, 6}}, // its third case stores nothing
        {43, "CookieTests.test_rfc2109_handling", {4, 8}},
        {44, "CookieTests.test_secure", {4}},
        {45, "CookieTests.test_secure", {4}},
    };
    return known;
}

bool starts_a_new_jar(std::size_t scenario, const std::string& cpython_test, std::size_t step) {
    for (const new_jar_at& n : jars_made_in_loops()) {
        if (n.scenario == scenario) {
            EXPECT_EQ(cpython_test, n.cpython_test) << "the data changed: scenario " << scenario;
            return std::find(n.steps.begin(), n.steps.end(), step) != n.steps.end();
        }
    }
    return false;
}

TEST(CookiejarCPython, EveryScenario) {
    const value recording = load_conformance("cookiejar_cpython.json");
    const std::int64_t now = seconds_since_1970(at(recording, "recorded_at").as_string());
    std::size_t steps = 0;
    const auto& scenarios = at(recording, "scenarios").as_array();
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        const value& scenario = scenarios[i];
        auto policy = std::make_shared<cookiejar::default_cookie_policy>();
        cookiejar::cookie_jar jar(policy);
        jar.set_clock([now] { return now; });
        const auto& scenario_steps = at(scenario, "steps").as_array();
        seed_loaded_jar(scenario_steps, jar);
        for (std::size_t s = 0; s < scenario_steps.size(); ++s) {
            const value& step = scenario_steps[s];
            SCOPED_TRACE(at(scenario, "cpython_test").as_string() + " #" + std::to_string(i) +
                         ", step " + std::to_string(s) + ": " + step.dump());
            if (starts_a_new_jar(i, at(scenario, "cpython_test").as_string(), s)) {
                jar.clear();
            }
            if (const value* p = step.find("policy")) {
                apply(*p, *policy);
            }
            replay(step, jar);
            ++steps;
        }
    }
    EXPECT_EQ(scenarios.size(), 63u);
    EXPECT_EQ(steps, 366u);
}

} // namespace
