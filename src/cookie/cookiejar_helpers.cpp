#include <netkit/cookie/cookiejar_helpers.hpp>
#include <netkit/core/ascii.hpp>
#include <netkit/core/date.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

#include "detail/python_text.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <regex>

namespace netkit::cookie::cookiejar {
namespace {

using namespace std::chrono;

// CPython's patterns (re.ASCII), in ECMAScript: the dates are short, and
// longer text is refused before a pattern sees it.
constexpr std::size_t longest_date = 256;

// The patterns are compiled when first used, not as every program that links
// netkit starts (they cost a fetch of one URL about 3 ms).
enum date_pattern { strict_date, weekday_name, loose_http_date, iso_date, time_zone };

const std::regex& pattern(date_pattern which) {
    static const std::array<std::regex, 5> patterns{
        std::regex(
            R"(^[SMTWF][a-z][a-z], (\d\d) ([JFMASOND][a-z][a-z]) (\d\d\d\d) (\d\d):(\d\d):(\d\d) GMT$)"),
        std::regex(R"(^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)[a-z]*,?\s*)", std::regex::icase),
        std::regex(R"(^(\d\d?)(?:\s+|[-\/])(\w+)(?:\s+|[-\/])(\d+))"
                   R"((?:(?:\s+|:)(\d\d?):(\d\d)(?::(\d\d))?)?\s*)"
                   R"((?:([-+]?\d{2,4}|(?![APap][Mm]\b)[A-Za-z]+)\s*)?(?:\(\w+\)\s*)?$)"),
        std::regex(R"(^(\d{4})[-\/]?(\d\d?)[-\/]?(\d\d?))"
                   R"((?:(?:\s+|[-:Tt])(\d\d?):?(\d\d)(?::?(\d\d(?:\.\d*)?))?)?\s*)"
                   R"((?:([-+]?\d\d?:?(:?\d\d)?|Z|z)\s*)?$)"),
        std::regex(R"(^([-+])?(\d\d?):?(\d\d)?$)"),
    };
    return patterns[which];
}

std::string_view lstrip(std::string_view s) {
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    return s;
}

std::optional<long long> to_int(const std::ssub_match& m) {
    if (!m.matched || m.length() == 0 || m.length() > 18) {
        return std::nullopt;
    }
    long long n = 0;
    for (const char c : m.str()) {
        if (!is_digit(c)) {
            return std::nullopt; // "29.5": Python's int() refuses it too
        }
        n = n * 10 + (c - '0');
    }
    return n;
}

// calendar.timegm after _timegm's range checks: a day past the month's end,
// or hour 24, runs on into the next days as timegm lets it.
std::optional<std::int64_t> timegm(long long y, long long mon, long long d, long long h,
                                   long long mi, long long s) {
    if (y < 1970 || mon < 1 || mon > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 ||
        mi > 59 || s < 0 || s > 61) {
        return std::nullopt;
    }
    const sys_days first{year(static_cast<int>(y)) / month(static_cast<unsigned>(mon)) / day(1)};
    return first.time_since_epoch().count() * 86400LL + (d - 1) * 86400LL + h * 3600 + mi * 60 + s;
}

std::optional<int> offset_from_tz_string(std::string tz) {
    if (tz == "GMT" || tz == "UTC" || tz == "UT" || tz == "Z") {
        return 0;
    }
    std::smatch m;
    if (!std::regex_search(tz, m, pattern(time_zone))) {
        return std::nullopt;
    }
    int offset = 3600 * static_cast<int>(*to_int(m[2]));
    if (m[3].matched) {
        offset += 60 * static_cast<int>(*to_int(m[3]));
    }
    return m[1].str() == "-" ? -offset : offset;
}

// _str2time: the groups of a date pattern as a time, or nullopt.
std::optional<std::int64_t> str2time(const std::ssub_match& day_m, const std::ssub_match& mon_m,
                                     const std::ssub_match& year_m, const std::ssub_match& hour_m,
                                     const std::ssub_match& min_m, const std::ssub_match& sec_m,
                                     const std::ssub_match& tz_m) {
    auto y = to_int(year_m);
    if (!y || *y > 9999) {
        return std::nullopt;
    }
    long long mon = 0;
    for (std::size_t i = 0; i < month_abbreviations.size(); ++i) {
        if (iequals(mon_m.str(), month_abbreviations[i])) {
            mon = static_cast<long long>(i) + 1;
        }
    }
    if (mon == 0) {
        const auto n = to_int(mon_m);
        if (!n || *n < 1 || *n > 12) {
            return std::nullopt;
        }
        mon = *n;
    }
    const auto d = to_int(day_m);
    const auto h = hour_m.matched ? to_int(hour_m) : std::optional<long long>(0);
    const auto mi = min_m.matched ? to_int(min_m) : std::optional<long long>(0);
    const auto s = sec_m.matched ? to_int(sec_m) : std::optional<long long>(0);
    if (!d || !h || !mi || !s) {
        return std::nullopt;
    }
    if (*y < 1000) { // a short year: the one within 50 years of this one
        const int current =
            static_cast<int>(year_month_day(floor<days>(system_clock::now())).year());
        const long long m = current % 100;
        long long full = *y + current - m;
        const long long gap = m - *y;
        if (gap > 50) {
            full += 100;
        } else if (gap < -50) {
            full -= 100;
        }
        y = full;
    }
    auto t = timegm(*y, mon, *d, *h, *mi, *s);
    if (!t) {
        return std::nullopt;
    }
    const auto offset = offset_from_tz_string(tz_m.matched ? upper_copy(tz_m.str()) : "UTC");
    if (!offset) {
        return std::nullopt;
    }
    return *t - *offset;
}

// A moment in UTC, taken apart for the two formats below.
struct utc_fields {
    int year;
    unsigned month, day, weekday;
    int hour, minute, second;
};

utc_fields utc(std::int64_t t) {
    const auto when = sys_seconds(seconds(t));
    const auto d = floor<days>(when);
    const year_month_day ymd{d};
    const hh_mm_ss tod{when - d};
    return {static_cast<int>(ymd.year()),           static_cast<unsigned>(ymd.month()),
            static_cast<unsigned>(ymd.day()),       weekday(d).c_encoding(),
            static_cast<int>(tod.hours().count()),  static_cast<int>(tod.minutes().count()),
            static_cast<int>(tod.seconds().count())};
}

// ^\w+$ as Python reads it ('$' also matches before a final newline).
bool is_word_text(std::string_view v) {
    if (!v.empty() && v.back() == '\n') {
        v.remove_suffix(1);
    }
    return !v.empty() && std::all_of(v.begin(), v.end(), detail::is_python_word_char);
}

} // namespace

std::string time2isoz(std::int64_t t) {
    const auto u = utc(t);
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u %02d:%02d:%02dZ", u.year, u.month, u.day, u.hour,
                  u.minute, u.second);
    return out;
}

