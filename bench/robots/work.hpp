// The work bench/robots/compare.py writes, read the same way by netkit's
// bench and by google's: DIR/0000.txt, 0001.txt, ... and a file of
// questions, "FILE_INDEX<TAB>AGENT<TAB>URL" a line.
#pragma once

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace robots_work {

inline std::vector<std::string> read_files(const std::string& dir) {
    std::vector<std::string> files;
    for (int i = 0;; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "%04d.txt", i);
        std::ifstream in(std::filesystem::path(dir) / name, std::ios::binary);
        if (!in) {
            return files;
        }
        std::ostringstream text;
        text << in.rdbuf();
        files.push_back(text.str());
    }
}

struct query {
    std::size_t file = 0;
    std::string agent;
    std::string url;
};

inline std::vector<query> read_queries(const std::string& path) {
    std::vector<query> queries;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const auto a = line.find('\t');
        const auto b = line.find('\t', a + 1);
        queries.push_back(
            {std::stoul(line.substr(0, a)), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
    }
    return queries;
}

using clock_type = std::chrono::steady_clock;

inline long long nanoseconds_since(clock_type::time_point start) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now() - start).count();
}

} // namespace robots_work
