// CPython 3.13's urllib.robotparser, recorded in
// ../shared/conformance/robots_cpython.json: every case, replayed on
// robot_file_parser in its Python mode (the first matching rule of the
// first matching entry); can_fetch, crawl_delay, request_rate, site_maps
// and str() must give Python's answers.
#include <netkit/robots/robot_file_parser.hpp>

#include "support/conformance.hpp"

#include <gtest/gtest.h>

namespace {

using netkit::json::value;
using netkit::test::at;
namespace robots = netkit::robots;

TEST(RobotsCPython, EveryCaseInPythonMode) {
    const value recording = netkit::test::load_conformance("robots_cpython.json");
    std::size_t checks = 0;
    for (const value& c : at(recording, "cases").as_array()) {
        SCOPED_TRACE(at(c, "name").as_string());
        robots::robot_file_parser parser("", robots::robot_file_parser::rules::python313);
        parser.parse(robots::splitlines(at(c, "robots_txt").as_string()));
        for (const value& check : at(c, "checks").as_array()) {
            EXPECT_EQ(
                parser.can_fetch(at(check, "user_agent").as_string(), at(check, "url").as_string()),
                at(check, "allowed").as_bool())
                << check.dump();
            ++checks;
        }
        const std::string agent = at(c, "default_agent").as_string();
        if (const value* delay = c.find("crawl_delay")) {
            const auto got = parser.crawl_delay(agent);
            EXPECT_EQ(got ? value(static_cast<std::int64_t>(*got)) : value(), *delay);
        }
        if (const value* rate = c.find("request_rate")) {
            const auto got = parser.request_rate(agent);
            EXPECT_EQ(got ? value(netkit::json::object{
                                {"requests", static_cast<std::int64_t>(got->requests)},
                                {"seconds", static_cast<std::int64_t>(got->seconds)}})
                          : value(),
                      *rate);
        }
        const auto maps = parser.site_maps();
        EXPECT_EQ(maps ? value(netkit::json::array(maps->begin(), maps->end())) : value(),
                  at(c, "site_maps"));
        if (const value* text = c.find("str_output")) {
            EXPECT_EQ(parser.str(), text->as_string());
        }
    }
    EXPECT_EQ(checks, at(recording, "count_checks").as_integer());
}

} // namespace
