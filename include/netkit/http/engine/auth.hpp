// HTTP authentication as a client answers it: Basic (RFC 7617) and Digest
// (RFC 7616: MD5, SHA-256, and SHA-1 as Python's urllib also takes it,
// qop=auth), for the client session and urllib's auth handlers alike.
//
//     auto c = netkit::http::parse_challenge(R"(Digest realm="r", nonce="n", qop="auth")");
//     netkit::http::digest_authorization(c, {"user", "pw"}, "GET", "/private");
//     netkit::http::basic_authorization({"user", "pw"});     // "Basic dXNlcjpwdw=="
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::http {

struct credentials {
    std::string user;
    std::string password;
};

/// One challenge of a WWW-Authenticate or Proxy-Authenticate field: its
/// scheme (lower case) and auth-params (names lower case, values unquoted).
struct auth_challenge {
    std::string scheme;
    std::map<std::string, std::string> params;
};

auth_challenge parse_challenge(std::string_view text);

/// "Basic <base64 of user:password>" (RFC 7617).
std::string basic_authorization(const credentials& who);

/// "Digest username=..., response=..." answering `c` for `method` on `uri`
/// (the request target), the nonce used for the `nonce_count`th time; nullopt
/// when the challenge lacks a realm or nonce, names an algorithm other than
/// MD5, SHA-256 and SHA, or a qop without auth (auth-int is not answered).
std::optional<std::string> digest_authorization(const auth_challenge& c, const credentials& who,
                                                std::string_view method, std::string_view uri,
                                                std::uint32_t nonce_count = 1);

/// The Authorization value that answers one of `challenges` (the
/// WWW-Authenticate fields; Digest preferred over Basic) for `method` on
/// `uri`; nullopt when none is a scheme netkit answers.
std::optional<std::string> answer_challenge(const std::vector<std::string_view>& challenges,
                                            const credentials& who, std::string_view method,
                                            std::string_view uri);

} // namespace netkit::http
