// From a request target to a path below a served root, or a refusal.
//
//     auto p = netkit::http::map_request_path("/docs/a%20b.txt?x=1");
//     // p->relative == "docs/a b.txt", p->trailing_slash == false
//     netkit::http::map_request_path("/%2e%2e/etc/passwd")   // nullopt: refused
//
// The path is percent-decoded once and its dot segments removed (RFC 3986
// §5.2.4), as Python's http.server does, with these differences, each of
// which turns a traversal trick into a refusal instead of a guess:
//   - a ".." that would climb above the root is refused (Python clamps it);
//   - a decoded NUL, backslash or "/" (from %2F) is refused;
//   - overlong UTF-8 (C0, C1, E0 80-9F, F0 80-8F: "%c0%ae" for ".") is refused.
// Bytes that are not UTF-8 are otherwise allowed: file names may hold them.
// Symbolic links are the opener's business (static_files opens beneath the
// root with openat2(RESOLVE_BENEATH)).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace netkit::http {

struct local_path {
    std::string relative;        ///< "a/b.txt"; empty for the root itself
    bool trailing_slash = false; ///< the request path ended in "/"
};

/// `target` is an origin-form request target; the query and a fragment are
/// ignored. Returns nullopt when the path must not be served.
std::optional<local_path> map_request_path(std::string_view target);

} // namespace netkit::http
