// permessage-deflate (RFC 7692): §7.2.3's examples read, messages
// compressed and read back with and without context takeover, the
// negotiation both ways, and the bombs and bad data a hostile peer sends.
#include <netkit/ws/error.hpp>
#include <netkit/ws/frame.hpp>
#include <netkit/ws/permessage_deflate.hpp>
#include <netkit/ws/reader.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

namespace ws = netkit::ws;
using namespace std::string_literals;

// Every message in `wire`, read by a client with deflate agreed.
netkit::result<std::vector<std::string>> read_messages(std::string wire, bool no_takeover = false,
                                                       std::uint64_t max = 1 << 20) {
    ws::reader r({.reader = ws::role::client, .max_message = max});
    r.use_deflate(no_takeover);
    std::vector<std::string> out;
    std::span<char> rest(wire.data(), wire.size());
    for (;;) {
        auto step = r.feed(rest);
        if (!step) {
            return step.error();
        }
        rest = rest.subspan(step->consumed);
        if (step->what == ws::event::need_more) {
            return out;
        }
        out.push_back(r.message());
    }
}

TEST(WsDeflate, TheRfcExamples) {
    // §7.2.3.1: "Hello" compressed in one frame.
    auto one = read_messages("\xc1\x07\xf2\x48\xcd\xc9\xc9\x07\x00"s);
    ASSERT_TRUE(one) << one.error().message();
    EXPECT_EQ(*one, std::vector<std::string>{"Hello"});
    // The same, fragmented: RSV1 on the first frame only.
    auto fragmented = read_messages("\x41\x03\xf2\x48\xcd\x80\x04\xc9\xc9\x07\x00"s);
    ASSERT_TRUE(fragmented);
    EXPECT_EQ(*fragmented, std::vector<std::string>{"Hello"});
    // §7.2.3.2: the second "Hello" refers back to the first.
    auto shared =
        read_messages("\xc1\x07\xf2\x48\xcd\xc9\xc9\x07\x00\xc1\x05\xf2\x00\x11\x00\x00"s);
    ASSERT_TRUE(shared);
    EXPECT_EQ(*shared, (std::vector<std::string>{"Hello", "Hello"}));
    // §7.2.3.3: a stored (uncompressed) block.
    auto stored = read_messages("\xc1\x0b\x00\x05\x00\xfa\xff\x48\x65\x6c\x6c\x6f\x00"s);
    ASSERT_TRUE(stored);
    EXPECT_EQ(*stored, std::vector<std::string>{"Hello"});
    // §7.2.3.4: a block with BFINAL set; §7.2.3.6: an empty message.
    auto final_block = read_messages("\xc1\x08\xf3\x48\xcd\xc9\xc9\x07\x00\x00"s + "\xc1\x01\x00"s);
    ASSERT_TRUE(final_block);
    EXPECT_EQ(*final_block, (std::vector<std::string>{"Hello", ""}));
    // An uncompressed message (RSV1 clear) between compressed ones.
    auto mixed = read_messages("\x81\x02hi\xc1\x07\xf2\x48\xcd\xc9\xc9\x07\x00"s);
    ASSERT_TRUE(mixed);
    EXPECT_EQ(*mixed, (std::vector<std::string>{"hi", "Hello"}));
}

