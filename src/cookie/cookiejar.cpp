// CookieJar as CPython 3.13 runs it (Lib/http/cookiejar.py): how Set-Cookie
// and Set-Cookie2 attributes become cookies, where they are kept, and the
// Cookie header they make. Its quirks are kept where a program could see
// them; each is named where it is.
#include <netkit/cookie/cookiejar.hpp>

#include <netkit/cookie/cookiejar_policy.hpp>
#include <netkit/core/ascii.hpp>

#include "detail/python_text.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <stdexcept>

namespace netkit::cookie::cookiejar {

struct cookie_jar::path_entry {
    std::string path;
    std::vector<cookie> cookies; // by name, in the order each name came
};

struct cookie_jar::domain_entry {
    std::string domain;
    std::uint64_t order = 0;
    std::vector<path_entry> paths;
};

namespace {

// Where Python raises a TypeError for a header it cannot read (Max-Age
// without a value; Expires in Set-Cookie2): make_cookies then drops every
// cookie of that kind of header in the response.
struct unreadable_headers {};

std::int64_t system_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A standard attribute's value once read: a flag's truth, text, or a time.
using attr_value = std::variant<bool, std::string, std::int64_t>;

// One Set-Cookie(2) cookie as _normalized_cookie_tuples leaves it.
struct cookie_tuple {
    std::string name;
    std::optional<std::string> value;
    std::map<std::string, std::optional<attr_value>, std::less<>> standard;
    std::vector<std::pair<std::string, std::optional<std::string>>> rest;
};

bool is_value_attr(std::string_view k) {
    return k == "version" || k == "expires" || k == "max-age" || k == "domain" || k == "path" ||
           k == "port" || k == "comment" || k == "commenturl";
}

bool is_boolean_attr(std::string_view k) {
    return k == "discard" || k == "secure";
}

std::optional<std::string> text_of(const ns_value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) {
        return *s;
    }
    if (const auto* t = std::get_if<std::int64_t>(&v)) {
        return std::to_string(*t);
    }
    return std::nullopt;
}

// _normalized_cookie_tuples for one cookie; nullopt for a bad one.
std::optional<cookie_tuple> normalized(const std::vector<std::pair<std::string, ns_value>>& attrs,
                                       std::int64_t now) {
    cookie_tuple t;
    t.name = attrs.front().first;
    t.value = text_of(attrs.front().second);
    bool max_age_set = false;
    for (std::size_t i = 1; i < attrs.size(); ++i) {
        std::string k = attrs[i].first;
        const std::string lower = lower_copy(k);
        if (is_value_attr(lower) || is_boolean_attr(lower)) {
            k = lower; // an unknown attribute keeps its case
        }
        std::optional<attr_value> v;
        if (const auto* s = std::get_if<std::string>(&attrs[i].second)) {
            v = *s;
        } else if (const auto* e = std::get_if<std::int64_t>(&attrs[i].second)) {
            v = *e;
        } else if (is_boolean_attr(k)) {
            v = true; // present without a value
        }
        if (t.standard.contains(k)) {
            continue; // only the first is significant
        }
        if (k == "domain") {
            if (!v) {
                return std::nullopt;
            }
            v = lower_copy(std::get<std::string>(*v));
        }
        if (k == "expires" && (max_age_set || !v)) {
            continue; // Max-Age wins; an unreadable date makes a session cookie
        }
        if (k == "max-age") {
            max_age_set = true;
            if (!v) {
                throw unreadable_headers{}; // int(None)
            }
            const auto age = detail::python_int(std::get<std::string>(*v));
            if (!age) {
                return std::nullopt;
            }
            k = "expires";
            const std::int64_t max = std::numeric_limits<std::int64_t>::max();
            v = *age > 0 && now > max - *age ? max : now + *age;
        }
        if (is_value_attr(k) || is_boolean_attr(k)) {
            if (!v && k != "port" && k != "comment" && k != "commenturl") {
                return std::nullopt;
            }
            t.standard[k] = v; // a second Max-Age overwrites: it is not found as "max-age"
        } else {
            // A dict: a repeated attribute takes the first one's place.
            const auto same = std::find_if(t.rest.begin(), t.rest.end(),
                                           [&](const auto& r) { return r.first == k; });
            if (same != t.rest.end()) {
                same->second = text_of(attrs[i].second);
            } else {
                t.rest.emplace_back(k, text_of(attrs[i].second));
            }
        }
    }
    return t;
}

// Cookie() keeps int(float(expires)): a time past 2**53 s loses its last
// digits as Python's does (and saturates at 64 bits).
std::int64_t through_a_double(std::int64_t t) {
    const double d = static_cast<double>(t);
    constexpr double limit = 9223372036854775808.0; // 2**63
    if (d >= limit) {
        return std::numeric_limits<std::int64_t>::max();
    }
    return d < -limit ? std::numeric_limits<std::int64_t>::min() : static_cast<std::int64_t>(d);
}

bool truth(const std::optional<attr_value>& v) {
    if (!v) {
        return false;
    }
    if (const auto* b = std::get_if<bool>(&*v)) {
        return *b;
    }
    if (const auto* s = std::get_if<std::string>(&*v)) {
        return !s->empty();
    }
    return std::get<std::int64_t>(*v) != 0;
}

std::optional<std::string> text_or_none(const std::optional<attr_value>& v) {
    if (!v) {
        return std::nullopt;
    }
    if (const auto* s = std::get_if<std::string>(&*v)) {
        return *s;
    }
    if (const auto* n = std::get_if<std::int64_t>(&*v)) {
        return std::to_string(*n);
    }
    return std::nullopt;
}

std::string without_blanks(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (!is_space(c)) {
            out += c;
        }
    }
    return out;
}

