#include <netkit/core/ascii.hpp>
#include <netkit/core/base64.hpp>
#include <netkit/ws/error.hpp>
#include <netkit/ws/handshake.hpp>

#include "ws/detail/sha1.hpp"

#include <algorithm>

namespace netkit::ws {
namespace {

constexpr std::string_view accept_guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

bool is_base64_character(char c) noexcept {
    return is_alpha(c) || is_digit(c) || c == '+' || c == '/';
}

result<void> check_upgrade_fields(std::string_view upgrade, std::string_view connection) {
    if (!list_has(upgrade, "websocket") || !list_has(connection, "upgrade")) {
        return error::not_an_upgrade;
    }
    return {};
}

} // namespace

result<void> check_upgrade_request(const upgrade_request& request) {
    if (request.method != "GET") {
        return error::not_get;
    }
    if (request.version_major < 1 || (request.version_major == 1 && request.version_minor < 1)) {
        return error::not_http11;
    }
    if (auto ok = check_upgrade_fields(request.upgrade, request.connection); !ok) {
        return ok;
    }
    if (!is_valid_key(trim(request.key))) {
        return error::bad_key;
    }
    if (trim(request.version) != "13") {
        return error::unsupported_version;
    }
    return {};
}

result<void> check_upgrade_response(const upgrade_response& response, std::string_view key,
                                    std::span<const std::string> offered_protocols) {
    if (response.status != 101) {
        return error::not_switching;
    }
    if (auto ok = check_upgrade_fields(response.upgrade, response.connection); !ok) {
        return ok;
    }
    if (trim(response.accept) != accept_key(key)) {
        return error::bad_accept;
    }
    const std::string_view chosen = trim(response.protocol);
    if (!chosen.empty() && std::find(offered_protocols.begin(), offered_protocols.end(), chosen) ==
                               offered_protocols.end()) {
        return error::unrequested_protocol;
    }
    return {};
}

std::string accept_key(std::string_view key) {
    std::string joined;
    joined.reserve(key.size() + accept_guid.size());
    joined.append(key).append(accept_guid);
    const auto digest = detail::sha1(joined);
    return base64_encode(
        std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string make_key(const std::array<unsigned char, 16>& nonce) {
    return base64_encode(std::string_view(reinterpret_cast<const char*>(nonce.data()), 16));
}

bool is_valid_key(std::string_view key) noexcept {
    return key.size() == 24 && key.ends_with("==") &&
           std::all_of(key.begin(), key.end() - 2, is_base64_character);
}

std::optional<std::string_view> choose_protocol(std::string_view offered,
                                                std::span<const std::string> supported) {
    for (;;) {
        const auto comma = offered.find(',');
        const std::string_view item = trim(offered.substr(0, comma));
        // Subprotocol names are tokens, compared with case (§4.1, §11.3.4).
        if (const auto it = std::find(supported.begin(), supported.end(), item);
            !item.empty() && it != supported.end()) {
            return std::string_view(*it);
        }
        if (comma == std::string_view::npos) {
            return std::nullopt;
        }
        offered.remove_prefix(comma + 1);
    }
}

} // namespace netkit::ws
