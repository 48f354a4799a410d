#include <netkit/request/urllib_helpers.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/http/engine/client.hpp>
#include <netkit/url/quote.hpp>

#include <stdexcept>

namespace netkit::request {

std::string pathname2url(std::string_view pathname) {
    return url::quote(pathname);
}

std::string url2pathname(std::string_view url_path) {
    return url::unquote(url_path);
}

std::vector<std::string> parse_http_list(std::string_view text) {
    std::vector<std::string> parts;
    std::string part;
    bool escape = false, quote = false;
    for (const char c : text) {
        if (escape) {
            part += c;
            escape = false;
        } else if (quote) {
            if (c == '\\') {
                escape = true; // the backslash itself is dropped
                continue;
            }
            quote = c != '"';
            part += c;
        } else if (c == ',') {
            parts.push_back(std::move(part));
            part.clear();
        } else {
            quote = c == '"';
            part += c;
        }
    }
    if (!part.empty()) {
        parts.push_back(std::move(part));
    }
    for (std::string& p : parts) {
        p = std::string(trim(p));
    }
    return parts;
}

std::map<std::string, std::string> parse_keqv_list(const std::vector<std::string>& items) {
    std::map<std::string, std::string> parsed;
    for (const std::string& item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq + 1 == item.size()) {
            throw std::invalid_argument("not key=value: '" + item + "'");
        }
        std::string value = item.substr(eq + 1);
        // Python's v[0] == '"' and v[-1] == '"': a lone '"' is both.
        if (value.front() == '"' && value.back() == '"') {
            value = value.size() >= 2 ? value.substr(1, value.size() - 2) : std::string();
        }
        parsed[item.substr(0, eq)] = std::move(value);
    }
    return parsed;
}

std::map<std::string, std::string> getproxies() {
    return http::environment_proxies();
}

bool proxy_bypass(std::string_view host) {
    return http::proxy_settings::from_environment().bypass(host);
}

} // namespace netkit::request
