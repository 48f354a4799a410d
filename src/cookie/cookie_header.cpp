#include <netkit/cookie/cookie_header.hpp>
#include <netkit/cookie/set_cookie.hpp>
#include <netkit/core/ascii.hpp>

#include <algorithm>

namespace netkit::cookie {
namespace {

// A token's characters (RFC 9110 §5.6.2), what a cookie name may hold.
bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_control(char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x20 || c == 0x7F;
}

bool text_is_clean(std::string_view text) {
    for (const char c : text) {
        if (is_control(c) || c == ';') {
            return false;
        }
    }
    return true;
}

} // namespace

std::vector<std::pair<std::string_view, std::string_view>>
parse_cookie_header(std::string_view field) {
    std::vector<std::pair<std::string_view, std::string_view>> pairs;
    while (!field.empty()) {
        const auto semicolon = field.find(';');
        const std::string_view piece = trim(field.substr(0, semicolon));
        field =
            semicolon == std::string_view::npos ? std::string_view() : field.substr(semicolon + 1);
        if (piece.empty()) {
            continue;
        }
        const auto equals = piece.find('=');
        if (equals == std::string_view::npos) {
            pairs.emplace_back(std::string_view(), piece);
        } else {
            pairs.emplace_back(trim(piece.substr(0, equals)), trim(piece.substr(equals + 1)));
        }
    }
    return pairs;
}

result<std::string> set_cookie_value(const morsel& m) {
    const std::string& name = m.key();
    const std::string& value = m.coded_value();
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char)) {
        return error::bad_name;
    }
    const bool quoted = value.size() >= 2 && value.front() == '"' && value.back() == '"';
    if (!text_is_clean(value) || (!quoted && value.find('"') != std::string::npos)) {
        return error::bad_value;
    }
    if (name.size() + value.size() > max_name_value_bytes) {
        return error::too_long;
    }
    for (const auto& [key, v] : m.attributes()) {
        const std::string text = morsel::text_of(v);
        if (!text_is_clean(text)) {
            return error::bad_attribute_value;
        }
        if (text.size() > max_attribute_value_bytes) {
            return error::too_long;
        }
    }
    const bool secure = morsel::is_set(m.attribute("secure"));
    if (istarts_with(name, "__Secure-") && !secure) {
        return error::secure_prefix;
    }
    if (istarts_with(name, "__Host-") &&
        (!secure || !morsel::text_of(m.attribute("domain")).empty() ||
         morsel::text_of(m.attribute("path")) != "/")) {
        return error::host_prefix;
    }
    if (iequals(morsel::text_of(m.attribute("samesite")), "none") && !secure) {
        return error::same_site_none_insecure;
    }
    return m.output_string();
}

} // namespace netkit::cookie
