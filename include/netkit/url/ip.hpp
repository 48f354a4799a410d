// IP address literals in URLs, by two rulebooks: Python's ipaddress module
// (what urllib.parse accepts between brackets) and RFC 3986's grammar (what
// the strict url type accepts).
//
//     netkit::url::python_ip_address("fe80::1%eth0")  // ip_kind::v6: Python takes a zone
//     netkit::url::is_ipv6_address("fe80::1%eth0")    // false: RFC 3986's grammar has none
#pragma once

#include <string_view>

namespace netkit::url {

enum class ip_kind { none, v4, v6 };

/// What Python's ipaddress.ip_address() makes of `text`: an IPv4 address
/// (four decimal octets, no leading zeros), an IPv6 address (with an optional
/// "%zone"), or neither.
ip_kind python_ip_address(std::string_view text) noexcept;

/// RFC 3986 §3.2.2 IPv4address: dec-octet "." dec-octet "." dec-octet "." dec-octet.
bool is_ipv4_address(std::string_view text) noexcept;

/// RFC 3986 §3.2.2 IPv6address (no zone identifier).
bool is_ipv6_address(std::string_view text) noexcept;

/// RFC 3986 §3.2.2 IPvFuture: "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
bool is_ipvfuture(std::string_view text) noexcept;

} // namespace netkit::url
