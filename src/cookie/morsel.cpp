#include <netkit/cookie/simple_cookie.hpp>
#include <netkit/core/ascii.hpp>
#include <netkit/core/date.hpp>
#include <netkit/core/utf8.hpp>

#include <algorithm>
#include <array>
#include <chrono>

namespace netkit::cookie {
namespace {

// Morsel._reserved: each attribute's key and the name output() writes.
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> reserved{{
    {"comment", "Comment"},
    {"domain", "Domain"},
    {"expires", "expires"},
    {"httponly", "HttpOnly"},
    {"max-age", "Max-Age"},
    {"path", "Path"},
    {"samesite", "SameSite"},
    {"secure", "Secure"},
    {"version", "Version"},
}};

std::string_view output_name(std::string_view key) {
    for (const auto& [k, name] : reserved) {
        if (k == key) {
            return name;
        }
    }
    return key;
}

// _LegalChars: what a key (and a value left unquoted) may hold.
bool is_legal_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
           std::string_view("!#$%&'*+-.^_`|~:").find(c) != std::string_view::npos;
}

// _UnescapedChars: what _quote leaves as it is inside the quotes.
bool is_unescaped_char(char32_t c) {
    return c < 0x80 &&
           (is_legal_char(static_cast<char>(c)) ||
            std::string_view(" ()/<=>?@[]{}").find(static_cast<char>(c)) != std::string_view::npos);
}

// _getdate(future): now + seconds, as Python writes it ("%4d" year).
std::string date_from_now(std::int64_t seconds) {
    const auto when = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
                      std::chrono::seconds(seconds);
    return format_imf_fixdate(when);
}

bool wanted(const attribute_names& attrs, std::string_view key) {
    return !attrs || std::find(attrs->begin(), attrs->end(), key) != attrs->end();
}

std::string lowered_reserved(std::string_view name) {
    std::string key = lower_copy(name);
    if (!morsel::is_reserved_key(key)) {
        throw cookie_error("Invalid attribute '" + std::string(name) + "'");
    }
    return key;
}

} // namespace

bool is_legal_key(std::string_view key) {
    return !key.empty() && std::all_of(key.begin(), key.end(), is_legal_char);
}

std::string quote(std::string_view text) {
    if (is_legal_key(text)) {
        return std::string(text);
    }
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const char32_t cp = next_code_point(text, i);
        if (cp == '"' || cp == '\\') {
            out += '\\';
            out += static_cast<char>(cp);
        } else if (cp < 0x100 && !is_unescaped_char(cp)) {
            out += '\\';
            out += static_cast<char>('0' + (cp >> 6));
            out += static_cast<char>('0' + ((cp >> 3) & 7));
            out += static_cast<char>('0' + (cp & 7));
        } else {
            out.append(text.substr(start, i - start));
        }
    }
    out += '"';
    return out;
}

std::string unquote(std::string_view text) {
    if (text.size() < 2 || text.front() != '"' || text.back() != '"') {
        return std::string(text);
    }
    text = text.substr(1, text.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto octal = [&](std::size_t k, char high) {
            return i + k < text.size() && text[i + k] >= '0' && text[i + k] <= high;
        };
        if (text[i] != '\\' || i + 1 == text.size() || text[i + 1] == '\n') {
            out += text[i]; // '.' in `\\(.)` does not match a newline
        } else if (octal(1, '3') && octal(2, '7') && octal(3, '7')) {
            append_utf8(out, static_cast<char32_t>((text[i + 1] - '0') * 64 +
                                                   (text[i + 2] - '0') * 8 + (text[i + 3] - '0')));
            i += 3;
        } else {
            out += text[++i];
        }
    }
    return out;
}

morsel::morsel() {
    for (const auto& [key, name] : reserved) {
        attributes_.emplace(std::string(key), std::string());
    }
}

bool morsel::is_reserved_key(std::string_view name) {
    const std::string key = lower_copy(name);
    return std::any_of(reserved.begin(), reserved.end(),
                       [&](const auto& r) { return r.first == key; });
}

void morsel::set(std::string_view key, std::string value, std::string coded_value) {
    if (is_reserved_key(key)) {
        throw cookie_error("Attempt to set a reserved key '" + std::string(key) + "'");
    }
    if (!is_legal_key(key)) {
        throw cookie_error("Illegal key '" + std::string(key) + "'");
    }
    key_ = key;
    value_ = std::move(value);
    coded_value_ = std::move(coded_value);
}

void morsel::set_attribute(std::string_view name, attribute_value value) {
    attributes_[lowered_reserved(name)] = std::move(value);
}

const morsel::attribute_value& morsel::attribute(std::string_view name) const {
    return attributes_.find(lowered_reserved(name))->second;
}

std::string morsel::output(const attribute_names& attrs, std::string_view header) const {
    return std::string(header) + " " + output_string(attrs);
}

std::string morsel::text_of(const attribute_value& v) {
    if (const auto* text = std::get_if<std::string>(&v)) {
        return *text;
    }
    if (const auto* flag = std::get_if<bool>(&v)) {
        return *flag ? "True" : "False";
    }
    if (const auto* number = std::get_if<std::int64_t>(&v)) {
        return std::to_string(*number);
    }
    return "None";
}

bool morsel::is_set(const attribute_value& v) {
    if (const auto* text = std::get_if<std::string>(&v)) {
        return !text->empty();
    }
    if (const auto* flag = std::get_if<bool>(&v)) {
        return *flag;
    }
    if (const auto* number = std::get_if<std::int64_t>(&v)) {
        return *number != 0;
    }
    return false; // None
}

std::string morsel::output_string(const attribute_names& attrs) const {
    std::string out = key_ + "=" + coded_value_;
    for (const auto& [key, value] : attributes_) {
        const auto* text = std::get_if<std::string>(&value);
        if ((text != nullptr && text->empty()) || !wanted(attrs, key)) {
            continue;
        }
        const std::string_view name = output_name(key);
        if (key == "secure" || key == "httponly") {
            if (is_set(value)) { // a flag: its name alone, or nothing
                out.append("; ").append(name);
            }
            continue;
        }
        out.append("; ").append(name).append("=");
        const auto* number = std::get_if<std::int64_t>(&value);
        if (key == "expires" && number != nullptr) {
            out += date_from_now(*number);
        } else if (key == "comment" && text != nullptr) {
            out += quote(*text);
        } else {
            out += text_of(value); // "%s" % value, as Python writes it
        }
    }
    return out;
}

std::string morsel::js_output(const attribute_names& attrs) const {
    std::string escaped;
    for (const char c : output_string(attrs)) {
        if (c == '"') {
            escaped += '\\';
        }
        escaped += c;
    }
    return "\n        <script type=\"text/javascript\">\n        <!-- begin hiding\n"
           "        document.cookie = \"" +
           escaped + "\";\n        // end hiding -->\n        </script>\n        ";
}

} // namespace netkit::cookie