std::string time2netscape(std::int64_t t) {
    const auto u = utc(t);
    char out[40];
    std::snprintf(out, sizeof out, "%s, %02u-%s-%04d %02d:%02d:%02d GMT",
                  weekday_abbreviations[u.weekday].data(), u.day,
                  month_abbreviations[u.month - 1].data(), u.year, u.hour, u.minute, u.second);
    return out;
}

std::optional<std::int64_t> http2time(std::string_view text) {
    if (text.size() > longest_date) {
        return std::nullopt;
    }
    std::string s(text);
    std::smatch m;
    if (std::regex_search(s, m, pattern(strict_date))) {
        std::ssub_match none;
        return str2time(m[1], m[2], m[3], m[4], m[5], m[6], none);
    }
    s = std::string(lstrip(s));
    s = std::regex_replace(s, pattern(weekday_name), "", std::regex_constants::format_first_only);
    if (!std::regex_search(s, m, pattern(loose_http_date))) {
        return std::nullopt;
    }
    return str2time(m[1], m[2], m[3], m[4], m[5], m[6], m[7]);
}

std::optional<std::int64_t> iso2time(std::string_view text) {
    if (text.size() > longest_date) {
        return std::nullopt;
    }
    const std::string s(lstrip(text));
    std::smatch m;
    if (!std::regex_search(s, m, pattern(iso_date))) {
        return std::nullopt;
    }
    return str2time(m[3], m[2], m[1], m[4], m[5], m[6], m[7]);
}

