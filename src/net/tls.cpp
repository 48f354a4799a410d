#include <netkit/net/error.hpp>
#include <netkit/net/tls.hpp>

#include "net/detail/tls_session_cache.hpp"
#include "net/detail/tls_ticket_keys.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <filesystem>
#include <fstream>

namespace netkit::net {

struct tls_context::state {
    explicit state(asio::ssl::context::method method) : context(method) {}
    asio::ssl::context context;
    bool server = false;
    bool verify = true;
    std::vector<std::string> alpn;
    std::string alpn_wire; // the ALPN list in wire format: length-prefixed names
};

namespace {

std::error_code last_openssl_error() {
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code == 0) {
        return {static_cast<int>(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_UNKNOWN_PROTOCOL)), tls_category()};
    }
    return {static_cast<int>(code), tls_category()};
}

// A file that is missing or unreadable says so, rather than as OpenSSL's
// "system lib" error.
std::error_code check_readable(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return ec ? ec : std::make_error_code(std::errc::no_such_file_or_directory);
    }
    return {};
}

std::string to_wire(const std::vector<std::string>& protocols) {
    std::string wire;
    for (const auto& p : protocols) {
        if (!p.empty() && p.size() < 256) {
            wire += static_cast<char>(p.size());
            wire += p;
        }
    }
    return wire;
}

// Picks the first of the server's protocols that the client offered.
// `arg` is the server's list in wire format. No common protocol: the
// handshake goes on without ALPN, as RFC 7301 §3.2 allows.
int select_alpn(SSL*, const unsigned char** out, unsigned char* out_len, const unsigned char* in,
                unsigned int in_len, void* arg) {
    const auto* server = static_cast<const std::string*>(arg);
    unsigned char* selected = nullptr;
    const int status = SSL_select_next_proto(&selected, out_len,
                                             reinterpret_cast<const unsigned char*>(server->data()),
                                             static_cast<unsigned>(server->size()), in, in_len);
    if (status != OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_NOACK;
    }
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

// Whether the kernel has its TLS module loaded: only then does a connection
// get OpenSSL's socket BIO (kTLS's way in), so that elsewhere it keeps ours
// (MSG_NOSIGNAL, MSG_MORE).
bool kernel_offers_tls() {
    std::ifstream file("/proc/sys/net/ipv4/tcp_available_ulp");
    std::string name;
    while (file >> name) {
        if (name == "tls") {
            return true;
        }
    }
    return false;
}

} // namespace

result<tls_context> tls_context::client(const tls_client_config& config) {
    auto s = std::make_shared<state>(asio::ssl::context::tls_client);
    SSL_CTX* ctx = s->context.native_handle();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    s->verify = config.verify;
    if (config.verify) {
        if (!config.ca_file.empty()) {
            if (auto ec = check_readable(config.ca_file)) {
                return ec;
            }
            if (SSL_CTX_load_verify_locations(ctx, config.ca_file.c_str(), nullptr) != 1) {
                return last_openssl_error();
            }
        } else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
            return last_openssl_error();
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    }
    detail::keep_client_sessions(ctx);
    s->alpn = config.alpn;
    s->alpn_wire = to_wire(config.alpn);
    if (!s->alpn_wire.empty()) {
        // Note: SSL_CTX_set_alpn_protos returns 0 on success.
        if (SSL_CTX_set_alpn_protos(ctx,
                                    reinterpret_cast<const unsigned char*>(s->alpn_wire.data()),
                                    static_cast<unsigned>(s->alpn_wire.size())) != 0) {
            return last_openssl_error();
        }
    }
    return tls_context(std::move(s));
}

result<tls_context> tls_context::server(const tls_server_config& config) {
    auto s = std::make_shared<state>(asio::ssl::context::tls_server);
    SSL_CTX* ctx = s->context.native_handle();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    s->server = true;
    s->verify = false;
    for (const auto* path : {&config.certificate_chain_file, &config.private_key_file}) {
        if (auto ec = check_readable(*path)) {
            return ec;
        }
    }
    if (SSL_CTX_use_certificate_chain_file(ctx, config.certificate_chain_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, config.private_key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
        return last_openssl_error();
    }
    if (config.session_lifetime.count() <= 0) {
        return std::make_error_code(std::errc::invalid_argument);
    }
    if (!detail::rotate_ticket_keys(ctx, config.session_lifetime)) {
        return last_openssl_error();
    }
    if (config.kernel_tls && kernel_offers_tls()) {
        // OpenSSL hands the kernel the keys at the end of each handshake,
        // and goes on in user space for a cipher the kernel does not take.
        SSL_CTX_set_options(ctx, SSL_OP_ENABLE_KTLS);
    }
    s->alpn = config.alpn;
    s->alpn_wire = to_wire(config.alpn);
    if (!s->alpn_wire.empty()) {
        SSL_CTX_set_alpn_select_cb(ctx, select_alpn, &s->alpn_wire);
    }
    return tls_context(std::move(s));
}

bool tls_context::is_server() const noexcept {
    return state_->server;
}

bool tls_context::verifies_peer() const noexcept {
    return state_->verify;
}

const std::vector<std::string>& tls_context::alpn() const noexcept {
    return state_->alpn;
}

asio::ssl::context& tls_context::native() const noexcept {
    return state_->context;
}

} // namespace netkit::net
