#include <netkit/core/error.hpp>
#include <netkit/core/utf8.hpp>
#include <netkit/json/value.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>

namespace netkit::json {
namespace {

constexpr int max_depth = 128;

class category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.json"; }
    std::string message(int v) const override {
        switch (static_cast<error>(v)) {
        case error::syntax: return "invalid JSON";
        case error::too_deep: return "JSON nested too deeply";
        case error::not_utf8: return "JSON text that is not UTF-8";
        case error::trailing_data: return "extra data after the JSON value";
        }
        return "unknown JSON error";
    }
    std::error_condition default_error_condition(int) const noexcept override {
        return condition::bad_input;
    }
};

class parser {
public:
    explicit parser(std::string_view text) : s_(text) {}

    result<value> parse_document() {
        auto v = parse_value(0);
        if (!v) {
            return v;
        }
        skip_space();
        if (i_ != s_.size()) {
            return error::trailing_data;
        }
        return v;
    }

private:
    void skip_space() {
        while (i_ < s_.size() &&
               (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
            ++i_;
        }
    }

    bool take(std::string_view word) {
        if (s_.substr(i_, word.size()) == word) {
            i_ += word.size();
            return true;
        }
        return false;
    }

    result<value> parse_value(int depth) {
        if (depth >= max_depth) { // depth 0 is the outermost value
            return error::too_deep;
        }
        skip_space();
        if (i_ >= s_.size()) {
            return error::syntax;
        }
        switch (s_[i_]) {
        case 'n': return take("null") ? result<value>(value()) : result<value>(error::syntax);
        case 't': return take("true") ? result<value>(value(true)) : result<value>(error::syntax);
        case 'f': return take("false") ? result<value>(value(false)) : result<value>(error::syntax);
        case '"': {
            auto str = parse_string();
            if (!str) {
                return str.error();
            }
            return value(std::move(*str));
        }
        case '[': return parse_array(depth);
        case '{': return parse_object(depth);
        default: return parse_number();
        }
    }

    result<value> parse_array(int depth) {
        ++i_;
        array items;
        skip_space();
        if (i_ < s_.size() && s_[i_] == ']') {
            ++i_;
            return value(std::move(items));
        }
        for (;;) {
            auto item = parse_value(depth + 1);
            if (!item) {
                return item;
            }
            items.push_back(std::move(*item));
            skip_space();
            if (i_ < s_.size() && s_[i_] == ',') {
                ++i_;
                continue;
            }
            if (i_ < s_.size() && s_[i_] == ']') {
                ++i_;
                return value(std::move(items));
            }
            return error::syntax;
        }
    }

    result<value> parse_object(int depth) {
        ++i_;
        object members;
        skip_space();
        if (i_ < s_.size() && s_[i_] == '}') {
            ++i_;
            return value(std::move(members));
        }
        for (;;) {
            skip_space();
            if (i_ >= s_.size() || s_[i_] != '"') {
                return error::syntax;
            }
            auto key = parse_string();
            if (!key) {
                return key.error();
            }
            skip_space();
            if (i_ >= s_.size() || s_[i_] != ':') {
                return error::syntax;
            }
            ++i_;
            auto member = parse_value(depth + 1);
            if (!member) {
                return member;
            }
            members.emplace_back(std::move(*key), std::move(*member));
            skip_space();
            if (i_ < s_.size() && s_[i_] == ',') {
                ++i_;
                continue;
            }
            if (i_ < s_.size() && s_[i_] == '}') {
                ++i_;
                return value(std::move(members));
            }
            return error::syntax;
        }
    }

    result<std::uint32_t> hex4() {
        if (i_ + 4 > s_.size()) {
            return error::syntax;
        }
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = s_[i_++];
            v <<= 4;
            if (c >= '0' && c <= '9') {
                v |= static_cast<std::uint32_t>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                v |= static_cast<std::uint32_t>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                v |= static_cast<std::uint32_t>(c - 'A' + 10);
            } else {
                return error::syntax;
            }
        }
        return v;
    }

