// A jar's file: cookies.txt (the Netscape format curl, wget and Python's
// MozillaCookieJar share) or an LWP file (Python's LWPCookieJar), told
// apart by the first line, read into a jar, and the jar written back so that
// nothing is lost: the new file is written beside the old one and renamed
// over it (the old file survives any failure), under a lock, merged with
// what another process saved since this one read the file.
//
//     auto file = netkit::cookie::cookie_file::open("cookies.txt").value();
//     netkit::cookie::jar jar;
//     file.load_into(jar);                 // warnings: file.warnings()
//     ... requests ...
//     file.save(jar).value();
#pragma once

#include <netkit/cookie/jar.hpp>
#include <netkit/core/result.hpp>

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace netkit::cookie {

enum class cookie_format {
    netscape, ///< cookies.txt: curl, wget, MozillaCookieJar
    lwp,      ///< "#LWP-Cookies-2.0": LWPCookieJar
};

class cookie_file {
public:
    /// Reads the file as it is now (a missing file is an empty one): the
    /// cookies load_into() gives, and the base save() merges against. An
    /// error when it cannot be read or is not a cookies.txt (a first line
    /// that is no comment and no cookie); a malformed line is skipped with
    /// a warning naming its number.
    static result<cookie_file> open(std::string path);

    /// Puts the file's cookies into `j`: the expired never, session cookies
    /// (expiry 0) only with keep_session_cookies (curl keeps them unless -j;
    /// Python's ignore_discard). Returns how many.
    std::size_t load_into(jar& j, bool keep_session_cookies = true) const;

    /// Writes `j`: its cookies, and the file's that another process saved
    /// since open() (a cookie both changed: this one's; one this process
    /// deleted or never loaded: gone). Session cookies only with
    /// keep_session_cookies. The result is read back by open() as written.
    result<void> save(const jar& j, bool keep_session_cookies = true);

    const std::string& path() const noexcept { return path_; }
    /// The format the file was read in (netscape for a new file), which
    /// save() writes; set_format() converts.
    cookie_format format() const noexcept { return format_; }
    void set_format(cookie_format f) noexcept { format_ = f; }
    /// "cookies.txt:7: 7 fields separated by tabs expected, found 5", one per skipped line.
    const std::vector<std::string>& warnings() const noexcept { return warnings_; }

private:
    using key =
        std::tuple<std::string, std::string, std::string, bool>; // name, domain, path, host-only
    static key key_of(const cookie& c);
    /// The cookies of the file at `path` as it is now, by key.
    result<std::map<key, cookie>> read(std::vector<std::string>* warnings,
                                       cookie_format* format) const;

    std::string path_;
    cookie_format format_ = cookie_format::netscape;
    std::map<key, cookie> base_;
    std::vector<std::string> warnings_;
};

} // namespace netkit::cookie
