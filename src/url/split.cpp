#include <netkit/core/ascii.hpp>
#include <netkit/url/ip.hpp>
#include <netkit/url/split.hpp>

#include "url/detail/charset.hpp"
#include "url/detail/scan.hpp"
#include "url/detail/split.hpp"
#include "url/detail/unicode.hpp"

#include <algorithm>
#include <array>

namespace netkit::url {
namespace {

constexpr std::array<std::string_view, 27> netloc_schemes{
    "",    "ftp",     "http",  "gopher", "nntp",     "telnet",  "imap",  "wais",  "file",
    "mms", "https",   "shttp", "snews",  "prospero", "rtsp",    "rtsps", "rtspu", "rsync",
    "svn", "svn+ssh", "sftp",  "nfs",    "git",      "git+ssh", "ws",    "wss",   "itms-services"};
constexpr std::array<std::string_view, 20> relative_schemes{
    "",    "ftp",      "http", "gopher", "nntp",  "imap", "wais", "file",    "https", "shttp",
    "mms", "prospero", "rtsp", "rtsps",  "rtspu", "sftp", "svn",  "svn+ssh", "ws",    "wss"};
constexpr std::array<std::string_view, 16> params_schemes{
    "",     "ftp",   "hdl",   "prospero", "http", "imap", "https", "shttp",
    "rtsp", "rtsps", "rtspu", "sip",      "sips", "mms",  "sftp",  "tel"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view scheme) {
    return std::find(list.begin(), list.end(), scheme) != list.end();
}

using detail::is_ascii;

std::string remove_unsafe_bytes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c != '\t' && c != '\r' && c != '\n') {
            out += c;
        }
    }
    return out;
}

bool has_unsafe_bytes(std::string_view s) {
    return detail::find_any_of3(s, 0, '\t', '\r', '\n') != std::string_view::npos;
}

// urllib.parse._check_bracketed_host
std::error_code check_bracketed_host(std::string_view host) {
    if (!host.empty() && host.front() == 'v') {
        // \Av[a-fA-F0-9]+\..+\Z
        std::size_t i = 1;
        while (i < host.size() && detail::is_hexdig(host[i])) {
            ++i;
        }
        const bool valid = i > 1 && i < host.size() && host[i] == '.' && i + 1 < host.size();
        return valid ? std::error_code{} : make_error_code(error::invalid_ipvfuture);
    }
    switch (python_ip_address(host)) {
    case ip_kind::none: return error::bad_bracketed_host;
    case ip_kind::v4: return error::bracketed_ipv4;
    case ip_kind::v6: break;
    }
    return {};
}

// urllib.parse._checknetloc: a non-ASCII netloc must not gain delimiters
// under NFKC normalization ("\uFF03" is a full-width '#', say).
bool netloc_survives_nfkc(std::string_view netloc) {
    if (netloc.empty() || is_ascii(netloc)) {
        return true;
    }
    std::string n;
    for (char c : netloc) {
        if (c != '@' && c != ':' && c != '#' && c != '?') {
            n += c;
        }
    }
    const std::string normal = detail::nfkc(n);
    return normal == n || normal.find_first_of("/?#@:") == std::string::npos;
}

// The host and port parts of a netloc, as _hostinfo computes them.
struct host_info {
    std::string_view host;
    std::optional<std::string_view> port;
};

host_info split_host_info(std::string_view netloc) {
    const auto at = netloc.rfind('@');
    std::string_view hostinfo = at == std::string_view::npos ? netloc : netloc.substr(at + 1);
    std::string_view host;
    std::string_view port;
    const auto open = hostinfo.find('[');
    if (open != std::string_view::npos) {
        std::string_view bracketed = hostinfo.substr(open + 1);
        const auto close = bracketed.find(']');
        host = bracketed.substr(0, close);
        if (close != std::string_view::npos) {
            std::string_view after = bracketed.substr(close + 1);
            const auto colon = after.find(':');
            if (colon != std::string_view::npos) {
                port = after.substr(colon + 1);
            }
        }
    } else {
        const auto colon = hostinfo.find(':');
        host = hostinfo.substr(0, colon);
        if (colon != std::string_view::npos) {
            port = hostinfo.substr(colon + 1);
        }
    }
    return {host, port.empty() ? std::nullopt : std::optional<std::string_view>(port)};
}

} // namespace