bool has_non_word_char(std::string_view text) {
    return !std::all_of(text.begin(), text.end(), detail::is_python_word_char);
}

std::vector<std::string> header_values(const header_list& headers, std::string_view name) {
    std::vector<std::string> values;
    for (const auto& [n, v] : headers) {
        if (iequals(n, name)) {
            values.push_back(v);
        }
    }
    return values;
}

// split_header_words' words in parse_ns_headers' shape.
std::vector<std::vector<std::pair<std::string, ns_value>>>
as_ns_pairs(const std::vector<header_pairs>& lists) {
    std::vector<std::vector<std::pair<std::string, ns_value>>> out;
    for (const header_pairs& words : lists) {
        auto& pairs = out.emplace_back();
        for (const auto& [name, value] : words) {
            pairs.emplace_back(name, value ? ns_value(*value) : ns_value());
        }
    }
    return out;
}

// _cookie_attrs: what each cookie adds to the Cookie header, longest path
// first (a stable sort: ties keep the jar's order).
std::vector<std::string> cookie_attrs(std::vector<const cookie*> cookies) {
    std::stable_sort(cookies.begin(), cookies.end(), [](const cookie* a, const cookie* b) {
        return a->path.size() > b->path.size();
    });
    std::vector<std::string> attrs;
    bool version_set = false;
    for (const cookie* c : cookies) {
        const std::int64_t version = c->version.value_or(0);
        if (!version_set) {
            version_set = true; // the first cookie's version is the header's
            if (version > 0) {
                attrs.push_back("$Version=" + std::to_string(version));
            }
        }
        if (!c->value) {
            attrs.push_back(c->name);
        } else if (version > 0 && has_non_word_char(*c->value)) {
            // Backslashes before quotes, but no quotes around: Python's way.
            std::string escaped;
            for (const char ch : *c->value) {
                if (ch == '"' || ch == '\\') {
                    escaped += '\\';
                }
                escaped += ch;
            }
            attrs.push_back(c->name + "=" + escaped);
        } else {
            // A Netscape value goes back as it came, quotes and all.
            attrs.push_back(c->name + "=" + *c->value);
        }
        if (version > 0) {
            if (c->path_specified) {
                attrs.push_back("$Path=\"" + c->path + "\"");
            }
            if (c->domain.starts_with('.')) {
                const std::string_view domain = c->domain_initial_dot
                                                    ? std::string_view(c->domain)
                                                    : std::string_view(c->domain).substr(1);
                attrs.push_back("$Domain=\"" + std::string(domain) + "\"");
            }
            if (c->port) {
                attrs.push_back(c->port_specified ? "$Port=\"" + *c->port + "\"" : "$Port");
            }
        }
    }
    return attrs;
}

