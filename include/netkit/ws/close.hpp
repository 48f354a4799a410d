// The WebSocket closing handshake's payload (RFC 6455 §5.5.1, §7.4): an
// optional status code and a UTF-8 reason.
//
//     auto c = ws::parse_close(payload);       // {code 1000, reason "bye"}
//     std::string p = ws::close_payload(ws::close_code::going_away, "restart");
#pragma once

#include <netkit/core/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace netkit::ws {

/// The codes of RFC 6455 §7.4.1 and the IANA registry that endpoints send.
namespace close_code {
constexpr std::uint16_t normal = 1000;
constexpr std::uint16_t going_away = 1001;
constexpr std::uint16_t protocol_error = 1002;
constexpr std::uint16_t unsupported_data = 1003;
/// Never sent: what a close frame without a code reports (§7.1.5).
constexpr std::uint16_t no_status = 1005;
/// Never sent: what a connection that ended without a close frame reports.
constexpr std::uint16_t abnormal = 1006;
constexpr std::uint16_t invalid_data = 1007;
constexpr std::uint16_t policy_violation = 1008;
constexpr std::uint16_t too_big = 1009;
constexpr std::uint16_t extension_required = 1010;
constexpr std::uint16_t internal_error = 1011;
} // namespace close_code

/// Whether a peer may send `code` in a close frame: 1000-1003 and 1007-1014
/// (RFC 6455 and the IANA registry's later 1012-1014), and 3000-4999 for
/// libraries and applications. 1004-1006 and 1015 are reserved, the rest
/// undefined.
constexpr bool is_sendable_close_code(std::uint16_t code) noexcept {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

struct close_reason {
    std::uint16_t code = close_code::no_status;
    std::string_view reason; ///< a view into the payload read
};

/// Reads a close frame's payload (unmasked): empty, or a sendable code and
/// a UTF-8 reason. error::bad_close_payload for one byte or a code no one
/// may send; error::invalid_utf8 for a reason that is not UTF-8.
result<close_reason> parse_close(std::string_view payload);

/// A close frame's payload: the code, then the reason cut to fit the 125
/// bytes of a control frame (on a character boundary). no_status makes the
/// empty payload.
std::string close_payload(std::uint16_t code, std::string_view reason = {});

} // namespace netkit::ws
