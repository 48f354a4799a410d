// Making a Unix socket path free to bind, without stealing it.
#pragma once

#include <string>
#include <system_error>

namespace netkit::net::detail {

/// Prepares `path` for bind() of a socket of `type` (SOCK_STREAM or
/// SOCK_DGRAM): nothing there is fine; a socket file nobody accepts on is
/// stale (its process died without removing it) and is removed; a socket a
/// live process serves gives std::errc::address_in_use; any other kind of
/// file gives net::error::not_a_socket_file and is left alone.
std::error_code claim_unix_path(const std::string& path, int type);

} // namespace netkit::net::detail
