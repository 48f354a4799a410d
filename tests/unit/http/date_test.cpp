#include <netkit/http/date.hpp>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono;
namespace http = netkit::http;

const http::clock_time rfc_example = sys_days{1994y / November / 6} + 8h + 49min + 37s;

TEST(http_date, formats_imf_fixdate) {
    EXPECT_EQ(http::format_http_date(rfc_example), "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(http::format_http_date(sys_days{2026y / February / 28}),
              "Sat, 28 Feb 2026 00:00:00 GMT");
    // Far years (cookie expiries like 9999) and early ones fit.
    EXPECT_EQ(http::format_http_date(sys_days{9999y / December / 31} + 23h + 59min + 59s),
              "Fri, 31 Dec 9999 23:59:59 GMT");
    EXPECT_EQ(http::parse_http_date("Sun, 06 Nov 1008 08:49:37 GMT"),
              sys_days{1008y / November / 6} + 8h + 49min + 37s);
    EXPECT_EQ(http::format_http_date(sys_days{974y / November / 6}),
              "Sun, 06 Nov 0974 00:00:00 GMT");
}

TEST(http_date, reads_the_three_forms_of_rfc_9110) {
    EXPECT_EQ(http::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), rfc_example);
    EXPECT_EQ(http::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), rfc_example);
    EXPECT_EQ(http::parse_http_date("Sun Nov  6 08:49:37 1994"), rfc_example);
    EXPECT_EQ(http::parse_http_date("Thu Nov 26 08:49:37 2026"),
              sys_days{2026y / November / 26} + 8h + 49min + 37s);
}

TEST(http_date, refuses_anything_else) {
    for (const char* bad : {"", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
                            "Mon, 06 Nov 1994 08:49:37 GMT", // the wrong day of the week
                            "Sun, 31 Nov 1994 08:49:37 GMT", // no such date
                            "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
                            "Sun, 06 Foo 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT",
                            "Sun Nov 6 08:49:37 1994", "1994-11-06T08:49:37Z"}) {
        EXPECT_FALSE(http::parse_http_date(bad)) << bad;
    }
}

TEST(http_date, round_trips) {
    const http::clock_time t = floor<seconds>(system_clock::now());
    EXPECT_EQ(http::parse_http_date(http::format_http_date(t)), t);
}

TEST(http_date, current_date_is_now) {
    const auto parsed = http::parse_http_date(http::current_http_date());
    ASSERT_TRUE(parsed);
    EXPECT_LE(abs(floor<seconds>(system_clock::now()) - *parsed), 2s);
}

} // namespace
