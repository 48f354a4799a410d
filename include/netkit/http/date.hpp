// HTTP dates (RFC 9110 §5.6.7): IMF-fixdate written, all three forms read.
//
//     netkit::http::format_http_date(t)                 // "Sun, 06 Nov 1994 08:49:37 GMT"
//     netkit::http::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT")   // RFC 850
//     netkit::http::parse_http_date("Sun Nov  6 08:49:37 1994")         // asctime
//     netkit::http::current_http_date()                  // this second's Date value
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::http {

/// Seconds since the epoch: an HTTP date has no finer precision, and a
/// nanosecond clock could not hold the years HTTP dates may name (9999, say).
using clock_time = std::chrono::sys_seconds;

/// IMF-fixdate, the only form a sender may generate.
std::string format_http_date(clock_time t);

/// IMF-fixdate, RFC 850 (a two-digit year more than 50 years ahead is taken
/// as the previous century) or asctime; nullopt for anything else.
std::optional<clock_time> parse_http_date(std::string_view text);

/// The Date field value for now, formatted at most once a second per thread
/// (a server stamps every response with it).
std::string_view current_http_date();

} // namespace netkit::http
