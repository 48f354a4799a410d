// read_buffer: the input buffer of the HTTP and WebSocket connections.
#include <netkit/core/read_buffer.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(read_buffer, keeps_unread_bytes_in_order_across_slides_and_growth) {
    netkit::read_buffer b;
    EXPECT_TRUE(b.empty());
    EXPECT_GE(b.prepare(10, 64).size(), 64u); // the floor
    b.append("GET / HTTP/1.1\r\n");
    b.consume(4);
    EXPECT_EQ(b.unread(), "/ HTTP/1.1\r\n");
    const auto first = b.capacity();
    // More room than is left: the unread bytes slide or the block grows, and
    // they stay what they were.
    const std::string big(first * 3, 'x');
    b.append(big);
    EXPECT_EQ(b.unread(), "/ HTTP/1.1\r\n" + big);
    EXPECT_GE(b.capacity(), big.size());
    b.consume(b.unread().size());
    EXPECT_TRUE(b.empty());
    // Empty: the next prepare starts from the front, no growth needed.
    const auto grown = b.capacity();
    EXPECT_EQ(b.prepare(grown).size(), grown);
    b.release();
    EXPECT_EQ(b.capacity(), 0u);
    EXPECT_TRUE(b.empty());
}

TEST(read_buffer, slides_rather_than_grows_when_that_makes_the_room) {
    netkit::read_buffer b;
    (void)b.prepare(0, 100);
    b.append(std::string(90, 'a') + "tail");
    b.consume(90);
    auto room = b.prepare(50);
    EXPECT_EQ(b.capacity(), 100u); // slid to the front, not grown
    EXPECT_EQ(room.size(), 96u);
    EXPECT_EQ(b.unread(), "tail");
}

TEST(read_buffer, append_puts_bytes_after_the_unread_ones_and_nothing_makes_no_block) {
    netkit::read_buffer in;
    in.append("");
    EXPECT_EQ(in.capacity(), 0u); // an idle WebSocket holds no block for empty early bytes
    in.append("head");
    in.consume(2);
    in.append("er and more");
    EXPECT_EQ(in.unread(), "ader and more");
}

} // namespace
