// How the commands turn their HOST/-b and PORT arguments into an endpoint.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/net/endpoint.hpp>

#include <CLI/CLI.hpp>

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

/// The port, the same way in every command: as the argument after the host
/// (or alone, for a server: `netkit serve 8080`, `netkit chat server 5000`),
/// or as -p/--port; not both.
inline void add_port_options(CLI::App* command, std::uint16_t& port, const std::string& what) {
    auto* positional = command->add_option("port", port, what)->capture_default_str();
    auto* named = command->add_option("-p,--port", port, what + " (as the PORT argument)");
    command->parse_complete_callback([positional, named] {
        if (positional->count() > 0 && named->count() > 0) {
            throw CLI::ValidationError("port", "give the port once: as PORT or with -p/--port");
        }
    });
}

} // namespace netkit::cli
