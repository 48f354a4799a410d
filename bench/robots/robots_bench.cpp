// robots.txt parsing and matching, timed on the work bench/robots/compare.py
// gives CPython's robotparser and google's robotstxt too:
//     robots_bench parse DIR ROUNDS          every DIR/NNNN.txt parsed ROUNDS times
//     robots_bench match DIR QUERIES [rfc9309|python [PART]]
// QUERIES: lines "FILE_INDEX<TAB>AGENT<TAB>URL". `match` parses each file
// once (untimed), then answers every query (the first 1/PART of them):
// RFC 9309 (robots_txt), or CPython 3.13's rules (robot_file_parser's
// Python mode, whose count must equal CPython's). Prints "OPS NANOSECONDS
// CHECKSUM": for parse, the directives read (google's count must be the
// same); for match, the number of allowed answers.
#include <netkit/robots/robot_file_parser.hpp>
#include <netkit/robots/robots_txt.hpp>

#include "work.hpp"

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace robots = netkit::robots;

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr
            << "usage: robots_bench parse DIR ROUNDS | match DIR QUERIES [rfc9309|python [PART]]\n";
        return 2;
    }
    const std::string mode = argv[1];
    const auto files = robots_work::read_files(argv[2]);
    if (mode == "parse") {
        const int rounds = std::stoi(argv[3]);
        std::size_t directives = 0;
        const auto start = robots_work::clock_type::now();
        for (int r = 0; r < rounds; ++r) {
            for (const std::string& f : files) {
                directives += robots::robots_txt::parse(f).statistics().valid_directives;
            }
        }
        std::printf("%zu %lld %zu\n", files.size() * rounds, robots_work::nanoseconds_since(start),
                    directives / rounds);
        return 0;
    }
    const auto queries = robots_work::read_queries(argv[3]);
    const bool python = argc > 4 && std::string(argv[4]) == "python";
    const std::size_t count = queries.size() / (argc > 5 ? std::stoul(argv[5]) : 1);
    std::size_t allowed = 0;
    if (python) {
        std::vector<robots::robot_file_parser> parsers;
        for (const std::string& f : files) {
            parsers.emplace_back("", robots::robot_file_parser::rules::python313);
            parsers.back().parse_text(f);
        }
        const auto start = robots_work::clock_type::now();
        for (std::size_t i = 0; i < count; ++i) {
            allowed += parsers[queries[i].file].can_fetch(queries[i].agent, queries[i].url) ? 1 : 0;
        }
        std::printf("%zu %lld %zu\n", count, robots_work::nanoseconds_since(start), allowed);
        return 0;
    }
    std::vector<robots::robots_txt> parsed;
    for (const std::string& f : files) {
        parsed.push_back(robots::robots_txt::parse(f));
    }
    const auto start = robots_work::clock_type::now();
    for (std::size_t i = 0; i < count; ++i) {
        allowed += parsed[queries[i].file].allowed(queries[i].agent, queries[i].url) ? 1 : 0;
    }
    std::printf("%zu %lld %zu\n", count, robots_work::nanoseconds_since(start), allowed);
    return 0;
}