std::vector<header_pairs> split_header_words(const std::vector<std::string>& values) {
    std::vector<header_pairs> result;
    for (const std::string& value : values) {
        std::string_view text = value;
        header_pairs pairs;
        const auto skip_spaces = [](std::string_view t) { return lstrip(t); };
        while (!text.empty()) {
            // A token: ^\s*([^=\s;,]+)
            std::string_view t = skip_spaces(text);
            std::size_t n = 0;
            while (n < t.size() && t[n] != '=' && !is_space(t[n]) && t[n] != ';' && t[n] != ',') {
                ++n;
            }
            if (n > 0) {
                std::string name(t.substr(0, n));
                text = t.substr(n);
                std::optional<std::string> word;
                std::string_view after = skip_spaces(text);
                if (!after.empty() && after.front() == '=') {
                    std::string_view v = skip_spaces(after.substr(1));
                    // A quoted value: "([^"\\]*(?:\\.[^"\\]*)*)" ('.' is not a newline)
                    bool quoted = false;
                    if (!v.empty() && v.front() == '"') {
                        std::string unescaped;
                        for (std::size_t i = 1; i < v.size(); ++i) {
                            if (v[i] == '"') {
                                word = std::move(unescaped);
                                text = v.substr(i + 1);
                                quoted = true;
                                break;
                            }
                            if (v[i] == '\\') {
                                if (i + 1 >= v.size() || v[i + 1] == '\n') {
                                    break;
                                }
                                ++i;
                            }
                            unescaped += v[i];
                        }
                    }
                    if (!quoted) { // ^\s*=\s*([^\s;,]*)
                        std::size_t k = 0;
                        while (k < v.size() && !is_space(v[k]) && v[k] != ';' && v[k] != ',') {
                            ++k;
                        }
                        word = std::string(v.substr(0, k));
                        text = v.substr(k);
                    }
                }
                pairs.emplace_back(std::move(name), std::move(word));
            } else if (!t.empty() && t.front() == ',') {
                text = t.substr(1);
                if (!pairs.empty()) {
                    result.push_back(std::move(pairs));
                    pairs.clear();
                }
            } else { // junk: ^[=\s;]*
                std::size_t k = 0;
                while (k < text.size() && (text[k] == '=' || is_space(text[k]) || text[k] == ';')) {
                    ++k;
                }
                text.remove_prefix(std::max<std::size_t>(k, 1));
            }
        }
        if (!pairs.empty()) {
            result.push_back(std::move(pairs));
        }
    }
    return result;
}

std::string join_header_words(const std::vector<header_pairs>& lists) {
    std::string out;
    for (const auto& pairs : lists) {
        std::string attrs;
        for (const auto& [key, value] : pairs) {
            std::string item = key;
            if (value) {
                item += '=';
                if (is_word_text(*value)) {
                    item += *value;
                } else {
                    item += '"';
                    for (const char c : *value) {
                        if (c == '"' || c == '\\') {
                            item += '\\';
                        }
                        item += c;
                    }
                    item += '"';
                }
            }
            attrs += (attrs.empty() ? "" : "; ") + item;
        }
        if (!attrs.empty()) {
            out += (out.empty() ? "" : ", ") + attrs;
        }
    }
    return out;
}

