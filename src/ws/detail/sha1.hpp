// SHA-1 (FIPS 180-4), for the one thing RFC 6455 uses it for: the opening
// handshake's Sec-WebSocket-Accept. Not for security: the codecs link no
// crypto library, and this digest only proves the server read the key.
#pragma once

#include <array>
#include <string_view>

namespace netkit::ws::detail {

std::array<unsigned char, 20> sha1(std::string_view message) noexcept;

} // namespace netkit::ws::detail
