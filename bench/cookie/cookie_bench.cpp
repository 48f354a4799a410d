// The cookie jar's two hot paths, timed on the work bench/cookie/compare.py
// gives CPython's http.cookiejar too:
//     cookie_bench store WORK      WORK: lines "URL<TAB>Set-Cookie value"
//     cookie_bench header WORK     ... then "URL" lines after a "--" line
// `store` stores every line's cookie; `header` stores the lines before "--"
// (untimed), then builds the Cookie header for each URL after it. Prints
// "OPS NANOSECONDS CHECKSUM" (the checksum: the jar's size, or the headers'
// total length, so that the peers can be seen to do the same work).
#include <netkit/cookie/jar.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace {

using netkit::cookie::jar;
using netkit::cookie::request_info;

struct work {
    std::vector<std::pair<request_info, std::string>> set_cookies;
    std::vector<request_info> requests;
};

work read_work(const char* path) {
    work w;
    std::ifstream in(path);
    std::string line;
    bool requests = false;
    while (std::getline(in, line)) {
        if (line == "--") {
            requests = true;
            continue;
        }
        const auto tab = line.find('\t');
        auto info = request_info::from_url(line.substr(0, tab)).value();
        if (requests) {
            w.requests.push_back(std::move(info));
        } else {
            w.set_cookies.emplace_back(std::move(info), line.substr(tab + 1));
        }
    }
    return w;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: cookie_bench store|header WORK\n";
        return 2;
    }
    const std::string mode = argv[1];
    const work w = read_work(argv[2]);
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    jar j;
    const auto store_all = [&] {
        for (const auto& [request, line] : w.set_cookies) {
            j.set_cookie(line, request, now);
        }
    };
    using clock = std::chrono::steady_clock;
    if (mode == "store") {
        const auto start = clock::now();
        store_all();
        const auto ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now() - start).count();
        std::printf("%zu %lld %zu\n", w.set_cookies.size(), static_cast<long long>(ns), j.size());
        return 0;
    }
    store_all();
    std::size_t total = 0;
    const auto start = clock::now();
    for (const auto& request : w.requests) {
        total += j.cookie_header(request, now).size();
    }
    const auto ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now() - start).count();
    std::printf("%zu %lld %zu\n", w.requests.size(), static_cast<long long>(ns), total);
    return 0;
}
