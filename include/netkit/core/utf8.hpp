// UTF-8 validation and repair.
//
//     netkit::is_valid_utf8("h\xc3\xa9llo")          // true
//     netkit::repair_utf8("caf\xe9")                 // "caf\uFFFD"
//
// repair_utf8 decodes the way Python's bytes.decode("utf-8", "replace") does:
// each maximal invalid subsequence (RFC 3629 §4 forbids overlong forms,
// surrogates and code points above U+10FFFF) becomes one U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace netkit {

bool is_valid_utf8(std::string_view text) noexcept;

/// Appends the UTF-8 encoding of a code point (surrogates included, as the
/// 3-byte form, so that a lone one from JSON's "\uD800" survives).
void append_utf8(std::string& out, char32_t code_point);
/// The code point whose UTF-8 starts at text[i] (a surrogate's 3-byte form,
/// WTF-8, included), moving i past it; a byte that starts no whole sequence
/// comes back as itself, as a Latin-1 character would, and i moves one.
char32_t next_code_point(std::string_view text, std::size_t& i) noexcept;

/// `replacement` stands for each maximal invalid subsequence; an empty one
/// drops them (Python's errors="ignore").
std::string repair_utf8(std::string_view text, std::string_view replacement = "\xEF\xBF\xBD");

} // namespace netkit
