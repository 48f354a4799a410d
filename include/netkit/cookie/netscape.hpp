// The Netscape cookies.txt format that curl, wget and Python's
// MozillaCookieJar read and write: one cookie a line, seven fields split by
// tabs (domain, subdomains TRUE/FALSE, path, Secure TRUE/FALSE, expiry in
// seconds since 1970 with 0 for a session cookie, name, value), a
// "#HttpOnly_" prefix on the domain for HttpOnly cookies, '#' comments.
// Lines only: reading and writing files is cookie/engine/cookie_file.hpp's.
//
//     auto line =
//     netkit::cookie::parse_netscape_line(".example.com\tTRUE\t/\tFALSE\t0\tsid\t31d4");
//     line.cookie->host_only == false
#pragma once

#include <netkit/cookie/jar.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace netkit::cookie {

/// The first lines of a file netkit writes (curl's and Python's readers
/// look for the first one).
inline constexpr std::string_view netscape_header =
    "# Netscape HTTP Cookie File\n"
    "# https://curl.se/docs/http-cookies.html\n"
    "# This file was written by netkit: each line is a cookie.\n\n";

struct netscape_line {
    std::optional<cookie> value; ///< the line's cookie
    std::string problem;         ///< why the line is not one ("" for a comment or a blank line)
};

/// One line, without its line end (a trailing "\r" is allowed). A session
/// cookie (expiry 0 or empty) comes with persistent false.
netscape_line parse_netscape_line(std::string_view line);

/// The line for `c`, or nullopt when it cannot be written (a tab or a line
/// end in its name, value or path).
std::optional<std::string> format_netscape_line(const cookie& c);

} // namespace netkit::cookie
