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

/// Offers `session` to `ssl` before its handshake, as a copy: OpenSSL marks
/// the session a connection used not resumable when the connection ends
/// without close_notify or (TLS 1.2) a renewed ticket replaces it, which
/// would spoil it for every later connection that offers it (the cache's
/// next ones; the FTPS data connections that all resume their control
/// connection's session).
void offer_copy(SSL* ssl, SSL_SESSION* session);

/// Before the handshake of `ssl` (made from such a context) with `peer`
/// ("host:port", the host as asked for): offers the session kept for it, if
/// any, and files the sessions this connection receives under `peer`.
void resume_session_with(SSL* ssl, std::string peer);

} // namespace netkit::net::detail
