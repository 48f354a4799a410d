#include <netkit/cookie/jar.hpp>
#include <netkit/core/ascii.hpp>
#include <netkit/url/idna.hpp>
#include <netkit/url/ip.hpp>
#include <netkit/url/split.hpp>

#include <libpsl.h>

#include <algorithm>
#include <unordered_set>

namespace netkit::cookie {
namespace {

bool is_ip_address(std::string_view host) {
    return url::is_ipv4_address(host) || host.find(':') != std::string_view::npos;
}

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The public suffix list libpsl carries inside itself (Debian builds it from
// the publicsuffix package): no file is read. Unknown top-level names are
// not suffixes (no implicit "*" rule), so "localhost" may take a cookie.
bool builtin_is_public_suffix(std::string_view domain) {
    static const psl_ctx_t* list = psl_builtin();
    const std::string name(domain);
    return list != nullptr &&
           psl_is_public_suffix2(list, name.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

std::string builtin_registrable_domain(std::string_view host) {
    if (is_ip_address(host)) {
        return std::string(host);
    }
    static const psl_ctx_t* list = psl_builtin();
    const std::string name(host);
    const char* site = list != nullptr ? psl_registrable_domain(list, name.c_str()) : nullptr;
    return site != nullptr ? std::string(site) : name;
}

} // namespace

std::string_view describe(store_outcome outcome) {
    switch (outcome) {
    case store_outcome::stored: return "stored";
    case store_outcome::deleted: return "deleted (it had expired)";
    case store_outcome::ignored_line:
        return "ignored: a control character, over 4096 bytes, or empty";
    case store_outcome::nameless_prefix:
        return "refused: a nameless cookie's value begins with __Secure- or __Host-";
    case store_outcome::domain_not_ascii: return "refused: Domain holds a character outside ASCII";
    case store_outcome::public_suffix: return "refused: Domain is a public suffix";
    case store_outcome::domain_mismatch: return "refused: the host is not in Domain";
    case store_outcome::insecure_origin:
        return "refused: Secure, from a request that is not secure";
    case store_outcome::http_only_from_script: return "refused: HttpOnly, from a script's API";
    case store_outcome::leave_secure_alone:
        return "refused: it would shadow a Secure cookie from an insecure origin";
    case store_outcome::same_site_none_insecure: return "refused: SameSite=None without Secure";
    case store_outcome::cross_site: return "refused: SameSite, from a cross-site request";
    case store_outcome::secure_prefix: return "refused: __Secure- without Secure";
    case store_outcome::host_prefix: return "refused: __Host- needs Secure, no Domain and Path=/";
    case store_outcome::overwrite_http_only:
        return "refused: a script would replace an HttpOnly cookie";
    case store_outcome::blocked_domain: return "refused: the policy blocks its domain";
    case store_outcome::third_party:
        return "refused: from a cross-site request, and third-party cookies are blocked";
    }
    return "unknown";
}

std::string_view describe(exclusion why) {
    switch (why) {
    case exclusion::included: return "sent";
    case exclusion::expired: return "expired";
    case exclusion::host: return "for another host";
    case exclusion::path: return "for another path";
    case exclusion::secure: return "Secure, and the request is not";
    case exclusion::http_only: return "HttpOnly, and the request is a script's";
    case exclusion::same_site: return "SameSite, and the request is cross-site";
    case exclusion::blocked_domain: return "the policy blocks its domain";
    case exclusion::third_party:
        return "the request is cross-site, and third-party cookies are blocked";
    }
    return "unknown";
}

result<request_info> request_info::from_parts(std::string_view scheme, std::string_view host,
                                              std::string_view path) {
    request_info r;
    r.scheme = lower_copy(scheme);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    if (std::all_of(host.begin(), host.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        r.host = lower_copy(host); // ASCII: lower case is the canonical form (no libidn2 call)
    } else {
        auto ascii = url::to_ascii_host(host);
        if (!ascii) {
            return ascii.error();
        }
        r.host = lower_copy(*ascii);
    }
    r.path = path.empty() ? "/" : std::string(path);
    return r;
}

result<request_info> request_info::from_url(std::string_view text) {
    auto u = url::try_urlsplit(text); // as the client reads a URL
    if (!u) {
        return u.error();
    }
    const auto host = u->hostname();
    if (!host || host->empty()) {
        return make_error_code(url::error::bad_host);
    }
    return from_parts(u->scheme(), *host, u->path());
}

bool request_info::is_secure() const {
    if (scheme == "https" || scheme == "wss") {
        return true;
    }
    // Potentially trustworthy (W3C Secure Contexts): loopback.
    return host == "localhost" || host.ends_with(".localhost") || host == "::1" ||
           (url::is_ipv4_address(host) && host.starts_with("127."));
}

bool domain_match(std::string_view host, std::string_view domain) {
    if (host == domain) {
        return true;
    }
    return host.size() > domain.size() && host.ends_with(domain) &&
           host[host.size() - domain.size() - 1] == '.' && !is_ip_address(host);
}

bool path_match(std::string_view request_path, std::string_view cookie_path) {
    if (request_path == cookie_path) {
        return true;
    }
    return request_path.starts_with(cookie_path) &&
           (cookie_path.ends_with('/') || request_path[cookie_path.size()] == '/');
}

std::string default_path(std::string_view uri_path) {
    if (uri_path.empty() || uri_path.front() != '/') {
        return "/";
    }
    const auto last = uri_path.rfind('/');
    return last == 0 ? "/" : std::string(uri_path.substr(0, last));
}

jar::jar(jar_options options) : options_(std::move(options)) {
    if (!options_.is_public_suffix) {
        options_.is_public_suffix = builtin_is_public_suffix;
    }
    if (!options_.registrable_domain) {
        options_.registrable_domain = builtin_registrable_domain;
    }
    // The user's lists in lower case once, as domains are kept.
    for (std::string& d : options_.blocked_domains) {
        d = lower_copy(d);
    }
    if (options_.allowed_domains) {
        for (std::string& d : *options_.allowed_domains) {
            d = lower_copy(d);
        }
    }
}

store_outcome jar::set_cookie(std::string_view line, const request_info& request, clock_time now) {
    const auto parsed = parse_set_cookie(line);
    if (!parsed) {
        return store_outcome::ignored_line;
    }
    return set_cookie(*parsed, request, now);
}

store_outcome jar::set_cookie(std::string_view line, const request_info& request) {
    return set_cookie(line, request,
                      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

store_outcome jar::set_cookie(const parsed_cookie& parsed, const request_info& request,
                              clock_time now) {
    // §5.7, step by step.
    if (parsed.name.empty() && parsed.value.empty()) {
        return store_outcome::ignored_line;
    }
    if (parsed.name.empty() &&
        (istarts_with(parsed.value, "__Secure-") || istarts_with(parsed.value, "__Host-"))) {
        return store_outcome::nameless_prefix;
    }
    cookie c;
    c.name = parsed.name;
    c.value = parsed.value;
    c.creation_time = c.last_access_time = now;
    // Max-Age over Expires; both capped to max_age ahead.
    const clock_time latest = now + options_.max_age;
    if (parsed.max_age) {
        c.persistent = true;
        c.expiry = *parsed.max_age <= 0 ? clock_time{}
                   : *parsed.max_age >= options_.max_age.count()
                       ? latest
                       : now + std::chrono::seconds(*parsed.max_age);
    } else if (parsed.expires) {
        c.persistent = true;
        c.expiry = std::min(*parsed.expires, latest);
    } else {
        c.expiry = session_expiry;
    }
    // Domain.
    std::string domain = parsed.domain.value_or("");
    if (!is_ascii(domain)) {
        return store_outcome::domain_not_ascii;
    }
    if (!domain.empty() && is_public_suffix(domain)) {
        if (domain != request.host) {
            return store_outcome::public_suffix;
        }
        domain.clear(); // a host that is itself a suffix keeps a host-only cookie
    }
    if (!domain.empty()) {
        if (!domain_match(request.host, domain)) {
            return store_outcome::domain_mismatch;
        }
        c.host_only = false;
        c.domain = domain;
    } else {
        c.host_only = true;
        c.domain = request.host;
    }
    // The user's policy.
    if (refused_by_user(c.domain)) {
        return store_outcome::blocked_domain;
    }
    if (options_.block_third_party && !request.same_site) {
        return store_outcome::third_party;
    }
    // Path, Secure, HttpOnly.
    const bool has_path = parsed.path && !parsed.path->empty();
    c.path = has_path ? *parsed.path : default_path(request.path);
    c.secure_only = parsed.secure;
    if (c.secure_only && !request.is_secure()) {
        return store_outcome::insecure_origin;
    }
    c.http_only = parsed.http_only;
    if (c.http_only && !request.http_api) {
        return store_outcome::http_only_from_script;
    }
    // Leave Secure cookies alone: an insecure origin may not shadow one.
    if (!c.secure_only && !request.is_secure() && shadows_a_secure_cookie(c)) {
        return store_outcome::leave_secure_alone;
    }
    // SameSite.
    c.same_site_value = parsed.same_site_value;
    if (c.same_site_value == same_site::none && !c.secure_only) {
        return store_outcome::same_site_none_insecure;
    }
    if (c.same_site_value != same_site::none && !request.same_site &&
        !request.top_level_safe_navigation) {
        return store_outcome::cross_site;
    }
    // Prefixes (case-insensitive, as browsers check them now).
    if (istarts_with(c.name, "__Secure-") && !c.secure_only) {
        return store_outcome::secure_prefix;
    }
    if (istarts_with(c.name, "__Host-") &&
        (!c.secure_only || !c.host_only || !has_path || c.path != "/")) {
        return store_outcome::host_prefix;
    }
    // Replace the cookie with its name, domain, host-only flag and path,
    // keeping when it was first made.
    bucket& b = bucket_for(c.domain);
    auto& bucket = b.cookies;
    const auto old = same_cookie(bucket, c);
    if (old != bucket.end() && old->http_only && !request.http_api) {
        return store_outcome::overwrite_http_only;
    }
    c.order = next_order_++;
    if (old != bucket.end()) {
        c.creation_time = old->creation_time;
        c.order = old->order;
        bucket.erase(old);
        count(b, -1);
    }
    if (c.expiry <= now) {
        drop_if_empty(by_domain_.find(c.domain));
        return store_outcome::deleted;
    }
    bucket.push_back(std::move(c));
    count(b, +1);
    if (sites_.find(b.site)->second.cookies > options_.max_cookies_per_site ||
        size_ > options_.max_cookies) {
        evict(b.site, now);
    }
    return store_outcome::stored;
}

void jar::count(const bucket& b, std::ptrdiff_t delta) {
    size_ = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(size_) + delta);
    auto& site = sites_.find(b.site)->second;
    site.cookies = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(site.cookies) + delta);
}

jar::bucket& jar::bucket_for(const std::string& domain) {
    auto [it, created] = by_domain_.try_emplace(domain);
    if (created) {
        it->second.site = options_.registrable_domain(domain);
        it->second.public_suffix = options_.is_public_suffix(domain);
        sites_[it->second.site].domains.push_back(domain);
    }
    return it->second;
}

std::vector<cookie>::iterator jar::same_cookie(std::vector<cookie>& bucket, const cookie& c) {
    // One cookie a name, domain, host-only flag and path (the bucket is the domain's).
    return std::find_if(bucket.begin(), bucket.end(), [&](const cookie& o) {
        return o.name == c.name && o.host_only == c.host_only && o.path == c.path;
    });
}

std::string jar::site_of(const std::string& domain) const {
    const auto known = by_domain_.find(domain);
    return known != by_domain_.end() ? known->second.site : options_.registrable_domain(domain);
}

bool jar::is_public_suffix(const std::string& domain) const {
    const auto known = by_domain_.find(domain);
    return known != by_domain_.end() ? known->second.public_suffix
                                     : options_.is_public_suffix(domain);
}

std::vector<cookie*> jar::cookies_of_site(const std::string& site) {
    std::vector<cookie*> out;
    const auto entry = sites_.find(site);
    if (entry != sites_.end()) {
        for (const std::string& domain : entry->second.domains) {
            for (cookie& c : by_domain_.find(domain)->second.cookies) {
                out.push_back(&c);
            }
        }
    }
    return out;
}

bool jar::shadows_a_secure_cookie(const cookie& c) {
    // Cookies whose domain is c's or contains it, or the reverse, are all
    // in c's site.
    for (const cookie* existing : cookies_of_site(site_of(c.domain))) {
        if (existing->secure_only && existing->name == c.name &&
            (domain_match(existing->domain, c.domain) ||
             domain_match(c.domain, existing->domain)) &&
            path_match(c.path, existing->path)) {
            return true;
        }
    }
    return false;
}

bool jar::refused_by_user(std::string_view domain) const {
    // "example.com" names that host; ".example.com" it and the hosts under it.
    const auto names = [domain](std::string_view e) {
        if (!e.starts_with('.')) {
            return e == domain;
        }
        return domain == e.substr(1) || domain.ends_with(e);
    };
    const auto& blocked = options_.blocked_domains;
    const auto& allowed = options_.allowed_domains;
    return std::any_of(blocked.begin(), blocked.end(), names) ||
           (allowed && std::none_of(allowed->begin(), allowed->end(), names));
}

exclusion jar::check(const cookie& c, const request_info& request, clock_time now) const {
    if (c.expiry <= now) {
        return exclusion::expired;
    }
    if (c.host_only ? request.host != c.domain : !domain_match(request.host, c.domain)) {
        return exclusion::host;
    }
    if (!path_match(request.path.empty() ? "/" : request.path, c.path)) {
        return exclusion::path;
    }
    if (c.secure_only && !request.is_secure()) {
        return exclusion::secure;
    }
    if (c.http_only && !request.http_api) {
        return exclusion::http_only;
    }
    if (refused_by_user(c.domain)) {
        return exclusion::blocked_domain;
    }
    if (options_.block_third_party && !request.same_site) {
        return exclusion::third_party;
    }
    // A cross-site request: Strict never, Lax (and unset, as Lax) only on
    // a top-level navigation with a safe method, None always.
    if (!request.same_site && c.same_site_value != same_site::none &&
        (c.same_site_value == same_site::strict || !request.top_level_safe_navigation)) {
        return exclusion::same_site;
    }
    return exclusion::included;
}

std::vector<const cookie*> jar::cookies_for(const request_info& request, clock_time now) {
    std::vector<cookie*> found;
    // The host, then each domain above it: only those can hold its cookies.
    std::string_view domain = request.host;
    for (;;) {
        if (const auto b = by_domain_.find(domain); b != by_domain_.end()) {
            for (cookie& c : b->second.cookies) {
                if (check(c, request, now) == exclusion::included) {
                    found.push_back(&c);
                }
            }
        }
        const auto dot = domain.find('.');
        if (dot == std::string_view::npos || is_ip_address(request.host)) {
            break;
        }
        domain.remove_prefix(dot + 1);
    }
    std::sort(found.begin(), found.end(), [](const cookie* a, const cookie* b) {
        if (a->path.size() != b->path.size()) {
            return a->path.size() > b->path.size();
        }
        if (a->creation_time != b->creation_time) {
            return a->creation_time < b->creation_time;
        }
        return a->order < b->order;
    });
    std::vector<const cookie*> out;
    out.reserve(found.size());
    for (cookie* c : found) {
        c->last_access_time = now;
        out.push_back(c);
    }
    return out;
}

std::string jar::cookie_header(const request_info& request, clock_time now) {
    std::string header;
    for (const cookie* c : cookies_for(request, now)) {
        if (!header.empty()) {
            header += "; ";
        }
        if (!c->name.empty()) {
            header += c->name;
            header += '=';
        }
        header += c->value;
    }
    return header;
}

std::string jar::cookie_header(const request_info& request) {
    return cookie_header(
        request, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

void jar::insert(cookie c) {
    auto& bucket = bucket_for(c.domain).cookies;
    const auto old = same_cookie(bucket, c);
    if (old != bucket.end()) {
        *old = std::move(c);
        return;
    }
    c.order = next_order_++;
    bucket.push_back(std::move(c));
    count(by_domain_.find(bucket.back().domain)->second, +1);
}

void jar::erase_where(const std::function<bool(const cookie&)>& doomed) {
    for (auto it = by_domain_.begin(); it != by_domain_.end();) {
        auto& cookies = it->second.cookies;
        const auto before = cookies.size();
        std::erase_if(cookies, doomed);
        count(it->second, -static_cast<std::ptrdiff_t>(before - cookies.size()));
        it = drop_if_empty(it);
    }
}

jar::bucket_iterator jar::drop_if_empty(bucket_iterator it) {
    if (!it->second.cookies.empty()) {
        return std::next(it);
    }
    const auto site = sites_.find(it->second.site);
    std::erase(site->second.domains, it->first);
    if (site->second.domains.empty()) {
        sites_.erase(site);
    }
    return by_domain_.erase(it);
}

std::size_t jar::clear(std::string_view domain, std::string_view path, std::string_view name) {
    const auto before = size_;
    erase_where([&](const cookie& c) {
        return (domain.empty() || c.domain == domain) && (path.empty() || c.path == path) &&
               (name.empty() || c.name == name);
    });
    return before - size_;
}

std::size_t jar::clear_session_cookies() {
    const auto before = size_;
    erase_where([](const cookie& c) { return !c.persistent; });
    return before - size_;
}

std::size_t jar::clear_expired_cookies(clock_time now) {
    const auto before = size_;
    erase_where([&](const cookie& c) { return c.expiry <= now; });
    return before - size_;
}

std::vector<const cookie*> jar::all() const {
    std::vector<const cookie*> out;
    out.reserve(size_);
    for (const auto& [domain, b] : by_domain_) {
        for (const cookie& c : b.cookies) {
            out.push_back(&c);
        }
    }
    return out;
}

void jar::evict(std::string site, clock_time now) {
    // Over a limit: the expired first, then the least recently used.
    const auto trim = [&](std::vector<const cookie*> scope, std::size_t limit) {
        if (scope.size() <= limit) {
            return;
        }
        std::sort(scope.begin(), scope.end(), [&](const cookie* a, const cookie* b) {
            const bool a_expired = a->expiry <= now, b_expired = b->expiry <= now;
            if (a_expired != b_expired) {
                return a_expired;
            }
            return a->last_access_time != b->last_access_time
                       ? a->last_access_time < b->last_access_time
                       : a->order < b->order;
        });
        scope.resize(scope.size() - limit);
        const std::unordered_set<const cookie*> doomed(scope.begin(), scope.end());
        erase_where([&](const cookie& c) { return doomed.contains(&c); });
    };
    const auto of_site = cookies_of_site(site);
    trim({of_site.begin(), of_site.end()}, options_.max_cookies_per_site);
    if (size_ > options_.max_cookies) {
        // By a tenth at once, so that a flood pays for one sort per 300
        // cookies rather than one each.
        trim(all(), options_.max_cookies - options_.max_cookies / 10);
    }
}

} // namespace netkit::cookie
