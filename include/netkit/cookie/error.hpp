// Errors of the cookie module (netkit::cookie) that an error_code carries;
// http.cookies' CookieError is cookie_error, an exception, as in Python.
#pragma once

#include <netkit/core/error.hpp>

#include <system_error>

namespace netkit::cookie {

enum class error {
    not_a_cookie_file = 1, ///< its first line is neither a comment nor a cookie
    // What a server may not send in a Set-Cookie (browsers would drop it).
    bad_name,                ///< empty, or a character outside a token
    bad_value,               ///< a control character, ';', or a lone '"'
    bad_attribute_value,     ///< a control character or ';' in Path, Domain, Expires...
    too_long,                ///< name and value over 4096 bytes, or an attribute over 1024
    secure_prefix,           ///< __Secure- without Secure
    host_prefix,             ///< __Host- without Secure, with Domain, or with a Path not "/"
    same_site_none_insecure, ///< SameSite=None without Secure
};

const std::error_category& error_category() noexcept;

inline std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

} // namespace netkit::cookie

template <> struct std::is_error_code_enum<netkit::cookie::error> : std::true_type {};