TEST(WsDeflate, RoundTripsWithAndWithoutContextTakeover) {
    for (const bool no_takeover : {false, true}) {
        for (const int bits : {9, 12, 15}) {
            ws::deflater d(bits, no_takeover, 6);
            std::string wire;
            std::vector<std::string> sent;
            for (int i = 0; i < 20; ++i) {
                std::string message = "message " + std::to_string(i) + " " +
                                      std::string(static_cast<std::size_t>(i * 500), 'a' + i % 26);
                std::string payload;
                d.compress(message, payload);
                ws::append_frame(wire, {.rsv1 = true, .op = ws::opcode::text}, payload);
                sent.push_back(std::move(message));
            }
            d.compress("", wire); // a stray compress between messages changes nothing read
            auto got = read_messages(wire.substr(0, wire.size()), no_takeover);
            ASSERT_TRUE(got) << got.error().message();
            EXPECT_EQ(*got, sent) << "window bits " << bits << " no takeover " << no_takeover;
        }
    }
    // Empty messages between others, context kept: each is the one byte
    // that begins an empty block (a flush with nothing new makes none), and
    // an empty payload from a peer reads as an empty message without
    // spoiling the context (the fuzzer found both).
    for (const int level : {1, 6}) {
        ws::deflater d(15, false, level);
        std::string wire;
        const std::vector<std::string> sent = {std::string(1, '\0'), "", "", std::string(1, '\0'),
                                               "after"};
        for (const auto& m : sent) {
            std::string payload;
            d.compress(m, payload);
            EXPECT_FALSE(payload.empty());
            ws::append_frame(wire, {.rsv1 = true, .op = ws::opcode::text}, payload);
        }
        ws::append_frame(wire, {.rsv1 = true, .op = ws::opcode::text},
                         ""); // a peer's empty payload
        auto got = read_messages(wire);
        ASSERT_TRUE(got) << got.error().message();
        auto expected = sent;
        expected.push_back("");
        EXPECT_EQ(*got, expected) << "level " << level;
    }
    // Context takeover makes a repeated message small.
    ws::deflater d(15, false, 6);
    std::string first;
    std::string second;
    std::string text;
    for (unsigned x = 1; text.size() < 2000; x = x * 1103515245 + 12345) {
        text += static_cast<char>('a' + (x >> 16) % 26); // letters that do not repeat
    }
    d.compress(text, first);
    d.compress(text, second);
    EXPECT_GT(first.size(), 1000u);
    EXPECT_LT(second.size(), 50u); // back-references, 258 bytes each at most
}

TEST(WsDeflate, BombsAndBadData) {
    // 100 MiB of zeros compresses to ~100 KiB; the reader stops at its
    // limit (1 MiB here) with 1009, having kept no more than that.
    ws::deflater d(15, false, 9);
    std::string payload;
    d.compress(std::string(100 << 20, '\0'), payload);
    ASSERT_LT(payload.size(), 200u * 1024);
    std::string wire;
    ws::append_frame(wire, {.rsv1 = true, .op = ws::opcode::binary}, payload);
    auto bomb = read_messages(wire);
    ASSERT_FALSE(bomb);
    EXPECT_EQ(bomb.error(), ws::error::message_too_big);
    EXPECT_EQ(ws::close_code_for(bomb.error()), 1009);
    // Bytes that are not deflate data; RSV1 on a continuation or a control
    // frame; RSV1 with nothing agreed.
    auto garbage = read_messages("\xc2\x04\xff\xff\xff\xff"s);
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error(), ws::error::bad_compressed_data);
    auto late_bit = read_messages("\x41\x03\xf2\x48\xcd\xc0\x04\xc9\xc9\x07\x00"s);
    ASSERT_FALSE(late_bit);
    EXPECT_EQ(late_bit.error(), ws::error::reserved_bits);
    auto control_bit = read_messages("\xc9\x00"s);
    ASSERT_FALSE(control_bit);
    EXPECT_EQ(control_bit.error(), ws::error::reserved_bits);
    ws::reader plain({.reader = ws::role::client});
    std::string compressed = "\xc1\x07\xf2\x48\xcd\xc9\xc9\x07\x00"s;
    auto step = plain.feed(std::span(compressed.data(), compressed.size()));
    ASSERT_FALSE(step);
    EXPECT_EQ(step.error(), ws::error::reserved_bits);
    // Compressed text that inflates to invalid UTF-8: 1007.
    ws::deflater bad(15, false, 6);
    std::string bad_text;
    bad.compress("ok \xc0\xaf", bad_text);
    std::string bad_wire;
    ws::append_frame(bad_wire, {.rsv1 = true, .op = ws::opcode::text}, bad_text);
    auto not_utf8 = read_messages(bad_wire);
    ASSERT_FALSE(not_utf8);
    EXPECT_EQ(not_utf8.error(), ws::error::invalid_utf8);
}

