// Percent-encoding as urllib.parse does it: quote, quote_plus,
// quote_from_bytes, unquote, unquote_plus, unquote_to_bytes.
//
//     netkit::url::quote("/El Niño/")        == "/El%20Ni%C3%B1o/"
//     netkit::url::quote_plus("a b&c")        == "a+b%26c"
//     netkit::url::unquote("caf%C3%A9")       == "café"
//     netkit::url::unquote("%F3%B1")          == "\uFFFD"   (errors="replace")
//
// Text is UTF-8. Where Python takes `encoding` and `errors`, so do these:
// text is encoded to that charset before quoting, and percent-decoded bytes
// are decoded from it. A strict encoding or decoding failure throws
// value_error, as Python raises UnicodeError (a ValueError).
#pragma once

#include <string>
#include <string_view>

namespace netkit::url {

enum class charset { utf8, latin1, ascii };

/// Python's codec error handlers.
enum class on_error {
    strict,            ///< throw value_error
    replace,           ///< '?' when encoding, U+FFFD when decoding
    ignore,            ///< drop what cannot be converted
    xmlcharrefreplace, ///< "&#NNNN;" when encoding
};

/// Leaves A-Z a-z 0-9 "_.-~" and the ASCII characters of `safe` as they
/// are, and percent-encodes every other byte of the encoded text (upper-case hex).
std::string quote(std::string_view text, std::string_view safe = "/",
                  charset encoding = charset::utf8, on_error errors = on_error::strict);
/// quote(), with ' ' turned into '+' (HTML form values); `safe` defaults to none.
std::string quote_plus(std::string_view text, std::string_view safe = "",
                       charset encoding = charset::utf8, on_error errors = on_error::strict);
/// quote() of raw bytes, with no encoding step.
std::string quote_from_bytes(std::string_view bytes, std::string_view safe = "/");

/// Replaces %XX escapes by the characters they encode.
std::string unquote(std::string_view text, charset encoding = charset::utf8,
                    on_error errors = on_error::replace);
/// unquote(), with '+' read as ' ' first.
std::string unquote_plus(std::string_view text, charset encoding = charset::utf8,
                         on_error errors = on_error::replace);
/// The bytes the %XX escapes stand for; other characters as UTF-8.
std::string unquote_to_bytes(std::string_view text);

/// Encodes UTF-8 text to `encoding` (str.encode).
std::string encode_text(std::string_view text, charset encoding, on_error errors);
/// Decodes bytes in `encoding` to UTF-8 text (bytes.decode).
std::string decode_bytes(std::string_view bytes, charset encoding, on_error errors);

} // namespace netkit::url
