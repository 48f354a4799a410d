#include <netkit/core/utf8.hpp>
#include <netkit/ws/close.hpp>
#include <netkit/ws/error.hpp>
#include <netkit/ws/frame.hpp>

namespace netkit::ws {

result<close_reason> parse_close(std::string_view payload) {
    if (payload.empty()) {
        return close_reason{};
    }
    if (payload.size() == 1) {
        return error::bad_close_payload;
    }
    const auto code = static_cast<std::uint16_t>(static_cast<unsigned char>(payload[0]) << 8 |
                                                 static_cast<unsigned char>(payload[1]));
    if (!is_sendable_close_code(code)) {
        return error::bad_close_payload;
    }
    const std::string_view reason = payload.substr(2);
    if (!is_valid_utf8(reason)) {
        return error::invalid_utf8;
    }
    return close_reason{code, reason};
}

std::string close_payload(std::uint16_t code, std::string_view reason) {
    if (code == close_code::no_status) {
        return {};
    }
    const std::size_t keep = utf8_prefix(reason, max_control_payload - 2);
    std::string out;
    out.reserve(2 + keep);
    out += static_cast<char>(code >> 8);
    out += static_cast<char>(code & 0xFF);
    out.append(reason.substr(0, keep));
    return out;
}

} // namespace netkit::ws
