// Fetching a site's robots.txt, blocking (robots/engine/fetch.hpp's rules:
// a 4xx allows everything, a 5xx or no answer disallows it).
//
//     auto site = netkit::sync::fetch_robots("https://example.com/");
//     if (site.allowed("FooBot", "https://example.com/page")) { ... }
#pragma once

#include <netkit/robots/engine/fetch.hpp>

#include <string>

namespace netkit::sync {

robots::fetched fetch_robots(std::string url, robots::fetch_options options = {});

} // namespace netkit::sync
