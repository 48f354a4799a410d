// A client that keeps cookies (http.cookiejar's CookieJar with urllib, in
// Python): the private page before and after logging in.
//     cookie_client BASE_URL [USER]       (BASE_URL: session_server's)
// tests/cli/cookie_client.py is the same program in Python; a test runs
// both against session_server and compares what they print.
#include <netkit/cookie/jar.hpp>
#include <netkit/sync/client.hpp>

#include <iostream>
#include <memory>
#include <string>

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: cookie_client BASE_URL [USER]\n";
        return 2;
    }
    const std::string base = argv[1];
    const std::string user = argc > 2 ? argv[2] : "alice";

    netkit::http::client_options options;
    options.cookies = std::make_shared<netkit::cookie::jar>();
    netkit::sync::client web(options);

    auto page = web.get(base + "/private");
    std::cout << page.status << " " << page.body;

    // The login answers 303 with the cookie: followed, the cookie goes along.
    page = web.post(base + "/login", "user=" + user, "application/x-www-form-urlencoded");
    std::cout << page.status << " " << page.body;

    for (const auto* c : options.cookies->all()) {
        std::cout << "cookie " << c->name << " for " << c->domain << c->path
                  << (c->http_only ? " HttpOnly" : "") << "\n";
    }
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