TEST(WsDeflate, TheServerNegotiates) {
    const ws::deflate_options defaults;
    // What browsers send.
    auto chrome = ws::negotiate_deflate("permessage-deflate; client_max_window_bits", defaults);
    ASSERT_TRUE(chrome);
    ASSERT_TRUE(*chrome);
    EXPECT_EQ((*chrome)->response, "permessage-deflate");
    // Parameters taken up, and limits the server adds of its own.
    ws::deflate_options lean;
    lean.server_max_window_bits = 10;
    lean.client_no_context_takeover = true;
    lean.client_max_window_bits = 11;
    auto limited = ws::negotiate_deflate(
        "permessage-deflate; server_no_context_takeover; client_max_window_bits=12", lean);
    ASSERT_TRUE(limited && *limited);
    EXPECT_EQ((*limited)->response,
              "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
              "server_max_window_bits=10; client_max_window_bits=11");
    EXPECT_EQ((*limited)->params.server_max_window_bits, 10);
    EXPECT_EQ((*limited)->params.client_max_window_bits, 11);
    // Without client_max_window_bits in the offer, the client's window
    // cannot be limited: it stays 15, and the response says nothing of it.
    auto unlimited = ws::negotiate_deflate("permessage-deflate", lean);
    ASSERT_TRUE(unlimited && *unlimited);
    EXPECT_EQ((*unlimited)->params.client_max_window_bits, 15);
    // Offers it cannot accept are passed over for the next; none at all is
    // no compression, not an error.
    auto second = ws::negotiate_deflate(
        "permessage-deflate; server_max_window_bits=8, permessage-deflate; x=1, "
        "permessage-deflate; server_max_window_bits=9",
        defaults);
    ASSERT_TRUE(second && *second);
    EXPECT_EQ((*second)->response, "permessage-deflate; server_max_window_bits=9");
    for (const char* refused :
         {"x-webkit-deflate-frame", "permessage-deflate; server_max_window_bits",
          "permessage-deflate; server_max_window_bits=16",
          "permessage-deflate; server_max_window_bits=010",
          "permessage-deflate; client_no_context_takeover=1",
          "permessage-deflate; server_no_context_takeover; server_no_context_takeover"}) {
        auto none = ws::negotiate_deflate(refused, defaults);
        ASSERT_TRUE(none) << refused;
        EXPECT_FALSE(*none) << refused;
    }
    EXPECT_EQ(ws::negotiate_deflate("permessage-deflate;", defaults).error(),
              ws::error::bad_extension_offer);
    EXPECT_EQ(ws::negotiate_deflate("a, , b", defaults).error(), ws::error::bad_extension_offer);
    // A quoted value is a value (RFC 6455 §9.1).
    auto quoted = ws::negotiate_deflate("permessage-deflate; client_max_window_bits=\"10\"", lean);
    ASSERT_TRUE(quoted && *quoted);
    EXPECT_EQ((*quoted)->params.client_max_window_bits, 10);
}

TEST(WsDeflate, TheClientOffersAndChecks) {
    const ws::deflate_options defaults;
    EXPECT_EQ(ws::deflate_offer(defaults), "permessage-deflate; client_max_window_bits");
    auto none = ws::accept_deflate_response("", defaults);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
    auto agreed = ws::accept_deflate_response(
        "permessage-deflate; server_no_context_takeover; client_max_window_bits=10", defaults);
    ASSERT_TRUE(agreed && *agreed);
    EXPECT_TRUE((*agreed)->server_no_context_takeover);
    EXPECT_EQ((*agreed)->client_max_window_bits, 10);
    for (const char* refused :
         {"x-other", "permessage-deflate, permessage-deflate", "permessage-deflate; a",
          "permessage-deflate; client_max_window_bits",
          "permessage-deflate; client_max_window_bits=8"}) {
        EXPECT_EQ(ws::accept_deflate_response(refused, defaults).error(),
                  ws::error::unrequested_extension)
            << refused;
    }
    // A window the client limited may not be widened by the server.
    ws::deflate_options small;
    small.server_max_window_bits = 10;
    EXPECT_EQ(ws::deflate_offer(small),
              "permessage-deflate; server_max_window_bits=10; client_max_window_bits");
    EXPECT_EQ(
        ws::accept_deflate_response("permessage-deflate; server_max_window_bits=12", small).error(),
        ws::error::unrequested_extension);
}

} // namespace