bool uses_netloc(std::string_view scheme) noexcept {
    return listed(netloc_schemes, scheme);
}

bool uses_relative(std::string_view scheme) noexcept {
    return listed(relative_schemes, scheme);
}

bool uses_params(std::string_view scheme) noexcept {
    return listed(params_schemes, scheme);
}

namespace detail {

result<split_result> split(std::string_view url, std::string_view scheme, bool allow_fragments,
                           std::string* error_subject) {
    split_result r;
    split_access a(r);

    // Python's input cleaning: leading C0 controls and spaces go, so do tab,
    // CR and LF anywhere (in the URL and in the default scheme).
    while (!url.empty() && is_c0_or_space(url.front())) {
        url.remove_prefix(1);
    }
    while (!scheme.empty() && is_c0_or_space(scheme.front())) {
        scheme.remove_prefix(1);
    }
    while (!scheme.empty() && is_c0_or_space(scheme.back())) {
        scheme.remove_suffix(1);
    }
    a.input() = url;
    const url_profile shape = profile(url);
    if (shape.unsafe) {
        a.copy() = remove_unsafe_bytes(url);
        a.owned() = true;
    }
    std::string_view w = a.base(); // the working text

    // Python takes everything before the first ':' as the scheme when it is
    // made of scheme characters and starts with a letter: the same as
    // scanning scheme characters and finding ':' right after them.
    std::size_t pos = 0;
    std::size_t colon = 0;
    while (colon < w.size() && is_scheme_char(w[colon])) {
        ++colon;
    }
    bool found_scheme = false;
    if (colon > 0 && colon < w.size() && w[colon] == ':' && is_alpha(w.front())) {
        found_scheme = true;
        a.scheme() = {0, colon};
        pos = colon + 1;
        const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
        if (std::any_of(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(colon), upper)) {
            if (!a.owned()) {
                a.copy() = std::string(w);
                a.owned() = true;
            }
            for (std::size_t i = 0; i < colon; ++i) {
                a.copy()[i] = to_lower(a.copy()[i]);
            }
            w = a.base();
        }
    }
    if (!found_scheme) {
        a.scheme_is_default() = true;
        if (has_unsafe_bytes(scheme)) {
            if (!a.owned()) {
                a.copy() = std::string(w);
                a.owned() = true;
            }
            const std::string cleaned = remove_unsafe_bytes(scheme);
            a.scheme() = {a.copy().size(), cleaned.size()};
            a.copy() += cleaned;
            w = std::string_view(a.copy()).substr(0, a.copy().size() - cleaned.size());
        } else if (a.owned()) {
            a.scheme() = {a.copy().size(), scheme.size()};
            a.copy() += scheme;
            w = std::string_view(a.copy()).substr(0, a.copy().size() - scheme.size());
        } else {
            a.default_scheme() = scheme;
        }
    }
    const std::size_t end = w.size();

    if (w.substr(pos, 2) == "//") {
        const auto delim = find_any_of3(w, pos + 2, '/', '?', '#');
        const std::size_t netloc_end = delim == std::string_view::npos ? end : delim;
        a.netloc() = {pos + 2, netloc_end - pos - 2};
        const std::string_view netloc = w.substr(pos + 2, netloc_end - pos - 2);
        pos = netloc_end;
        bool open = false;
        bool close = false;
        if (find_any_of3_before(w, pos - netloc.size(), netloc_end, '[', ']', ']') !=
            std::string_view::npos) {
            open = netloc.find('[') != std::string_view::npos;
            close = netloc.find(']') != std::string_view::npos;
        }
        if (open != close) {
            return error::invalid_ipv6_url;
        }
        if (open) {
            std::string_view host = netloc.substr(netloc.find('[') + 1);
            host = host.substr(0, host.find(']'));
            if (auto ec = check_bracketed_host(host)) {
                if (error_subject) {
                    *error_subject = std::string(host);
                }
                return ec;
            }
        }
    } else {
        a.netloc() = {pos, 0};
    }

    // The fragment starts at the first '#'; the query at the first '?'
    // before it. One scan finds whichever comes first.
    std::size_t path_end = end;
    std::size_t hash = std::string_view::npos;
    a.fragment() = {end, 0};
    a.query() = {end, 0};
    const auto first =
        allow_fragments ? find_any_of3(w, pos, '?', '#', '#') : find_any_of3(w, pos, '?', '?', '?');
    if (first != std::string_view::npos && w[first] == '?') {
        path_end = first;
        hash = allow_fragments ? w.find('#', first + 1) : std::string_view::npos;
        const std::size_t query_end = hash == std::string_view::npos ? end : hash;
        a.query() = {first + 1, query_end - first - 1};
    } else if (first != std::string_view::npos) {
        path_end = first;
        hash = first;
        a.query() = {first, 0};
    }
    if (hash != std::string_view::npos) {
        a.fragment() = {hash + 1, end - hash - 1};
    }
    a.path() = {pos, path_end - pos};

    if (shape.non_ascii && !netloc_survives_nfkc(r.netloc())) {
        if (error_subject) {
            *error_subject = std::string(r.netloc());
        }
        return error::netloc_nfkc;
    }
    return r;
}

} // namespace detail

