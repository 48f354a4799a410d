// Errors of the sockets layer (netkit::net).
//
// Operations return result<T> whose error is one of:
//   - a net::error below (timeouts, malformed endpoints, limits),
//   - a system error from the kernel (std::errc::connection_refused, ...),
//   - a TLS error in tls_category(): a certificate verification failure names
//     the check that failed ("certificate has expired", "hostname mismatch"),
//     other TLS failures carry OpenSSL's reason.
// The end of a stream is asio::error::eof; a canceled operation (closed
// under it) is std::errc::operation_canceled. Kernel errors compare equal to
// std::errc values.
// Compare with netkit::condition to ask what kind of failure it was:
//
//     if (r.error() == netkit::condition::timed_out) ...
//     if (r.error() == netkit::condition::tls_failure) ...
#pragma once

#include <netkit/core/error.hpp>

#include <string>
#include <system_error>

namespace netkit::net {

enum class error {
    timed_out = 1,      ///< the operation ran past its time limit
    empty_endpoint,     ///< an endpoint string was empty
    bad_port,           ///< the port is not a number from 0 to 65535
    missing_port,       ///< "host" with no ":port" where a port is required
    unclosed_bracket,   ///< "[::1" without its "]"
    bad_ipv6_literal,   ///< the text inside [...] is not an IPv6 address
    bad_host,           ///< the host part is empty or holds characters no host name has
    unix_path_empty,    ///< "unix:" with no path
    unix_path_too_long, ///< longer than sockaddr_un allows (107 bytes on Linux)
    host_not_found,     ///< the resolver knows no address for the name
    line_too_long,      ///< read_until found no delimiter within its size cap
    not_a_socket_file,  ///< a Unix socket path names an existing non-socket file
    tls_truncated,      ///< the TLS peer closed the connection without close_notify
};

const std::error_category& error_category() noexcept;

inline std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// TLS failures. Values below 2^23 are OpenSSL X509_V_ERR_* verification
/// codes; larger values are OpenSSL packed error codes (ERR_get_error()).
const std::error_category& tls_category() noexcept;

/// True for a failed check of the peer's certificate (untrusted, expired,
/// wrong host name), as opposed to other TLS failures.
bool is_certificate_error(const std::error_code& ec) noexcept;

/// True for the ordinary end of a stream: EOF, or a TLS peer that closed
/// without close_notify (Python's suppress_ragged_eofs). Whether everything
/// came is then the protocol's to say (a length, FTP's 226 reply).
bool is_end_of_stream(const std::error_code& ec) noexcept;

/// A human sentence for an error, with the endpoint or operation it concerns:
/// describe(ec, "connect to localhost:5000") gives
/// "connect to localhost:5000: Connection refused".
std::string describe(const std::error_code& ec, std::string_view what);

} // namespace netkit::net

template <> struct std::is_error_code_enum<netkit::net::error> : std::true_type {};