// Calls `visit` with each key a domain of the jar may have for the cookies
// of `host` to be looked at: every part of ".host" from a dot on, with and
// without that dot (the last one is "", which every host is in).
template <class Visit> void for_each_candidate_domain(std::string_view host, Visit&& visit) {
    const std::string dotted = host.starts_with('.') ? std::string(host) : "." + std::string(host);
    const std::string_view d = dotted;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (d[i] == '.') {
            visit(d.substr(i));
            visit(d.substr(i + 1));
        }
    }
}

} // namespace

bool cookie::has_nonstandard_attr(std::string_view attr) const {
    return std::any_of(rest.begin(), rest.end(), [&](const auto& r) { return r.first == attr; });
}

std::optional<std::string> cookie::get_nonstandard_attr(std::string_view attr) const {
    for (const auto& [name, value] : rest) {
        if (name == attr) {
            return value;
        }
    }
    return std::nullopt;
}

void cookie::set_nonstandard_attr(std::string attr, std::optional<std::string> value) {
    for (auto& [name, v] : rest) {
        if (name == attr) {
            v = std::move(value);
            return;
        }
    }
    rest.emplace_back(std::move(attr), std::move(value));
}

basic_request::basic_request(std::string url, bool unverifiable)
    : url_(std::move(url)), origin_req_host_(request_host(url_)), unverifiable_(unverifiable) {}

basic_request::basic_request(std::string url, std::string origin_req_host, bool unverifiable)
    : url_(std::move(url)), origin_req_host_(std::move(origin_req_host)),
      unverifiable_(unverifiable) {}

bool basic_request::has_header(std::string_view name) const {
    return get_header(name).has_value();
}

std::optional<std::string> basic_request::get_header(std::string_view name) const {
    for (const auto& [n, v] : headers_) {
        if (iequals(n, name)) {
            return v;
        }
    }
    return std::nullopt;
}

void basic_request::add_unredirected_header(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
}

void basic_request::add_header(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
}

cookie_jar::cookie_jar(std::shared_ptr<cookie_policy> policy)
    : policy_(policy ? std::move(policy) : std::make_shared<default_cookie_policy>()),
      clock_(system_now) {}

cookie_jar::~cookie_jar() = default;
cookie_jar::cookie_jar(cookie_jar&&) noexcept = default;
cookie_jar& cookie_jar::operator=(cookie_jar&&) noexcept = default;

void cookie_jar::set_policy(std::shared_ptr<cookie_policy> policy) {
    policy_ = policy ? std::move(policy) : std::make_shared<default_cookie_policy>();
}

void cookie_jar::set_clock(std::function<std::int64_t()> clock) {
    clock_ = clock ? std::move(clock) : std::function<std::int64_t()>(system_now);
}

cookie_jar::domain_entry* cookie_jar::find_domain(std::string_view domain) const {
    const auto it = by_domain_.find(domain);
    return it == by_domain_.end() ? nullptr : it->second;
}

