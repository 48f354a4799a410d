// sync::fetch_robots: how long an answer may be kept (§2.4), from
// Cache-Control within 24 hours; the rest of §2.3 is tests/cli/test_robots.py's.
#include <netkit/sync/robots.hpp>

#include "support/local_server.hpp"

#include <gtest/gtest.h>

namespace netkit::sync {
namespace {

TEST(FetchRobots, KeptAsLongAsCacheControlSaysWithinADay) {
    std::string cache_control;
    test::local_server server;
    server->route("GET", "/robots.txt", [&](http::server_request&) {
        http::server_response r(200, "User-agent: *\nDisallow: /x\n", "text/plain");
        if (!cache_control.empty()) {
            (void)r.headers.set("Cache-Control", cache_control);
        }
        return r;
    });
    server.start();
    const auto max_age = [&](std::string value) {
        cache_control = std::move(value);
        const auto site = fetch_robots(server.base() + "/any/page");
        EXPECT_EQ(site.result, robots::fetched::outcome::parsed);
        EXPECT_FALSE(site.allowed("Bot", "/x"));
        return site.max_age;
    };
    using std::chrono::hours;
    using std::chrono::seconds;
    EXPECT_EQ(max_age(""), hours(24));
    EXPECT_EQ(max_age("public, max-age=60"), seconds(60));
    EXPECT_EQ(max_age("max-age=9999999"), hours(24));
    EXPECT_EQ(max_age("no-store"), seconds(0));
}

} // namespace
} // namespace netkit::sync
