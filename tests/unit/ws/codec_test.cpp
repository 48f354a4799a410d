// WebSocket frames and the message reader: RFC 6455 §5.7's examples, fed
// whole, at every split and byte by byte; and every fault a hostile peer
// can send, with the close code it earns.
#include <netkit/ws/close.hpp>
#include <netkit/ws/error.hpp>
#include <netkit/ws/frame.hpp>
#include <netkit/ws/reader.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

namespace ws = netkit::ws;
using namespace std::string_literals;

struct seen {
    ws::event what;
    ws::opcode type;
    std::string data;
    bool operator==(const seen&) const = default;
};

std::ostream& operator<<(std::ostream& os, const seen& s) {
    return os << static_cast<int>(s.what) << "/" << static_cast<int>(s.type) << ":" << s.data;
}

// Feeds `wire` in pieces of `piece` bytes (0: whole), as a connection would:
// keeping what a step did not use in front of the next read.
netkit::result<std::vector<seen>> read_all(ws::reader& r, const std::string& wire,
                                           std::size_t piece = 0) {
    std::vector<seen> events;
    std::string buffer;
    std::size_t next = 0;
    for (;;) {
        auto step = r.feed(std::span(buffer.data(), buffer.size()));
        if (!step) {
            return step.error();
        }
        buffer.erase(0, step->consumed);
        switch (step->what) {
        case ws::event::message:
            events.push_back({step->what, r.message_type(), r.message()});
            continue;
        case ws::event::ping:
        case ws::event::pong:
            events.push_back(
                {step->what, ws::opcode::continuation, std::string(r.control_payload())});
            continue;
        case ws::event::close:
            events.push_back({step->what, ws::opcode::close,
                              std::to_string(r.close_status().code) + " " +
                                  std::string(r.close_status().reason)});
            continue;
        case ws::event::need_more: break;
        }
        if (next == wire.size()) {
            if (!buffer.empty()) {
                ADD_FAILURE() << buffer.size() << " bytes left unread";
            }
            return events;
        }
        const std::size_t n = piece == 0 ? wire.size() : std::min(piece, wire.size() - next);
        buffer.append(wire, next, n);
        next += n;
    }
}

// The same events whole, at every split point and byte by byte.
void expect_reads(ws::role who, const std::string& wire, const std::vector<seen>& expected) {
    for (std::size_t piece :
         {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}}) {
        ws::reader r({.reader = who});
        auto got = read_all(r, wire, piece);
        ASSERT_TRUE(got) << got.error().message() << " in pieces of " << piece;
        EXPECT_EQ(*got, expected) << "in pieces of " << piece;
    }
}

void expect_fault(ws::role who, const std::string& wire, ws::error e, std::uint16_t code) {
    for (std::size_t piece : {std::size_t{0}, std::size_t{1}}) {
        ws::reader r({.reader = who, .max_message = 1000});
        auto got = read_all(r, wire, piece);
        ASSERT_FALSE(got) << "no fault found in pieces of " << piece;
        EXPECT_EQ(got.error(), e) << got.error().message();
        EXPECT_EQ(ws::close_code_for(got.error()), code);
    }
}

const seen hello{ws::event::message, ws::opcode::text, "Hello"};

TEST(WsReader, TheRfcExamples) {
    // §5.7: a single-frame unmasked text message (a client reads it).
    expect_reads(ws::role::client, "\x81\x05Hello"s, {hello});
    // A single-frame masked text message (a server reads it).
    expect_reads(ws::role::server, "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"s, {hello});
    // A fragmented unmasked text message.
    expect_reads(ws::role::client, "\x01\x03Hel\x80\x02lo"s, {hello});
    // Unmasked ping, and masked pong, each "Hello".
    expect_reads(ws::role::client, "\x89\x05Hello"s,
                 {{ws::event::ping, ws::opcode::continuation, "Hello"}});
    expect_reads(ws::role::server, "\x8a\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"s,
                 {{ws::event::pong, ws::opcode::continuation, "Hello"}});
    // 256 bytes and 64 KiB of binary data in one unmasked frame.
    const std::string small(256, 'x');
    expect_reads(ws::role::client, "\x82\x7E\x01\x00"s + small,
                 {{ws::event::message, ws::opcode::binary, small}});
    const std::string large(65536, 'y');
    ws::reader r({.reader = ws::role::client});
    auto got = read_all(r, "\x82\x7F\x00\x00\x00\x00\x00\x01\x00\x00"s + large);
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, (std::vector<seen>{{ws::event::message, ws::opcode::binary, large}}));
}

