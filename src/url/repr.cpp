#include <netkit/core/utf8.hpp>
#include <netkit/url/repr.hpp>

#include "url/detail/unicode.hpp"

#include <cstdio>

namespace netkit::url {
namespace {

// The quote repr() chooses: ' unless the text holds ' and no ".
char quote_for(std::string_view text) {
    const bool has_single = text.find('\'') != std::string_view::npos;
    const bool has_double = text.find('"') != std::string_view::npos;
    return has_single && !has_double ? '"' : '\'';
}

// One code point as repr() writes it inside `quote`s; `printable` says
// whether str.isprintable() holds for it (bytes: printable ASCII only).
void append_code_point(std::string& out, char32_t cp, char quote, bool printable) {
    char escape[16];
    if (cp == static_cast<char32_t>(quote) || cp == U'\\') {
        out += '\\';
        out += static_cast<char>(cp);
    } else if (cp == U'\t') {
        out += "\\t";
    } else if (cp == U'\n') {
        out += "\\n";
    } else if (cp == U'\r') {
        out += "\\r";
    } else if (printable) {
        append_utf8(out, cp);
    } else {
        const char* format = cp <= 0xff ? "\\x%02x" : cp <= 0xffff ? "\\u%04x" : "\\U%08x";
        std::snprintf(escape, sizeof escape, format, static_cast<unsigned>(cp));
        out += escape;
    }
}

bool printable_ascii(char32_t cp) {
    return cp >= 0x20 && cp < 0x7f;
}

} // namespace

std::string python_repr(std::string_view utf8) {
    const char quote = quote_for(utf8);
    std::string out(1, quote);
    for (std::size_t i = 0; i < utf8.size();) {
        const char32_t cp = next_code_point(utf8, i);
        append_code_point(out, cp, quote,
                          cp < 0x80 ? printable_ascii(cp) : detail::is_printable(cp));
    }
    out += quote;
    return out;
}

std::string python_bytes_repr(std::string_view bytes) {
    const char quote = quote_for(bytes);
    std::string out = {'b', quote};
    for (const unsigned char c : bytes) {
        append_code_point(out, c, quote, printable_ascii(c));
    }
    out += quote;
    return out;
}

std::string python_latin1_repr(std::string_view bytes) {
    const char quote = quote_for(bytes);
    std::string out(1, quote);
    for (const unsigned char c : bytes) {
        append_code_point(out, c, quote, c < 0x80 ? printable_ascii(c) : detail::is_printable(c));
    }
    out += quote;
    return out;
}

} // namespace netkit::url
