#include <netkit/core/escape.hpp>
#include <netkit/core/utf8.hpp>

namespace netkit {

std::string escape_controls(std::string_view text, const control_escaping& how) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    // A control character: the replacement, or its escape ("\x1b", "\u2028").
    const auto control = [&](std::string_view escape) {
        out += how.replacement.empty() ? escape : how.replacement;
    };
    const auto byte_escape = [&](unsigned char c) {
        const char escape[] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
        control(std::string_view(escape, sizeof escape));
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const auto next = [&](std::size_t k) {
            return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
        };
        if (how.keep_line_feeds && (c == '\n' || c == '\t')) {
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f || (how.latin1 && c >= 0x80 && c <= 0x9f)) {
            byte_escape(c); // C0 controls, DEL, and C1 when the text is Latin-1
        } else if (how.latin1 && c >= 0xa0) {
            out += static_cast<char>(0xC0 | (c >> 6)); // U+00A0..U+00FF in UTF-8
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (!how.latin1 && c == 0xC2 && next(1) == 0x85) {
            control("\\u0085"); // the Unicode line breaks terminals honour
            i += 1;
        } else if (!how.latin1 && c == 0xE2 && next(1) == 0x80 &&
                   (next(2) == 0xA8 || next(2) == 0xA9)) {
            control(next(2) == 0xA8 ? "\\u2028" : "\\u2029");
            i += 2;
        } else if (c == '\\' && how.escape_backslash) {
            out += "\\\\";
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string html_escape(std::string_view text, bool quote) {
    const std::string valid = is_valid_utf8(text) ? std::string(text) : repair_utf8(text);
    std::string out;
    out.reserve(valid.size());
    for (char c : valid) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += quote ? "&quot;" : "\""; break;
        case '\'': out += quote ? "&#x27;" : "'"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace netkit
