// Proxy settings as urllib reads them from the environment, and which hosts
// bypass them.
#include <netkit/http/engine/client.hpp>

#include <netkit/core/ascii.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>

extern char** environ;

namespace netkit::http {

std::map<std::string, std::string> environment_proxies() {
    // Two passes, as Python's: every NAME_proxy first, then the lower-case
    // ones over them (an empty lower-case one removes the entry).
    std::map<std::string, std::string> proxies;
    const auto each = [](auto&& visit) {
        for (char** e = environ; e && *e; ++e) {
            const std::string_view entry(*e);
            const auto eq = entry.find('=');
            if (eq == std::string_view::npos || eq <= 6) {
                continue;
            }
            const std::string_view name = entry.substr(0, eq);
            if (name[name.size() - 6] == '_' && iequals(name.substr(name.size() - 5), "proxy")) {
                visit(name, entry.substr(eq + 1), lower_copy(name.substr(0, name.size() - 6)));
            }
        }
    };
    each([&](std::string_view, std::string_view value, std::string scheme) {
        if (!value.empty()) {
            proxies[std::move(scheme)] = value;
        }
    });
    // CVE-2016-1000110: a CGI request can set HTTP_PROXY itself (the Proxy:
    // header); the lower-case http_proxy below is still used.
    if (std::getenv("REQUEST_METHOD") != nullptr) {
        proxies.erase("http");
    }
    each([&](std::string_view name, std::string_view value, std::string scheme) {
        if (name.ends_with("_proxy")) {
            if (value.empty()) {
                proxies.erase(scheme);
            } else {
                proxies[std::move(scheme)] = value;
            }
        }
    });
    return proxies;
}

proxy_settings proxy_settings::from_environment() {
    auto proxies = environment_proxies();
    proxy_settings out;
    out.http = proxies["http"];
    out.https = proxies["https"];
    std::string_view rest = proxies["no"];
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const auto item = trim(rest.substr(0, comma));
        if (!item.empty()) {
            out.no_proxy.emplace_back(item);
        }
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return out;
}

bool proxy_settings::bypass(std::string_view host, std::uint16_t port) const {
    return bypass(std::string(host) + ":" + std::to_string(port));
}

bool proxy_settings::bypass(std::string_view host_and_port) const {
    // Python's _splitport: a port is the digits after the last ':'.
    const std::string with_port = lower_copy(host_and_port);
    std::string h = with_port;
    if (const auto colon = h.rfind(':');
        colon != std::string::npos &&
        std::all_of(h.begin() + static_cast<std::ptrdiff_t>(colon) + 1, h.end(), is_digit)) {
        h.resize(colon);
    }
    for (const auto& raw : no_proxy) {
        if (raw == "*") {
            return true;
        }
        std::string entry = lower_copy(raw);
        if (!entry.empty() && entry.front() == '.') {
            entry.erase(0, 1); // ".example.com" and "example.com" both match subdomains
        }
        for (const std::string& candidate : {h, with_port}) {
            if (candidate == entry ||
                (candidate.size() > entry.size() && candidate.ends_with(entry) &&
                 candidate[candidate.size() - entry.size() - 1] == '.')) {
                return true;
            }
        }
    }
    return false;
}

} // namespace netkit::http
