// http.cookiejar's CookiePolicy and DefaultCookiePolicy: which cookies a
// cookie_jar accepts from a response and returns with a request. Python's
// switches, with its defaults; a subclass may override any rule, as in Python.
//
//     auto policy = std::make_shared<cookiejar::default_cookie_policy>();
//     policy->set_blocked_domains({".ads.example"});
//     policy->strict_ns_unverifiable = true;   // no third-party cookies for
//                                              // requests the user did not choose
//     cookiejar::cookie_jar jar(policy);
#pragma once

#include <netkit/cookie/cookiejar.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::cookie::cookiejar {

/// http.cookiejar.CookiePolicy.
class cookie_policy {
public:
    virtual ~cookie_policy() = default;
    /// Whether `c`, from a response to `request`, may be stored.
    virtual bool set_ok(const cookie& c, const request_like& request) const = 0;
    /// Whether `c` may go with `request`, at `now`.
    virtual bool return_ok(const cookie& c, const request_like& request,
                           std::int64_t now) const = 0;
    /// Cheap first tests, before return_ok: false when no cookie of
    /// `domain` (or `path`) may go with `request`. The jar looks only at the
    /// domains a request's host is in, so these can narrow what is sent,
    /// not widen it.
    virtual bool domain_return_ok(std::string_view domain, const request_like& request) const;
    virtual bool path_return_ok(std::string_view path, const request_like& request) const;

    /// Whether the jar reads Set-Cookie (Netscape) and Set-Cookie2 (RFC 2965)
    /// headers at all; whether it advertises RFC 2965 with Cookie2.
    virtual bool accepts_netscape() const { return true; }
    virtual bool accepts_rfc2965() const { return false; }
    virtual bool advertises_rfc2965() const { return accepts_rfc2965(); }
    /// Whether an RFC 2109 cookie (Set-Cookie with Version=1) is downgraded
    /// to a Netscape one.
    virtual bool rfc2109_as_netscape() const { return !accepts_rfc2965(); }
};

/// http.cookiejar.DefaultCookiePolicy: the switches are its attributes.
class default_cookie_policy : public cookie_policy {
public:
    /// strict_ns_domain's flags.
    static constexpr int domain_strict_no_dots = 1;    ///< DomainStrictNoDots
    static constexpr int domain_strict_non_domain = 2; ///< DomainStrictNonDomain
    static constexpr int domain_rfc2965_match = 4;     ///< DomainRFC2965Match
    static constexpr int domain_liberal = 0;
    static constexpr int domain_strict = domain_strict_no_dots | domain_strict_non_domain;

    bool netscape = true;
    bool rfc2965 = false;
    /// nullopt: as RFC 2965 cookies when rfc2965 is on, else as Netscape ones.
    std::optional<bool> rfc2109_as_netscape_switch;
    bool hide_cookie2 = false;
    /// Refuse Domain=.co.uk and the like (a short list of second levels).
    bool strict_domain = false;
    /// Refuse third-party cookies in requests the user did not choose.
    bool strict_rfc2965_unverifiable = true;
    bool strict_ns_unverifiable = false;
    int strict_ns_domain = domain_liberal;
    /// Refuse Netscape cookies whose name starts with '$'.
    bool strict_ns_set_initial_dollar = false;
    /// Refuse Netscape cookies whose Path is not a prefix of the request's.
    bool strict_ns_set_path = false;
    /// The schemes a Secure cookie goes with.
    std::vector<std::string> secure_protocols{"https", "wss"};

    default_cookie_policy() = default;

    const std::vector<std::string>& blocked_domains() const { return blocked_domains_; }
    void set_blocked_domains(std::vector<std::string> domains) {
        blocked_domains_ = std::move(domains);
    }
    /// A domain blocked by the list (".acme.com" blocks every host under it).
    bool is_blocked(std::string_view domain) const;
    /// nullopt: every domain is allowed.
    const std::optional<std::vector<std::string>>& allowed_domains() const {
        return allowed_domains_;
    }
    void set_allowed_domains(std::optional<std::vector<std::string>> domains) {
        allowed_domains_ = std::move(domains);
    }
    bool is_not_allowed(std::string_view domain) const;

    bool set_ok(const cookie& c, const request_like& request) const override;
    bool return_ok(const cookie& c, const request_like& request, std::int64_t now) const override;
    bool domain_return_ok(std::string_view domain, const request_like& request) const override;
    bool path_return_ok(std::string_view path, const request_like& request) const override;
    bool accepts_netscape() const override { return netscape; }
    bool accepts_rfc2965() const override { return rfc2965; }
    bool advertises_rfc2965() const override { return rfc2965 && !hide_cookie2; }
    bool rfc2109_as_netscape() const override {
        return rfc2109_as_netscape_switch.value_or(!rfc2965);
    }

    // set_ok's rules, in the order it applies them.
    virtual bool set_ok_version(const cookie& c, const request_like& request) const;
    virtual bool set_ok_verifiability(const cookie& c, const request_like& request) const;
    virtual bool set_ok_name(const cookie& c, const request_like& request) const;
    virtual bool set_ok_path(const cookie& c, const request_like& request) const;
    virtual bool set_ok_domain(const cookie& c, const request_like& request) const;
    virtual bool set_ok_port(const cookie& c, const request_like& request) const;
    // return_ok's.
    virtual bool return_ok_version(const cookie& c, const request_like& request) const;
    virtual bool return_ok_verifiability(const cookie& c, const request_like& request) const;
    virtual bool return_ok_secure(const cookie& c, const request_like& request) const;
    virtual bool return_ok_expires(const cookie& c, const request_like& request,
                                   std::int64_t now) const;
    virtual bool return_ok_port(const cookie& c, const request_like& request) const;
    virtual bool return_ok_domain(const cookie& c, const request_like& request) const;

private:
    std::vector<std::string> blocked_domains_;
    std::optional<std::vector<std::string>> allowed_domains_;
};

/// RFC 2965 §3.3.6: a request to a host outside the reach of the page the
/// user chose.
bool is_third_party(const request_like& request);
/// The request's host and the effective one (with ".local" when it has no dot).
std::pair<std::string, std::string> eff_request_host(const request_like& request);

} // namespace netkit::cookie::cookiejar
