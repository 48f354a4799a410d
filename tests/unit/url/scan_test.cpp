// The SIMD scans against plain loops, at every length, start and end, with
// the target bytes at every position: the block and tail logic must agree.
#include "url/detail/scan.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using netkit::url::detail::find_any_of3;
using netkit::url::detail::find_any_of3_before;

std::size_t naive(std::string_view text, std::size_t from, std::size_t to, char a, char b, char c) {
    for (std::size_t i = from; i < to && i < text.size(); ++i) {
        if (text[i] == a || text[i] == b || text[i] == c) {
            return i;
        }
    }
    return std::string_view::npos;
}

TEST(scan, find_any_of3_agrees_with_a_loop) {
    for (std::size_t size = 0; size <= 70; ++size) {
        for (std::size_t hit = 0; hit <= size; ++hit) {
            std::string text(size, 'x');
            if (hit < size) {
                text[hit] = '?';
            }
            for (std::size_t from = 0; from <= size; ++from) {
                ASSERT_EQ(find_any_of3(text, from, '/', '?', '#'),
                          naive(text, from, size, '/', '?', '#'))
                    << size << " " << hit << " " << from;
                for (std::size_t to = from; to <= size; to += 3) {
                    ASSERT_EQ(find_any_of3_before(text, from, to, '[', '?', ']'),
                              naive(text, from, to, '[', '?', ']'))
                        << size << " " << hit << " " << from << " " << to;
                }
            }
        }
    }
}

TEST(scan, profile_and_is_ascii_see_every_byte) {
    for (std::size_t size = 1; size <= 70; ++size) {
        for (std::size_t at = 0; at < size; ++at) {
            std::string text(size, 'a');
            text[at] = '\t';
            EXPECT_TRUE(netkit::url::detail::profile(text).unsafe) << size << " " << at;
            EXPECT_FALSE(netkit::url::detail::profile(text).non_ascii);
            text[at] = '\xc3';
            EXPECT_TRUE(netkit::url::detail::profile(text).non_ascii) << size << " " << at;
            EXPECT_FALSE(netkit::url::detail::is_ascii(text)) << size << " " << at;
        }
        EXPECT_TRUE(netkit::url::detail::is_ascii(std::string(size, 'a')));
    }
}

} // namespace
