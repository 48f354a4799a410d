#include <netkit/ws/close.hpp>
#include <netkit/ws/error.hpp>

#include <string>

namespace netkit::ws {
namespace {

class category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.ws"; }

    std::string message(int value) const override {
        switch (static_cast<error>(value)) {
        case error::reserved_opcode: return "WebSocket frame with a reserved opcode";
        case error::reserved_bits: return "WebSocket frame with reserved bits set";
        case error::fragmented_control: return "fragmented WebSocket control frame";
        case error::control_too_long:
            return "WebSocket control frame with more than 125 bytes of payload";
        case error::length_not_minimal: return "WebSocket payload length not in its shortest form";
        case error::length_too_large: return "WebSocket payload length over 2^63";
        case error::unmasked_client_frame: return "unmasked WebSocket frame from a client";
        case error::masked_server_frame: return "masked WebSocket frame from a server";
        case error::unexpected_continuation:
            return "WebSocket continuation frame with no message to continue";
        case error::expected_continuation:
            return "new WebSocket message before the last one's final fragment";
        case error::bad_close_payload: return "malformed WebSocket close frame";
        case error::invalid_utf8: return "WebSocket text that is not valid UTF-8";
        case error::message_too_big: return "WebSocket message over the size limit";
        case error::bad_compressed_data: return "WebSocket message that does not inflate";
        case error::not_get: return "WebSocket upgrade request with a method other than GET";
        case error::not_http11: return "WebSocket upgrade request older than HTTP/1.1";
        case error::not_an_upgrade:
            return "not a WebSocket upgrade (Upgrade: websocket and Connection: Upgrade needed)";
        case error::bad_key: return "Sec-WebSocket-Key is not 16 bytes in base64";
        case error::unsupported_version:
            return "Sec-WebSocket-Version other than 13 (the only version RFC 6455 defines)";
        case error::not_switching: return "the server did not switch to WebSocket (no 101 status)";
        case error::bad_accept: return "Sec-WebSocket-Accept does not match the key sent";
        case error::unrequested_protocol:
            return "the server chose a WebSocket subprotocol the client did not offer";
        case error::unrequested_extension:
            return "the server chose a WebSocket extension the client did not offer";
        case error::bad_extension_offer: return "malformed Sec-WebSocket-Extensions";
        case error::closed: return "the WebSocket connection is closed";
        case error::no_close_frame:
            return "the WebSocket connection ended without a closing handshake";
        case error::queue_full:
            return "the WebSocket peer reads too slowly (its send queue is full)";
        case error::ping_timeout: return "no WebSocket pong within the keep-alive interval";
        }
        return "unknown WebSocket error";
    }

    std::error_condition default_error_condition(int value) const noexcept override {
        switch (static_cast<error>(value)) {
        case error::message_too_big:
        case error::queue_full: return condition::limit_exceeded;
        case error::ping_timeout: return condition::timed_out;
        case error::closed:
        case error::no_close_frame: return {value, *this};
        default: return condition::protocol_violation;
        }
    }
};

} // namespace

const std::error_category& error_category() noexcept {
    static const category_impl instance;
    return instance;
}

std::uint16_t close_code_for(std::error_code e) noexcept {
    if (e.category() != error_category()) {
        return close_code::internal_error;
    }
    switch (static_cast<error>(e.value())) {
    case error::invalid_utf8: return close_code::invalid_data;
    case error::message_too_big: return close_code::too_big;
    case error::queue_full: return close_code::policy_violation;
    case error::ping_timeout: return close_code::internal_error;
    default: return close_code::protocol_error;
    }
}

} // namespace netkit::ws
