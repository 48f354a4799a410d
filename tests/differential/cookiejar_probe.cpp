// The cookiejar differential test's probe: each line of stdin a JSON
// scenario, {"now": seconds, "policy": {...}, "steps": [{"url", "origin",
// "unverifiable", "headers": [[name, value], ...]}, ...]}, replayed on a
// fresh cookie_jar; each line of stdout what each step did, as JSON:
// [[Cookie or null, Cookie2 or null, [cookie, ...] sorted], ...].
#include <netkit/cookie/cookiejar.hpp>
#include <netkit/cookie/cookiejar_policy.hpp>
#include <netkit/json/value.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <tuple>

namespace {

namespace json = netkit::json;
namespace cookiejar = netkit::cookie::cookiejar;

const json::value& member(const json::value& object, std::string_view key) {
    static const json::value null;
    const json::value* v = object.find(key);
    return v != nullptr ? *v : null;
}

std::vector<std::string> strings(const json::value& list) {
    std::vector<std::string> out;
    for (const json::value& s : list.as_array()) {
        out.push_back(s.as_string());
    }
    return out;
}

json::value text(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value();
}

std::shared_ptr<cookiejar::default_cookie_policy> policy_of(const json::value& p) {
    auto policy = std::make_shared<cookiejar::default_cookie_policy>();
    policy->netscape = member(p, "netscape").as_bool();
    policy->rfc2965 = member(p, "rfc2965").as_bool();
    if (!member(p, "rfc2109_as_netscape").is_null()) {
        policy->rfc2109_as_netscape_switch = member(p, "rfc2109_as_netscape").as_bool();
    }
    policy->hide_cookie2 = member(p, "hide_cookie2").as_bool();
    policy->strict_domain = member(p, "strict_domain").as_bool();
    policy->strict_rfc2965_unverifiable = member(p, "strict_rfc2965_unverifiable").as_bool();
    policy->strict_ns_unverifiable = member(p, "strict_ns_unverifiable").as_bool();
    policy->strict_ns_domain = static_cast<int>(member(p, "strict_ns_domain").as_integer());
    policy->strict_ns_set_initial_dollar = member(p, "strict_ns_set_initial_dollar").as_bool();
    policy->strict_ns_set_path = member(p, "strict_ns_set_path").as_bool();
    policy->set_blocked_domains(strings(member(p, "blocked_domains")));
    if (!member(p, "allowed_domains").is_null()) {
        policy->set_allowed_domains(strings(member(p, "allowed_domains")));
    }
    return policy;
}

json::value jar_of(const cookiejar::cookie_jar& jar) {
    auto cookies = jar.cookies();
    std::sort(cookies.begin(), cookies.end(), [](const auto& a, const auto& b) {
        return std::tie(a.domain, a.path, a.name) < std::tie(b.domain, b.path, b.name);
    });
    json::array out;
    for (const auto& c : cookies) {
        json::array rest;
        for (const auto& [name, v] : c.rest) {
            rest.emplace_back(json::array{name, text(v)});
        }
        out.emplace_back(
            json::array{c.name, text(c.value), c.domain, c.path, text(c.port), c.port_specified,
                        c.secure, c.expires ? json::value(*c.expires) : json::value(),
                        c.version ? json::value(*c.version) : json::value(), c.discard,
                        c.domain_specified, c.domain_initial_dot, c.path_specified, text(c.comment),
                        text(c.comment_url), c.rfc2109, std::move(rest)});
    }
    return out;
}

} // namespace

int main() {
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto scenario = json::parse(line);
        if (!scenario || !scenario->is_object()) {
            std::cerr << "cookiejar_probe: not a JSON object: " << line << "\n";
            return 2;
        }
        cookiejar::cookie_jar jar(policy_of(member(*scenario, "policy")));
        const std::int64_t now = member(*scenario, "now").as_integer();
        jar.set_clock([now] { return now; });
        json::array results;
        for (const json::value& step : member(*scenario, "steps").as_array()) {
            cookiejar::basic_request request(member(step, "url").as_string(),
                                             member(step, "origin").as_string(),
                                             member(step, "unverifiable").as_bool());
            jar.add_cookie_header(request);
            cookiejar::header_list headers;
            for (const json::value& h : member(step, "headers").as_array()) {
                headers.emplace_back(h.as_array()[0].as_string(), h.as_array()[1].as_string());
            }
            jar.extract_cookies(headers, request);
            results.emplace_back(json::array{text(request.get_header("Cookie")),
                                             text(request.get_header("Cookie2")), jar_of(jar)});
        }
        std::cout << json::value(std::move(results)).dump() << "\n";
    }
}
