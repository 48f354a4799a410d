#include <netkit/cookie/cookiejar_helpers.hpp>
#include <netkit/cookie/lwp.hpp>
#include <netkit/core/ascii.hpp>

namespace netkit::cookie {
namespace {

constexpr std::string_view set_cookie3 = "Set-Cookie3:";

} // namespace

bool is_lwp_header(std::string_view first_line) {
    // magic_re: "#LWP-Cookies-(\d+\.\d+)", searched anywhere in the line
    const auto at = first_line.find("#LWP-Cookies-");
    if (at == std::string_view::npos) {
        return false;
    }
    std::string_view version = first_line.substr(at + 13);
    std::size_t digits = 0;
    while (digits < version.size() && is_digit(version[digits])) {
        ++digits;
    }
    return digits > 0 && digits + 1 < version.size() && version[digits] == '.' &&
           is_digit(version[digits + 1]);
}

lwp_line parse_lwp_line(std::string_view line) {
    if (!line.starts_with(set_cookie3)) {
        return {};
    }
    lwp_line result;
    for (const auto& words :
         cookiejar::split_header_words({std::string(trim(line.substr(set_cookie3.size())))})) {
        cookie c;
        c.name = words.front().first;
        c.value = words.front().second.value_or("");
        std::optional<std::string> domain, path, expires;
        bool discard = false;
        for (std::size_t i = 1; i < words.size(); ++i) {
            const std::string key = lower_copy(words[i].first);
            const auto& v = words[i].second;
            if (key == "domain") {
                domain = v;
            } else if (key == "path") {
                path = v;
            } else if (key == "expires") {
                expires = v;
            } else if (key == "secure") {
                c.secure_only = true;
            } else if (key == "discard") {
                discard = true;
            } else if (key == "httponly") {
                c.http_only = true; // Python keeps it among the "rest", as HttpOnly=None
            }
        }
        if (!domain || domain->empty() || *domain == "." || !path || !path->starts_with('/')) {
            result.problem = "a Set-Cookie3 line needs a domain and a path beginning with '/'";
            continue;
        }
        c.host_only = !domain->starts_with('.');
        c.domain = lower_copy(c.host_only ? *domain : domain->substr(1));
        c.path = *path;
        const auto when = expires ? cookiejar::iso2time(*expires) : std::nullopt;
        c.persistent = when && !discard;
        c.expiry = c.persistent ? clock_time(std::chrono::seconds(*when)) : session_expiry;
        result.values.push_back(std::move(c));
    }
    return result;
}

std::string format_lwp_line(const cookie& c) {
    cookiejar::header_pairs h{{c.name, c.value},
                              {"path", c.path},
                              {"domain", (c.host_only ? "" : ".") + c.domain},
                              {"path_spec", std::nullopt}};
    if (!c.host_only) {
        h.emplace_back("domain_dot", std::nullopt);
    }
    if (c.secure_only) {
        h.emplace_back("secure", std::nullopt);
    }
    if (c.persistent) {
        h.emplace_back("expires", cookiejar::time2isoz(c.expiry.time_since_epoch().count()));
    } else {
        h.emplace_back("discard", std::nullopt);
    }
    if (c.http_only) {
        h.emplace_back("HttpOnly", "None"); // what Python writes for its HttpOnly flag
    }
    h.emplace_back("version", "0");
    return std::string(set_cookie3) + " " + cookiejar::join_header_words({h});
}

} // namespace netkit::cookie
