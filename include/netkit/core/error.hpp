// Error conditions shared by every netkit module.
//
// Each module has its own error enum and category (net::error, http::error,
// ftp::error, url::error). A caller that only cares about the kind of failure
// compares against a condition and need not know which layer failed:
//
//     if (r.error() == netkit::condition::timed_out) retry();
//
// std::errc::timed_out (ETIMEDOUT from the kernel) also matches timed_out.
#pragma once

#include <system_error>

namespace netkit {

enum class condition {
    timed_out = 1,      ///< an operation ran past its time limit
    limit_exceeded,     ///< input was larger than a configured limit
    protocol_violation, ///< the peer broke the protocol
    tls_failure,        ///< the TLS handshake, certificate check or record layer failed
    canceled,           ///< the operation was canceled before it finished
    bad_input,          ///< a caller-supplied value (address, URL, ...) is malformed
};

const std::error_category& condition_category() noexcept;

/// The few errors that belong to no module.
enum class core_error {
    /// A failure reported with an empty std::error_code (see result<T>).
    unreported = 1,
    /// base64 text whose last group lacks its '=' padding (Python's binascii.Error)
    base64_padding,
    /// base64 text of 4n+1 characters, which no bytes encode to
    base64_length,
};

const std::error_category& core_category() noexcept;

inline std::error_code make_error_code(core_error e) noexcept {
    return {static_cast<int>(e), core_category()};
}

inline std::error_condition make_error_condition(condition c) noexcept {
    return {static_cast<int>(c), condition_category()};
}

} // namespace netkit

template <> struct std::is_error_condition_enum<netkit::condition> : std::true_type {};

template <> struct std::is_error_code_enum<netkit::core_error> : std::true_type {};
