// UTF-8 validation and repair.
//
//     netkit::is_valid_utf8("h\xc3\xa9llo")          // true
//     netkit::repair_utf8("caf\xe9")                 // "caf\uFFFD"
//
// repair_utf8 decodes the way Python's bytes.decode("utf-8", "replace") does:
// each maximal invalid subsequence (RFC 3629 §4 forbids overlong forms,
// surrogates and code points above U+10FFFF) becomes one U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace netkit {

bool is_valid_utf8(std::string_view text) noexcept;

/// Checks UTF-8 that arrives in pieces, a character possibly split between
/// two of them (a WebSocket text message over several frames and reads).
/// feed() is false from the first byte that no valid text can hold, so a
/// reader can fail fast (RFC 6455 §8.1); complete() says the bytes so far
/// end on a whole character.
///
///     netkit::utf8_validator v;
///     v.feed("caf\xc3");   // true: the character may go on
///     v.complete();        // false
///     v.feed("\xa9");      // true, and complete()
class utf8_validator {
public:
    bool feed(std::string_view bytes) noexcept;
    bool complete() const noexcept { return due_ == 0 && !failed_; }
    bool failed() const noexcept { return failed_; }
    void reset() noexcept { *this = utf8_validator(); }

private:
    std::uint8_t due_ = 0;    // continuation bytes still to come
    std::uint8_t low_ = 0x80; // the range the next one must be in
    std::uint8_t high_ = 0xBF;
    bool failed_ = false;
};

/// Appends the UTF-8 encoding of a code point (surrogates included, as the
/// 3-byte form, so that a lone one from JSON's "\uD800" survives).
void append_utf8(std::string& out, char32_t code_point);
/// The code point whose UTF-8 starts at text[i] (a surrogate's 3-byte form,
/// WTF-8, included), moving i past it; a byte that starts no whole sequence
/// comes back as itself, as a Latin-1 character would, and i moves one.
char32_t next_code_point(std::string_view text, std::size_t& i) noexcept;

/// The length of `text`'s longest prefix of at most `max_bytes` that does
/// not end inside a character (a continuation byte is never cut from its
/// lead): for cutting text to a byte limit.
std::size_t utf8_prefix(std::string_view text, std::size_t max_bytes) noexcept;

/// `replacement` stands for each maximal invalid subsequence; an empty one
/// drops them (Python's errors="ignore").
std::string repair_utf8(std::string_view text, std::string_view replacement = "\xEF\xBF\xBD");

} // namespace netkit