std::vector<const cookie*> cookie_jar::cookies_for_request(const request_like& request,
                                                           std::int64_t now) const {
    const auto [host, effective] = eff_request_host(request);
    std::vector<const domain_entry*> entries;
    const auto add = [&](std::string_view key) {
        const domain_entry* entry = find_domain(key);
        if (entry != nullptr && std::find(entries.begin(), entries.end(), entry) == entries.end()) {
            entries.push_back(entry);
        }
    };
    for_each_candidate_domain(host, add);
    for_each_candidate_domain(effective, add);
    std::sort(entries.begin(), entries.end(),
              [](const domain_entry* a, const domain_entry* b) { return a->order < b->order; });
    std::vector<const cookie*> found;
    for (const domain_entry* entry : entries) {
        if (!policy_->domain_return_ok(entry->domain, request)) {
            continue;
        }
        for (const path_entry& p : entry->paths) {
            if (!policy_->path_return_ok(p.path, request)) {
                continue;
            }
            for (const cookie& c : p.cookies) {
                if (policy_->return_ok(c, request, now)) {
                    found.push_back(&c);
                }
            }
        }
    }
    return found;
}

void cookie_jar::add_cookie_header(request_like& request) {
    const std::int64_t now = clock_();
    const std::vector<const cookie*> cookies = cookies_for_request(request, now);
    const std::vector<std::string> attrs = cookie_attrs(cookies);
    if (!attrs.empty() && !request.has_header("Cookie")) {
        std::string header;
        for (const std::string& a : attrs) {
            header += (header.empty() ? "" : "; ") + a;
        }
        request.add_unredirected_header("Cookie", std::move(header));
    }
    // Telling the server RFC 2965 is spoken, when a cookie it sent was older.
    if (policy_->advertises_rfc2965() && !request.has_header("Cookie2") &&
        std::any_of(cookies.begin(), cookies.end(),
                    [](const cookie* c) { return c->version != 1; })) {
        request.add_unredirected_header("Cookie2", "$Version=\"1\"");
    }
    clear_expired_cookies();
}

std::vector<cookie> cookie_jar::cookies_from(
    const std::vector<std::vector<std::pair<std::string, ns_value>>>& attrs_set,
    const request_like& request, std::int64_t now) {
    std::vector<cookie_tuple> tuples;
    for (const auto& attrs : attrs_set) {
        if (auto t = normalized(attrs, now)) {
            tuples.push_back(std::move(*t));
        }
    }
    std::vector<cookie> cookies;
    for (cookie_tuple& t : tuples) {
        const auto get = [&](std::string_view k) -> const std::optional<attr_value>* {
            const auto it = t.standard.find(k);
            return it == t.standard.end() ? nullptr : &it->second;
        };
        cookie c;
        c.name = std::move(t.name);
        c.value = std::move(t.value);
        c.rest = std::move(t.rest);
        c.version = std::nullopt;
        if (const auto* v = get("version")) {
            c.version = detail::python_int(text_or_none(*v).value_or(""));
            if (!c.version) {
                continue; // a version that is not a number: the cookie is ignored
            }
        }
        c.secure = get("secure") != nullptr && truth(*get("secure"));
        c.discard = get("discard") != nullptr && truth(*get("discard"));
        c.comment = get("comment") ? text_or_none(*get("comment")) : std::nullopt;
        c.comment_url = get("commenturl") ? text_or_none(*get("commenturl")) : std::nullopt;

        const auto* path = get("path");
        if (path != nullptr && text_or_none(*path).value_or("") != "") {
            c.path_specified = true;
            c.path = escape_path(*text_or_none(*path));
        } else {
            // The directory of the request's path: without its last '/'
            // for Netscape cookies (where the spec parts from reality).
            c.path = request_path(request.get_full_url());
            if (const auto slash = c.path.rfind('/'); slash != std::string::npos) {
                c.path.resize(c.version == 0 ? slash : slash + 1);
            }
            if (c.path.empty()) {
                c.path = "/";
            }
        }

        if (const auto* domain = get("domain")) {
            c.domain_specified = true;
            c.domain = text_or_none(*domain).value_or("");
            c.domain_initial_dot = c.domain.starts_with('.');
            if (!c.domain_initial_dot) {
                c.domain.insert(0, ".");
            }
        } else {
            c.domain = eff_request_host(request).second;
        }
        c.domain = lower_copy(c.domain);

        if (const auto* port = get("port")) {
            if (*port) {
                c.port_specified = true;
                c.port = without_blanks(*text_or_none(*port));
            } else {
                c.port = request_port(request.get_full_url()); // this port only
            }
        }

        const auto* expires = get("expires");
        if (expires == nullptr) {
            c.discard = true;
        } else if (!*expires || !std::holds_alternative<std::int64_t>(**expires)) {
            throw unreadable_headers{}; // Set-Cookie2's Expires: text compared with a time
        } else {
            const std::int64_t when = std::get<std::int64_t>(**expires);
            if (when <= now) {
                erase(c.domain, c.path, c.name); // a date in the past deletes the cookie it names
                continue;
            }
            c.expires = through_a_double(when);
        }
        cookies.push_back(std::move(c));
    }
    return cookies;
}

