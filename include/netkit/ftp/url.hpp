// ftp:// and ftps:// URLs (RFC 1738 §3.2): where to connect, who logs in,
// and the path, as urllib's FTP handler and `netkit ftp` read them.
//
//     auto u = netkit::ftp::parse_ftp_url("ftp://ada:pw@127.0.0.1:2121/pub/a%20b.txt");
//     // u->host "127.0.0.1", u->port 2121, u->user "ada", u->password "pw",
//     // u->path "pub/a b.txt": relative to the login directory (RFC 1738 §3.2.2)
#pragma once

#include <netkit/core/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::ftp {

struct ftp_url {
    std::string host; ///< without brackets
    /// Unset: the scheme's own (21; 990 for ftps://).
    std::optional<std::uint16_t> port;
    /// Empty: anonymous. Percent-decoded, as are the password and the path.
    std::string user;
    std::optional<std::string> password;
    /// Below the login directory: "" for the directory itself, "pub/a.txt".
    std::string path;
    /// ftps://: TLS from the first byte (implicit FTPS).
    bool implicit_tls = false;
};

/// ftp::error::not_an_ftp_url, url_without_host, or url::error for a URL
/// that does not split (a bad port, say).
result<ftp_url> parse_ftp_url(std::string_view text);

} // namespace netkit::ftp
