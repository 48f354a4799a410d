#include <netkit/core/ascii.hpp>

#include <gtest/gtest.h>

namespace {

TEST(ascii, iequals_ignores_ascii_case_only) {
    EXPECT_TRUE(netkit::iequals("Content-Length", "content-LENGTH"));
    EXPECT_TRUE(netkit::iequals("", ""));
    EXPECT_FALSE(netkit::iequals("bye", "byes"));
    EXPECT_FALSE(netkit::iequals("\xc3\xa9", "\xc3\x89")); // é and É are not ASCII
    static_assert(netkit::iequals("BYE", "bye"));
}

TEST(ascii, trim_strips_whitespace_at_both_ends) {
    EXPECT_EQ(netkit::trim("  bye \r\n"), "bye");
    EXPECT_EQ(netkit::trim("\t\t"), "");
    EXPECT_EQ(netkit::trim("a b"), "a b");
    static_assert(netkit::trim(" x ") == "x");
}

} // namespace
