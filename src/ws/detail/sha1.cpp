#include "ws/detail/sha1.hpp"

#include <bit>
#include <cstdint>
#include <cstring>

namespace netkit::ws::detail {
namespace {

void compress(std::array<std::uint32_t, 5>& h, const unsigned char* block) noexcept {
    std::array<std::uint32_t, 80> w{};
    for (int t = 0; t < 16; ++t) {
        w[t] = std::uint32_t{block[4 * t]} << 24 | std::uint32_t{block[4 * t + 1]} << 16 |
               std::uint32_t{block[4 * t + 2]} << 8 | std::uint32_t{block[4 * t + 3]};
    }
    for (int t = 16; t < 80; ++t) {
        w[t] = std::rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    }
    auto [a, b, c, d, e] = h;
    for (int t = 0; t < 80; ++t) {
        std::uint32_t f = 0;
        std::uint32_t k = 0;
        if (t < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999;
        } else if (t < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1;
        } else if (t < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDC;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6;
        }
        const std::uint32_t next = std::rotl(a, 5) + f + e + k + w[t];
        e = d;
        d = c;
        c = std::rotl(b, 30);
        b = a;
        a = next;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

} // namespace

std::array<unsigned char, 20> sha1(std::string_view message) noexcept {
    std::array<std::uint32_t, 5> h = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    const auto* data = reinterpret_cast<const unsigned char*>(message.data());
    std::size_t left = message.size();
    for (; left >= 64; left -= 64, data += 64) {
        compress(h, data);
    }
    // The padding: 0x80, zeros, and the length in bits, big-endian, ending
    // a block (two blocks when the tail leaves no room for the length).
    std::array<unsigned char, 128> tail{};
    std::memcpy(tail.data(), data, left);
    tail[left] = 0x80;
    const std::size_t blocks = left + 1 + 8 <= 64 ? 1 : 2;
    const std::uint64_t bits = static_cast<std::uint64_t>(message.size()) * 8;
    for (int i = 0; i < 8; ++i) {
        tail[blocks * 64 - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    }
    for (std::size_t i = 0; i < blocks; ++i) {
        compress(h, tail.data() + 64 * i);
    }
    std::array<unsigned char, 20> digest{};
    for (int i = 0; i < 5; ++i) {
        for (int j = 0; j < 4; ++j) {
            digest[4 * i + j] = static_cast<unsigned char>(h[i] >> (24 - 8 * j));
        }
    }
    return digest;
}

} // namespace netkit::ws::detail
