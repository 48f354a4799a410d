// permessage-deflate (RFC 7692): the negotiation of its parameters in the
// opening handshake, and the compression of messages with zlib's raw
// deflate.
//
// Server:  auto agreed = ws::negotiate_deflate(request_extensions, options);
//          if (*agreed) answer with "Sec-WebSocket-Extensions: " + (*agreed)->response
// Client:  send ws::deflate_offer(options); then
//          auto params = ws::accept_deflate_response(response_extensions, options);
// Then each side makes a deflater for what it sends and an inflater for
// what it receives, from the agreed parameters and its role.
#pragma once

#include <netkit/core/result.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::ws {

/// What one side asks for, or allows. Window bits are 9-15: zlib's raw
/// deflate has no 8-bit window, so an offer that limits netkit's own
/// compression to 8 is declined (a server) or refused (a client).
struct deflate_options {
    /// The window for what the server compresses, and whether it starts
    /// afresh for each message ("no context takeover": less memory between
    /// messages, worse compression).
    int server_max_window_bits = 15;
    bool server_no_context_takeover = false;
    /// The same for what the client compresses.
    int client_max_window_bits = 15;
    bool client_no_context_takeover = false;
    /// zlib's level, 1 (fast) to 9 (small).
    int level = 6;
};

/// The parameters both sides agreed (RFC 7692 §7.1).
struct deflate_params {
    int server_max_window_bits = 15;
    bool server_no_context_takeover = false;
    int client_max_window_bits = 15;
    bool client_no_context_takeover = false;
};

struct deflate_agreement {
    deflate_params params;
    std::string response; ///< the server's Sec-WebSocket-Extensions value
};

/// The server's choice among a client's offers (the Sec-WebSocket-Extensions
/// value): the first permessage-deflate offer it can accept, or none (the
/// connection goes on uncompressed). error::bad_extension_offer when the
/// value cannot be read at all.
result<std::optional<deflate_agreement>> negotiate_deflate(std::string_view offered,
                                                           const deflate_options& options);

/// The client's offer, for its Sec-WebSocket-Extensions field.
std::string deflate_offer(const deflate_options& options);

/// The client's reading of the server's Sec-WebSocket-Extensions (empty:
/// no compression): error::unrequested_extension for an extension or a
/// parameter the offer did not allow.
result<std::optional<deflate_params>> accept_deflate_response(std::string_view response,
                                                              const deflate_options& offered);

/// Compresses the messages one side sends. The zlib state is made at the
/// first message, so that an idle connection holds none.
class deflater {
public:
    deflater(int window_bits, bool no_context_takeover, int level);
    ~deflater();
    deflater(deflater&&) noexcept;
    deflater& operator=(deflater&&) noexcept;

    /// Appends the compressed form of a whole message to `out` (RFC 7692
    /// §7.2.1: a sync flush, its 00 00 FF FF tail removed).
    void compress(std::string_view message, std::string& out);

private:
    struct state;
    std::unique_ptr<state> state_;
    int window_bits_;
    bool no_context_takeover_;
    int level_;
};

/// Decompresses the messages one side receives, frame by frame, and stops
/// at `max_message` inflated bytes (error::message_too_big), so that a
/// deflate bomb costs no more memory than the limit.
class inflater {
public:
    inflater(bool no_context_takeover, std::uint64_t max_message);
    ~inflater();
    inflater(inflater&&) noexcept;
    inflater& operator=(inflater&&) noexcept;

    /// Appends what a piece of a compressed message inflates to.
    result<void> write(std::string_view piece, std::string& out);
    /// Ends the message (§7.2.2: the 00 00 FF FF its sender removed).
    result<void> finish(std::string& out);

private:
    result<void> run(std::string_view input, std::string& out);

    struct state;
    std::unique_ptr<state> state_;
    bool no_context_takeover_;
    std::uint64_t max_message_;
    std::uint64_t produced_ = 0; // of the message being read
    bool fed_ = false;           // the message being read has payload bytes
};

} // namespace netkit::ws