std::vector<cookie> cookie_jar::make_cookies(const header_list& response_headers,
                                             const request_like& request) {
    const std::vector<std::string> rfc2965_headers = header_values(response_headers, "Set-Cookie2");
    const std::vector<std::string> ns_headers = header_values(response_headers, "Set-Cookie");
    const std::int64_t now = clock_();
    const bool rfc2965 = policy_->accepts_rfc2965();
    const bool netscape = policy_->accepts_netscape();
    if ((rfc2965_headers.empty() && ns_headers.empty()) || (ns_headers.empty() && !rfc2965) ||
        (rfc2965_headers.empty() && !netscape) || (!netscape && !rfc2965)) {
        return {};
    }
    std::vector<cookie> cookies;
    try {
        cookies = cookies_from(as_ns_pairs(split_header_words(rfc2965_headers)), request, now);
    } catch (const unreadable_headers&) {
        cookies.clear();
    }
    if (ns_headers.empty() || !netscape) {
        return cookies;
    }
    std::vector<cookie> ns_cookies;
    try {
        ns_cookies = cookies_from(parse_ns_headers(ns_headers), request, now);
    } catch (const unreadable_headers&) {
        ns_cookies.clear();
    }
    const bool rfc2109_as_netscape = policy_->rfc2109_as_netscape();
    for (cookie& c : ns_cookies) {
        if (c.version == 1) {
            c.rfc2109 = true;
            if (rfc2109_as_netscape) {
                c.version = 0;
            }
        }
    }
    const std::size_t rfc2965_made = cookies.size();
    for (cookie& c : ns_cookies) {
        // RFC 2965 §9.1: a Set-Cookie2 cookie wins over its Set-Cookie twin.
        const auto rfc2965_end = cookies.begin() + static_cast<std::ptrdiff_t>(rfc2965_made);
        const bool has_twin =
            rfc2965 && std::any_of(cookies.begin(), rfc2965_end, [&](const cookie& r) {
                return r.domain == c.domain && r.path == c.path && r.name == c.name;
            });
        if (!has_twin) {
            cookies.push_back(std::move(c));
        }
    }
    return cookies;
}

void cookie_jar::extract_cookies(const header_list& response_headers, const request_like& request) {
    for (const cookie& c : make_cookies(response_headers, request)) {
        if (policy_->set_ok(c, request)) {
            set_cookie(c);
        }
    }
}

void cookie_jar::set_cookie_if_ok(const cookie& c, const request_like& request) {
    if (policy_->set_ok(c, request)) {
        set_cookie(c);
    }
}

