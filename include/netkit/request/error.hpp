// Why an opener could not open a request, where Python's urllib raises
// URLError with a message of its own (the blocking face adds what the
// message names: the scheme, the file).
#pragma once

#include <system_error>

namespace netkit::request {

enum class error {
    unknown_url_type = 1,    ///< no handler opens the scheme ("unknown url type")
    no_host_given,           ///< http:// or https:// without a host
    file_not_on_local_host,  ///< a file: URL naming another host
    not_handled,             ///< no handler answered (every one returned nothing)
    unsupported_auth_scheme, ///< a challenge of a scheme no auth handler answers
    ftp_login_refused,       ///< the FTP server refused the user or password (530)
    ftp_file_not_found,      ///< the FTP server has no such file or directory (550)
};

const std::error_category& error_category() noexcept;

inline std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

} // namespace netkit::request

template <> struct std::is_error_code_enum<netkit::request::error> : std::true_type {};
