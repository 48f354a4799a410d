// A TLS server's session ticket keys, rotated: a key that sealed tickets
// forever would let anyone who ever reads it (a core dump, a leaked memory
// page) decrypt every recorded session that resumed with it, so each key
// seals new tickets for one lifetime and opens them for one more, then is
// forgotten (nginx and h2o advise rotating them as well).
#pragma once

#include <openssl/ssl.h>

#include <chrono>

namespace netkit::net::detail {

/// Makes `ctx` (a server's) seal its tickets with keys that rotate every
/// `lifetime` (more than zero), and tell clients a ticket lasts `lifetime` (the session
/// timeout, which bounds TLS 1.2 session ids too). Every connection of the
/// context shares the keys, whichever thread serves it.
bool rotate_ticket_keys(SSL_CTX* ctx, std::chrono::seconds lifetime);

} // namespace netkit::net::detail
