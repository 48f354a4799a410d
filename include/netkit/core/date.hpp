// Calendar names and the IMF-fixdate form ("Sun, 06 Nov 1994 08:49:37 GMT"),
// which HTTP dates and cookies' Expires are written in.
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <string_view>

namespace netkit {

/// By std::chrono::weekday::c_encoding(): Sunday first.
inline constexpr std::array<std::string_view, 7> weekday_abbreviations{"Sun", "Mon", "Tue", "Wed",
                                                                       "Thu", "Fri", "Sat"};
inline constexpr std::array<std::string_view, 12> month_abbreviations{
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/// IMF-fixdate (RFC 9110 §5.6.7), the year in four digits.
std::string format_imf_fixdate(std::chrono::sys_seconds t);

} // namespace netkit
