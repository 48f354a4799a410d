// The netkit command's exit codes (listed in `netkit --help`), and the one
// way it reports a failure: a single line on stderr, then that code.
#pragma once

#include <string>
#include <string_view>
#include <system_error>

namespace netkit::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;       // anything not listed below
inline constexpr int exit_usage = 2;         // bad command line or bad input
inline constexpr int exit_malformed_url = 3; // the URL does not parse (curl's number)
inline constexpr int exit_resolve = 6;       // could not resolve host (curl's number)
inline constexpr int exit_connect = 7;       // could not connect (curl's number)
inline constexpr int exit_weird_reply = 8;   // FTP reply not understood (curl's number)
inline constexpr int exit_partial = 18;      // transfer ended short (curl's number)
inline constexpr int exit_http_error = 22;   // HTTP status >= 400 (curl's number)
inline constexpr int exit_range_error =
    33; // a resume the server's answer does not fit (curl's number)
inline constexpr int exit_write_error = 23;  // the body could not be written (curl's number)
inline constexpr int exit_read_error = 26;   // an input file could not be read (curl's number)
inline constexpr int exit_timeout = 28;      // operation timed out (curl's number)
inline constexpr int exit_tls = 35;          // TLS handshake failed (curl's number)
inline constexpr int exit_read_file = 37;    // a file: URL's file cannot be read (curl's number)
inline constexpr int exit_listen = 45;       // could not bind or listen (curl's "interface" number)
inline constexpr int exit_recv_error = 56;   // the connection broke while receiving (curl's number)
inline constexpr int exit_certificate = 60;  // peer certificate not trusted (curl's number)
inline constexpr int exit_login_denied = 67; // FTP login refused (curl's number)
inline constexpr int exit_remote_missing = 78; // FTP 550: no such file or directory (curl's number)

/// The help text's table of exit codes.
extern const char* const exit_code_help;

/// The code for a failure to connect (resolve, refused, timeout, TLS).
int connect_exit_code(const std::error_code& ec);

/// `text` with control characters and Unicode line breaks escaped ("\x1b"),
/// so that what a user or a peer sent cannot drive the terminal; line feeds
/// and tabs are kept when asked (a server's multi-line reply, a listing).
std::string terminal_safe(std::string_view text, bool keep_line_feeds);

/// Prints "netkit: <message>" on stderr, as one line, and returns `code`.
int fail(int code, std::string_view message);
/// Prints "netkit: warning: MESSAGE" (control characters escaped) and goes on.
void warn(std::string_view message);

} // namespace netkit::cli
