#include "tls_session_cache.hpp"

#include <ctime>
#include <deque>
#include <map>
#include <memory>
#include <mutex>

namespace netkit::net::detail {
namespace {

struct free_session {
    void operator()(SSL_SESSION* s) const noexcept { SSL_SESSION_free(s); }
};
using session_ptr = std::unique_ptr<SSL_SESSION, free_session>;

// Sessions by server. A TLS 1.3 ticket is used once (RFC 8446 §C.4: reuse
// lets an observer link the connections), so a few are kept for each server
// (OpenSSL's servers send two after a full handshake, one after each
// resumption); a TLS 1.2 session is resumed as often as the server allows.
class session_cache {
public:
    void keep(const std::string& peer, session_ptr session) {
        const std::lock_guard lock(mutex_);
        if (by_peer_.size() >= max_peers && !by_peer_.contains(peer)) {
            by_peer_.erase(by_peer_.begin()); // any other: a client rarely talks to so many
        }
        auto& kept = by_peer_[peer];
        kept.push_back(std::move(session));
        if (kept.size() > per_peer) {
            kept.pop_front();
        }
    }

    // Offers the newest live session for `peer` to `ssl` (a copy).
    void offer(const std::string& peer, SSL* ssl) {
        const std::lock_guard lock(mutex_);
        const auto found = by_peer_.find(peer);
        if (found == by_peer_.end()) {
            return;
        }
        auto& kept = found->second;
        const std::time_t now = std::time(nullptr);
        while (!kept.empty()) {
            SSL_SESSION* newest = kept.back().get();
            if (SSL_SESSION_get_time(newest) + SSL_SESSION_get_timeout(newest) <= now) {
                kept.pop_back(); // expired: the server would refuse it
                continue;
            }
            offer_copy(ssl, newest);
            if (SSL_SESSION_get_protocol_version(newest) == TLS1_3_VERSION) {
                kept.pop_back();
            }
            break;
        }
        if (kept.empty()) {
            by_peer_.erase(found);
        }
    }

private:
    static constexpr std::size_t max_peers = 64;
    static constexpr std::size_t per_peer = 4;
    std::mutex mutex_; // a context serves connections on several threads
    std::map<std::string, std::deque<session_ptr>> by_peer_;
};

// OpenSSL's "ex data" slots: the cache hangs on the SSL_CTX and each
// connection's peer name on its SSL, and OpenSSL frees both with them.
void free_cache(void*, void* cache, CRYPTO_EX_DATA*, int, long, void*) {
    delete static_cast<session_cache*>(cache);
}
void free_peer(void*, void* peer, CRYPTO_EX_DATA*, int, long, void*) {
    delete static_cast<std::string*>(peer);
}
int cache_slot() {
    static const int slot = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, free_cache);
    return slot;
}
int peer_slot() {
    static const int slot = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, free_peer);
    return slot;
}

session_cache* cache_of(SSL_CTX* ctx) {
    return static_cast<session_cache*>(SSL_CTX_get_ex_data(ctx, cache_slot()));
}

// OpenSSL hands over each session a server gives (TLS 1.3: each ticket, which
// comes after the handshake). A copy is kept: the session handed over is
// still the connection's own, which its end may spoil (see offer_copy).
int on_new_session(SSL* ssl, SSL_SESSION* session) {
    const auto* peer = static_cast<const std::string*>(SSL_get_ex_data(ssl, peer_slot()));
    session_cache* cache = cache_of(SSL_get_SSL_CTX(ssl));
    if (!peer || !cache || SSL_SESSION_is_resumable(session) != 1) {
        return 0;
    }
    if (session_ptr copy{SSL_SESSION_dup(session)}) {
        cache->keep(*peer, std::move(copy));
    }
    return 0; // the connection keeps its reference
}

} // namespace

void offer_copy(SSL* ssl, SSL_SESSION* session) {
    if (const session_ptr copy{SSL_SESSION_dup(session)}) {
        SSL_set_session(ssl, copy.get()); // (takes its own reference)
    }
}

void keep_client_sessions(SSL_CTX* ctx) {
    SSL_CTX_set_ex_data(ctx, cache_slot(), new session_cache);
    // The client side only, and none of OpenSSL's own store (it keys
    // sessions by id, not by server): this cache is the store.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx, on_new_session);
}

void resume_session_with(SSL* ssl, std::string peer) {
    session_cache* cache = cache_of(SSL_get_SSL_CTX(ssl));
    if (!cache) {
        return;
    }
    cache->offer(peer, ssl);
    SSL_set_ex_data(ssl, peer_slot(), new std::string(std::move(peer)));
}

} // namespace netkit::net::detail
