// Content codings: what the reference encoders (zlib, libbrotlienc, libzstd)
// write, the decoders read back whole and in any piece sizes; corrupt,
// truncated and bomb inputs end in errors with memory bounded by the cap.
#include <netkit/http/coding.hpp>
#include <netkit/http/error.hpp>

#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

#include <gtest/gtest.h>

namespace {

namespace http = netkit::http;

std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) {
        s[i] = static_cast<char>("netkit compresses well, "[i % 24] ^ (i / 4096 % 3));
    }
    return s;
}

std::string gzip(std::string_view data) {
    std::string out;
    http::gzip_encoder e;
    auto sink = [&](std::string_view p) {
        out.append(p);
        return true;
    };
    e.write(data, sink);
    e.finish(sink);
    return out;
}

std::string deflate(std::string_view data, int window_bits) {
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string brotli(std::string_view data) {
    std::string out(BrotliEncoderMaxCompressedSize(data.size()) + 64, '\0');
    std::size_t size = out.size();
    BrotliEncoderCompress(5, 22, BROTLI_MODE_GENERIC, data.size(),
                          reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                          reinterpret_cast<std::uint8_t*>(out.data()));
    out.resize(size);
    return out;
}

std::string zstd(std::string_view data) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
    return out;
}

// Decodes `coded` fed in pieces of `piece` bytes.
netkit::result<std::string> decode(http::coding c, std::string_view coded, std::size_t piece,
                                   std::uint64_t cap = UINT64_MAX) {
    auto d = http::decoder::create(c, cap).value();
    std::string out;
    auto sink = [&](std::string_view p) {
        out.append(p);
        return true;
    };
    for (std::size_t at = 0; at < coded.size(); at += piece) {
        if (auto ok = d->write(coded.substr(at, piece), sink); !ok) {
            return ok.error();
        }
    }
    if (auto ok = d->finish(sink); !ok) {
        return ok.error();
    }
    return out;
}

struct coded_case {
    http::coding coding;
    std::string (*encode)(std::string_view);
};

std::string zlib_wrapped(std::string_view d) {
    return deflate(d, 15);
}
std::string raw_deflate(std::string_view d) {
    return deflate(d, -15);
}

TEST(content_coding, decodes_every_coding_in_any_piece_size) {
    const std::string data = pattern(1 << 20);
    for (const auto& c :
         {coded_case{http::coding::gzip, gzip}, coded_case{http::coding::deflate, zlib_wrapped},
          coded_case{http::coding::deflate, raw_deflate}, coded_case{http::coding::br, brotli},
          coded_case{http::coding::zstd, zstd}}) {
        const std::string coded = c.encode(data);
        EXPECT_LT(coded.size(), data.size() / 10);
        for (std::size_t piece : {std::size_t{1} << 30, std::size_t{4096}, std::size_t{7}}) {
            auto back = decode(c.coding, coded, piece);
            ASSERT_TRUE(back) << static_cast<int>(c.coding) << " piece " << piece << ": "
                              << back.error().message();
            EXPECT_TRUE(*back == data) << static_cast<int>(c.coding) << " piece " << piece;
        }
        EXPECT_EQ(decode(c.coding, c.encode(""), 3).value(), "");
    }
}

TEST(content_coding, reads_concatenated_gzip_members) {
    EXPECT_EQ(decode(http::coding::gzip, gzip("hello ") + gzip("world"), 5).value(), "hello world");
}

TEST(content_coding, corrupt_data_is_an_error) {
    std::string bad = gzip(pattern(10000));
    bad[bad.size() / 2] ^= 0x55;
    bad[bad.size() / 2 + 1] ^= 0x55;
    EXPECT_EQ(decode(http::coding::gzip, bad, 100).error(), http::error::bad_content_coding);
    EXPECT_EQ(decode(http::coding::br, "not brotli at all", 4).error(),
              http::error::bad_content_coding);
    EXPECT_EQ(decode(http::coding::zstd, "not zstd at all", 4).error(),
              http::error::bad_content_coding);
    EXPECT_EQ(decode(http::coding::gzip, gzip("x") + "trailing garbage", 4).error(),
              http::error::bad_content_coding);
}

TEST(content_coding, truncated_data_is_an_error) {
    const std::string data = pattern(100000);
    for (const auto& c :
         {coded_case{http::coding::gzip, gzip}, coded_case{http::coding::deflate, zlib_wrapped},
          coded_case{http::coding::br, brotli}, coded_case{http::coding::zstd, zstd}}) {
        const std::string coded = c.encode(data);
        EXPECT_EQ(decode(c.coding, coded.substr(0, coded.size() / 2), 1000).error(),
                  http::error::truncated_content)
            << static_cast<int>(c.coding);
    }
}

TEST(content_coding, a_decompression_bomb_stops_at_the_cap) {
    const std::string zeros(64 << 20, '\0'); // 64 MiB that compress to almost nothing
    constexpr std::uint64_t cap = 1 << 20;
    for (const auto& c :
         {coded_case{http::coding::gzip, gzip}, coded_case{http::coding::br, brotli},
          coded_case{http::coding::zstd, zstd}}) {
        const std::string bomb = c.encode(zeros);
        EXPECT_LT(bomb.size(), 200u << 10) << static_cast<int>(c.coding);
        auto d = http::decoder::create(c.coding, cap).value();
        std::uint64_t delivered = 0;
        std::size_t largest_piece = 0;
        auto sink = [&](std::string_view p) {
            delivered += p.size();
            largest_piece = std::max(largest_piece, p.size());
            return true;
        };
        auto r = d->write(bomb, sink);
        EXPECT_EQ(r.error(), http::error::decoded_too_large) << static_cast<int>(c.coding);
        EXPECT_EQ(http::status_for(http::error::decoded_too_large), 413);
        EXPECT_LE(delivered, cap);
        EXPECT_LE(largest_piece, 16u << 10) << "output arrives in bounded pieces";
    }
}

TEST(content_coding, knows_its_names) {
    EXPECT_EQ(http::parse_coding("GZIP"), http::coding::gzip);
    EXPECT_EQ(http::parse_coding("x-gzip"), http::coding::gzip);
    EXPECT_EQ(http::parse_coding("deflate"), http::coding::deflate);
    EXPECT_EQ(http::parse_coding("br"), http::coding::br);
    EXPECT_EQ(http::parse_coding("zstd"), http::coding::zstd);
    EXPECT_FALSE(http::parse_coding("compress"));
    EXPECT_FALSE(http::parse_coding("identity"));
}

} // namespace
