#include <netkit/cookie/date.hpp>
#include <netkit/core/ascii.hpp>
#include <netkit/core/date.hpp>

namespace netkit::cookie {
namespace {

// delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
bool is_delimiter(char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) ||
           (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}

// 1*2DIGIT at the front of `token`, followed by the end or a non-digit.
// Reads `max` digits at most; advances `token` past them.
std::optional<int> leading_number(std::string_view& token, std::size_t min, std::size_t max) {
    std::size_t n = 0;
    int value = 0;
    while (n < token.size() && is_digit(token[n])) {
        if (n == max) {
            return std::nullopt; // one digit too many
        }
        value = value * 10 + (token[n] - '0');
        ++n;
    }
    if (n < min) {
        return std::nullopt;
    }
    token.remove_prefix(n);
    return value;
}

// hms-time = time-field ":" time-field ":" time-field [ non-digit *OCTET ]
bool read_time(std::string_view token, int& h, int& m, int& s) {
    const auto field = [&](int& out) {
        const auto v = leading_number(token, 1, 2);
        return v ? (out = *v, true) : false;
    };
    const auto colon = [&] {
        if (token.empty() || token.front() != ':') {
            return false;
        }
        token.remove_prefix(1);
        return true;
    };
    return field(h) && colon() && field(m) && colon() && field(s);
}

// month = ( "jan" / "feb" / ... / "dec" ) *OCTET, case-insensitively
std::optional<int> read_month(std::string_view token) {
    if (token.size() < 3) {
        return std::nullopt;
    }
    for (int i = 0; i < 12; ++i) {
        if (iequals(token.substr(0, 3), month_abbreviations[static_cast<std::size_t>(i)])) {
            return i + 1;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::chrono::sys_seconds> parse_cookie_date(std::string_view text) {
    std::optional<int> day, month, year;
    bool found_time = false;
    int hour = 0, minute = 0, second = 0;
    for (std::size_t i = 0; i < text.size();) {
        while (i < text.size() && is_delimiter(text[i])) {
            ++i;
        }
        const std::size_t start = i;
        while (i < text.size() && !is_delimiter(text[i])) {
            ++i;
        }
        std::string_view token = text.substr(start, i - start);
        if (token.empty()) {
            continue;
        }
        // Each part from the first token that can be it, tried in this order.
        if (!found_time && read_time(token, hour, minute, second)) {
            found_time = true;
            continue;
        }
        if (std::string_view t = token; !day && (day = leading_number(t, 1, 2))) {
            continue; // day-of-month = 1*2DIGIT [ non-digit *OCTET ]
        }
        if (!month && (month = read_month(token))) {
            continue;
        }
        if (!year) {
            year = leading_number(token, 2, 4); // year = 2*4DIGIT [ non-digit *OCTET ]
        }
    }
    if (!found_time || !day || !month || !year) {
        return std::nullopt;
    }
    int y = *year;
    if (y >= 70 && y <= 99) {
        y += 1900;
    } else if (y >= 0 && y <= 69) {
        y += 2000;
    }
    if (*day < 1 || *day > 31 || y < 1601 || hour > 23 || minute > 59 || second > 59) {
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day date{std::chrono::year{y},
                              std::chrono::month{static_cast<unsigned>(*month)},
                              std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok()) {
        return std::nullopt; // 31 April, 29 February of a common year
    }
    return sys_days{date} + hours{hour} + minutes{minute} + seconds{second};
}

} // namespace netkit::cookie
