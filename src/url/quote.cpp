#include <netkit/core/utf8.hpp>
#include <netkit/url/error.hpp>
#include <netkit/url/quote.hpp>

#include "url/detail/charset.hpp"
#include "url/detail/unicode.hpp"

#include <bitset>

namespace netkit::url {
namespace {

constexpr char hex_digits[] = "0123456789ABCDEF";

const char* codec_name(charset c) {
    switch (c) {
    case charset::latin1: return "latin-1";
    case charset::ascii: return "ascii";
    case charset::utf8: break;
    }
    return "utf-8";
}

// The bytes quote() leaves alone: the always-safe set and the ASCII bytes of
// `safe` (Python drops its non-ASCII characters).
std::bitset<256> safe_set(std::string_view safe) {
    std::bitset<256> set;
    for (int c = 0; c < 256; ++c) {
        if (detail::is_unreserved(static_cast<char>(c))) {
            set.set(static_cast<std::size_t>(c));
        }
    }
    for (char c : safe) {
        if (static_cast<unsigned char>(c) < 0x80) {
            set.set(static_cast<unsigned char>(c));
        }
    }
    return set;
}

} // namespace

std::string encode_text(std::string_view text, charset encoding, on_error errors) {
    if (encoding == charset::utf8) {
        return std::string(text);
    }
    const char32_t limit = encoding == charset::latin1 ? 0x100 : 0x80;
    std::string out;
    out.reserve(text.size());
    std::size_t position = 0; // in code points, for the error message
    for (std::size_t i = 0; i < text.size(); ++position) {
        const std::size_t start = i;
        const char32_t cp = next_code_point(text, i);
        if (cp < limit) {
            out += static_cast<char>(cp);
            continue;
        }
        switch (errors) {
        case on_error::strict: {
            std::string message =
                std::string("'") + codec_name(encoding) + "' codec can't encode character " +
                python_repr(text.substr(start, i - start)) + " in position " +
                std::to_string(position) + ": ordinal not in range(" + std::to_string(limit) + ")";
            throw value_error(std::make_error_code(std::errc::illegal_byte_sequence), message);
        }
        case on_error::replace: out += '?'; break;
        case on_error::ignore: break;
        case on_error::xmlcharrefreplace:
            out += "&#" + std::to_string(static_cast<unsigned long>(cp)) + ";";
            break;
        }
    }
    return out;
}

std::string decode_bytes(std::string_view bytes, charset encoding, on_error errors) {
    std::string out;
    out.reserve(bytes.size());
    if (encoding == charset::latin1) {
        for (unsigned char b : bytes) {
            netkit::append_utf8(out, b);
        }
        return out;
    }
    if (encoding == charset::ascii) {
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            const unsigned char b = static_cast<unsigned char>(bytes[i]);
            if (b < 0x80) {
                out += static_cast<char>(b);
            } else if (errors == on_error::strict) {
                throw value_error(std::make_error_code(std::errc::illegal_byte_sequence),
                                  "'ascii' codec can't decode byte 0x" +
                                      std::string{hex_digits[b >> 4], hex_digits[b & 15]} +
                                      " in position " + std::to_string(i) +
                                      ": ordinal not in range(128)");
            } else if (errors != on_error::ignore) {
                out += "\xEF\xBF\xBD";
            }
        }
        return out;
    }
    if (is_valid_utf8(bytes)) {
        return std::string(bytes);
    }
    if (errors == on_error::strict) {
        throw value_error(std::make_error_code(std::errc::illegal_byte_sequence),
                          "'utf-8' codec can't decode bytes: invalid UTF-8");
    }
    return repair_utf8(bytes, errors == on_error::ignore ? "" : "\xEF\xBF\xBD");
}

std::string quote_from_bytes(std::string_view bytes, std::string_view safe) {
    const auto keep = safe_set(safe);
    std::string out;
    out.reserve(bytes.size() * 3);
    for (char c : bytes) {
        const unsigned char b = static_cast<unsigned char>(c);
        if (keep.test(b)) {
            out += c;
        } else {
            out += '%';
            out += hex_digits[b >> 4];
            out += hex_digits[b & 15];
        }
    }
    return out;
}

std::string quote(std::string_view text, std::string_view safe, charset encoding, on_error errors) {
    if (text.empty()) {
        return {};
    }
    if (encoding == charset::utf8) {
        return quote_from_bytes(text, safe);
    }
    return quote_from_bytes(encode_text(text, encoding, errors), safe);
}

std::string quote_plus(std::string_view text, std::string_view safe, charset encoding,
                       on_error errors) {
    if (text.find(' ') == std::string_view::npos) {
        return quote(text, safe, encoding, errors);
    }
    std::string safe_and_space(safe);
    safe_and_space += ' ';
    std::string out = quote(text, safe_and_space, encoding, errors);
    for (auto& c : out) {
        if (c == ' ') {
            c = '+';
        }
    }
    return out;
}

std::string unquote_to_bytes(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && detail::is_hexdig(text[i + 1]) &&
            detail::is_hexdig(text[i + 2])) {
            out += static_cast<char>(detail::hex_value(text[i + 1]) * 16 +
                                     detail::hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string unquote(std::string_view text, charset encoding, on_error errors) {
    if (text.find('%') == std::string_view::npos) {
        return std::string(text);
    }
    // As CPython: only runs of ASCII characters are percent-decoded (and the
    // bytes they give decoded); other characters pass through as they are.
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        while (j < text.size() && static_cast<unsigned char>(text[j]) < 0x80) {
            ++j;
        }
        if (j > i) {
            out += decode_bytes(unquote_to_bytes(text.substr(i, j - i)), encoding, errors);
        }
        i = j;
        while (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x80) {
            ++j;
        }
        out.append(text.substr(i, j - i));
        i = j;
    }
    return out;
}

std::string unquote_plus(std::string_view text, charset encoding, on_error errors) {
    std::string spaced(text);
    for (auto& c : spaced) {
        if (c == '+') {
            c = ' ';
        }
    }
    return unquote(spaced, encoding, errors);
}

} // namespace netkit::url