TEST(WsReader, ControlFramesBetweenFragments) {
    // §5.4: a ping may come between a message's fragments, and is handed
    // out at once; the message still comes whole.
    expect_reads(ws::role::client, "\x01\x03Hel\x89\x01!\x00\x01l\x80\x01o"s,
                 {{ws::event::ping, ws::opcode::continuation, "!"}, hello});
    // Empty frames and an empty message.
    expect_reads(
        ws::role::client, "\x01\x00\x00\x00\x80\x00\x82\x00"s,
        {{ws::event::message, ws::opcode::text, ""}, {ws::event::message, ws::opcode::binary, ""}});
}

TEST(WsReader, CloseFrames) {
    expect_reads(ws::role::client, "\x88\x00"s, {{ws::event::close, ws::opcode::close, "1005 "}});
    expect_reads(ws::role::client,
                 "\x88\x05\x03\xe8"
                 "bye"s,
                 {{ws::event::close, ws::opcode::close, "1000 bye"}});
    expect_reads(ws::role::client, "\x88\x02\x0f\xa0"s,
                 {{ws::event::close, ws::opcode::close, "4000 "}});
    // One byte, codes no one may send, and a reason that is not UTF-8.
    expect_fault(ws::role::client, "\x88\x01\x03"s, ws::error::bad_close_payload, 1002);
    for (const std::uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
        std::string frame = "\x88\x02"s;
        frame += static_cast<char>(code >> 8);
        frame += static_cast<char>(code & 0xFF);
        expect_fault(ws::role::client, frame, ws::error::bad_close_payload, 1002);
    }
    expect_fault(ws::role::client, "\x88\x04\x03\xe8\xce\xff"s, ws::error::invalid_utf8, 1007);
}

TEST(WsReader, HostileFrames) {
    // §5.1: a client's frames must be masked, a server's must not be.
    expect_fault(ws::role::server, "\x81\x05Hello"s, ws::error::unmasked_client_frame, 1002);
    expect_fault(ws::role::client, "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"s,
                 ws::error::masked_server_frame, 1002);
    // Reserved opcodes and bits (no extension agreed).
    for (const char op : {'\x83', '\x87', '\x8b', '\x8f'}) {
        expect_fault(ws::role::client, std::string(1, op) + "\x00"s, ws::error::reserved_opcode,
                     1002);
    }
    for (const char bits : {'\xc1', '\xa1', '\x91'}) {
        expect_fault(ws::role::client, std::string(1, bits) + "\x00"s, ws::error::reserved_bits,
                     1002);
    }
    // Control frames: fragmented, or over 125 bytes.
    expect_fault(ws::role::client, "\x09\x00"s, ws::error::fragmented_control, 1002);
    expect_fault(ws::role::client, "\x89\x7e\x00\x7e"s + std::string(126, 'p'),
                 ws::error::control_too_long, 1002);
    // A 2^63 length, refused from its header alone; lengths not in their
    // shortest form.
    expect_fault(ws::role::client, "\x82\x7f\x80\x00\x00\x00\x00\x00\x00\x00"s,
                 ws::error::length_too_large, 1002);
    expect_fault(ws::role::client, "\x82\x7e\x00\x05Hello"s, ws::error::length_not_minimal, 1002);
    expect_fault(ws::role::client, "\x82\x7f\x00\x00\x00\x00\x00\x00\x01\x00"s,
                 ws::error::length_not_minimal, 1002);
    // Fragments out of order (§5.4).
    expect_fault(ws::role::client, "\x80\x02lo"s, ws::error::unexpected_continuation, 1002);
    expect_fault(ws::role::client, "\x01\x03Hel\x81\x02lo"s, ws::error::expected_continuation,
                 1002);
}

