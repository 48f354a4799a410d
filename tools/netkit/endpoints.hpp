// How the commands turn their HOST/-b and PORT arguments into an endpoint.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/net/endpoint.hpp>

#include <cstdint>
#include <string>

namespace netkit::cli {

/// No host: every interface (servers) or localhost (clients); otherwise the
/// host as typed ("::1", "[::1]", "example.com", "127.0.0.1:7000"), with
/// `port` when it names none.
inline result<net::endpoint> endpoint_for(const std::string& host, std::uint16_t port) {
    if (host.empty()) {
        return net::endpoint("", port);
    }
    return net::parse_endpoint(host, port);
}

} // namespace netkit::cli
