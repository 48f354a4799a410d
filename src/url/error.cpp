#include <netkit/url/error.hpp>

namespace netkit::url {
namespace {

class category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.url"; }

    std::string message(int value) const override {
        switch (static_cast<error>(value)) {
        case error::invalid_ipv6_url: return "Invalid IPv6 URL";
        case error::invalid_ipvfuture: return "IPvFuture address is invalid";
        case error::bracketed_ipv4: return "An IPv4 address cannot be in brackets";
        case error::bad_bracketed_host: return "the bracketed host is not an IPv4 or IPv6 address";
        case error::netloc_nfkc:
            return "netloc contains invalid characters under NFKC normalization";
        case error::port_not_integer: return "Port could not be cast to integer value";
        case error::port_out_of_range: return "Port out of range 0-65535";
        case error::bad_query_field: return "bad query field";
        case error::too_many_fields: return "Max number of fields exceeded";
        case error::bad_separator: return "Separator must be of type string or bytes.";
        case error::bad_scheme:
            return "invalid scheme (RFC 3986 §3.1: a letter, then letters, digits, '+', '-', '.')";
        case error::bad_userinfo: return "invalid character in userinfo (RFC 3986 §3.2.1)";
        case error::bad_host: return "invalid host (RFC 3986 §3.2.2)";
        case error::bad_port: return "invalid port (RFC 3986 §3.2.3: digits, at most 65535)";
        case error::bad_path: return "invalid character in path (RFC 3986 §3.3)";
        case error::bad_query: return "invalid character in query (RFC 3986 §3.4)";
        case error::bad_fragment: return "invalid character in fragment (RFC 3986 §3.5)";
        case error::bad_percent_encoding:
            return "'%' must be followed by two hex digits (RFC 3986 §2.1)";
        case error::missing_scheme:
            return "not an absolute URI: the scheme is missing (RFC 3986 §4.3)";
        case error::idna_failure:
            return "not a valid internationalized domain name (IDNA 2008, UTS #46)";
        case error::not_a_data_url: return "not a data: URL";
        case error::data_url_without_comma:
            return "a data: URL needs a ',' between its media type and its data";
        }
        return "unknown netkit.url error";
    }

    std::error_condition default_error_condition(int) const noexcept override {
        return condition::bad_input;
    }
};

} // namespace

const std::error_category& error_category() noexcept {
    static const category_impl instance;
    return instance;
}

std::string python_message(std::error_code code, std::string_view subject) {
    if (code.category() != error_category()) {
        return code.message();
    }
    switch (static_cast<error>(code.value())) {
    case error::bad_bracketed_host:
        return python_repr(subject) + " does not appear to be an IPv4 or IPv6 address";
    case error::netloc_nfkc:
        return "netloc '" + std::string(subject) +
               "' contains invalid characters under NFKC normalization";
    case error::port_not_integer:
        return "Port could not be cast to integer value as " + python_repr(subject);
    case error::bad_query_field: return "bad query field: " + python_repr(subject);
    default: return code.message();
    }
}

} // namespace netkit::url