result<split_result> try_urlsplit(std::string_view url, std::string_view scheme,
                                  bool allow_fragments) {
    return detail::split(url, scheme, allow_fragments, nullptr);
}

split_result urlsplit(std::string_view url, std::string_view scheme, bool allow_fragments) {
    std::string subject;
    auto r = detail::split(url, scheme, allow_fragments, &subject);
    if (!r) {
        throw value_error(r.error(), python_message(r.error(), subject));
    }
    return std::move(*r);
}

std::string_view split_result::scheme() const noexcept {
    if (scheme_is_default_ && !owned_) {
        return default_scheme_;
    }
    return text(scheme_);
}

std::optional<std::string_view> split_result::username() const noexcept {
    const std::string_view n = netloc();
    const auto at = n.rfind('@');
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view userinfo = n.substr(0, at);
    return userinfo.substr(0, userinfo.find(':'));
}

std::optional<std::string_view> split_result::password() const noexcept {
    const std::string_view n = netloc();
    const auto at = n.rfind('@');
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view userinfo = n.substr(0, at);
    const auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    return userinfo.substr(colon + 1);
}

std::optional<std::string> split_result::hostname() const {
    const std::string_view host = split_host_info(netloc()).host;
    if (host.empty()) {
        return std::nullopt;
    }
    const auto percent = host.find('%');
    const std::string_view name = host.substr(0, percent);
    std::string out = is_ascii(name) ? lower_copy(name) : detail::unicode_lower(name);
    if (percent != std::string_view::npos) {
        out.append(host.substr(percent));
    }
    return out;
}

std::optional<std::string_view> split_result::port_text() const noexcept {
    return split_host_info(netloc()).port;
}

result<std::optional<std::uint16_t>> split_result::try_port() const noexcept {
    const auto text = port_text();
    if (!text) {
        return std::optional<std::uint16_t>();
    }
    if (!std::all_of(text->begin(), text->end(), detail::is_digit)) {
        return error::port_not_integer;
    }
    unsigned long value = 0;
    for (char c : *text) {
        value = value * 10 + static_cast<unsigned long>(c - '0');
        if (value > 65535) {
            return error::port_out_of_range;
        }
    }
    return std::optional<std::uint16_t>(static_cast<std::uint16_t>(value));
}

