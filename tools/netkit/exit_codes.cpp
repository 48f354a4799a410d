#include "exit_codes.hpp"

#include <netkit/core/error.hpp>
#include <netkit/core/escape.hpp>
#include <netkit/net/error.hpp>

#include <cstdio>
#include <string>

namespace netkit::cli {

const char* const exit_code_help = R"(Exit codes:
  0   success
  1   other failure
  2   bad usage
  3   malformed URL (fetch): the message names the position and the rule
  6   could not resolve host
  7   could not connect
  8   FTP reply not understood (ftp)
  18  transfer ended short (ftp, fetch)
  22  HTTP status 400 or more (fetch)
  23  the body was not written: a full disk, a reader gone from the pipe, a folder that is not
      there (fetch, ftp get), binary output to a terminal (fetch; -o - writes it anyway),
      or the -c cookie jar could not be saved
  26  an input file could not be read (fetch: a -b file that is not a cookies.txt)
  28  timed out
  33  cannot resume: the server's range does not fit the partial file (fetch -C -)
  35  TLS handshake failed
  37  a file: URL's file could not be read (fetch)
  45  could not bind or listen (address in use, permission)
  56  the connection was reset while receiving (fetch)
  60  peer certificate not trusted
  67  login refused (ftp, fetch of ftp:// URLs: 530)
  78  no such remote file or directory (ftp, fetch of ftp:// URLs: 550))";

int connect_exit_code(const std::error_code& ec) {
    if (ec == net::error::host_not_found) {
        return exit_resolve;
    }
    if (ec == condition::timed_out) {
        return exit_timeout;
    }
    if (net::is_certificate_error(ec)) {
        return exit_certificate;
    }
    if (ec == condition::tls_failure) {
        return exit_tls;
    }
    if (ec == condition::bad_input) {
        return exit_usage;
    }
    return exit_connect;
}

std::string terminal_safe(std::string_view text, bool keep_line_feeds) {
    return escape_controls(text, {.keep_line_feeds = keep_line_feeds});
}

int fail(int code, std::string_view message) {
    std::fflush(stdout);
    std::string line = "netkit: ";
    line += terminal_safe(message, false);
    line += '\n';
    std::fputs(line.c_str(), stderr);
    return code;
}

void warn(std::string_view message) {
    (void)fail(exit_ok, "warning: " + std::string(message));
}

} // namespace netkit::cli
