// urllib.request's module functions, with Python's answers:
//
//     request::pathname2url("/tmp/a b.txt")              // "/tmp/a%20b.txt"
//     request::url2pathname("/tmp/a%20b.txt")            // "/tmp/a b.txt"
//     request::parse_http_list(R"(a, "b, c", d)")        // {"a", "\"b, c\"", "d"}
//     request::parse_keqv_list({"realm=\"x\"", "n=1"})   // {{"n", "1"}, {"realm", "x"}}
//     request::getproxies();                             // {"http": "http://proxy:3128", ...}
//     request::proxy_bypass("example.com:8080");         // by no_proxy
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::request {

/// A file path as the path of a file: URL (percent-encoded), and back
/// (POSIX: quote and unquote, as Python's).
std::string pathname2url(std::string_view pathname);
std::string url2pathname(std::string_view url_path);

/// RFC 2068 §2 lists: commas separate, except inside double quotes;
/// a backslash in quotes escapes; each element trimmed, quotes kept.
std::vector<std::string> parse_http_list(std::string_view text);
/// "key=value" strings as a map, one pair of surrounding double quotes
/// taken off each value. An element without '=', or with nothing after it,
/// throws std::invalid_argument naming it (Python raises ValueError and
/// IndexError).
std::map<std::string, std::string> parse_keqv_list(const std::vector<std::string>& items);

/// getproxies(): the proxies the environment names, by scheme ("no" for
/// no_proxy), as http::environment_proxies() reads them.
std::map<std::string, std::string> getproxies();
/// proxy_bypass(host): whether "host" or "host:port" goes direct by no_proxy.
bool proxy_bypass(std::string_view host);

} // namespace netkit::request
