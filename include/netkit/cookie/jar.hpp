// A cookie store with the rules browsers follow today (RFC 6265bis §5.7 and
// §5.8.3): what a Set-Cookie line may store, for which request, and the
// Cookie header a later request gets. Pure rules, no I/O: the clock is a
// parameter (now() by default), files are read and written elsewhere.
//
//     netkit::cookie::jar jar;
//     auto login = netkit::cookie::request_info::from_url("https://example.com/login").value();
//     jar.set_cookie("SID=31d4; Path=/; Secure; HttpOnly", login);
//     auto page = netkit::cookie::request_info::from_url("https://www.example.com/a").value();
//     jar.cookie_header(page);   // "" : SID is host-only (no Domain)
//
// Lookups do not scan the jar: cookies are kept by domain, and a request
// looks at its host and the domains above it only.
#pragma once

#include <netkit/cookie/set_cookie.hpp>
#include <netkit/core/result.hpp>
#include <netkit/core/string_map.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace netkit::cookie {

using clock_time = std::chrono::sys_seconds;

/// The expiry of a session cookie: the latest moment a jar holds.
inline constexpr clock_time session_expiry =
    std::chrono::sys_days(std::chrono::year(9999) / 12 / 31);

/// A stored cookie (§5.7's fields).
struct cookie {
    std::string name;
    std::string value;
    std::string domain; ///< canonical: lower case, A-labels, no brackets
    std::string path;
    clock_time expiry{};
    clock_time creation_time{};
    clock_time last_access_time{};
    bool persistent = false; ///< false: a session cookie (expiry is session_expiry)
    bool host_only = true;
    bool secure_only = false;
    bool http_only = false;
    same_site same_site_value = same_site::unset;
    std::uint64_t order = 0; ///< creation order, for cookies created in one second
};

/// What a request is, as far as cookies care.
struct request_info {
    std::string scheme; ///< lower case: "http", "https", "ws", "wss"
    std::string host;   ///< canonical, as cookie::domain
    std::string path;   ///< the URI's path ("/a/b"); empty is "/"
    /// false for a script's API (document.cookie): HttpOnly cookies are
    /// neither set nor read through it.
    bool http_api = true;
    /// Whether the request goes to the site that made it; a command-line
    /// request is (it has no other site).
    bool same_site = true;
    /// A top-level navigation with a safe method (GET, HEAD, ...): what
    /// SameSite=Lax cookies go with when the request is cross-site.
    bool top_level_safe_navigation = true;

    /// From an absolute http(s) or ws(s) URL, read as urlsplit reads it.
    static result<request_info> from_url(std::string_view url);
    /// From a URL already taken apart: the host canonicalized (lower case,
    /// IDNA to A-labels when it is not ASCII, IPv6 without brackets); the
    /// path without its query.
    static result<request_info> from_parts(std::string_view scheme, std::string_view host,
                                           std::string_view path);

    /// https and wss, and loopback hosts (localhost, 127.0.0.0/8, ::1),
    /// which browsers count as secure contexts.
    bool is_secure() const;
};

/// Why a Set-Cookie line stored nothing (or what it did).
enum class store_outcome {
    stored,
    deleted,                 ///< it expired a cookie (or arrived expired)
    ignored_line,            ///< §5.6: control characters, too long, or nameless and empty
    nameless_prefix,         ///< a nameless cookie whose value begins with __Secure- or __Host-
    domain_not_ascii,        ///< Domain holds a character outside ASCII
    public_suffix,           ///< Domain is a public suffix ("com", "github.io")
    domain_mismatch,         ///< the host is not in Domain
    insecure_origin,         ///< Secure from a request that is not secure
    http_only_from_script,   ///< HttpOnly through a non-HTTP API
    leave_secure_alone,      ///< would shadow a Secure cookie from an insecure origin
    same_site_none_insecure, ///< SameSite=None without Secure
    cross_site,              ///< a SameSite cookie set from a cross-site request
    secure_prefix,           ///< __Secure- without Secure
    host_prefix,             ///< __Host- without Secure, with Domain, or with a Path not "/"
    overwrite_http_only,     ///< a script would replace an HttpOnly cookie
    blocked_domain,          ///< the user's policy blocks (or does not allow) its domain
    third_party,             ///< from a cross-site request, and third-party cookies are blocked
};
std::string_view describe(store_outcome outcome);

/// Why a stored cookie is not sent with a request (included: it is).
enum class exclusion {
    included,
    expired,
    host,           ///< host-only for another host, or the host is not in its domain
    path,           ///< the request's path is not in the cookie's path
    secure,         ///< Secure, and the request is not
    http_only,      ///< HttpOnly, and the request is a script's
    same_site,      ///< SameSite, and the request is cross-site
    blocked_domain, ///< the user's policy blocks (or does not allow) its domain
    third_party,    ///< the request is cross-site, and third-party cookies are blocked
};
std::string_view describe(exclusion why);

