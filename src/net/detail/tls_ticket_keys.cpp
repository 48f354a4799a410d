#include "tls_ticket_keys.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>
#include <deque>
#include <mutex>

namespace netkit::net::detail {
namespace {

using clock = std::chrono::steady_clock;

struct ticket_key {
    unsigned char name[16];   // sent in the clear in each ticket: which key sealed it
    unsigned char cipher[32]; // AES-256-CBC
    unsigned char mac[32];    // HMAC-SHA256
    clock::time_point made;
};

// The keys, newest first. A key seals tickets from when it is made for one
// lifetime, and opens them for one more: a ticket sealed at the end of its
// key's turn still opens for its whole lifetime (the session timeout).
class ticket_keys {
public:
    explicit ticket_keys(std::chrono::seconds lifetime) : lifetime_(lifetime) {}
    ~ticket_keys() {
        for (auto& key : keys_) {
            OPENSSL_cleanse(&key, sizeof key);
        }
    }

    // The key to seal a new ticket with (made now if its turn has come).
    bool for_sealing(ticket_key& out) {
        const std::lock_guard lock(mutex_);
        const auto now = clock::now();
        forget_old(now);
        if (keys_.empty() || now - keys_.front().made >= lifetime_) {
            ticket_key fresh{};
            if (RAND_bytes(fresh.name, sizeof fresh.name) != 1 ||
                RAND_bytes(fresh.cipher, sizeof fresh.cipher) != 1 ||
                RAND_bytes(fresh.mac, sizeof fresh.mac) != 1) {
                return false;
            }
            fresh.made = now;
            keys_.push_front(fresh);
        }
        out = keys_.front();
        return true;
    }

    // The key named `name`, if it still opens tickets; `sealing` says
    // whether it is still the one new tickets get.
    bool for_opening(const unsigned char* name, ticket_key& out, bool& sealing) {
        const std::lock_guard lock(mutex_);
        const auto now = clock::now();
        forget_old(now);
        for (const auto& key : keys_) {
            if (std::memcmp(key.name, name, sizeof key.name) == 0) {
                out = key;
                sealing = now - key.made < lifetime_;
                return true;
            }
        }
        return false;
    }

private:
    void forget_old(clock::time_point now) {
        while (!keys_.empty() && now - keys_.back().made >= 2 * lifetime_) {
            OPENSSL_cleanse(&keys_.back(), sizeof keys_.back());
            keys_.pop_back();
        }
    }

    const std::chrono::seconds lifetime_;
    std::mutex mutex_; // the connections of every thread share the keys
    std::deque<ticket_key> keys_;
};

void free_keys(void*, void* keys, CRYPTO_EX_DATA*, int, long, void*) {
    delete static_cast<ticket_keys*>(keys);
}
int keys_slot() {
    static const int slot = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, free_keys);
    return slot;
}

bool set_mac_key(EVP_MAC_CTX* mac, unsigned char* key, std::size_t size) {
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, key, size),
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    return EVP_MAC_CTX_set_params(mac, params) == 1;
}

// The ticket cipher, fetched once: OpenSSL 3 looks up a cipher named by
// EVP_aes_256_cbc() again (names, locks) on every use, for every ticket.
const EVP_CIPHER* ticket_cipher() {
    static EVP_CIPHER* const cipher = EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr);
    return cipher;
}

// OpenSSL's ticket callback (see SSL_CTX_set_tlsext_ticket_key_evp_cb):
// sealing, 1 once the key is set, -1 to send no ticket; opening, 0 for a
// ticket of a forgotten key (a full handshake follows), 1 for a good ticket,
// 2 for a good ticket the client gets a new one for: one sealed by an older
// key, and every TLS 1.3 ticket (a client uses each once, RFC 8446 §C.4, so
// without a new one it would soon be back to full handshakes).
int on_ticket(SSL* ssl, unsigned char name[16], unsigned char iv[EVP_MAX_IV_LENGTH],
              EVP_CIPHER_CTX* cipher, EVP_MAC_CTX* mac, int sealing) {
    auto* keys = static_cast<ticket_keys*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), keys_slot()));
    if (!keys) {
        return -1;
    }
    ticket_key key{};
    int outcome = -1;
    if (sealing) {
        if (keys->for_sealing(key) && RAND_bytes(iv, 16) == 1 &&
            EVP_EncryptInit_ex(cipher, ticket_cipher(), nullptr, key.cipher, iv) == 1 &&
            set_mac_key(mac, key.mac, sizeof key.mac)) {
            std::memcpy(name, key.name, sizeof key.name);
            outcome = 1;
        }
    } else {
        bool current = false;
        if (!keys->for_opening(name, key, current)) {
            outcome = 0;
        } else if (EVP_DecryptInit_ex(cipher, ticket_cipher(), nullptr, key.cipher, iv) == 1 &&
                   set_mac_key(mac, key.mac, sizeof key.mac)) {
            outcome = current && SSL_version(ssl) < TLS1_3_VERSION ? 1 : 2;
        }
    }
    OPENSSL_cleanse(&key, sizeof key);
    return outcome;
}

} // namespace

bool rotate_ticket_keys(SSL_CTX* ctx, std::chrono::seconds lifetime) {
    SSL_CTX_set_timeout(ctx, static_cast<long>(lifetime.count()));
    SSL_CTX_set_ex_data(ctx, keys_slot(), new ticket_keys(lifetime));
    return SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, on_ticket) == 1;
}

} // namespace netkit::net::detail
