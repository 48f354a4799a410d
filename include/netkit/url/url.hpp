// A strict RFC 3986 URI reference: parsed against the grammar of Appendix A
// (an error names the position and the rule broken), normalized as §6.2.2
// and §6.2.3 describe, and resolved against a base as §5.2 does.
//
//     netkit::url::parse_error where;
//     auto u = netkit::url::parse_uri_reference("HTTP://Example.COM:80/a/./b/../c?%7e", &where);
//     u->host() == "Example.COM"
//     netkit::url::normalize(*u) == "http://example.com/a/c?~"
//     netkit::url::resolve(base, ref)          // RFC 3986 §5.2.2, no Python quirks
//
// url_view does not own its text: the string passed to the parser must
// outlive it. url owns a copy.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/url/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::url {

enum class host_kind { none, reg_name, ipv4, ipv6, ipvfuture };

/// Where parsing stopped: the byte offset and the rule broken.
struct parse_error {
    std::size_t position = 0;
    std::error_code code;
    /// "position 7: '%' must be followed by two hex digits (RFC 3986 §2.1)"
    std::string message() const;
};

class url_view {
public:
    url_view() = default;

    bool has_scheme() const noexcept { return has_scheme_; }
    bool has_authority() const noexcept { return has_authority_; }
    bool has_userinfo() const noexcept { return has_userinfo_; }
    bool has_port() const noexcept { return has_port_; }
    bool has_query() const noexcept { return has_query_; }
    bool has_fragment() const noexcept { return has_fragment_; }

    std::string_view scheme() const noexcept { return scheme_; }
    std::string_view authority() const noexcept { return authority_; }
    std::string_view userinfo() const noexcept { return userinfo_; }
    /// The host as written; an IP literal keeps its brackets.
    std::string_view host() const noexcept { return host_; }
    host_kind host_type() const noexcept { return host_kind_; }
    std::string_view port() const noexcept { return port_; }
    /// The port as a number; nullopt when absent, empty or above 65535.
    std::optional<std::uint16_t> port_number() const noexcept;
    std::string_view path() const noexcept { return path_; }
    std::string_view query() const noexcept { return query_; }
    std::string_view fragment() const noexcept { return fragment_; }

    /// The whole reference, as parsed.
    std::string_view buffer() const noexcept { return buffer_; }

private:
    friend result<url_view> parse_uri_reference(std::string_view, parse_error*);
    std::string_view buffer_, scheme_, authority_, userinfo_, host_, port_, path_, query_,
        fragment_;
    host_kind host_kind_ = host_kind::none;
    bool has_scheme_ = false, has_authority_ = false, has_userinfo_ = false, has_port_ = false,
         has_query_ = false, has_fragment_ = false;
};

/// URI-reference: an absolute URI or a relative reference.
result<url_view> parse_uri_reference(std::string_view text, parse_error* error = nullptr);
/// URI: the scheme is required.
result<url_view> parse_uri(std::string_view text, parse_error* error = nullptr);

/// An owned, valid URI reference.
class url {
public:
    /// Parses and keeps a copy of `text`.
    static result<url> parse(std::string_view text, parse_error* error = nullptr);

    url(const url& other) : text_(other.text_) { reparse(); }
    url(url&& other) noexcept : text_(std::move(other.text_)) { reparse(); }
    url& operator=(const url& other) {
        text_ = other.text_;
        reparse();
        return *this;
    }
    url& operator=(url&& other) noexcept {
        text_ = std::move(other.text_);
        reparse();
        return *this;
    }

    const url_view& view() const noexcept { return view_; }
    const url_view* operator->() const noexcept { return &view_; }
    const std::string& str() const noexcept { return text_; }

private:
    url() = default;
    void reparse() noexcept;
    std::string text_;
    url_view view_;
};

/// RFC 3986 §6.2.2 (syntax-based) and §6.2.3 (scheme-based) normalization:
/// lower-case scheme and host, upper-case percent-encoding hex digits,
/// unreserved characters decoded, dot segments removed (URIs only), the
/// scheme's default port and an empty port dropped, an empty path with an
/// authority becoming "/" for http, https, ws and wss.
std::string normalize(const url_view& u);

/// RFC 3986 §5.2.2: the target of `ref` resolved against the absolute `base`
/// (missing_scheme when the base has none).
result<url> resolve(const url_view& base, const url_view& ref);

/// RFC 3986 §5.2.4.
std::string remove_dot_segments(std::string_view path);

/// The default port of a scheme (http 80, https 443, ws 80, wss 443, ftp 21), or 0.
std::uint16_t default_port(std::string_view scheme) noexcept;

} // namespace netkit::url
