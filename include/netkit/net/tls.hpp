// TLS configuration (OpenSSL 3): what a client trusts and a server presents.
//
//     auto client = netkit::net::tls_context::client({.ca_file = "ca.pem"}).value();
//     auto server = netkit::net::tls_context::server({"chain.pem", "key.pem"}).value();
//
// A context is built once and shared by every connection that uses it (it is a
// cheap handle). Clients verify by default: the peer's chain must lead to a
// trusted root, be in its validity period, and name the host that was asked
// for (DNS names, or IP addresses through IP SANs). TLS 1.2 is the minimum.
#pragma once

#include <netkit/core/result.hpp>

#include <asio/ssl/context.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace netkit::net {

struct tls_client_config {
    /// Verify the server's certificate and host name. Turn off only when the
    /// user asks for it (curl -k): without it anyone on the path can listen in.
    bool verify = true;
    /// PEM file of CA certificates to trust instead of the system trust store.
    std::string ca_file;
    /// ALPN protocols to offer, most preferred first, e.g. {"http/1.1"}.
    std::vector<std::string> alpn;
};

struct tls_server_config {
    std::string certificate_chain_file; ///< PEM: the server certificate, then intermediates
    std::string private_key_file;       ///< PEM: the key of the server certificate
    /// ALPN protocols this server speaks, most preferred first.
    std::vector<std::string> alpn;
    /// How long a client may resume its session (a ticket, or a TLS 1.2
    /// session id) instead of a full handshake. The keys that seal tickets
    /// are made at random and replaced as often, so that one key read out of
    /// the server's memory opens a few hours of recorded sessions, not all.
    std::chrono::seconds session_lifetime = std::chrono::hours(1);
    /// Let the kernel encrypt what the server sends (kTLS) where it offers
    /// to (Linux with its `tls` module loaded): files then go from the page
    /// cache to the socket with SSL_sendfile, without a copy through user
    /// space or encryption here. Elsewhere nothing changes. The socket is
    /// then written with write(2) and sendfile(2), which raise SIGPIPE when
    /// the client has gone: a program that turns this on ignores SIGPIPE
    /// (netkit serve does), as one serving files over plain TCP must anyway.
    bool kernel_tls = false;
};

/// A TLS session a client can resume on a second connection to the same
/// server: FTPS data connections must (vsftpd refuses fresh ones, so that a
/// third party cannot hijack a transfer). Empty when there is none.
class tls_session {
public:
    tls_session() = default;
    bool empty() const noexcept { return !handle_; }

private:
    friend class stream;
    std::shared_ptr<void> handle_; // SSL_SESSION, freed by its deleter
};

class tls_context {
public:
    static result<tls_context> client(const tls_client_config& config = {});
    static result<tls_context> server(const tls_server_config& config);

    bool is_server() const noexcept;
    bool verifies_peer() const noexcept;
    const std::vector<std::string>& alpn() const noexcept;
    asio::ssl::context& native() const noexcept;

private:
    struct state;
    explicit tls_context(std::shared_ptr<state> s) : state_(std::move(s)) {}
    std::shared_ptr<state> state_;
};

} // namespace netkit::net
