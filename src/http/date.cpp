#include <netkit/core/date.hpp>
#include <netkit/http/date.hpp>

#include <array>
#include <charconv>
#include <ctime>

namespace netkit::http {
namespace {

using namespace std::chrono;

constexpr const auto& short_days = weekday_abbreviations;
constexpr std::array<std::string_view, 7> long_days{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};
constexpr const auto& months = month_abbreviations;

// Reads exactly `n` digits.
bool digits(std::string_view& s, std::size_t n, int& out) {
    if (s.size() < n) {
        return false;
    }
    out = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        out = out * 10 + (s[i] - '0');
    }
    s.remove_prefix(n);
    return true;
}

bool literal(std::string_view& s, std::string_view word) {
    if (!s.starts_with(word)) {
        return false;
    }
    s.remove_prefix(word.size());
    return true;
}

bool read_month(std::string_view& s, int& out) {
    for (int i = 0; i < 12; ++i) {
        if (s.starts_with(months[static_cast<std::size_t>(i)])) {
            out = i + 1;
            s.remove_prefix(3);
            return true;
        }
    }
    return false;
}

// "HH:MM:SS"
bool time_of_day(std::string_view& s, int& h, int& m, int& sec) {
    return digits(s, 2, h) && literal(s, ":") && digits(s, 2, m) && literal(s, ":") &&
           digits(s, 2, sec) && h < 24 && m < 60 && sec < 61; // 60: a leap second
}

std::optional<clock_time> make_time(int y, int mon, int d, int h, int m, int sec, int day_of_week) {
    const year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mon)},
                             std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    const sys_days days{ymd};
    if (day_of_week >= 0 &&
        static_cast<int>(std::chrono::weekday{days}.c_encoding()) != day_of_week) {
        return std::nullopt; // "Mon, 06 Nov 1994": the day name contradicts the date
    }
    return clock_time{days} + hours{h} + minutes{m} + seconds{std::min(sec, 59)};
}

int day_index(std::string_view name, const std::array<std::string_view, 7>& names) {
    for (int i = 0; i < 7; ++i) {
        if (name == names[static_cast<std::size_t>(i)]) {
            return i;
        }
    }
    return -1;
}

} // namespace

std::string format_http_date(clock_time t) {
    return format_imf_fixdate(t);
}

std::optional<clock_time> parse_http_date(std::string_view s) {
    int d = 0, mon = 0, y = 0, h = 0, m = 0, sec = 0;
    const auto comma = s.find(',');
    if (comma == 3) {
        // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
        const int wd = day_index(s.substr(0, 3), short_days);
        std::string_view rest = s.substr(4);
        if (wd >= 0 && literal(rest, " ") && digits(rest, 2, d) && literal(rest, " ") &&
            read_month(rest, mon) && literal(rest, " ") && digits(rest, 4, y) &&
            literal(rest, " ") && time_of_day(rest, h, m, sec) && rest == " GMT") {
            return make_time(y, mon, d, h, m, sec, wd);
        }
        return std::nullopt;
    }
    if (comma != std::string_view::npos) {
        // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
        const int wd = day_index(s.substr(0, comma), long_days);
        std::string_view rest = s.substr(comma + 1);
        int yy = 0;
        if (wd >= 0 && literal(rest, " ") && digits(rest, 2, d) && literal(rest, "-") &&
            read_month(rest, mon) && literal(rest, "-") && digits(rest, 2, yy) &&
            literal(rest, " ") && time_of_day(rest, h, m, sec) && rest == " GMT") {
            // RFC 9110 §5.6.7: a year more than 50 years ahead is in the past.
            const int now =
                static_cast<int>(year_month_day{floor<days>(system_clock::now())}.year());
            y = 2000 + yy;
            if (y > now + 50) {
                y -= 100;
            }
            return make_time(y, mon, d, h, m, sec, wd);
        }
        return std::nullopt;
    }
    // asctime: "Sun Nov  6 08:49:37 1994"
    if (s.size() != 24 || s[3] != ' ') {
        return std::nullopt;
    }
    const int wd = day_index(s.substr(0, 3), short_days);
    std::string_view rest = s.substr(4);
    if (wd < 0 || !read_month(rest, mon) || !literal(rest, " ")) {
        return std::nullopt;
    }
    if (rest.starts_with(" ")) {
        rest.remove_prefix(1);
        if (!digits(rest, 1, d)) {
            return std::nullopt;
        }
    } else if (!digits(rest, 2, d)) {
        return std::nullopt;
    }
    if (literal(rest, " ") && time_of_day(rest, h, m, sec) && literal(rest, " ") &&
        digits(rest, 4, y) && rest.empty()) {
        return make_time(y, mon, d, h, m, sec, wd);
    }
    return std::nullopt;
}

std::string_view current_http_date() {
    thread_local std::time_t cached_second = -1;
    thread_local std::string cached;
    // The coarse clock: a server asks for every response, and the value
    // changes once a second.
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME_COARSE, &now);
    if (now.tv_sec != cached_second) {
        cached = format_http_date(clock_time(seconds(now.tv_sec)));
        cached_second = now.tv_sec;
    }
    return cached;
}

} // namespace netkit::http
