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

TEST(ascii, parse_decimal_takes_digits_alone_up_to_the_largest_uint64) {
    EXPECT_EQ(netkit::parse_decimal("213"), 213u);
    EXPECT_EQ(netkit::parse_decimal("007"), 7u);
    EXPECT_EQ(netkit::parse_decimal("18446744073709551615"), UINT64_MAX);
    EXPECT_EQ(netkit::parse_decimal("18446744073709551616"), std::nullopt); // one past
    EXPECT_EQ(netkit::parse_decimal("99999999999999999999"), std::nullopt);
    for (const char* bad : {"", " 1", "1 ", "+1", "-1", "1.5", "0x10", "\xd9\xa3"}) {
        EXPECT_EQ(netkit::parse_decimal(bad), std::nullopt) << bad;
    }
    static_assert(netkit::parse_decimal("42") == 42u);
    static_assert(netkit::is_digit('0') && netkit::is_digit('9') && !netkit::is_digit('a'));
}

} // namespace
