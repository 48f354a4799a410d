#include <netkit/core/utf8.hpp>

#include <gtest/gtest.h>

namespace {

TEST(utf8, accepts_valid_text) {
    EXPECT_TRUE(netkit::is_valid_utf8(""));
    EXPECT_TRUE(netkit::is_valid_utf8("plain ascii"));
    EXPECT_TRUE(netkit::is_valid_utf8("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"));
}

TEST(utf8, rejects_invalid_sequences) {
    EXPECT_FALSE(netkit::is_valid_utf8("\xff"));
    EXPECT_FALSE(netkit::is_valid_utf8("\xc0\xaf"));         // overlong "/"
    EXPECT_FALSE(netkit::is_valid_utf8("\xed\xa0\x80"));     // a surrogate
    EXPECT_FALSE(netkit::is_valid_utf8("\xf4\x90\x80\x80")); // above U+10FFFF
    EXPECT_FALSE(netkit::is_valid_utf8("\xe2\x82"));         // truncated
}

// Text cut anywhere, even inside a character, reads as it does whole; a
// fault is seen at its first byte, not at the end (RFC 6455 §8.1).
TEST(utf8, validates_in_pieces) {
    const std::string texts[] = {"",
                                 "plain ascii, longer than eight bytes",
                                 "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80 and more text",
                                 "\xff",
                                 "\xc0\xaf",
                                 "\xed\xa0\x80",
                                 "\xf4\x90\x80\x80",
                                 "\xe2\x82",
                                 "abcdefgh\xe2\x82",
                                 "\xce\xba\xe1\xbd\xb9\xcf\x83"};
    for (const auto& text : texts) {
        for (std::size_t cut = 0; cut <= text.size(); ++cut) {
            netkit::utf8_validator v;
            const bool first = v.feed(std::string_view(text).substr(0, cut));
            const bool second = v.feed(std::string_view(text).substr(cut));
            EXPECT_EQ(first && second && v.complete(), netkit::is_valid_utf8(text))
                << text << " cut at " << cut;
        }
    }
    // Autobahn 6.4.1: the fault is in the second piece, before the third comes.
    netkit::utf8_validator v;
    EXPECT_TRUE(v.feed("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"));
    EXPECT_FALSE(v.feed("\xf4\x90\x80\x80"));
    EXPECT_TRUE(v.failed());
    EXPECT_FALSE(v.feed("\x65\x64\x69\x74\x65\x64")); // failed stays failed
    // A character still open is not complete.
    netkit::utf8_validator open;
    EXPECT_TRUE(open.feed("caf\xc3"));
    EXPECT_FALSE(open.complete());
    EXPECT_TRUE(open.feed("\xa9"));
    EXPECT_TRUE(open.complete());
}

TEST(utf8, a_prefix_never_ends_inside_a_character) {
    const std::string euro = "\xe2\x82\xac"; // 3 bytes
    const std::string text = "a" + euro + "b";
    EXPECT_EQ(netkit::utf8_prefix(text, 0), 0u);
    EXPECT_EQ(netkit::utf8_prefix(text, 1), 1u);
    EXPECT_EQ(netkit::utf8_prefix(text, 2), 1u); // would cut the euro sign
    EXPECT_EQ(netkit::utf8_prefix(text, 3), 1u);
    EXPECT_EQ(netkit::utf8_prefix(text, 4), 4u);
    EXPECT_EQ(netkit::utf8_prefix(text, 5), 5u);
    EXPECT_EQ(netkit::utf8_prefix(text, 99), 5u);
}

// The expected strings are what CPython gives for
// bytes.decode("utf-8", "replace") on the same input.
TEST(utf8, repairs_like_python_replace) {
    const std::string fffd = "\xEF\xBF\xBD";
    EXPECT_EQ(netkit::repair_utf8("caf\xe9"), "caf" + fffd);
    EXPECT_EQ(netkit::repair_utf8("\xe2\x82z"), fffd + "z"); // one maximal subpart
    EXPECT_EQ(netkit::repair_utf8("\xc0\xaf"), fffd + fffd); // C0 never starts a sequence
    EXPECT_EQ(netkit::repair_utf8("\xed\xa0\x80"), fffd + fffd + fffd); // surrogates: byte by byte
    EXPECT_EQ(netkit::repair_utf8("ok \xf0\x9f\x98\x80"), "ok \xf0\x9f\x98\x80");
}

} // namespace
