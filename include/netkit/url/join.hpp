// urljoin: a reference resolved against a base URL, with CPython 3.13's
// answers (RFC 3986 §5.2 in spirit, with Python's quirks: a reference with
// the base's scheme but no netloc, "http:g", is resolved as relative).
//
//     netkit::url::urljoin("http://a/b/c/d;p?q", "../g")   == "http://a/b/g"
//
// For strict RFC 3986 resolution use url::resolve (url.hpp).
#pragma once

#include <netkit/core/result.hpp>

#include <string>
#include <string_view>

namespace netkit::url {

result<std::string> try_urljoin(std::string_view base, std::string_view url,
                                bool allow_fragments = true);
/// Throws value_error where Python raises ValueError.
std::string urljoin(std::string_view base, std::string_view url, bool allow_fragments = true);

} // namespace netkit::url
