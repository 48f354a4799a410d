// The cookie-date of a Set-Cookie Expires attribute, read by the forgiving
// algorithm browsers use (RFC 6265bis §5.1.1): the first time, day, month
// and year found among the tokens, in any order, whatever else is there.
//
//     netkit::cookie::parse_cookie_date("Wed, 09 Dec 2009 16:27:23 GMT")
//     netkit::cookie::parse_cookie_date("WillyWonka  ,  18-apr-07   22:50:12")   // 2007-04-18
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace netkit::cookie {

/// The moment a cookie-date names (UTC), or nullopt when a part is missing
/// or out of range (a year before 1601, hour 24, 31 February).
std::optional<std::chrono::sys_seconds> parse_cookie_date(std::string_view text);

} // namespace netkit::cookie
