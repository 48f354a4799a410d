// urllib.parse's URL splitting, with CPython 3.13's answers:
// urlsplit, urlparse, urlunsplit, urlunparse, urldefrag (urljoin is in join.hpp).
//
//     auto u = netkit::url::urlsplit("HTTP://User:pw@[::1]:8080/p/a?q=1#top");
//     u.scheme()   == "http"          u.netloc() == "User:pw@[::1]:8080"
//     u.path()     == "/p/a"          u.query()  == "q=1"      u.fragment() == "top"
//     u.username() == "User"          u.hostname() == "::1"    u.port() == 8080
//     u.geturl()   == "http://User:pw@[::1]:8080/p/a?q=1#top"
//
// The fields are views into the string passed in, which must outlive the
// result; nothing is allocated unless the input needs rewriting (tab, CR or
// LF inside it, or an upper-case scheme), in which case the result owns a
// cleaned copy. As in Python, leading C0 controls and spaces are stripped.
//
// urlsplit() throws value_error where Python raises ValueError (an invalid
// bracketed host, say); try_urlsplit() returns the error as a value instead.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/url/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::url {

namespace detail {
struct split_access;
struct parse_access;
} // namespace detail

class split_result {
public:
    std::string_view scheme() const noexcept;
    std::string_view netloc() const noexcept { return text(netloc_); }
    std::string_view path() const noexcept { return text(path_); }
    std::string_view query() const noexcept { return text(query_); }
    std::string_view fragment() const noexcept { return text(fragment_); }

    /// The user-info before '@' up to ':'; nullopt without '@'.
    std::optional<std::string_view> username() const noexcept;
    /// The user-info after ':'; nullopt without '@' or ':'.
    std::optional<std::string_view> password() const noexcept;
    /// The host, lower-cased (Unicode-aware, as str.lower()), without IPv6
    /// brackets, its "%zone" kept as written; nullopt when empty.
    std::optional<std::string> hostname() const;
    /// The port as written; nullopt when there is none (or it is empty).
    std::optional<std::string_view> port_text() const noexcept;
    /// The port; port_not_integer or port_out_of_range where Python raises.
    result<std::optional<std::uint16_t>> try_port() const noexcept;
    /// The port; throws value_error where Python raises.
    std::optional<std::uint16_t> port() const;

    /// urlunsplit of the fields.
    std::string geturl() const;

    /// True when the result holds a rewritten copy of the input.
    bool owns_text() const noexcept { return owned_; }

protected:
    struct range {
        std::size_t begin = 0;
        std::size_t size = 0;
    };
    std::string_view text(range r) const noexcept { return base().substr(r.begin, r.size); }
    std::string_view base() const noexcept { return owned_ ? std::string_view(copy_) : input_; }

    friend struct detail::split_access;

    std::string_view input_;          // the caller's URL
    std::string_view default_scheme_; // the caller's default scheme (when used and clean)
    std::string copy_;                // the rewritten URL, then the cleaned default scheme
    bool owned_ = false;
    bool scheme_is_default_ = false;
    range scheme_, netloc_, path_, query_, fragment_;
};

/// urlparse's result: urlsplit's, with ";params" split off the last path segment.
class parse_result : public split_result {
public:
    std::string_view path() const noexcept { return text(path_before_params_); }
    std::string_view params() const noexcept { return text(params_); }
    std::string geturl() const;

private:
    friend struct detail::parse_access;
    range path_before_params_, params_;
};

struct defrag_result {
    std::string url;
    std::string fragment;
    std::string geturl() const { return fragment.empty() ? url : url + "#" + fragment; }
};

result<split_result> try_urlsplit(std::string_view url, std::string_view scheme = {},
                                  bool allow_fragments = true);
split_result urlsplit(std::string_view url, std::string_view scheme = {},
                      bool allow_fragments = true);

result<parse_result> try_urlparse(std::string_view url, std::string_view scheme = {},
                                  bool allow_fragments = true);
parse_result urlparse(std::string_view url, std::string_view scheme = {},
                      bool allow_fragments = true);

std::string urlunsplit(std::string_view scheme, std::string_view netloc, std::string_view path,
                       std::string_view query, std::string_view fragment);
std::string urlunparse(std::string_view scheme, std::string_view netloc, std::string_view path,
                       std::string_view params, std::string_view query, std::string_view fragment);

result<defrag_result> try_urldefrag(std::string_view url);
defrag_result urldefrag(std::string_view url);

/// Scheme lists of urllib.parse: schemes whose URLs take a netloc
/// (uses_netloc), resolve relative references (uses_relative), take ;params
/// (uses_params).
bool uses_netloc(std::string_view scheme) noexcept;
bool uses_relative(std::string_view scheme) noexcept;
bool uses_params(std::string_view scheme) noexcept;

} // namespace netkit::url
