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

// One rule for both kinds: an empty error code is never an error a result
// holds. result<void> takes it as success; result<T> has no value to give, so
// it holds core_error::unreported, never an "error" whose message is "Success".
TEST(result, an_empty_error_code_is_never_held_as_the_error) {
    netkit::result<void> done = std::error_code{};
    EXPECT_TRUE(done);
    netkit::result<std::string> none = std::error_code{};
    ASSERT_FALSE(none);
    EXPECT_TRUE(none.error());
    EXPECT_EQ(none.error(), netkit::core_error::unreported);
    EXPECT_NE(none.error().message(), std::error_code{}.message());
    EXPECT_THROW(none.value(), std::system_error);
}

TEST(condition, timed_out_matches_the_kernel_code) {
    EXPECT_EQ(std::make_error_code(std::errc::timed_out), netkit::condition::timed_out);
    EXPECT_NE(std::make_error_code(std::errc::connection_refused), netkit::condition::timed_out);
}

} // namespace
