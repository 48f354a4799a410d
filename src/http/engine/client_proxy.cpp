// Proxy settings as urllib reads them from the environment, and which hosts
// bypass them.
#include <netkit/http/engine/client.hpp>

#include <netkit/core/ascii.hpp>

#include <cstdlib>
#include <string>

extern char** environ;

namespace netkit::http {

proxy_settings proxy_settings::from_environment() {
    // As getproxies_environment(): every NAME_proxy, upper-case first, then
    // the lower-case ones over them; an empty value removes the entry.
    std::string http, https, no_proxy;
    bool http_set = false, https_set = false, no_set = false;
    for (int pass = 0; pass < 2; ++pass) {
        for (char** e = environ; e && *e; ++e) {
            const std::string_view entry(*e);
            const auto eq = entry.find('=');
            if (eq == std::string_view::npos)
                continue;
            const std::string_view name = entry.substr(0, eq);
            const std::string_view value = entry.substr(eq + 1);
            const bool lower = name == lower_copy(name);
            if (lower != (pass == 1))
                continue;
            const std::string key = lower_copy(name);
            if (key == "http_proxy") {
                http = value;
                http_set = true;
            } else if (key == "https_proxy") {
                https = value;
                https_set = true;
            } else if (key == "no_proxy") {
                no_proxy = value;
                no_set = true;
            }
        }
    }
    proxy_settings out;
    // CVE-2016-1000110: a CGI request can set HTTP_PROXY itself (the
    // Proxy: header); urllib then ignores it, and so does netkit.
    if (http_set && !std::getenv("REQUEST_METHOD"))
        out.http = http;
    if (https_set)
        out.https = https;
    if (no_set) {
        std::string_view rest = no_proxy;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto item = trim(rest.substr(0, comma));
            if (!item.empty())
                out.no_proxy.emplace_back(item);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }
    return out;
}

bool proxy_settings::bypass(std::string_view host, std::uint16_t port) const {
    const std::string h = lower_copy(host);
    const std::string with_port = h + ":" + std::to_string(port);
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
