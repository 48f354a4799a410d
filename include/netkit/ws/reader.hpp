// Reads WebSocket messages out of the bytes of a connection (RFC 6455 §5-6,
// RFC 7692 §6), with no I/O: the engine feeds what it reads, and learns of
// whole messages, pings, pongs and the peer's close, or of the fault that
// must close the connection (with ws::close_code_for(error)).
//
//     ws::reader r({.reader = ws::role::server});
//     for (;;) {
//         auto step = r.feed(std::span(buffer.data(), buffer.size()));
//         if (!step) -> close with ws::close_code_for(step.error())
//         buffer.erase(0, step->consumed);
//         switch (step->what) {
//         case ws::event::need_more: read more bytes; break;
//         case ws::event::message: use r.message_type(), r.message(); break;
//         case ws::event::ping: answer a pong with r.control_payload(); break;
//         ...
//
// Fragments are joined, control frames between them handed out at once;
// text is checked as UTF-8 as it comes, so a bad byte fails at once, not at
// the message's end; a message past `max_message` (inflated, if compressed)
// fails with message_too_big before more of it is kept.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/core/utf8.hpp>
#include <netkit/ws/close.hpp>
#include <netkit/ws/frame.hpp>
#include <netkit/ws/permessage_deflate.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace netkit::ws {

struct reader_options {
    /// Which end reads (a server reads masked frames).
    role reader = role::server;
    /// The largest message kept, after inflation (1009 past it).
    std::uint64_t max_message = 16 * 1024 * 1024;
};

enum class event {
    need_more, ///< the bytes end inside a frame's header: feed more
    message,   ///< a whole message: message_type() and message()
    ping,      ///< control_payload() to echo in a pong (§5.5.2)
    pong,      ///< control_payload()
    close,     ///< the peer's close frame: close_status()
};

struct read_step {
    std::size_t consumed = 0; ///< bytes of the input used, to drop before the next feed
    event what = event::need_more;
};

class reader {
public:
    explicit reader(const reader_options& options);

    /// Once permessage-deflate is agreed: RSV1 marks compressed messages.
    /// `no_context_takeover` is the peer's (server_no_context_takeover for
    /// a client's reader, client_ for a server's).
    void use_deflate(bool no_context_takeover);

    /// Reads from the front of `bytes` (masked payloads are unmasked in
    /// place) up to the next event, or all of it.
    result<read_step> feed(std::span<char> bytes);

    /// Between messages: no frame or fragment begun (a connection may then
    /// give its buffers back).
    bool idle() const noexcept { return !in_frame_ && !in_message_; }

    /// The last message (valid until the next feed; it may be moved from).
    opcode message_type() const noexcept { return message_type_; }
    std::string& message() noexcept { return message_; }
    /// The last ping's or pong's payload.
    std::string_view control_payload() const noexcept { return control_; }
    /// The peer's close frame (its reason a view into control_payload()).
    const close_reason& close_status() const noexcept { return close_; }

private:
    result<void> start_frame(const frame_header& h);
    result<void> take_payload(std::string_view piece);
    result<read_step> end_frame(std::size_t consumed);

    reader_options options_;
    std::optional<inflater> inflate_;
    frame_header frame_;
    bool in_frame_ = false;        // a header read, its payload not all
    std::uint64_t frame_read_ = 0; // payload bytes of the frame so far
    bool in_message_ = false;      // fragments of a message are due
    bool compressed_ = false;      // the message being read is
    opcode message_type_ = opcode::text;
    std::string message_;
    std::string control_;
    close_reason close_;
    utf8_validator utf8_;
};

} // namespace netkit::ws
