#include <netkit/core/escape.hpp>

namespace netkit {

std::string escape_controls(std::string_view text, const control_escaping& how) {
    static constexpr char hex[] = "0123456789abcdef";
    const bool replacing = !how.replacement.empty();
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const auto next = [&](std::size_t k) {
            return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
        };
        if (how.latin1 && c >= 0x80) {
            if (c <= 0x9f && !replacing) { // C1 controls
                out += "\\x";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else if (c <= 0x9f) {
                out += how.replacement;
            } else {
                out += static_cast<char>(0xC0 | (c >> 6)); // U+00A0..U+00FF in UTF-8
                out += static_cast<char>(0x80 | (c & 0x3F));
            }
            continue;
        }
        // U+0085 (C2 85), U+2028 and U+2029 (E2 80 A8/A9): line breaks too.
        std::size_t line_break = 0;
        if (!how.latin1 && c == 0xC2 && next(1) == 0x85) {
            line_break = 2;
        } else if (!how.latin1 && c == 0xE2 && next(1) == 0x80 &&
                   (next(2) == 0xA8 || next(2) == 0xA9)) {
            line_break = 3;
        }
        if (how.keep_line_feeds && (c == '\n' || c == '\t')) {
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            if (replacing) {
                out += how.replacement;
            } else {
                out += "\\x";
                out += hex[c >> 4];
                out += hex[c & 15];
            }
        } else if (line_break > 0) {
            if (replacing) {
                out += how.replacement;
            } else {
                out += line_break == 2 ? "\\u0085" : next(2) == 0xA8 ? "\\u2028" : "\\u2029";
            }
            i += line_break - 1;
        } else if (c == '\\' && how.escape_backslash) {
            out += "\\\\";
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

} // namespace netkit
