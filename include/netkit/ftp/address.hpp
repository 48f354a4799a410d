// Data-connection addresses: the replies to PASV (227) and EPSV (229), and the
// arguments of PORT and EPRT (RFC 959 §4.1.2, RFC 2428).
//
//     auto hp = netkit::ftp::parse_pasv_reply(r);           // {"10,0,0,1" as "10.0.0.1", 40899}
//     auto port = netkit::ftp::parse_epsv_reply(r);         // 33019 of "(|||33019|)"
//     netkit::ftp::port_argument("127.0.0.1", 38000)        // "127,0,0,1,148,112"
//     netkit::ftp::eprt_argument("::1", 38000)             // "|2|::1|38000|"
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/ftp/reply.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace netkit::ftp {

struct host_port {
    std::string host; ///< dotted IPv4 address
    std::uint16_t port = 0;
};

/// The address and port of "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)":
/// the first six comma-separated numbers anywhere in the reply, each 0-255.
/// Errors: unexpected_reply (not 227), bad_passive_reply.
result<host_port> parse_pasv_reply(const reply& r);

/// The port of "229 Entering Extended Passive Mode (|||port|)" (any
/// delimiter repeated, as RFC 2428 allows). The host is always the control
/// connection's. Errors: unexpected_reply (not 229), bad_passive_reply.
result<std::uint16_t> parse_epsv_reply(const reply& r);

/// PORT's argument for an IPv4 address: "h1,h2,h3,h4,p1,p2".
std::string port_argument(std::string_view ipv4, std::uint16_t port);

/// EPRT's argument: "|1|ipv4|port|" or "|2|ipv6|port|".
std::string eprt_argument(std::string_view address, std::uint16_t port);

} // namespace netkit::ftp
