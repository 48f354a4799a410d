// XML-RPC values to and from C++ types, a user's struct among them.
#include <netkit/xmlrpc/convert.hpp>

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace {

struct point {
    int x = 0;
    double y = 0;
    std::optional<std::string> label;
};

} // namespace

template <> struct netkit::xmlrpc::convert<point> : netkit::xmlrpc::struct_fields<point> {
    static constexpr auto fields =
        std::tuple{field("x", &point::x), field("y", &point::y), field("label", &point::label)};
};

namespace {

namespace xmlrpc = netkit::xmlrpc;
using xmlrpc::error;

TEST(XmlrpcConvert, NumbersCheckTheirRange) {
    EXPECT_EQ(*xmlrpc::from_value<int>(xmlrpc::value(42)), 42);
    EXPECT_EQ(xmlrpc::from_value<std::int8_t>(xmlrpc::value(300)).error(), error::out_of_range);
    EXPECT_EQ(xmlrpc::from_value<unsigned>(xmlrpc::value(-1)).error(), error::out_of_range);
    EXPECT_EQ(xmlrpc::from_value<int>(xmlrpc::value("42")).error(), error::type_mismatch);
    EXPECT_EQ(xmlrpc::from_value<int>(xmlrpc::value(1.0)).error(), error::type_mismatch);
    EXPECT_EQ(*xmlrpc::from_value<double>(xmlrpc::value(2)), 2.0); // as Python's pow(2, 3) takes it
    EXPECT_EQ(xmlrpc::from_value<bool>(xmlrpc::value(1)).error(), error::type_mismatch);
    EXPECT_EQ(xmlrpc::to_value(std::uint64_t{1} << 63), xmlrpc::value(9223372036854775808.0));
    EXPECT_EQ(xmlrpc::mismatch<int>(xmlrpc::value("x")), "expected int, got string");
}

TEST(XmlrpcConvert, ContainersOptionalsTimesAndBytes) {
    const std::vector<int> numbers{1, 2, 3};
    EXPECT_EQ(*xmlrpc::from_value<std::vector<int>>(xmlrpc::to_value(numbers)), numbers);
    EXPECT_EQ(xmlrpc::from_value<std::vector<int>>(xmlrpc::value(xmlrpc::array{1, "two"})).error(),
              error::type_mismatch);
    const std::map<std::string, double> m{{"a", 1.5}, {"b", 2}};
    using string_to_double = std::map<std::string, double>;
    EXPECT_EQ(*xmlrpc::from_value<string_to_double>(xmlrpc::to_value(m)), m);
    const std::unordered_map<std::string, std::string> u{{"k", "v"}};
    EXPECT_EQ(
        (*xmlrpc::from_value<std::unordered_map<std::string, std::string>>(xmlrpc::to_value(u))),
        u);
    EXPECT_EQ(xmlrpc::to_value(std::optional<int>()), xmlrpc::value());
    EXPECT_EQ(*xmlrpc::from_value<std::optional<int>>(xmlrpc::value()), std::nullopt);
    EXPECT_EQ(*xmlrpc::from_value<std::optional<int>>(xmlrpc::value(3)), 3);
    const auto t = std::chrono::sys_days(std::chrono::year(2026) / 12 / 6) + std::chrono::hours(1);
    const xmlrpc::value when = xmlrpc::to_value(std::chrono::sys_seconds(t));
    EXPECT_EQ(when, xmlrpc::date_time{"20261206T01:00:00"});
    EXPECT_EQ(*xmlrpc::from_value<std::chrono::sys_seconds>(when), t);
    EXPECT_EQ(xmlrpc::from_value<std::chrono::sys_seconds>(xmlrpc::date_time{"soon"}).error(),
              error::bad_date_time);
    const std::vector<std::byte> bytes{std::byte{0}, std::byte{255}};
    EXPECT_EQ(xmlrpc::to_value(bytes), xmlrpc::binary{std::string("\0\xff", 2)});
    EXPECT_EQ(*xmlrpc::from_value<std::vector<std::byte>>(xmlrpc::to_value(bytes)), bytes);
    const auto tuple = std::tuple<int, std::string, bool>{1, "a", true};
    EXPECT_EQ(*(xmlrpc::from_value<std::tuple<int, std::string, bool>>(xmlrpc::to_value(tuple))),
              tuple);
    EXPECT_EQ((xmlrpc::from_value<std::tuple<int, int>>(xmlrpc::value(xmlrpc::array{1})).error()),
              error::type_mismatch);
}

TEST(XmlrpcConvert, AUsersStructByItsFields) {
    const point p{3, 4.5, "here"};
    const xmlrpc::value v = xmlrpc::to_value(p);
    EXPECT_EQ(v, (xmlrpc::structure{{"x", 3}, {"y", 4.5}, {"label", "here"}}));
    const auto back = xmlrpc::from_value<point>(v);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->x, 3);
    EXPECT_EQ(back->y, 4.5);
    EXPECT_EQ(back->label, "here");
    // A missing field is an error; an extra member is passed over.
    EXPECT_EQ(xmlrpc::from_value<point>(xmlrpc::structure{{"x", 1}}).error(), error::type_mismatch);
    const auto extra = xmlrpc::from_value<point>(
        xmlrpc::structure{{"x", 1}, {"y", 2}, {"label", nullptr}, {"z", 0}});
    ASSERT_TRUE(extra);
    EXPECT_EQ(extra->label, std::nullopt);
}

} // namespace
