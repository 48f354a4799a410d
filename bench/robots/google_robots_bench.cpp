// google's robotstxt library (../shared/peers/robotstxt, built here as a
// separate target, never copied) on the work of robots_bench.cpp:
//     google_robots_bench parse DIR ROUNDS   ParseRobotsTxt with a handler that counts
//     google_robots_bench match DIR QUERIES  RobotsMatcher::OneAgentAllowedByRobots
// Its matcher has no parsed form to keep: each answer parses the file
// again, which is its API. Prints "OPS NANOSECONDS CHECKSUM" as robots_bench.
#include "robots.h"
#include "work.hpp"

#include <cstdio>
#include <iostream>
#include <string>

namespace {

// Counts the directives google recognizes, as netkit's statistics do.
class counting_handler : public googlebot::RobotsParseHandler {
public:
    std::size_t directives = 0;
    void HandleRobotsStart() override {}
    void HandleRobotsEnd() override {}
    void HandleUserAgent(int, absl::string_view) override { ++directives; }
    void HandleAllow(int, absl::string_view) override { ++directives; }
    void HandleDisallow(int, absl::string_view) override { ++directives; }
    void HandleSitemap(int, absl::string_view) override { ++directives; }
    void HandleUnknownAction(int, absl::string_view, absl::string_view) override {}
};

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: google_robots_bench parse DIR ROUNDS | match DIR QUERIES [PART]\n";
        return 2;
    }
    const std::string mode = argv[1];
    const auto files = robots_work::read_files(argv[2]);
    if (mode == "parse") {
        const int rounds = std::stoi(argv[3]);
        counting_handler handler;
        const auto start = robots_work::clock_type::now();
        for (int r = 0; r < rounds; ++r) {
            for (const std::string& f : files) {
                googlebot::ParseRobotsTxt(f, &handler);
            }
        }
        std::printf("%zu %lld %zu\n", files.size() * rounds, robots_work::nanoseconds_since(start),
                    handler.directives / rounds);
        return 0;
    }
    const auto queries = robots_work::read_queries(argv[3]);
    const std::size_t count = queries.size() / (argc > 4 ? std::stoul(argv[4]) : 1);
    googlebot::RobotsMatcher matcher;
    std::size_t allowed = 0;
    const auto start = robots_work::clock_type::now();
    for (std::size_t i = 0; i < count; ++i) {
        allowed += matcher.OneAgentAllowedByRobots(files[queries[i].file], queries[i].agent,
                                                   queries[i].url)
                       ? 1
                       : 0;
    }
    std::printf("%zu %lld %zu\n", count, robots_work::nanoseconds_since(start), allowed);
    return 0;
}
