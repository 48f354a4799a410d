// The two headers a server handles: the Cookie field a browser sends, read
// leniently (as servers must: RFC 6265bis §5.4 is what browsers send, not
// all a server sees), and a Set-Cookie value checked before it is sent, so
// that a browser does not drop it.
//
//     for (auto [name, value] : netkit::cookie::parse_cookie_header("a=1; b=two")) ...
//     netkit::cookie::simple_cookie c;
//     c.set("session", "31d4");
//     c.at("session").set_attribute("httponly", true);
//     netkit::cookie::set_cookie_value(c.at("session"))   // "session=31d4; HttpOnly"
#pragma once

#include <netkit/cookie/error.hpp>
#include <netkit/cookie/simple_cookie.hpp>
#include <netkit/core/result.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netkit::cookie {

/// The pairs of a Cookie field, in order: split at ';', spaces trimmed, the
/// name before the first '=' (a piece without one is a nameless cookie:
/// name ""), the value as sent (quotes kept). Empty pieces are skipped.
std::vector<std::pair<std::string_view, std::string_view>>
parse_cookie_header(std::string_view field);

/// The morsel as a Set-Cookie value (Morsel.OutputString), or why a browser
/// would refuse it: the name, the value, the attributes, the limits of
/// RFC 6265bis §5.6, the __Secure- and __Host- prefixes, SameSite=None
/// without Secure.
result<std::string> set_cookie_value(const morsel& m);

} // namespace netkit::cookie
