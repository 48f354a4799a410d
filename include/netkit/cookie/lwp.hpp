// The LWP format of Python's LWPCookieJar (libwww-perl's): a "#LWP-Cookies-2.0"
// first line, then "Set-Cookie3: name=value; path="/"; domain=...; ..." a
// cookie, its words as http.cookiejar splits and joins them. Lines only:
// files are cookie/engine/cookie_file.hpp's.
#pragma once

#include <netkit/cookie/jar.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace netkit::cookie {

/// The first line of an LWP file, as Python writes it.
inline constexpr std::string_view lwp_header = "#LWP-Cookies-2.0\n";
/// Whether `first_line` opens an LWP file ("#LWP-Cookies-N.N").
bool is_lwp_header(std::string_view first_line);

struct lwp_line {
    std::vector<cookie> values; ///< a line may hold several, split at ','
    std::string problem;        ///< why the line is not one ("" for other lines)
};

/// One line: cookies from a "Set-Cookie3:" line (session cookies, those with
/// "discard" or no "expires", come with persistent false); other lines are
/// neither cookies nor problems, as Python skips them.
lwp_line parse_lwp_line(std::string_view line);

/// The "Set-Cookie3: ..." line Python's LWPCookieJar writes for `c`.
std::string format_lwp_line(const cookie& c);

} // namespace netkit::cookie