    // RFC 8259 §8.1: the text is UTF-8. Raw bytes are taken a run at a time
    // (a run ends at a quote or an escape, neither of which can sit inside a
    // UTF-8 sequence) and checked whole.
    result<std::string> parse_string() {
        ++i_; // the opening quote
        std::string out;
        std::size_t run = i_;
        auto take_run = [&]() -> bool {
            const auto bytes = s_.substr(run, i_ - 1 - run);
            out += bytes;
            return is_valid_utf8(bytes);
        };
        for (;;) {
            if (i_ >= s_.size()) {
                return error::syntax;
            }
            const char c = s_[i_++];
            if (c == '"') {
                if (!take_run()) {
                    return error::not_utf8;
                }
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                return error::syntax; // raw control characters must be escaped
            }
            if (c != '\\') {
                continue;
            }
            if (!take_run()) {
                return error::not_utf8;
            }
            if (i_ >= s_.size()) {
                return error::syntax;
            }
            const char e = s_[i_++];
            switch (e) {
            case '"':
            case '\\':
            case '/': out += e; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                auto cp = hex4();
                if (!cp) {
                    return cp.error();
                }
                std::uint32_t code = *cp;
                // A high surrogate followed by a low one is one code point.
                if (code >= 0xD800 && code < 0xDC00 && s_.substr(i_, 2) == "\\u") {
                    const std::size_t save = i_;
                    i_ += 2;
                    auto low = hex4();
                    if (low && *low >= 0xDC00 && *low < 0xE000) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (*low - 0xDC00);
                    } else {
                        i_ = save;
                    }
                }
                append_utf8(out, static_cast<char32_t>(code));
                break;
            }
            default: return error::syntax;
            }
            run = i_;
        }
    }

    // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    result<value> parse_number() {
        const std::size_t start = i_;
        auto digits = [&] {
            const std::size_t from = i_;
            while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
                ++i_;
            }
            return i_ - from;
        };
        if (i_ < s_.size() && s_[i_] == '-') {
            ++i_;
        }
        const std::size_t int_start = i_;
        const std::size_t int_digits = digits();
        if (int_digits == 0 || (int_digits > 1 && s_[int_start] == '0')) {
            return error::syntax; // no digits, or a leading zero
        }
        bool integral = true;
        if (i_ < s_.size() && s_[i_] == '.') {
            ++i_;
            integral = false;
            if (digits() == 0) {
                return error::syntax;
            }
        }
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            ++i_;
            integral = false;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) {
                ++i_;
            }
            if (digits() == 0) {
                return error::syntax;
            }
        }
        const std::string_view text = s_.substr(start, i_ - start);
        if (integral) {
            std::int64_t n = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
            if (ec == std::errc() && end == text.data() + text.size()) {
                return value(n);
            }
        }
        double d = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
        if (ec != std::errc() || end != text.data() + text.size()) {
            return error::syntax;
        }
        return value(d);
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

} // namespace

const std::error_category& error_category() noexcept {
    static const category_impl instance;
    return instance;
}

result<value> parse(std::string_view text) {
    return parser(text).parse_document();
}

const value* value::find(std::string_view key) const {
    if (!is_object()) {
        return nullptr;
    }
    for (const auto& [k, v] : as_object()) {
        if (k == key) {
            return &v;
        }
    }
    return nullptr;
}

void append_quoted(std::string& out, std::string_view s, bool ensure_ascii) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto escape = [&](unsigned cp) {
        out += "\\u";
        out += hex[(cp >> 12) & 15];
        out += hex[(cp >> 8) & 15];
        out += hex[(cp >> 4) & 15];
        out += hex[cp & 15];
    };
    out += '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7f) {
            escape(c);
        } else if (c == 0xED && i + 2 < s.size() &&
                   (static_cast<unsigned char>(s[i + 1]) & 0xE0) == 0xA0) {
            // A surrogate in its 3-byte form (from a lone \uD800 in the
            // input): written back as the escape it came from.
            escape(0xD000u | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                   (static_cast<unsigned char>(s[i + 2]) & 0x3Fu));
            i += 2;
        } else if (c >= 0x80 && ensure_ascii) {
            const char32_t cp = next_code_point(s, i);
            --i; // the loop steps over the last byte
            if (cp > 0xFFFF) {
                escape(0xD800u + ((cp - 0x10000) >> 10));
                escape(0xDC00u + ((cp - 0x10000) & 0x3FF));
            } else {
                escape(cp);
            }
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

void value::dump_to(std::string& out) const {
    dump_to(out, dump_options{});
}

void value::dump_to(std::string& out, const dump_options& how) const {
    switch (v_.index()) {
    case 0: out += "null"; break;
    case 1: out += as_bool() ? "true" : "false"; break;
    case 2: out += std::to_string(as_integer()); break;
    case 3: {
        char buffer[32];
        const double d = std::get<3>(v_);
        if (!std::isfinite(d)) {
            out += "null";
            break;
        }
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
        out.append(buffer, ec == std::errc() ? end : buffer);
        break;
    }
    case 4: append_quoted(out, as_string(), how.ensure_ascii); break;
    case 5: {
        out += '[';
        bool first = true;
        for (const auto& item : as_array()) {
            if (!first) {
                out += how.item_separator;
            }
            first = false;
            item.dump_to(out, how);
        }
        out += ']';
        break;
    }
    case 6: {
        out += '{';
        bool first = true;
        for (const auto& [k, v] : as_object()) {
            if (!first) {
                out += how.item_separator;
            }
            first = false;
            append_quoted(out, k, how.ensure_ascii);
            out += how.key_separator;
            v.dump_to(out, how);
        }
        out += '}';
        break;
    }
    }
}

std::string value::dump() const {
    return dump(dump_options{});
}

std::string value::dump(const dump_options& how) const {
    std::string out;
    dump_to(out, how);
    return out;
}

bool operator==(const value& a, const value& b) {
    if (a.is_number() && b.is_number()) {
        return a.as_double() == b.as_double();
    }
    if (a.v_.index() != b.v_.index()) {
        return false;
    }
    switch (a.v_.index()) {
    case 0: return true;
    case 1: return a.as_bool() == b.as_bool();
    case 4: return a.as_string() == b.as_string();
    case 5: return a.as_array() == b.as_array();
    case 6: return a.as_object() == b.as_object();
    default: return false;
    }
}

} // namespace netkit::json
