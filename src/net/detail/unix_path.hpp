// Unix socket paths: checked against sockaddr_un, and made free to bind
// without stealing them.
#pragma once

#include <string>
#include <system_error>

namespace netkit::net::detail {

/// Whether `path` fits a sockaddr_un: net::error::unix_path_empty,
/// net::error::unix_path_too_long (107 bytes on Linux, one more being the
/// NUL), or no error. Every use of a Unix path goes through this first, as
/// the public endpoint::unix_socket() takes any string.
std::error_code check_unix_path(const std::string& path);

/// Prepares `path` for bind() of a socket of `type` (SOCK_STREAM or
/// SOCK_DGRAM): nothing there is fine; a socket file nobody accepts on is
/// stale (its process died without removing it) and is removed; a socket a
/// live process serves gives std::errc::address_in_use; any other kind of
/// file gives net::error::not_a_socket_file and is left alone.
std::error_code claim_unix_path(const std::string& path, int type);

} // namespace netkit::net::detail
