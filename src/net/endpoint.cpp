#include "net/detail/unix_path.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/net/endpoint.hpp>
#include <netkit/net/error.hpp>

#include <algorithm>

namespace netkit::net {
namespace {

constexpr std::string_view unix_prefix = "unix:";

// Letters, digits, '-', '.' and '_' (seen in real host names, though not in
// RFC 952) cover names and IPv4 literals; anything else (spaces, '/', '@')
// means the text was not meant as a host.
bool is_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' ||
           c == '.' || c == '_';
}

bool is_ipv6_literal(std::string_view text) {
    std::error_code ec;
    asio::ip::make_address_v6(std::string(text), ec);
    return !ec;
}

result<endpoint> parse(std::string_view text, std::optional<std::uint16_t> default_port) {
    if (text.empty()) {
        return error::empty_endpoint;
    }
    if (text.starts_with(unix_prefix)) {
        std::string path(text.substr(unix_prefix.size()));
        if (auto ec = detail::check_unix_path(path)) {
            return ec;
        }
        return endpoint::unix_socket(std::move(path));
    }

    std::string_view host;
    std::string_view port_text;
    bool has_port = false;
    if (text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            return error::unclosed_bracket;
        }
        host = text.substr(1, close - 1);
        if (!is_ipv6_literal(host)) {
            return error::bad_ipv6_literal;
        }
        std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                return error::bad_port;
            }
            port_text = rest.substr(1);
            has_port = true;
        }
    } else if (std::all_of(text.begin(), text.end(), is_digit)) {
        port_text = text; // a bare port
        has_port = true;
    } else if (std::count(text.begin(), text.end(), ':') > 1) {
        // An unbracketed IPv6 address: only without a port, as in "::1".
        if (!is_ipv6_literal(text)) {
            return error::bad_host;
        }
        host = text;
    } else {
        const auto colon = text.find(':');
        host = text.substr(0, colon);
        if (colon != std::string_view::npos) {
            port_text = text.substr(colon + 1);
            has_port = true;
        }
        if (!host.empty() && !std::all_of(host.begin(), host.end(), is_host_char)) {
            return error::bad_host;
        }
    }

    std::uint16_t port = 0;
    if (has_port) {
        auto parsed = parse_port(port_text);
        if (!parsed) {
            return parsed.error();
        }
        port = *parsed;
    } else if (default_port) {
        port = *default_port;
    } else {
        return error::missing_port;
    }
    return endpoint(std::string(host), port);
}

} // namespace

std::string endpoint::to_string() const {
    if (is_unix()) {
        return std::string(unix_prefix) + unix_path;
    }
    std::string out;
    if (host.find(':') != std::string::npos) {
        out.append("[").append(host).append("]");
    } else {
        out.append(host);
    }
    out.append(":").append(std::to_string(port));
    return out;
}

result<endpoint> parse_endpoint(std::string_view text) {
    return parse(text, std::nullopt);
}

result<endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port) {
    return parse(text, default_port);
}

result<std::uint16_t> parse_port(std::string_view text) {
    if (text.empty()) {
        return error::missing_port;
    }
    if (text.size() > 5 || !std::all_of(text.begin(), text.end(), is_digit)) {
        return error::bad_port;
    }
    unsigned value = 0;
    for (char c : text) {
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 65535) {
        return error::bad_port;
    }
    return static_cast<std::uint16_t>(value);
}

asio::ip::address unmapped(const asio::ip::address& address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    }
    return address;
}

namespace {
template <class Endpoint> std::string format(const Endpoint& ep) {
    const auto address = unmapped(ep.address());
    std::string out;
    if (address.is_v6()) {
        out.append("[").append(address.to_string()).append("]");
    } else {
        // Four numbers by hand: inet_ntop, under asio's to_string, goes
        // through sprintf, a tenth of what a server spends in user space on
        // a connection that carries one small request (callgrind).
        const auto bytes = address.to_v4().to_bytes();
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            if (i > 0) {
                out += '.';
            }
            append_decimal(out, bytes[i]);
        }
    }
    out += ':';
    append_decimal(out, ep.port());
    return out;
}
} // namespace

std::string to_string(const asio::ip::tcp::endpoint& ep) {
    return format(ep);
}

std::string to_string(const asio::ip::udp::endpoint& ep) {
    return format(ep);
}

} // namespace netkit::net
