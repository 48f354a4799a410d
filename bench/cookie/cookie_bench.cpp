// The cookie jars' two hot paths, timed on the work bench/cookie/compare.py
// gives CPython's http.cookiejar too:
//     cookie_bench store WORK [RULES [PART]]   WORK: lines "URL<TAB>Set-Cookie value"
//     cookie_bench header WORK [RULES [PART]]  ... then "URL" lines after a "--" line
// `store` stores every line's cookie; `header` stores the lines before "--"
// (untimed), then builds the Cookie header for each URL after it (the first
// 1/PART of them). RULES: "rfc6265bis" (cookie::jar, the default) or
// "python" (cookiejar::cookie_jar, CPython's own rules: its checksums must
// be CPython's). Prints "OPS NANOSECONDS CHECKSUM" (the checksum: the jar's
// size, or the headers' total length, so that the peers can be seen to do
// the same work).
#include <netkit/cookie/cookiejar.hpp>
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
    std::vector<std::pair<std::string, std::string>> set_cookies; // URL, Set-Cookie value
    std::vector<std::string> urls;
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
        if (requests) {
            w.urls.push_back(line);
        } else {
            w.set_cookies.emplace_back(line.substr(0, tab), line.substr(tab + 1));
        }
    }
    return w;
}

using clock_type = std::chrono::steady_clock;

long long nanoseconds_since(clock_type::time_point start) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now() - start).count();
}

// RFC 6265bis: the requests are taken apart before the clock starts, as a
// client has them taken apart already.
int run_rfc6265bis(const std::string& mode, const work& w, std::size_t part) {
    std::vector<std::pair<request_info, std::string>> stores;
    for (const auto& [url, value] : w.set_cookies) {
        stores.emplace_back(request_info::from_url(url).value(), value);
    }
    std::vector<request_info> requests;
    for (std::size_t i = 0; i < w.urls.size() / part; ++i) {
        requests.push_back(request_info::from_url(w.urls[i]).value());
    }
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    jar j;
    const auto store_all = [&] {
        for (const auto& [request, line] : stores) {
            j.set_cookie(line, request, now);
        }
    };
    if (mode == "store") {
        const auto start = clock_type::now();
        store_all();
        std::printf("%zu %lld %zu\n", stores.size(), nanoseconds_since(start), j.size());
        return 0;
    }
    store_all();
    std::size_t total = 0;
    const auto start = clock_type::now();
    for (const auto& request : requests) {
        total += j.cookie_header(request, now).size();
    }
    std::printf("%zu %lld %zu\n", requests.size(), nanoseconds_since(start), total);
    return 0;
}

// Python's rules, with Python's work: a request object made from each URL
// inside the timed loop, as urllib.request.Request(url) is on CPython's side.
int run_python(const std::string& mode, const work& w, std::size_t part) {
    namespace cookiejar = netkit::cookie::cookiejar;
    cookiejar::cookie_jar j;
    const auto store_all = [&] {
        for (const auto& [url, value] : w.set_cookies) {
            j.extract_cookies({{"Set-Cookie", value}}, cookiejar::basic_request(url));
        }
    };
    if (mode == "store") {
        const auto start = clock_type::now();
        store_all();
        std::printf("%zu %lld %zu\n", w.set_cookies.size(), nanoseconds_since(start), j.size());
        return 0;
    }
    store_all();
    const std::size_t count = w.urls.size() / part;
    std::size_t total = 0;
    const auto start = clock_type::now();
    for (std::size_t i = 0; i < count; ++i) {
        cookiejar::basic_request request(w.urls[i]);
        j.add_cookie_header(request);
        total += request.get_header("Cookie").value_or("").size();
    }
    std::printf("%zu %lld %zu\n", count, nanoseconds_since(start), total);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 5) {
        std::cerr << "usage: cookie_bench store|header WORK [rfc6265bis|python [PART]]\n";
        return 2;
    }
    const std::string mode = argv[1];
    const work w = read_work(argv[2]);
    const std::string rules = argc > 3 ? argv[3] : "rfc6265bis";
    const std::size_t part = argc > 4 ? std::stoul(argv[4]) : 1;
    return rules == "python" ? run_python(mode, w, part) : run_rfc6265bis(mode, w, part);
}
