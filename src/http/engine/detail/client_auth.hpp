// Answering a server's WWW-Authenticate challenge, as urllib's
// HTTPBasicAuthHandler and HTTPDigestAuthHandler do: Basic (RFC 7617) and
// Digest (RFC 7616: MD5 and SHA-256, qop=auth).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::http::detail {

struct credentials {
    std::string user;
    std::string password;
};

/// "Basic <base64 of user:password>" (RFC 7617).
std::string basic_authorization(const credentials& who);

/// The Authorization value that answers one of `challenges` (the
/// WWW-Authenticate fields; Digest preferred over Basic) for `method` on
/// `uri`; nullopt when none is a scheme netkit answers.
std::optional<std::string> answer_challenge(const std::vector<std::string_view>& challenges,
                                            const credentials& who, std::string_view method,
                                            std::string_view uri);

} // namespace netkit::http::detail
