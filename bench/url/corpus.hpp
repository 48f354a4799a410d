// A corpus of real-world-shaped URLs (and relative references to join),
// the same on every run: sites, APIs, CDNs, IP literals, ports, user-info,
// tracking queries, percent-escapes and fragments in typical proportions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace netkit::bench {

struct url_corpus {
    std::vector<std::string> urls;
    std::vector<std::string> references; // one per URL, to join against it
    std::size_t bytes = 0;
};

inline url_corpus make_url_corpus(std::size_t count = 10000) {
    static const char* schemes[] = {"https", "https", "https", "https",
                                    "http",  "http",  "ftp",   "wss"};
    static const char* hosts[] = {
        "www.example.com",    "api.github.com",       "cdn.jsdelivr.net", "192.168.1.10",
        "[2001:db8::1]",      "shop.example.co.uk",   "localhost",        "en.wikipedia.org",
        "static.netkit.test", "xn--bcher-kva.example"};
    static const char* ports[] = {"", "", "", "", "", ":8080", ":443", ":3000"};
    static const char* users[] = {"", "", "", "", "", "", "", "user:secret@", "deploy@"};
    static const char* paths[] = {"/",
                                  "/index.html",
                                  "/api/v1/users/12345/repos",
                                  "/static/js/app.3f9a8c21.min.js",
                                  "/search",
                                  "/wiki/Special:Random",
                                  "/docs/en/latest/reference/url.html",
                                  "/a%20folder/file%20name.pdf",
                                  "/products/shoes/running/item;jsessionid=1A2B3C",
                                  ""};
    static const char* queries[] = {"",
                                    "",
                                    "?q=netkit+cpp&page=2",
                                    "?utm_source=newsletter&utm_medium=email&utm_campaign=launch",
                                    "?id=123",
                                    "?redirect=https%3A%2F%2Fexample.com%2Fhome&lang=en"};
    static const char* fragments[] = {"", "", "", "#section-2", "#L10-L20", "#top"};
    static const char* refs[] = {"../img/logo.png",
                                 "?page=3",
                                 "#top",
                                 "/absolute/path",
                                 "sibling.html",
                                 "//cdn.example.com/lib.js",
                                 "./a/b/../c",
                                 "https://other.example/x",
                                 "",
                                 "../../.."};

    url_corpus c;
    std::uint64_t state = 0x9E3779B97F4A7C15ull; // a fixed seed: the same corpus every run
    auto pick = [&](auto& table) -> const char* {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return table[(state >> 33) % (sizeof(table) / sizeof(table[0]))];
    };
    for (std::size_t i = 0; i < count; ++i) {
        std::string u = std::string(pick(schemes)) + "://" + pick(users) + pick(hosts) +
                        pick(ports) + pick(paths) + pick(queries) + pick(fragments);
        c.bytes += u.size();
        c.urls.push_back(std::move(u));
        c.references.emplace_back(pick(refs));
    }
    return c;
}

} // namespace netkit::bench
