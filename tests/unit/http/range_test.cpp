// parse_range (RFC 9110 §14.1-14.2): each form of range, and each way a
// Range header is ignored or unsatisfiable.
#include <netkit/http/range.hpp>

#include <gtest/gtest.h>

namespace netkit::http {
namespace {

using ranges = std::vector<byte_range>;

TEST(Range, SingleForms) {
    EXPECT_EQ(parse_range("bytes=0-499", 1000).ranges, (ranges{{0, 499}}));
    EXPECT_EQ(parse_range("bytes=500-", 1000).ranges, (ranges{{500, 999}}));
    EXPECT_EQ(parse_range("bytes=-200", 1000).ranges, (ranges{{800, 999}}));
    EXPECT_EQ(parse_range("bytes=-5000", 1000).ranges, (ranges{{0, 999}})); // the whole of it
    EXPECT_EQ(parse_range("bytes=900-5000", 1000).ranges, (ranges{{900, 999}}));
    EXPECT_EQ(parse_range("Bytes = 1-2", 1000).status, range_status::ignore);
    EXPECT_EQ(parse_range("BYTES=1-2", 1000).ranges, (ranges{{1, 2}}));
    EXPECT_EQ(parse_range("bytes=0-0", 1).status, range_status::satisfiable);
}

TEST(Range, SeveralRangesAreSortedAndMerged) {
    EXPECT_EQ(parse_range("bytes=0-9, 20-29", 100).ranges, (ranges{{0, 9}, {20, 29}}));
    EXPECT_EQ(parse_range("bytes=20-29,0-9", 100).ranges, (ranges{{0, 9}, {20, 29}}));
    EXPECT_EQ(parse_range("bytes=0-9,5-15,16-20", 100).ranges, (ranges{{0, 20}}));
    EXPECT_EQ(parse_range("bytes=0-9,,20-29,", 100).ranges, (ranges{{0, 9}, {20, 29}}));
    // A thousand overlapping ranges collapse into one.
    std::string many = "bytes=0-99";
    for (int i = 0; i < 1000; ++i)
        many += ",0-99";
    EXPECT_EQ(parse_range(many, 1000).ranges, (ranges{{0, 99}}));
}

TEST(Range, TooManyDisjointRangesAreIgnored) {
    std::string many = "bytes=";
    for (int i = 0; i < 20; ++i)
        many += std::to_string(i * 10) + "-" + std::to_string(i * 10 + 1) + ",";
    EXPECT_EQ(parse_range(many, 1000).status, range_status::ignore);
    EXPECT_EQ(parse_range(many, 1000, 32).status, range_status::satisfiable);
}

TEST(Range, InvalidHeadersAreIgnored) {
    for (const char* header : {"", "bytes", "bytes=", "bytes=,", "items=0-1", "bytes=a-b",
                               "bytes=5-1", "bytes=1-2-3", "bytes=-", "bytes= 1 - 2",
                               "bytes=0x10-20", "bytes=99999999999999999999-", "bytes=1-2,x"}) {
        EXPECT_EQ(parse_range(header, 1000).status, range_status::ignore) << header;
    }
}

TEST(Range, NothingInsideIsUnsatisfiable) {
    EXPECT_EQ(parse_range("bytes=1000-", 1000).status, range_status::unsatisfiable);
    EXPECT_EQ(parse_range("bytes=1000-2000,3000-", 1000).status, range_status::unsatisfiable);
    EXPECT_EQ(parse_range("bytes=-0", 1000).status, range_status::unsatisfiable);
    EXPECT_EQ(parse_range("bytes=0-", 0).status, range_status::unsatisfiable);
    EXPECT_EQ(parse_range("bytes=-10", 0).status, range_status::unsatisfiable);
    // One range outside, one inside: the inside one is sent.
    EXPECT_EQ(parse_range("bytes=2000-,0-1", 1000).ranges, (ranges{{0, 1}}));
}

TEST(ContentRange, TheThreeForms) {
    EXPECT_EQ(parse_content_range("bytes 0-99/1000"), (content_range{byte_range{0, 99}, 1000}));
    EXPECT_EQ(parse_content_range("bytes 5-5/*"), (content_range{byte_range{5, 5}, std::nullopt}));
    EXPECT_EQ(parse_content_range("bytes */1000"), (content_range{std::nullopt, 1000}));
    EXPECT_EQ(parse_content_range(" BYTES */0 "), (content_range{std::nullopt, 0}));
}

TEST(ContentRange, MalformedValuesAreNone) {
    for (const char* bad :
         {"", "bytes", "bytes */*", "bytes 0-99", "bytes 9-1/100", "bytes 0-100/100", "items 0-1/2",
          "bytes -1/2", "bytes 0-/2", "bytes 0-1/x", "bytes 0-1/2x", "bytes=0-1/2",
          "bytes 0-99999999999999999999/*"}) {
        EXPECT_EQ(parse_content_range(bad), std::nullopt) << bad;
    }
}

} // namespace
} // namespace netkit::http
