// Turning requests and responses into bytes, and the chunked encoder.
//
//     auto bytes = netkit::http::serialize(req);     // head and body
//     if (!bytes) ...                                 // refused: see below
//     std::string out;
//     netkit::http::append_chunk(out, "hello");       // "5\r\nhello\r\n"
//     netkit::http::append_last_chunk(out);           // "0\r\n\r\n"
//
// The serializer refuses what would let a peer read the message differently
// from what was meant: a method that is not a token, a request-target or
// reason phrase with whitespace or control characters, Content-Length
// together with Transfer-Encoding, several Content-Lengths, or one that does
// not match the body. When the message gives no framing for a body,
// Content-Length is added.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/http/fields.hpp>
#include <netkit/http/message.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace netkit::http {

/// The start line and fields, ending with the empty line.
result<std::string> serialize_head(const request& r);
/// The head of a request whose body of `body_size` bytes is sent apart
/// (streamed from a file, say): its framing is checked against that size.
result<std::string> serialize_head(const request& r, std::uint64_t body_size);
result<std::string> serialize_head(const response& r);

/// serialize_head() followed by the body (which the fields must frame).
result<std::string> serialize(const request& r);
result<std::string> serialize(const response& r);

/// One chunk of a chunked body (nothing for empty data: an empty chunk
/// would end the body).
void append_chunk(std::string& out, std::string_view data);
/// The last chunk and the trailer section.
void append_last_chunk(std::string& out, const fields& trailers = {});

} // namespace netkit::http