std::optional<std::uint16_t> split_result::port() const {
    auto p = try_port();
    if (!p) {
        throw value_error(p.error(), python_message(p.error(), port_text().value_or("")));
    }
    return *p;
}

std::string split_result::geturl() const {
    return urlunsplit(scheme(), netloc(), path(), query(), fragment());
}

result<parse_result> try_urlparse(std::string_view url, std::string_view scheme,
                                  bool allow_fragments) {
    auto split = try_urlsplit(url, scheme, allow_fragments);
    if (!split) {
        return split.error();
    }
    parse_result r;
    static_cast<split_result&>(r) = std::move(*split);
    detail::parse_access a(r);
    a.path_before_params() = a.path();
    a.params() = {a.path().begin + a.path().size, 0};
    const std::string_view path = r.split_result::path();
    if (uses_params(r.scheme()) && path.find(';') != std::string_view::npos) {
        // urllib.parse._splitparams: params belong to the last segment.
        std::size_t semicolon;
        const auto slash = path.rfind('/');
        if (slash != std::string_view::npos) {
            semicolon = path.find(';', slash);
        } else {
            semicolon = path.find(';');
        }
        if (semicolon != std::string_view::npos) {
            a.path_before_params() = {a.path().begin, semicolon};
            a.params() = {a.path().begin + semicolon + 1, path.size() - semicolon - 1};
        }
    }
    return r;
}

parse_result urlparse(std::string_view url, std::string_view scheme, bool allow_fragments) {
    std::string subject;
    auto split = detail::split(url, scheme, allow_fragments, &subject);
    if (!split) {
        throw value_error(split.error(), python_message(split.error(), subject));
    }
    return try_urlparse(url, scheme, allow_fragments).value();
}

std::string parse_result::geturl() const {
    return urlunparse(scheme(), netloc(), path(), params(), query(), fragment());
}

std::string urlunsplit(std::string_view scheme, std::string_view netloc, std::string_view path,
                       std::string_view query, std::string_view fragment) {
    std::string url;
    url.reserve(scheme.size() + netloc.size() + path.size() + query.size() + fragment.size() + 8);
    if (!scheme.empty()) {
        url.append(scheme).append(":");
    }
    if (!netloc.empty()) {
        url.append("//").append(netloc);
        if (!path.empty() && path.front() != '/') {
            url += '/';
        }
    } else if (path.starts_with("//")) {
        url.append("//");
    } else if (!scheme.empty() && uses_netloc(scheme) && (path.empty() || path.front() == '/')) {
        url.append("//");
    }
    url.append(path);
    if (!query.empty()) {
        url.append("?").append(query);
    }
    if (!fragment.empty()) {
        url.append("#").append(fragment);
    }
    return url;
}

std::string urlunparse(std::string_view scheme, std::string_view netloc, std::string_view path,
                       std::string_view params, std::string_view query, std::string_view fragment) {
    if (params.empty()) {
        return urlunsplit(scheme, netloc, path, query, fragment);
    }
    std::string with_params(path);
    with_params.append(";").append(params);
    return urlunsplit(scheme, netloc, with_params, query, fragment);
}

result<defrag_result> try_urldefrag(std::string_view url) {
    if (url.find('#') == std::string_view::npos) {
        return defrag_result{std::string(url), {}};
    }
    auto p = try_urlparse(url);
    if (!p) {
        return p.error();
    }
    return defrag_result{
        urlunparse(p->scheme(), p->netloc(), p->path(), p->params(), p->query(), {}),
        std::string(p->fragment())};
}

defrag_result urldefrag(std::string_view url) {
    if (url.find('#') == std::string_view::npos) {
        return defrag_result{std::string(url), {}};
    }
    const auto p = urlparse(url);
    return defrag_result{urlunparse(p.scheme(), p.netloc(), p.path(), p.params(), p.query(), {}),
                         std::string(p.fragment())};
}

} // namespace netkit::url
