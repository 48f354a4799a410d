// FTP command lines (RFC 959 §4.1, §5.3): what the client writes on the
// control connection.
//
//     auto line = netkit::ftp::command_line("RETR " + name);   // "RETR a.txt\r\n"
//     if (!line) ...   // error::newline_in_command: name held CR or LF
//
// A CR or LF inside a command would end it early and let the rest run as a
// second command (an injection), so the whole line is refused, as ftplib and
// curl refuse it.
#pragma once

#include <netkit/core/result.hpp>

#include <string>
#include <string_view>

namespace netkit::ftp {

/// `command` with CRLF appended. Errors: newline_in_command.
result<std::string> command_line(std::string_view command);

/// The command as a log shows it: "PASS ****" for a password, else unchanged
/// (ftplib's sanitize, without its leading characters kept).
std::string masked(std::string_view command);

} // namespace netkit::ftp
