// The WebSocket opening handshake's checks (RFC 6455 §4), over the field
// values an engine reads from the HTTP heads (a field sent more than once
// given as its values joined with ", ", as RFC 9110 §5.3 allows).
//
// Server side:
//     auto ok = ws::check_upgrade_request(request);
//     if (!ok) answer 400, or 426 with "Sec-WebSocket-Version: 13" for
//              error::unsupported_version (§4.4)
//     else     answer 101 with Upgrade: websocket, Connection: Upgrade and
//              Sec-WebSocket-Accept: ws::accept_key(request.key)
// Client side:
//     std::string key = ws::make_key(sixteen_random_bytes);
//     ... send GET with it, read the answer ...
//     auto ok = ws::check_upgrade_response(response, key, offered_protocols);
#pragma once

#include <netkit/core/result.hpp>

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace netkit::ws {

/// What a server reads from a client's upgrade request.
struct upgrade_request {
    std::string_view method;
    int version_major = 1;
    int version_minor = 1;
    std::string_view upgrade;    ///< Upgrade
    std::string_view connection; ///< Connection
    std::string_view key;        ///< Sec-WebSocket-Key
    std::string_view version;    ///< Sec-WebSocket-Version
};

/// §4.2.1: GET, HTTP/1.1 or later, "websocket" among Upgrade's protocols and
/// "upgrade" among Connection's options (any case), a key of 16 bytes in
/// base64, and version 13.
result<void> check_upgrade_request(const upgrade_request& request);

/// What a client reads from the server's answer.
struct upgrade_response {
    int status = 0;
    std::string_view upgrade;    ///< Upgrade
    std::string_view connection; ///< Connection
    std::string_view accept;     ///< Sec-WebSocket-Accept
    std::string_view protocol;   ///< Sec-WebSocket-Protocol (empty: none chosen)
};

/// §4.1's checks of the answer: 101, Upgrade and Connection as above, the
/// accept value made from `key`, and a subprotocol (if any) that the client
/// offered. Extensions are the negotiator's to check (permessage_deflate.hpp).
result<void> check_upgrade_response(const upgrade_response& response, std::string_view key,
                                    std::span<const std::string> offered_protocols);

/// Sec-WebSocket-Accept: base64(SHA-1(key + the RFC's GUID)) (§4.2.2).
std::string accept_key(std::string_view key);

/// A Sec-WebSocket-Key from 16 bytes the caller drew at random (§4.1: "a
/// nonce consisting of a randomly selected 16-byte value").
std::string make_key(const std::array<unsigned char, 16>& nonce);

/// Whether `key` is 16 bytes in base64: 22 characters of the alphabet and
/// "==" (what Python's websockets and browsers send and accept).
bool is_valid_key(std::string_view key) noexcept;

/// The subprotocol a server picks: the first in the client's list (its
/// order of preference, §11.3.4) that the server supports; none if no
/// protocol is shared.
std::optional<std::string_view> choose_protocol(std::string_view offered,
                                                std::span<const std::string> supported);

} // namespace netkit::ws
