// Errors of the WebSocket codec and connections (netkit::ws).
//
// Each protocol error has the close code a peer is told (RFC 6455 §7.4.1),
// so that whoever meets it can end the connection the way the RFC asks:
//
//     if (!r) send_close(ws::close_code_for(r.error()), r.error().message());
#pragma once

#include <netkit/core/error.hpp>

#include <cstdint>
#include <system_error>

namespace netkit::ws {

enum class error {
    // The framing (RFC 6455 §5): close code 1002, protocol error.
    reserved_opcode = 1,     ///< an opcode RFC 6455 leaves reserved (3-7, 11-15)
    reserved_bits,           ///< RSV1-3 set with no extension that defines them
    fragmented_control,      ///< a close, ping or pong frame without FIN (§5.5)
    control_too_long,        ///< a control frame with more than 125 bytes of payload (§5.5)
    length_not_minimal,      ///< a payload length not in its shortest form (§5.2)
    length_too_large,        ///< a 64-bit payload length with its top bit set (§5.2)
    unmasked_client_frame,   ///< a client's frame without a mask (§5.1)
    masked_server_frame,     ///< a server's frame with a mask (§5.1)
    unexpected_continuation, ///< a continuation frame with no message begun (§5.4)
    expected_continuation,   ///< a new message while another's fragments are due (§5.4)
    bad_close_payload,       ///< a close frame of one byte, or with a code no one may send (§7.4)
    bad_compressed_data,     ///< a permessage-deflate message zlib cannot inflate (RFC 7692)
    // The payload: 1007, invalid data; 1009, too big.
    invalid_utf8,    ///< a text message or close reason that is not UTF-8 (§8.1)
    message_too_big, ///< a message over the reader's limit (inflated, when compressed)
    // The opening handshake (§4): the connection never opens.
    not_get,               ///< an upgrade request whose method is not GET
    not_http11,            ///< an upgrade request older than HTTP/1.1
    not_an_upgrade,        ///< Upgrade without "websocket" or Connection without "upgrade"
    bad_key,               ///< a Sec-WebSocket-Key that is not 16 bytes in base64
    unsupported_version,   ///< a Sec-WebSocket-Version other than 13 (the answer is 426)
    not_switching,         ///< the server answered with another status than 101
    bad_accept,            ///< a Sec-WebSocket-Accept that does not match the key sent
    unrequested_protocol,  ///< the server chose a subprotocol the client did not offer
    unrequested_extension, ///< the server named an extension, or parameters, not offered
    bad_extension_offer,   ///< a Sec-WebSocket-Extensions value that cannot be read
    // An open connection's end.
    closed,         ///< the closing handshake took place (not a failure)
    no_close_frame, ///< the connection ended without a closing handshake (1006)
    queue_full,     ///< the peer reads too slowly: more than max_queued bytes waited
    ping_timeout,   ///< no pong came back within the keep-alive interval
};

const std::error_category& error_category() noexcept;

inline std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// The close code for a peer that caused `e` (RFC 6455 §7.4.1): 1007 for
/// bad data, 1009 for too much, 1002 for the rest of the protocol's
/// errors; 1011 (internal error) for what is not a ws::error.
std::uint16_t close_code_for(std::error_code e) noexcept;

} // namespace netkit::ws

template <> struct std::is_error_code_enum<netkit::ws::error> : std::true_type {};
