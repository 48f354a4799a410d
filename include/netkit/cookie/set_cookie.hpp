// A Set-Cookie field value read as browsers read it (RFC 6265bis §5.6): the
// name=value pair and the attributes that count, the last of each kind
// winning; nothing when the whole line must be ignored. What the jar
// (jar.hpp) stores a cookie from.
//
//     auto c = netkit::cookie::parse_set_cookie("SID=31d4; Path=/; Secure; HttpOnly");
//     c->name == "SID"; c->path == "/"; c->secure == true
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::cookie {

/// The SameSite attribute: absent (or any other word: "Default"), None,
/// Lax or Strict.
enum class same_site { unset, none, lax, strict };

/// Limits of §5.6: a longer line or attribute is refused, not truncated.
inline constexpr std::size_t max_name_value_bytes = 4096;
inline constexpr std::size_t max_attribute_value_bytes = 1024;

struct parsed_cookie {
    std::string name; ///< may be empty: "=v" and "v" are nameless cookies
    std::string value;
    /// The last Expires that parsed as a cookie-date.
    std::optional<std::chrono::sys_seconds> expires;
    /// The last valid Max-Age, in seconds (zero or less: already expired).
    std::optional<std::int64_t> max_age;
    /// The last Domain that is not empty: lower-cased, its leading '.' removed.
    std::optional<std::string> domain;
    /// The last Path; "" when its value was empty or did not start with '/'
    /// (the request's default-path then stands for it).
    std::optional<std::string> path;
    bool secure = false;
    bool http_only = false;
    same_site same_site_value = same_site::unset;
};

/// §5.6: nullopt when the line holds a control character (other than a
/// tab), or a name and value longer than max_name_value_bytes together.
std::optional<parsed_cookie> parse_set_cookie(std::string_view line);

} // namespace netkit::cookie