void cookie_jar::set_cookie(const cookie& c) {
    domain_entry* entry = find_domain(c.domain);
    if (entry == nullptr) {
        auto fresh = std::make_unique<domain_entry>();
        fresh->domain = c.domain;
        fresh->order = next_order_++;
        entry = fresh.get();
        by_domain_.emplace(c.domain, entry);
        domains_.push_back(std::move(fresh));
    }
    auto p = std::find_if(entry->paths.begin(), entry->paths.end(),
                          [&](const path_entry& e) { return e.path == c.path; });
    if (p == entry->paths.end()) {
        p = entry->paths.insert(p, path_entry{c.path, {}});
    }
    const auto same = std::find_if(p->cookies.begin(), p->cookies.end(),
                                   [&](const cookie& old) { return old.name == c.name; });
    if (c.expires) {
        earliest_expiry_ = std::min(earliest_expiry_, *c.expires);
    }
    if (same != p->cookies.end()) {
        *same = c; // a replaced cookie keeps its place, as in a dict
    } else {
        p->cookies.push_back(c);
    }
}

void cookie_jar::clear() {
    domains_.clear();
    by_domain_.clear();
    earliest_expiry_ = std::numeric_limits<std::int64_t>::max();
}

void cookie_jar::clear(std::string_view domain) {
    domain_entry* entry = find_domain(domain);
    if (entry == nullptr) {
        throw std::out_of_range("no cookies for domain " + std::string(domain));
    }
    by_domain_.erase(entry->domain);
    std::erase_if(domains_, [&](const auto& e) { return e.get() == entry; });
}

void cookie_jar::clear(std::string_view domain, std::string_view path) {
    domain_entry* entry = find_domain(domain);
    const auto p = entry == nullptr
                       ? std::vector<path_entry>::iterator{}
                       : std::find_if(entry->paths.begin(), entry->paths.end(),
                                      [&](const path_entry& e) { return e.path == path; });
    if (entry == nullptr || p == entry->paths.end()) {
        throw std::out_of_range("no cookies for domain " + std::string(domain) + " and path " +
                                std::string(path));
    }
    entry->paths.erase(p);
}

bool cookie_jar::erase(std::string_view domain, std::string_view path, std::string_view name) {
    if (domain_entry* entry = find_domain(domain)) {
        for (path_entry& p : entry->paths) {
            if (p.path == path) {
                // Python leaves the emptied dicts, and so its order, in place.
                return std::erase_if(p.cookies, [&](const cookie& c) { return c.name == name; }) !=
                       0;
            }
        }
    }
    return false;
}

void cookie_jar::clear(std::string_view domain, std::string_view path, std::string_view name) {
    if (!erase(domain, path, name)) {
        throw std::out_of_range("no cookie " + std::string(name) + " for domain " +
                                std::string(domain) + " and path " + std::string(path));
    }
}

void cookie_jar::clear_session_cookies() {
    for (const auto& entry : domains_) {
        for (path_entry& p : entry->paths) {
            std::erase_if(p.cookies, [](const cookie& c) { return c.discard; });
        }
    }
}

void cookie_jar::clear_expired_cookies() {
    const std::int64_t now = clock_();
    if (now < earliest_expiry_) {
        return; // nothing can have expired yet
    }
    earliest_expiry_ = std::numeric_limits<std::int64_t>::max();
    for (const auto& entry : domains_) {
        for (path_entry& p : entry->paths) {
            std::erase_if(p.cookies, [&](const cookie& c) { return c.is_expired(now); });
            for (const cookie& c : p.cookies) {
                earliest_expiry_ = std::min(earliest_expiry_, c.expires.value_or(earliest_expiry_));
            }
        }
    }
}

std::vector<cookie> cookie_jar::cookies() const {
    std::vector<cookie> all;
    for (const auto& entry : domains_) {
        for (const path_entry& p : entry->paths) {
            all.insert(all.end(), p.cookies.begin(), p.cookies.end());
        }
    }
    return all;
}

std::size_t cookie_jar::size() const {
    std::size_t n = 0;
    for (const auto& entry : domains_) {
        for (const path_entry& p : entry->paths) {
            n += p.cookies.size();
        }
    }
    return n;
}

} // namespace netkit::cookie::cookiejar
