// Cookies from a Firefox profile (its cookies.sqlite, the moz_cookies
// table), into a jar: what `fetch --cookies-from-browser firefox` sends.
// The database is copied, with its write-ahead log, to a private folder and
// read there read-only, so that a running Firefox is neither disturbed nor
// missed (a cookie it wrote lately may still be in the log, which SQLite's
// immutable mode would skip). Cookies of containers and private windows
// (a non-empty originAttributes) are left out: they are other jars.
//
//     netkit::cookie::jar jar;
//     auto report = netkit::cookie::import_firefox_cookies(jar,
//     "~/.mozilla/firefox/abcd.default-esr"); if (!report.error.empty()) ...
#pragma once

#include <netkit/cookie/jar.hpp>

#include <string>

namespace netkit::cookie {

struct import_report {
    std::size_t imported = 0;
    std::string error; ///< empty, or what went wrong ("no cookies.sqlite in ...", SQLite's words)
};

/// `where`: a profile folder, a cookies.sqlite, or empty for the default
/// profile of ~/.mozilla/firefox (profiles.ini). Expired cookies are skipped.
import_report import_firefox_cookies(jar& j, const std::string& where);

} // namespace netkit::cookie
