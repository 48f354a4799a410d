// A client's TLS sessions, kept by server so that the next connection to it
// resumes (one round trip and no certificate check instead of a full
// handshake), as curl and browsers do. The cache belongs to the client's
// SSL_CTX: every connection made with one tls_context shares it, across
// threads.
#pragma once

#include <openssl/ssl.h>

#include <string>

namespace netkit::net::detail {

/// Makes `ctx` (a client's) keep the sessions its servers hand out.
void keep_client_sessions(SSL_CTX* ctx);

/// Before the handshake of `ssl` (made from such a context) with `peer`
/// ("host:port", the host as asked for): offers the session kept for it, if
/// any, and files the sessions this connection receives under `peer`.
void resume_session_with(SSL* ssl, std::string peer);

} // namespace netkit::net::detail
