// Errors of the FTP codec and client (netkit::ftp).
//
// A reply the server sends is not an error of the connection: a 5xx is the
// server saying no. The client maps reply codes to errors as Python's ftplib
// maps them to exceptions, and keeps the reply's full text in
// client::last_reply(), because an error_code cannot carry it:
//
//     4xx  temporary_negative   ftplib.error_temp   (worth retrying later)
//     5xx  permanent_negative   ftplib.error_perm
//     a success code where another was due        ftplib.error_reply
//     not 1xx-5xx, or not a reply at all           ftplib.error_proto
#pragma once

#include <netkit/core/error.hpp>

#include <system_error>

namespace netkit::ftp {

enum class error {
    unexpected_reply = 1, ///< a success reply other than the one the command needs (error_reply)
    temporary_negative,   ///< a 4xx reply: the command failed, retrying later may work (error_temp)
    permanent_negative,   ///< a 5xx reply: the command failed (error_perm)
    bad_reply,            ///< a reply code outside 1xx-5xx or a malformed reply line (error_proto)
    reply_line_too_long,  ///< a reply line over 8192 bytes (ftplib's limit)
    reply_too_long,       ///< a multi-line reply over the client's total limit
    newline_in_command,   ///< a command or argument holds CR or LF (command injection)
    bad_passive_reply,    ///< a 227/229 reply without a usable address and port
    bad_listing,          ///< a MLSD or LIST line that cannot be parsed
    transfer_incomplete,  ///< the data connection ended before the size the server announced
    foreign_data_peer,    ///< an active-mode data connection came from another host than the server
    not_connected,        ///< a command before connect() or after close()
    not_an_ftp_url,       ///< a URL whose scheme is not ftp or ftps
    url_without_host,     ///< an ftp:// URL with no host
};

const std::error_category& error_category() noexcept;

inline std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

} // namespace netkit::ftp

template <> struct std::is_error_code_enum<netkit::ftp::error> : std::true_type {};
