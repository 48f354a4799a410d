#include <netkit/cookie/date.hpp>
#include <netkit/cookie/set_cookie.hpp>
#include <netkit/core/ascii.hpp>

#include <limits>

namespace netkit::cookie {
namespace {

// WSP = SP / HTAB, the only spaces §5.6 trims.
std::string_view trim_wsp(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

// %x00-08 / %x0A-1F / %x7F: a line holding one is ignored entirely.
bool has_control(std::string_view s) {
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c <= 0x08) || (c >= 0x0A && c <= 0x1F) || c == 0x7F) {
            return true;
        }
    }
    return false;
}

// Max-Age: [ "-" ] 1*DIGIT; a value too large to hold stays as large as it can.
std::optional<std::int64_t> parse_max_age(std::string_view v) {
    const bool negative = !v.empty() && v.front() == '-';
    const std::string_view digits = negative ? v.substr(1) : v;
    if (digits.empty()) {
        return std::nullopt;
    }
    std::int64_t n = 0;
    for (const char c : digits) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        n = n > (std::numeric_limits<std::int64_t>::max() - 9) / 10
                ? std::numeric_limits<std::int64_t>::max()
                : n * 10 + (c - '0');
    }
    return negative ? -n : n;
}

void apply_attribute(parsed_cookie& c, std::string_view name, std::string_view value) {
    if (iequals(name, "expires")) {
        if (const auto when = parse_cookie_date(value)) {
            c.expires = when;
        }
    } else if (iequals(name, "max-age")) {
        if (const auto seconds = parse_max_age(value)) {
            c.max_age = seconds;
        }
    } else if (iequals(name, "domain")) {
        std::string_view domain = value;
        if (!domain.empty() && domain.front() == '.') {
            domain.remove_prefix(1);
        }
        if (!domain.empty()) { // an empty Domain is ignored, as browsers do
            c.domain = lower_copy(domain);
        }
    } else if (iequals(name, "path")) {
        c.path = !value.empty() && value.front() == '/' ? std::string(value) : std::string();
    } else if (iequals(name, "secure")) {
        c.secure = true;
    } else if (iequals(name, "httponly")) {
        c.http_only = true;
    } else if (iequals(name, "samesite")) {
        c.same_site_value = iequals(value, "none")     ? same_site::none
                            : iequals(value, "lax")    ? same_site::lax
                            : iequals(value, "strict") ? same_site::strict
                                                       : same_site::unset;
    }
}

} // namespace

std::optional<parsed_cookie> parse_set_cookie(std::string_view line) {
    if (has_control(line)) {
        return std::nullopt;
    }
    const auto semicolon = line.find(';');
    const std::string_view pair = line.substr(0, semicolon);
    std::string_view attributes =
        semicolon == std::string_view::npos ? std::string_view() : line.substr(semicolon);

    parsed_cookie c;
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) {
        c.value = trim_wsp(pair); // a nameless cookie
    } else {
        c.name = trim_wsp(pair.substr(0, equals));
        c.value = trim_wsp(pair.substr(equals + 1));
    }
    if (c.name.size() + c.value.size() > max_name_value_bytes) {
        return std::nullopt;
    }
    while (!attributes.empty()) {
        attributes.remove_prefix(1); // the ';'
        const auto next = attributes.find(';');
        const std::string_view av = attributes.substr(0, next);
        attributes = next == std::string_view::npos ? std::string_view() : attributes.substr(next);
        const auto eq = av.find('=');
        const std::string_view name = trim_wsp(av.substr(0, eq));
        const std::string_view value =
            eq == std::string_view::npos ? std::string_view() : trim_wsp(av.substr(eq + 1));
        if (value.size() <= max_attribute_value_bytes) {
            apply_attribute(c, name, value);
        }
    }
    return c;
}

} // namespace netkit::cookie
