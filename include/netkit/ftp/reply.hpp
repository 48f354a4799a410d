// FTP replies (RFC 959 §4.2): a three-digit code and text, on one line or
// several.
//
//     netkit::ftp::reply_reader reader;
//     for (line : lines_from_the_control_connection) {     // CRLF removed
//         auto done = reader.feed(line);
//         if (!done) fail(done.error());                    // malformed, too long
//         if (*done) { auto r = reader.take(); ... }        // r.code, r.text
//     }
//
// A multi-line reply starts "123-" and ends at the first line that starts with
// the same code and a space ("123 ") or holds the code alone. `text` is the
// whole reply as ftplib returns it: every line, joined by "\n".
#pragma once

#include <netkit/core/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace netkit::ftp {

struct reply {
    int code = 0;     ///< 100-999 (only 1xx-5xx are valid; others are error::bad_reply)
    std::string text; ///< the full reply, lines joined by "\n", codes included

    /// The first digit: 1 preliminary, 2 completion, 3 intermediate, 4 and 5 negative.
    int kind() const noexcept { return code / 100; }
};

/// ftplib's longest reply line.
inline constexpr std::size_t max_reply_line = 8192;
/// The longest whole reply the reader accepts (a STAT of a large directory
/// fits); more is error::reply_too_long, so a hostile server cannot exhaust memory.
inline constexpr std::size_t max_reply_size = 4 * 1024 * 1024;

class reply_reader {
public:
    /// Takes one line without its line ending. True when the reply is complete.
    /// Errors: bad_reply (the first line does not start with three digits),
    /// reply_line_too_long, reply_too_long. After an error, reset().
    result<bool> feed(std::string_view line);
    /// The completed reply; the reader is ready for the next.
    reply take();
    void reset();

private:
    reply current_;
    bool multi_line_ = false;
};

/// What ftplib's getresp does with a completed reply: 1xx-3xx are fine, 4xx
/// is temporary_negative, 5xx permanent_negative, anything else bad_reply.
result<void> check_reply(const reply& r);

/// voidresp: check_reply, and a completion (2xx) is required: unexpected_reply otherwise.
result<void> check_completion(const reply& r);

} // namespace netkit::ftp

namespace netkit::ftp {

/// The directory a 257 reply names (PWD, MKD), with RFC 959's doubled quotes
/// undone: `257 "/a ""b"""` gives `/a "b"`. A 257 without a quoted name gives
/// "" (as ftplib). Errors: unexpected_reply for another code.
result<std::string> parse_directory_reply(const reply& r);

/// The size a 150 reply announces, "150 Opening BINARY mode data connection
/// for f (1024 bytes)", or -1 when it names none. Errors: unexpected_reply for
/// another code.
result<long long> parse_transfer_size(const reply& r);

} // namespace netkit::ftp
