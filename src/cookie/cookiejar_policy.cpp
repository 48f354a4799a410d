// DefaultCookiePolicy's rules as CPython 3.13 applies them, rule for rule
// (Lib/http/cookiejar.py), so that a jar keeps and returns what Python's does.
#include <netkit/cookie/cookiejar_policy.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/url/split.hpp>

#include "detail/python_text.hpp"

#include <algorithm>
#include <array>

namespace netkit::cookie::cookiejar {

namespace {

std::string host_of(const request_like& request) {
    return request_host(request.get_full_url(), request.get_header("Host").value_or(""));
}

std::string scheme_of(const request_like& request) {
    return std::string(url::urlsplit(request.get_full_url()).scheme());
}

std::string_view undotted(std::string_view domain) {
    return domain.starts_with('.') ? domain.substr(1) : domain;
}

// Python's dotdomain: "." + domain, unless empty or dotted already.
std::string dotted(std::string_view domain) {
    std::string out;
    if (!domain.empty() && !domain.starts_with('.')) {
        out += '.';
    }
    out += domain;
    return out;
}

// The ports of a Port attribute ("80,8080"), each as written.
std::vector<std::string_view> ports_of(std::string_view list) {
    std::vector<std::string_view> ports;
    for (std::size_t start = 0;;) {
        const auto comma = list.find(',', start);
        ports.push_back(list.substr(start, comma - start));
        if (comma == std::string_view::npos) {
            return ports;
        }
        start = comma + 1;
    }
}

// DefaultCookiePolicy.strict_domain's list: Domain=.co.uk and its like.
bool is_country_code_second_level(std::string_view domain) {
    if (std::count(domain.begin(), domain.end(), '.') < 2) {
        return false;
    }
    const auto i = domain.rfind('.');
    const auto j = domain.rfind('.', i - 1);
    if (j != 0) {
        return false; // only a domain like .foo.bar
    }
    static constexpr std::array<std::string_view, 21> second_levels{
        "co",  "ac",   "com",  "edu",  "org",  "net",    "gov",  "mil", "int",    "aero", "biz",
        "cat", "coop", "info", "jobs", "mobi", "museum", "name", "pro", "travel", "eu"};
    const std::string sld = lower_copy(domain.substr(j + 1, i - j - 1));
    return domain.size() - i - 1 == 2 &&
           std::find(second_levels.begin(), second_levels.end(), sld) != second_levels.end();
}

// A third party's cookie in a request the user did not choose, which the
// policy's switch for its kind refuses (for storing and sending alike).
bool refused_as_third_party(const default_cookie_policy& policy, const cookie& c,
                            const request_like& request) {
    const bool refused = c.version > 0 ? policy.strict_rfc2965_unverifiable
                                       : c.version == 0 && policy.strict_ns_unverifiable;
    return refused && request.unverifiable() && is_third_party(request);
}

} // namespace

std::pair<std::string, std::string> eff_request_host(const request_like& request) {
    std::string host = host_of(request);
    std::string effective = host.find('.') == std::string::npos ? host + ".local" : host;
    return {std::move(host), std::move(effective)};
}

bool is_third_party(const request_like& request) {
    return !domain_match(host_of(request), reach(request.origin_req_host()));
}

bool cookie_policy::domain_return_ok(std::string_view, const request_like&) const {
    return true;
}

bool cookie_policy::path_return_ok(std::string_view, const request_like&) const {
    return true;
}

bool default_cookie_policy::is_blocked(std::string_view domain) const {
    return std::any_of(blocked_domains_.begin(), blocked_domains_.end(),
                       [&](const std::string& b) { return user_domain_match(domain, b); });
}

bool default_cookie_policy::is_not_allowed(std::string_view domain) const {
    return allowed_domains_ &&
           std::none_of(allowed_domains_->begin(), allowed_domains_->end(),
                        [&](const std::string& a) { return user_domain_match(domain, a); });
}

bool default_cookie_policy::set_ok(const cookie& c, const request_like& request) const {
    return set_ok_version(c, request) && set_ok_verifiability(c, request) &&
           set_ok_name(c, request) && set_ok_path(c, request) && set_ok_domain(c, request) &&
           set_ok_port(c, request);
}

bool default_cookie_policy::set_ok_version(const cookie& c, const request_like&) const {
    if (!c.version) {
        return false; // a Set-Cookie2 without Version
    }
    return *c.version > 0 ? rfc2965 : netscape;
}

bool default_cookie_policy::set_ok_verifiability(const cookie& c,
                                                 const request_like& request) const {
    return !refused_as_third_party(*this, c, request);
}

bool default_cookie_policy::set_ok_name(const cookie& c, const request_like&) const {
    // Against V0 cookies made to attack servers that speak V0 and V1.
    return !(c.version == 0 && strict_ns_set_initial_dollar && c.name.starts_with('$'));
}

bool default_cookie_policy::set_ok_path(const cookie& c, const request_like& request) const {
    return !(c.path_specified && (c.version > 0 || strict_ns_set_path) &&
             !path_return_ok(c.path, request));
}

bool default_cookie_policy::set_ok_domain(const cookie& c, const request_like& request) const {
    if (is_blocked(c.domain) || is_not_allowed(c.domain)) {
        return false;
    }
    if (!c.domain_specified) {
        return true;
    }
    const auto [host, effective] = eff_request_host(request);
    const std::string_view domain = c.domain;
    if (strict_domain && is_country_code_second_level(domain)) {
        return false;
    }
    const std::string_view bare = undotted(domain);
    if (bare.find('.') == std::string_view::npos && !effective.ends_with(".local")) {
        return false; // a non-local domain with no dot inside
    }
    if (c.version == 0 && !effective.ends_with(domain) &&
        !effective.ends_with(std::string(bare) + ".local") && !effective.starts_with('.') &&
        !("." + effective).ends_with(domain)) {
        return false;
    }
    const bool rfc_rules = c.version > 0;
    if ((rfc_rules || (strict_ns_domain & domain_rfc2965_match) != 0) &&
        !domain_match(effective, domain)) {
        return false;
    }
    if (rfc_rules || (strict_ns_domain & domain_strict_no_dots) != 0) {
        // Python's req_host[:-len(domain)]: what is left of the host once
        // as many characters as the domain has are cut off its end.
        const std::string_view prefix =
            domain.empty() ? std::string_view()
                           : std::string_view(host).substr(
                                 0, host.size() > domain.size() ? host.size() - domain.size() : 0);
        if (prefix.find('.') != std::string_view::npos && !detail::ends_with_ipv4_part(host)) {
            return false; // the host is more than one label below the domain
        }
    }
    return true;
}

bool default_cookie_policy::set_ok_port(const cookie& c, const request_like& request) const {
    if (!c.port_specified) {
        return true;
    }
    const std::string request_port_text =
        request_port(request.get_full_url()).value_or(std::string("80"));
    const std::string ports = c.port.value_or(""); // the views below point into it
    for (const std::string_view p : ports_of(ports)) {
        if (!detail::python_int(p)) {
            return false; // not a number
        }
        if (p == request_port_text) {
            return true;
        }
    }
    return false;
}

bool default_cookie_policy::return_ok(const cookie& c, const request_like& request,
                                      std::int64_t now) const {
    // Path and domain were checked by path_return_ok and domain_return_ok.
    return return_ok_version(c, request) && return_ok_verifiability(c, request) &&
           return_ok_secure(c, request) && return_ok_expires(c, request, now) &&
           return_ok_port(c, request) && return_ok_domain(c, request);
}

bool default_cookie_policy::return_ok_version(const cookie& c, const request_like&) const {
    return c.version > 0 ? rfc2965 : netscape;
}

bool default_cookie_policy::return_ok_verifiability(const cookie& c,
                                                    const request_like& request) const {
    return !refused_as_third_party(*this, c, request);
}

bool default_cookie_policy::return_ok_secure(const cookie& c, const request_like& request) const {
    return !c.secure || std::find(secure_protocols.begin(), secure_protocols.end(),
                                  scheme_of(request)) != secure_protocols.end();
}

bool default_cookie_policy::return_ok_expires(const cookie& c, const request_like&,
                                              std::int64_t now) const {
    return !c.is_expired(now);
}

bool default_cookie_policy::return_ok_port(const cookie& c, const request_like& request) const {
    if (!c.port || c.port->empty()) {
        return true;
    }
    const std::string request_port_text =
        request_port(request.get_full_url()).value_or(std::string("80"));
    const auto ports = ports_of(*c.port);
    return std::find(ports.begin(), ports.end(), request_port_text) != ports.end();
}

bool default_cookie_policy::return_ok_domain(const cookie& c, const request_like& request) const {
    const auto [host, effective] = eff_request_host(request);
    // Mozilla's strict check of cookies without Domain; MSIE's is looser.
    if (c.version == 0 && (strict_ns_domain & domain_strict_non_domain) != 0 &&
        !c.domain_specified && c.domain != effective) {
        return false;
    }
    if (c.version > 0 && !domain_match(effective, c.domain)) {
        return false;
    }
    return !(c.version == 0 && !("." + effective).ends_with(dotted(c.domain)));
}

bool default_cookie_policy::domain_return_ok(std::string_view domain,
                                             const request_like& request) const {
    const auto [host, effective] = eff_request_host(request);
    const auto with_dot = [](const std::string& h) { return h.starts_with('.') ? h : "." + h; };
    const std::string dot_domain = dotted(domain);
    if (!with_dot(host).ends_with(dot_domain) && !with_dot(effective).ends_with(dot_domain)) {
        return false;
    }
    return !is_blocked(domain) && !is_not_allowed(domain);
}

bool default_cookie_policy::path_return_ok(std::string_view path,
                                           const request_like& request) const {
    const std::string request_path_text = request_path(request.get_full_url());
    if (request_path_text == path) {
        return true;
    }
    return request_path_text.starts_with(path) &&
           (path.ends_with('/') ||
            std::string_view(request_path_text).substr(path.size(), 1) == "/");
}

} // namespace netkit::cookie::cookiejar
