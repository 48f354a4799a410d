#include <netkit/net/error.hpp>

#include <asio/error.hpp>

#include <openssl/err.h>
#include <openssl/x509.h>

#include <string>

namespace netkit::net {
namespace {

class error_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.net"; }

    std::string message(int value) const override {
        switch (static_cast<error>(value)) {
        case error::timed_out: return "timed out";
        case error::empty_endpoint: return "empty address";
        case error::bad_port: return "port must be a number from 0 to 65535";
        case error::missing_port: return "missing port (expected HOST:PORT)";
        case error::unclosed_bracket:
            return "IPv6 address has no closing ']' (expected [ADDRESS]:PORT)";
        case error::bad_ipv6_literal: return "not a valid IPv6 address between [ and ]";
        case error::bad_host: return "not a valid host name or address";
        case error::unix_path_empty: return "Unix socket path is empty (expected unix:/path)";
        case error::unix_path_too_long: return "Unix socket path is longer than 107 bytes";
        case error::host_not_found: return "host not found";
        case error::line_too_long: return "line longer than the limit";
        case error::not_a_socket_file:
            return "path exists and is not a socket (refusing to replace it)";
        case error::tls_truncated: return "TLS peer closed the connection without close_notify";
        }
        return "unknown netkit.net error";
    }

    std::error_condition default_error_condition(int value) const noexcept override {
        switch (static_cast<error>(value)) {
        case error::timed_out: return condition::timed_out;
        case error::line_too_long: return condition::limit_exceeded;
        case error::tls_truncated: return condition::tls_failure;
        case error::empty_endpoint:
        case error::bad_port:
        case error::missing_port:
        case error::unclosed_bracket:
        case error::bad_ipv6_literal:
        case error::bad_host:
        case error::unix_path_empty:
        case error::unix_path_too_long: return condition::bad_input;
        default: return {value, *this};
        }
    }
};

constexpr int first_packed_openssl_error = 1 << 23;

class tls_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.tls"; }

    std::string message(int value) const override {
        if (value < first_packed_openssl_error) {
            return std::string("certificate verify failed: ") +
                   X509_verify_cert_error_string(value);
        }
        const char* reason = ERR_reason_error_string(static_cast<unsigned long>(value));
        return std::string("TLS error: ") + (reason ? reason : "unknown OpenSSL error");
    }

    std::error_condition default_error_condition(int) const noexcept override {
        return condition::tls_failure;
    }
};

} // namespace

const std::error_category& error_category() noexcept {
    static const error_category_impl instance;
    return instance;
}

const std::error_category& tls_category() noexcept {
    static const tls_category_impl instance;
    return instance;
}

bool is_certificate_error(const std::error_code& ec) noexcept {
    return ec.category() == tls_category() && ec.value() < first_packed_openssl_error;
}

bool is_end_of_stream(const std::error_code& ec) noexcept {
    return ec == asio::error::eof || ec == error::tls_truncated;
}

std::string describe(const std::error_code& ec, std::string_view what) {
    std::string text(what);
    text += ": ";
    text += ec.message();
    return text;
}

} // namespace netkit::net
