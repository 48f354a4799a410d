// Errors of the url module.
//
// The Python-shaped functions (urlsplit, parse_qsl, ...) come in two forms:
// try_urlsplit() returns a result whose error is one of the codes below, and
// urlsplit() throws url::value_error carrying Python's exact message, as
// CPython raises ValueError:
//
//     try { netkit::url::urlsplit("http://[::1/"); }
//     catch (const netkit::url::value_error& e) { e.what(); } // "Invalid IPv6 URL"
#pragma once

#include <netkit/core/error.hpp>
#include <netkit/url/repr.hpp> // python_repr, which the messages quote with

#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace netkit::url {

enum class error {
    // urllib.parse, where CPython raises ValueError
    invalid_ipv6_url = 1, ///< a '[' without ']' in the netloc, or the reverse
    invalid_ipvfuture,    ///< "[v...]" that is not vHEX.text
    bracketed_ipv4,       ///< "[127.0.0.1]": IPv4 has no brackets
    bad_bracketed_host,   ///< what is in brackets is no IP address
    netloc_nfkc,          ///< NFKC normalization of the netloc yields '/', '?', '#', '@' or ':'
    port_not_integer,     ///< the port is not made of ASCII digits
    port_out_of_range,    ///< the port is above 65535
    bad_query_field,      ///< parse_qsl(strict_parsing): a field without '='
    too_many_fields,      ///< parse_qsl(max_num_fields) exceeded
    bad_separator,        ///< parse_qsl with an empty separator
    // the strict RFC 3986 parser
    bad_scheme,           ///< scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    bad_userinfo,         ///< userinfo = *( unreserved / pct-encoded / sub-delims / ":" )
    bad_host,             ///< host = IP-literal / IPv4address / reg-name
    bad_port,             ///< port = *DIGIT (and at most 65535)
    bad_path,             ///< a character a path may not hold
    bad_query,            ///< a character a query may not hold
    bad_fragment,         ///< a character a fragment may not hold
    bad_percent_encoding, ///< '%' not followed by two hex digits
    missing_scheme,       ///< an absolute URI was required
    // host names
    idna_failure, ///< the name is not valid under IDNA 2008 / UTS #46
    // data: URLs
    not_a_data_url,         ///< the scheme is not data:
    data_url_without_comma, ///< no ',' between the media type and the data
};

const std::error_category& error_category() noexcept;

inline std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// What CPython raises as ValueError, with its message.
class value_error : public std::invalid_argument {
public:
    value_error(std::error_code code, const std::string& message)
        : std::invalid_argument(message), code_(code), message_(message) {}
    std::error_code code() const noexcept { return code_; }
    /// The whole message; what() stops at a NUL that the quoted input may hold.
    const std::string& message() const noexcept { return message_; }

private:
    std::error_code code_;
    std::string message_;
};

/// CPython's message for `code`; `subject` is the text the message quotes
/// (the netloc, the bracketed host, the port or the query field).
std::string python_message(std::error_code code, std::string_view subject);

} // namespace netkit::url

template <> struct std::is_error_code_enum<netkit::url::error> : std::true_type {};
