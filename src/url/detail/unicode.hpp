// The few Unicode operations Python's urllib.parse relies on, for UTF-8 text
// (through libunistring): str.lower(), NFKC normalization, and the
// "printable" test behind repr().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace netkit::url::detail {

/// Python's str.lower(): full Unicode case mapping (final sigma included).
std::string unicode_lower(std::string_view utf8);

/// Unicode normalization form KC.
std::string nfkc(std::string_view utf8);

/// Python's str.isprintable() for one code point: not in the categories
/// Other (Cc, Cf, Cs, Co, Cn) or Separator (Zl, Zp, Zs), ASCII space excepted.
bool is_printable(char32_t code_point);

} // namespace netkit::url::detail
