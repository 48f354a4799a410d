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