TEST(WsReader, TextMustBeUtf8AndFailsFast) {
    expect_fault(ws::role::client, "\x81\x02\xc0\xaf"s, ws::error::invalid_utf8, 1007);
    // Split across fragments: the fault is found in the second fragment
    // (Autobahn 6.4.1), before the third is read.
    ws::reader r({.reader = ws::role::client});
    std::string wire =
        "\x01\x0b\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"s + "\x00\x04\xf4\x90\x80\x80"s;
    auto step = r.feed(std::span(wire.data(), wire.size()));
    ASSERT_FALSE(step);
    EXPECT_EQ(step.error(), ws::error::invalid_utf8);
    // A character cut at the end of a message.
    expect_fault(ws::role::client, "\x01\x02\xce\xba\x80\x01\xe1"s, ws::error::invalid_utf8, 1007);
    // A character cut between fragments is fine.
    expect_reads(ws::role::client, "\x01\x01\xce\x80\x01\xba"s,
                 {{ws::event::message, ws::opcode::text, "\xce\xba"}});
    // Binary messages are not text.
    expect_reads(ws::role::client, "\x82\x02\xc0\xaf"s,
                 {{ws::event::message, ws::opcode::binary, "\xc0\xaf"}});
}

TEST(WsReader, TheMessageLimit) {
    // 1009 from the header of the frame that would pass the limit (1000
    // bytes in expect_fault), before its payload is kept.
    expect_fault(ws::role::client, "\x82\x7e\x03\xe9"s, ws::error::message_too_big, 1009);
    expect_fault(ws::role::client,
                 "\x02\x7e\x01\xf4"s + std::string(500, 'a') + "\x80\x7e\x01\xf5"s,
                 ws::error::message_too_big, 1009);
    ws::reader r({.reader = ws::role::client, .max_message = 1000});
    auto got = read_all(r, "\x82\x7e\x03\xe8"s + std::string(1000, 'a'));
    ASSERT_TRUE(got);
    EXPECT_EQ(got->at(0).data.size(), 1000u);
}

TEST(WsFrame, WrittenAsTheRfcShows) {
    std::string out;
    ws::append_frame(out, {.fin = true, .op = ws::opcode::text}, "Hello");
    EXPECT_EQ(out, "\x81\x05Hello"s);
    out.clear();
    ws::append_frame(
        out,
        {.fin = true, .op = ws::opcode::text, .masked = true, .mask = {0x37, 0xfa, 0x21, 0x3d}},
        "Hello");
    EXPECT_EQ(out, "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"s);
    out.clear();
    ws::append_frame(out, {.fin = false, .op = ws::opcode::binary}, std::string(256, 'x'));
    EXPECT_EQ(out.substr(0, 4), "\x02\x7e\x01\x00"s);
    out.clear();
    ws::append_frame(out, {.op = ws::opcode::binary}, std::string(65536, 'y'));
    EXPECT_EQ(out.substr(0, 10), "\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00"s);
    EXPECT_EQ(out.size(), 65546u);
}

TEST(WsFrame, MaskingInPiecesIsMaskingWhole) {
    const ws::masking_key key = {0x01, 0x80, 0xfe, 0x33};
    std::string text(37, '\0');
    for (std::size_t i = 0; i < text.size(); ++i) {
        text[i] = static_cast<char>(i * 7);
    }
    std::string whole = text;
    ws::apply_mask(whole.data(), whole.size(), key);
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        std::string pieces = text;
        ws::apply_mask(pieces.data(), cut, key, 0);
        ws::apply_mask(pieces.data() + cut, pieces.size() - cut, key, cut);
        EXPECT_EQ(pieces, whole) << cut;
    }
    ws::apply_mask(whole.data(), whole.size(), key);
    EXPECT_EQ(whole, text);
}

TEST(WsClose, Payloads) {
    EXPECT_EQ(ws::close_payload(ws::close_code::normal, "bye"), "\x03\xe8"
                                                                "bye"s);
    EXPECT_EQ(ws::close_payload(ws::close_code::no_status), "");
    // Cut to a control frame's 125 bytes, on a character boundary.
    const std::string euros = [] {
        std::string s;
        for (int i = 0; i < 50; ++i) {
            s += "\xe2\x82\xac";
        }
        return s;
    }();
    const auto cut = ws::close_payload(ws::close_code::going_away, euros);
    EXPECT_LE(cut.size(), ws::max_control_payload);
    EXPECT_EQ(cut.size(), 2u + 123u / 3 * 3);
    auto back = ws::parse_close(cut);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->code, ws::close_code::going_away);
}

} // namespace
