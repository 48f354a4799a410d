// http.cookiejar's helper functions, with CPython 3.13's answers (every
// call of its test suite in ../shared/conformance/cookiejar_cpython.json):
// its lenient date readers and writers, the header-word splitter LWP files
// and Netscape headers are read with, and its (pre-RFC 6265) domain rules.
// Python's names, in netkit::cookie::cookiejar.
//
//     cookiejar::http2time("03-Feb-94")                      // 760233600
//     cookiejar::split_header_words({"foo=\"bar\"; discard, b=2"})
//     cookiejar::domain_match("x.y.com", ".Y.com")             // true
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace netkit::cookie::cookiejar {

/// "YYYY-MM-DD hh:mm:ssZ" (UTC), as LWP files write dates.
std::string time2isoz(std::int64_t t);
/// "Wed, DD-Mon-YYYY HH:MM:SS GMT", the Netscape cookie date.
std::string time2netscape(std::int64_t t);
/// Seconds since 1970 of a date in one of the many forms HTTP servers
/// write (RFC 1123, RFC 850, asctime-ish, ...), with or without a zone;
/// nullopt when unrecognized or out of range. A two-digit year is the one
/// within 50 years of now.
std::optional<std::int64_t> http2time(std::string_view text);
/// The same for ISO 8601 forms ("1994-02-03 14:15:29 -0100", "19940203T141529Z").
std::optional<std::int64_t> iso2time(std::string_view text);

/// One header's words: (name, value) pairs, value nullopt for a bare word.
using header_pairs = std::vector<std::pair<std::string, std::optional<std::string>>>;
/// Splits header values into words: ',' separates headers, ';' or spaces
/// separate pairs, values may be quoted with backslash escapes.
std::vector<header_pairs> split_header_words(const std::vector<std::string>& values);
/// The reverse: values quoted unless they are all word characters.
std::string join_header_words(const std::vector<header_pairs>& lists);

/// parse_ns_headers: Netscape Set-Cookie lines as pairs, attribute names
/// lower-cased, "expires" read by http2time (nullopt when it fails), and a
/// ("version", "0") added unless the line names a version.
using ns_value = std::variant<std::monostate, std::string, std::int64_t>; ///< None, text, expires
std::vector<std::vector<std::pair<std::string, ns_value>>>
parse_ns_headers(const std::vector<std::string>& lines);

/// Whether `text` is a host domain name: not an IP address, not empty, no
/// leading or trailing dot.
bool is_HDN(std::string_view text);
/// RFC 2965's domain match: A equals B, or B is ".suffix" of the host name A.
bool domain_match(std::string_view a, std::string_view b);
/// The looser match users' blocked and allowed domain lists are checked with.
bool user_domain_match(std::string_view a, std::string_view b);
/// RFC 2965's reach of a host: ".acme.com" for "www.acme.com".
std::string reach(std::string_view host);
/// A path with what a URL may not hold escaped and every escape upper-cased.
std::string escape_path(std::string_view path);

/// The request's host, port cut and lower-cased (the Host field's when the
/// URL has none).
std::string request_host(std::string_view url, std::string_view host_field = {});
/// The request's path, escaped, with params but no query ("/" at least).
std::string request_path(std::string_view url);
/// The request's port as text ("80" when none), nullopt when not a number.
std::optional<std::string> request_port(std::string_view url);

} // namespace netkit::cookie::cookiejar
