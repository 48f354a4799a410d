#include <netkit/http/engine/auth.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/core/base64.hpp>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>

namespace netkit::http {
namespace {

std::string hex_digest(const EVP_MD* md, std::string_view text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), digest, &size, md, nullptr);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < size; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

} // namespace

auth_challenge parse_challenge(std::string_view text) {
    auth_challenge c;
    text = trim(text);
    const auto space = text.find(' ');
    c.scheme = lower_copy(text.substr(0, space));
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    while (!text.empty()) {
        text = trim(text);
        const auto eq = text.find('=');
        if (eq == std::string_view::npos) {
            break;
        }
        const std::string name = lower_copy(trim(text.substr(0, eq)));
        text = trim(text.substr(eq + 1));
        std::string value;
        if (!text.empty() && text.front() == '"') {
            std::size_t i = 1;
            for (; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\' && i + 1 < text.size())
                    ++i;
                value += text[i];
            }
            text = i < text.size() ? text.substr(i + 1) : std::string_view{};
        } else {
            const auto end = text.find(',');
            value = std::string(trim(text.substr(0, end)));
            text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
        }
        c.params[name] = value;
        const auto comma = text.find(',');
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    }
    return c;
}

std::optional<std::string> digest_authorization(const auth_challenge& c, const credentials& who,
                                                std::string_view method, std::string_view uri,
                                                std::uint32_t nonce_count) {
    const auto realm = c.params.find("realm");
    const auto nonce = c.params.find("nonce");
    if (realm == c.params.end() || nonce == c.params.end()) {
        return std::nullopt;
    }
    std::string algorithm = "MD5";
    if (const auto a = c.params.find("algorithm"); a != c.params.end()) {
        algorithm = a->second;
    }
    const EVP_MD* md = iequals(algorithm, "MD5")       ? EVP_md5()
                       : iequals(algorithm, "SHA-256") ? EVP_sha256()
                       : iequals(algorithm, "SHA")     ? EVP_sha1()
                                                       : nullptr;
    if (!md) {
        return std::nullopt; // -sess variants and others: not answered, as urllib
    }
    const auto qop = c.params.find("qop");
    const bool with_qop = qop != c.params.end();
    if (with_qop && qop->second.find("auth") == std::string::npos) {
        return std::nullopt;
    }
    unsigned char random[8];
    RAND_bytes(random, sizeof random);
    std::string cnonce =
        hex_digest(EVP_md5(), std::string_view(reinterpret_cast<char*>(random), 8)).substr(0, 16);
    char nc[9];
    std::snprintf(nc, sizeof nc, "%08x", nonce_count);
    const std::string ha1 = hex_digest(md, who.user + ":" + realm->second + ":" + who.password);
    const std::string ha2 = hex_digest(md, std::string(method) + ":" + std::string(uri));
    const std::string response =
        with_qop
            ? hex_digest(md, ha1 + ":" + nonce->second + ":" + nc + ":" + cnonce + ":auth:" + ha2)
            : hex_digest(md, ha1 + ":" + nonce->second + ":" + ha2);
    std::string out = "Digest username=\"" + who.user + "\", realm=\"" + realm->second +
                      "\", nonce=\"" + nonce->second + "\", uri=\"" + std::string(uri) +
                      "\", response=\"" + response + "\", algorithm=" + algorithm;
    if (const auto opaque = c.params.find("opaque"); opaque != c.params.end()) {
        out += ", opaque=\"" + opaque->second + "\"";
    }
    if (with_qop) {
        out += ", qop=auth, nc=" + std::string(nc) + ", cnonce=\"" + cnonce + "\"";
    }
    return out;
}

std::string basic_authorization(const credentials& who) {
    return "Basic " + base64_encode(who.user + ":" + who.password);
}

std::optional<std::string> answer_challenge(const std::vector<std::string_view>& challenges,
                                            const credentials& who, std::string_view method,
                                            std::string_view uri) {
    std::optional<std::string> basic;
    for (const auto text : challenges) {
        const auto c = parse_challenge(text);
        if (c.scheme == "digest") {
            if (auto answer = digest_authorization(c, who, method, uri)) {
                return answer;
            }
        } else if (c.scheme == "basic") {
            basic = basic_authorization(who);
        }
    }
    return basic;
}

} // namespace netkit::http
