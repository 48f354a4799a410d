// Python's http.cookiejar for C++: CookieJar and its Cookie, with the rules
// Python applies (Netscape cookies, RFC 2109 and RFC 2965), for a program
// moved from Python that must keep and send exactly the cookies it did.
// Every CookieJar scenario of CPython 3.13's test suite passes
// (../shared/conformance/cookiejar_cpython.json).
//
//     cookiejar::cookie_jar jar;                       // DefaultCookiePolicy()
//     cookiejar::basic_request login("http://www.acme.com/login");
//     jar.extract_cookies({{"Set-Cookie", "SID=31d4; path=/"}}, login);
//     cookiejar::basic_request page("http://www.acme.com/account");
//     jar.add_cookie_header(page);                     // page.header("Cookie") == "SID=31d4"
//
// These are Python's rules, older than RFC 6265 (no public-suffix list, no
// SameSite, Domain kept with its dot); netkit's own client keeps cookies in
// cookie::jar, by today's rules. The policy deciding what is stored and sent
// is in cookiejar_policy.hpp.
//
// Where it is quicker than Python: a request looks only at the domains its
// host is in (Python walks every domain of the jar); what it finds, and the
// order of the Cookie header, are Python's.
#pragma once

#include <netkit/cookie/cookiejar_helpers.hpp>
#include <netkit/core/string_map.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netkit::cookie::cookiejar {

class cookie_policy;

/// http.cookiejar.Cookie: a cookie as Python keeps it. Only a holder of
/// fields; cookie_jar::make_cookies is where they are given sense.
struct cookie {
    std::optional<std::int64_t> version = 0; ///< 0 Netscape, 1 RFC 2965 (nullopt: invalid)
    std::string name;
    std::optional<std::string> value; ///< nullopt: a name without '='
    std::optional<std::string> port;  ///< "80,8080"; nullopt: any port
    bool port_specified = false;
    std::string domain; ///< lower case; ".acme.com" for a Domain attribute
    bool domain_specified = false;
    bool domain_initial_dot = false;
    std::string path;
    bool path_specified = false;
    bool secure = false;
    std::optional<std::int64_t> expires; ///< seconds since 1970; nullopt: a session cookie
    bool discard = false;
    std::optional<std::string> comment;
    std::optional<std::string> comment_url;
    /// The attributes Python has no field for, in their order ("HttpOnly").
    std::vector<std::pair<std::string, std::optional<std::string>>> rest;
    bool rfc2109 = false; ///< came with Set-Cookie and Version=1

    bool has_nonstandard_attr(std::string_view attr) const;
    std::optional<std::string> get_nonstandard_attr(std::string_view attr) const;
    void set_nonstandard_attr(std::string attr, std::optional<std::string> value);
    bool is_expired(std::int64_t now) const { return expires && *expires <= now; }
};

/// What the jar asks of a request: urllib.request.Request's methods.
class request_like {
public:
    virtual ~request_like() = default;
    virtual std::string get_full_url() const = 0;
    /// The host of the page the user chose to visit (for third-party checks).
    virtual std::string origin_req_host() const = 0;
    /// Whether the user did not choose this request (an image, a redirect
    /// they were not asked about).
    virtual bool unverifiable() const = 0;
    virtual bool has_header(std::string_view name) const = 0;
    virtual std::optional<std::string> get_header(std::string_view name) const = 0;
    /// A header for this request only, not for where it is redirected.
    virtual void add_unredirected_header(std::string name, std::string value) = 0;
};

/// A request as the jar needs it, when there is no urllib request at hand.
class basic_request : public request_like {
public:
    /// origin_req_host is the URL's host, as Python's Request has it.
    explicit basic_request(std::string url, bool unverifiable = false);
    basic_request(std::string url, std::string origin_req_host, bool unverifiable);