struct jar_options {
    /// Whether a domain is a public suffix (on which nobody may set a
    /// cookie for every site below); empty: libpsl's built-in list.
    std::function<bool(std::string_view)> is_public_suffix;
    /// The registrable domain of a host (eviction counts per site); empty: libpsl's.
    std::function<std::string(std::string_view)> registrable_domain;
    /// Over a limit, the expired cookies go first, then the least recently
    /// used; past max_cookies, the jar is trimmed to nine tenths of it.
    std::size_t max_cookies_per_site = 50;
    std::size_t max_cookies = 3000;
    /// Expires and Max-Age are capped to this much ahead (§5.6: 400 days).
    std::chrono::seconds max_age = std::chrono::days(400);

    // The user's policy, in the spirit of Python's DefaultCookiePolicy.
    /// Domains whose cookies are neither stored nor sent: "example.com" is
    /// that host's, ".example.com" also every host under it.
    std::vector<std::string> blocked_domains;
    /// When set, the only domains whose cookies are stored and sent (same forms).
    std::optional<std::vector<std::string>> allowed_domains;
    /// No cookie stored from, or sent with, a cross-site request
    /// (request_info::same_site false), as browsers that block third-party
    /// cookies do.
    bool block_third_party = false;
};

class jar {
public:
    explicit jar(jar_options options = {});

    /// §5.7: stores what `line` (a Set-Cookie value) says for a response to
    /// `request`, or says why not.
    store_outcome set_cookie(std::string_view line, const request_info& request, clock_time now);
    store_outcome set_cookie(std::string_view line, const request_info& request);
    /// §5.7 from the parsed form.
    store_outcome set_cookie(const parsed_cookie& parsed, const request_info& request,
                             clock_time now);

    /// §5.8.3: the cookies `request` gets, longer paths first, then older
    /// ones; their last access becomes `now`.
    std::vector<const cookie*> cookies_for(const request_info& request, clock_time now);
    /// Their Cookie header value ("" when none).
    std::string cookie_header(const request_info& request, clock_time now);
    std::string cookie_header(const request_info& request);

    /// Why `c` would or would not go with `request`.
    exclusion check(const cookie& c, const request_info& request, clock_time now) const;

    /// Adds a cookie as it is (from a file), replacing the one with its
    /// name, domain, host-only flag and path.
    void insert(cookie c);
    /// Removes the cookies matching what is given (empty: any).
    std::size_t clear(std::string_view domain = {}, std::string_view path = {},
                      std::string_view name = {});
    std::size_t clear_session_cookies();
    std::size_t clear_expired_cookies(clock_time now);

    std::size_t size() const noexcept { return size_; }
    /// Every cookie, in no particular order.
    std::vector<const cookie*> all() const;

private:
    // The cookies of one domain, and the site (registrable domain) it is in.
    struct bucket {
        std::string site;
        bool public_suffix = false; ///< the domain is one (asked once: libpsl is not free)
        std::vector<cookie> cookies;
    };
    using bucket_iterator = string_map<bucket>::iterator;
    bucket& bucket_for(const std::string& domain);
    bool is_public_suffix(const std::string& domain) const;
    /// The registrable domain of `domain`, from its bucket when it has one.
    std::string site_of(const std::string& domain) const;
    static std::vector<cookie>::iterator same_cookie(std::vector<cookie>& bucket, const cookie& c);
    /// Forgets a bucket left empty; the iterator past it.
    bucket_iterator drop_if_empty(bucket_iterator it);
    std::vector<cookie*> cookies_of_site(const std::string& site);
    bool shadows_a_secure_cookie(const cookie& c);
    /// Whether the user's lists refuse cookies of `domain`.
    bool refused_by_user(std::string_view domain) const;
    /// Counts `delta` cookies more (or fewer) in `b`, its site and the jar.
    void count(const bucket& b, std::ptrdiff_t delta);
    void evict(std::string site, clock_time now);
    void erase_where(const std::function<bool(const cookie&)>& doomed);

    jar_options options_;
    string_map<bucket> by_domain_;
    // A site's domains (with a bucket) and how many cookies they hold.
    struct site_entry {
        std::vector<std::string> domains;
        std::size_t cookies = 0;
    };
    std::unordered_map<std::string, site_entry> sites_;
    std::size_t size_ = 0;
    std::uint64_t next_order_ = 0;
};

/// §5.1.3: `host` is `domain`, or ends with "." + `domain` and is a host
/// name (not an IP address).
bool domain_match(std::string_view host, std::string_view domain);
/// §5.1.4: `request_path` is in `cookie_path`.
bool path_match(std::string_view request_path, std::string_view cookie_path);
/// §5.1.4: the path a cookie without a Path attribute gets.
std::string default_path(std::string_view uri_path);

} // namespace netkit::cookie