std::vector<std::vector<std::pair<std::string, ns_value>>>
parse_ns_headers(const std::vector<std::string>& lines) {
    constexpr std::array<std::string_view, 7> known{"expires", "domain", "path",   "secure",
                                                    "version", "port",   "max-age"};
    const auto strip_quotes = [](std::string_view v) {
        if (v.starts_with('"')) {
            v.remove_prefix(1);
        }
        if (v.ends_with('"')) {
            v.remove_suffix(1);
        }
        return v;
    };
    std::vector<std::vector<std::pair<std::string, ns_value>>> result;
    for (const std::string& line : lines) {
        std::vector<std::pair<std::string, ns_value>> pairs;
        bool version_set = false;
        std::size_t index = 0;
        for (std::size_t start = 0; start <= line.size(); ++index) {
            const auto end = std::min(line.find(';', start), line.size());
            const std::string_view param = trim(std::string_view(line).substr(start, end - start));
            start = end + 1;
            const auto eq = param.find('=');
            std::string key(trim(param.substr(0, eq)));
            if (key.empty()) {
                if (index == 0) {
                    break;
                }
                continue;
            }
            ns_value value;
            if (eq != std::string_view::npos) {
                value = std::string(trim(param.substr(eq + 1)));
            }
            if (index != 0) {
                const std::string lower = lower_copy(key);
                if (std::find(known.begin(), known.end(), lower) != known.end()) {
                    key = lower;
                }
                if (key == "version") {
                    if (const auto* text = std::get_if<std::string>(&value)) {
                        value = std::string(strip_quotes(*text));
                    }
                    version_set = true;
                } else if (key == "expires") {
                    if (const auto* text = std::get_if<std::string>(&value)) {
                        const auto t = http2time(strip_quotes(*text));
                        value = t ? ns_value(*t) : ns_value();
                    }
                }
            }
            pairs.emplace_back(std::move(key), std::move(value));
        }
        if (!pairs.empty()) {
            if (!version_set) {
                pairs.emplace_back("version", std::string("0"));
            }
            result.push_back(std::move(pairs));
        }
    }
    return result;
}

bool is_HDN(std::string_view text) {
    return !detail::ends_with_ipv4_part(text) && !text.empty() && text.front() != '.' &&
           text.back() != '.';
}

bool domain_match(std::string_view a_in, std::string_view b_in) {
    const std::string a = lower_copy(a_in), b = lower_copy(b_in);
    if (a == b) {
        return true;
    }
    if (!is_HDN(a)) {
        return false;
    }
    const auto i = a.rfind(b);
    if (i == std::string::npos || i == 0 || b.empty() || b.front() != '.') {
        return false;
    }
    return is_HDN(std::string_view(b).substr(1));
}

bool user_domain_match(std::string_view a_in, std::string_view b_in) {
    const std::string a = lower_copy(a_in), b = lower_copy(b_in);
    if (detail::ends_with_ipv4_part(a) || detail::ends_with_ipv4_part(b)) { // not liberal_is_HDN
        return a == b;
    }
    const bool initial_dot = !b.empty() && b.front() == '.';
    return initial_dot ? a.ends_with(b) : a == b;
}

std::string reach(std::string_view h) {
    const auto i = h.find('.');
    if (i != std::string_view::npos) {
        const std::string_view b = h.substr(i + 1);
        if (is_HDN(h) && (b.find('.') != std::string_view::npos || b == "local")) {
            return "." + std::string(b);
        }
    }
    return std::string(h);
}

std::string escape_path(std::string_view path) {
    std::string out = url::quote(path, "%/;:@&=+$,!~*'()");
    for (std::size_t i = 0; i + 2 < out.size(); ++i) {
        if (out[i] == '%' && is_hex_digit(out[i + 1]) && is_hex_digit(out[i + 2])) {
            out[i + 1] = to_upper(out[i + 1]);
            out[i + 2] = to_upper(out[i + 2]);
            i += 2;
        }
    }
    return out;
}

std::string request_host(std::string_view url, std::string_view host_field) {
    std::string host(url::urlsplit(url).netloc());
    if (host.empty()) {
        host = host_field;
    }
    // cut_port_re: r":\d+$"
    const auto colon = host.rfind(':');
    if (colon != std::string::npos && colon + 1 < host.size() &&
        std::all_of(host.begin() + static_cast<std::ptrdiff_t>(colon) + 1, host.end(), is_digit)) {
        host.resize(colon);
    }
    return lower_copy(host);
}

std::string request_path(std::string_view url) {
    std::string path = escape_path(url::urlsplit(url).path());
    return path.starts_with('/') ? path : "/" + path;
}

std::optional<std::string> request_port(std::string_view url) {
    const std::string_view host = url::urlsplit(url).netloc();
    const auto colon = host.find(':');
    if (colon == std::string_view::npos) {
        return "80";
    }
    const std::string_view port = host.substr(colon + 1);
    if (!detail::python_int(port)) {
        return std::nullopt;
    }
    return std::string(port);
}

} // namespace netkit::cookie::cookiejar
