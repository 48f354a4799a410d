#include <netkit/core/result.hpp>

#include <netkit/core/error.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

netkit::result<std::string> greet(bool ok) {
    if (!ok) {
        return std::make_error_code(std::errc::connection_refused);
    }
    return std::string("hello");
}

TEST(result, holds_a_value) {
    auto r = greet(true);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "hello");
    EXPECT_EQ(r->size(), 5u);
    EXPECT_FALSE(r.error());
}

TEST(result, holds_an_error_and_value_throws_it) {
    auto r = greet(false);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), std::errc::connection_refused);
    EXPECT_THROW(r.value(), std::system_error);
}

TEST(result, void_result) {
    netkit::result<void> ok;
    EXPECT_TRUE(ok);
    netkit::result<void> bad = std::make_error_code(std::errc::timed_out);
    EXPECT_FALSE(bad);
    EXPECT_THROW(bad.value(), std::system_error);
}

TEST(condition, timed_out_matches_the_kernel_code) {
    EXPECT_EQ(std::make_error_code(std::errc::timed_out), netkit::condition::timed_out);
    EXPECT_NE(std::make_error_code(std::errc::connection_refused), netkit::condition::timed_out);
}

} // namespace
