// RFC 9309's matching pieces: the part of a URL a rule is matched against,
// a rule's path in its canonical percent-encoded form, the match itself
// ('*' any run of characters, '$' the end), and product tokens.
//
//     robots::path_params_query("http://a.example/x/y?q=1#top")   // "/x/y?q=1"
//     robots::escape_pattern("/caf\xC3\xA9")                      // "/caf%C3%A9"
//     robots::pattern_matches("/fish/salmon.html", "/fish*.html")  // true
//     robots::product_token("FooBot/2.1 (+https://foo.example)")   // "FooBot"
#pragma once

#include <string>
#include <string_view>

namespace netkit::robots {

/// The path, parameters and query of `url` (no scheme, authority or
/// fragment), "/" first; "/" when there is none. Takes absolute URLs,
/// "host/path" and paths, as google's robots.txt library does.
std::string path_params_query(std::string_view url);

/// §2.2.2: octets outside US-ASCII percent-encoded, and %xx escapes in upper
/// case ("/SanJos\xC3\xA9" -> "/SanJos%C3%A9", "%aa" -> "%AA").
std::string escape_pattern(std::string_view pattern);

/// §2.2.3: whether `path` matches `pattern` from its start; '*' matches any
/// run of characters, a final '$' the end of the path. Linear in the
/// path's length times the pattern's, whatever a hostile file holds.
bool pattern_matches(std::string_view path, std::string_view pattern);

/// §2.2.1: the product token a User-agent line or a crawler's name starts
/// with (letters, '-' and '_').
std::string_view product_token(std::string_view user_agent);
/// Whether `user_agent` is a product token and nothing else.
bool is_valid_user_agent(std::string_view user_agent);

} // namespace netkit::robots