    std::string get_full_url() const override { return url_; }
    std::string origin_req_host() const override { return origin_req_host_; }
    bool unverifiable() const override { return unverifiable_; }
    bool has_header(std::string_view name) const override;
    std::optional<std::string> get_header(std::string_view name) const override;
    void add_unredirected_header(std::string name, std::string value) override;
    /// A header the request was given (by name as written; Python capitalizes).
    void add_header(std::string name, std::string value);
    const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

private:
    std::string url_;
    std::string origin_req_host_;
    bool unverifiable_ = false;
    std::vector<std::pair<std::string, std::string>> headers_;
};

/// A response's header fields, in their order, as (name, value).
using header_list = std::vector<std::pair<std::string, std::string>>;

/// http.cookiejar.CookieJar. Not synchronized: a jar shared by threads is
/// guarded by its user.
class cookie_jar {
public:
    /// With default_cookie_policy{} when `policy` is null.
    explicit cookie_jar(std::shared_ptr<cookie_policy> policy = nullptr);
    ~cookie_jar();
    cookie_jar(cookie_jar&&) noexcept;
    cookie_jar& operator=(cookie_jar&&) noexcept;

    void set_policy(std::shared_ptr<cookie_policy> policy);
    cookie_policy& policy() const { return *policy_; }
    /// The time, in seconds since 1970, the jar judges expiry by (the
    /// system clock unless set).
    void set_clock(std::function<std::int64_t()> clock);

    /// Adds Cookie (and Cookie2, advertising RFC 2965 when the policy
    /// speaks it) to `request`, unless it has them; then drops expired cookies.
    void add_cookie_header(request_like& request);
    /// Stores the cookies of Set-Cookie and Set-Cookie2 in `response_headers`
    /// that the policy accepts for `request`.
    void extract_cookies(const header_list& response_headers, const request_like& request);
    /// The cookies `response_headers` make for `request`, unchecked (a
    /// cookie already expired is not made: it removes its stored twin).
    std::vector<cookie> make_cookies(const header_list& response_headers,
                                     const request_like& request);
    /// Stores `c` if the policy accepts it for `request`.
    void set_cookie_if_ok(const cookie& c, const request_like& request);
    /// Stores `c` without asking, replacing the one with its domain, path and name.
    void set_cookie(const cookie& c);

    /// clear(): all; clear(domain): a domain's; clear(domain, path): a
    /// path's; clear(domain, path, name): one cookie. What is named must be
    /// there: Python's KeyError is std::out_of_range.
    void clear();
    void clear(std::string_view domain);
    void clear(std::string_view domain, std::string_view path);
    void clear(std::string_view domain, std::string_view path, std::string_view name);
    /// Drops the cookies with discard set (the session cookies).
    void clear_session_cookies();
    void clear_expired_cookies();

    /// The cookies, in Python's order: by domain, then path, then name, each
    /// in the order it first came.
    std::vector<cookie> cookies() const;
    std::size_t size() const;

private:
    struct path_entry;
    struct domain_entry;
    std::vector<const cookie*> cookies_for_request(const request_like& request,
                                                   std::int64_t now) const;
    domain_entry* find_domain(std::string_view domain) const;
    /// Removes one cookie; whether it was there.
    bool erase(std::string_view domain, std::string_view path, std::string_view name);
    std::vector<cookie>
    cookies_from(const std::vector<std::vector<std::pair<std::string, ns_value>>>& attrs_set,
                 const request_like& request, std::int64_t now);

    std::shared_ptr<cookie_policy> policy_;
    std::function<std::int64_t()> clock_;
    // Python's dict of dicts of dicts, which keeps insertion order; plus an
    // index from domain to entry, so a request looks only at its domains.
    std::vector<std::unique_ptr<domain_entry>> domains_;
    string_map<domain_entry*> by_domain_;
    std::uint64_t next_order_ = 0; ///< a new domain's place in that order
    /// No cookie expires before this (a bound, not exact): Python looks for
    /// expired cookies after every request, and this spares the walk.
    std::int64_t earliest_expiry_ = std::numeric_limits<std::int64_t>::max();
};

} // namespace netkit::cookie::cookiejar
