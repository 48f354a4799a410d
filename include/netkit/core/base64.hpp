// Base64 (RFC 4648) both ways; decoding as Python's binascii.a2b_base64
// reads it (what base64.decodebytes and urllib's data: URLs use): bytes
// outside the alphabet skipped, the first complete '=' padding ending the
// data, a last group without its padding an error.
//
//     netkit::base64_encode("hello")          // "aGVsbG8="
//     netkit::base64_decode("aGVs bG8=")      // "hello"
//     netkit::base64_decode("aGVsbG8")        // error: Incorrect padding
#pragma once

#include <netkit/core/result.hpp>

#include <string>
#include <string_view>

namespace netkit {

std::string base64_encode(std::string_view bytes);
result<std::string> base64_decode(std::string_view text);

} // namespace netkit
