#include <netkit/core/ascii.hpp>
#include <netkit/url/ip.hpp>
#include <netkit/url/url.hpp>

#include "url/detail/charset.hpp"

namespace netkit::url {
namespace {

using detail::is_alpha;
using detail::is_digit;
using detail::is_hexdig;
using detail::is_scheme_char;
using detail::is_sub_delim;
using detail::is_unreserved;

constexpr char hex_digits[] = "0123456789ABCDEF";

// Checks that `text` (which starts at `offset` in the whole reference) holds
// only characters of class `allowed` and well-formed percent-encodings.
bool check(std::string_view text, std::size_t offset, detail::char_class allowed, error rule,
           parse_error* where) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (detail::has(text[i], allowed)) {
            continue;
        }
        if (text[i] == '%') {
            if (i + 2 >= text.size() || !is_hexdig(text[i + 1]) || !is_hexdig(text[i + 2])) {
                if (where) {
                    *where = {offset + i, make_error_code(error::bad_percent_encoding)};
                }
                return false;
            }
            i += 2;
        } else {
            if (where) {
                *where = {offset + i, make_error_code(rule)};
            }
            return false;
        }
    }
    return true;
}

} // namespace

std::string parse_error::message() const {
    return "position " + std::to_string(position) + ": " + code.message();
}

std::optional<std::uint16_t> url_view::port_number() const noexcept {
    if (!has_port_ || port_.empty() || port_.size() > 5) {
        return std::nullopt;
    }
    unsigned value = 0;
    for (char c : port_) {
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

result<url_view> parse_uri_reference(std::string_view text, parse_error* where) {
    parse_error ignored;
    if (!where) {
        where = &ignored;
    }
    url_view u;
    u.buffer_ = text;
    std::size_t pos = 0;

    // scheme ":" -- a ':' before any '/', '?' or '#' must end a scheme (a
    // relative reference's first segment cannot hold one: path-noscheme).
    const auto colon = text.find(':');
    const auto delim = detail::find_first(text, 0, detail::authority_end);
    if (colon != std::string_view::npos && (delim == std::string_view::npos || colon < delim)) {
        const std::string_view scheme = text.substr(0, colon);
        for (std::size_t i = 0; i < scheme.size(); ++i) {
            if (!(i == 0 ? is_alpha(scheme[i]) : is_scheme_char(scheme[i]))) {
                *where = {i, make_error_code(error::bad_scheme)};
                return where->code;
            }
        }
        if (scheme.empty()) {
            *where = {0, make_error_code(error::bad_scheme)};
            return where->code;
        }
        u.scheme_ = scheme;
        u.has_scheme_ = true;
        pos = colon + 1;
    }

    // "//" authority
    if (text.substr(pos, 2) == "//") {
        const std::size_t start = pos + 2;
        const auto end_at = detail::find_first(text, start, detail::authority_end);
        const std::size_t end = end_at == std::string_view::npos ? text.size() : end_at;
        const std::string_view authority = text.substr(start, end - start);
        u.authority_ = authority;
        u.has_authority_ = true;
        std::size_t host_start = start;
        const auto at = authority.find('@');
        if (at != std::string_view::npos) {
            u.userinfo_ = authority.substr(0, at);
            u.has_userinfo_ = true;
            if (!check(u.userinfo_, start, detail::userinfo_char, error::bad_userinfo, where)) {
                return where->code;
            }
            host_start = start + at + 1;
        }
        std::string_view hostport = text.substr(host_start, end - host_start);
        std::string_view host;
        std::size_t port_at = std::string_view::npos;
        if (!hostport.empty() && hostport.front() == '[') {
            const auto close = hostport.find(']');
            if (close == std::string_view::npos) {
                *where = {host_start, make_error_code(error::bad_host)};
                return where->code;
            }
            host = hostport.substr(0, close + 1);
            const std::string_view literal = host.substr(1, host.size() - 2);
            if (is_ipv6_address(literal)) {
                u.host_kind_ = host_kind::ipv6;
            } else if (is_ipvfuture(literal)) {
                u.host_kind_ = host_kind::ipvfuture;
            } else {
                *where = {host_start + 1, make_error_code(error::bad_host)};
                return where->code;
            }
            if (close + 1 < hostport.size()) {
                if (hostport[close + 1] != ':') {
                    *where = {host_start + close + 1, make_error_code(error::bad_host)};
                    return where->code;
                }
                port_at = close + 1;
            }
        } else {
            port_at = hostport.find(':');
            host = hostport.substr(0, port_at);
            if (!check(host, host_start, detail::reg_name_char, error::bad_host, where)) {
                return where->code;
            }
            u.host_kind_ = is_ipv4_address(host) ? host_kind::ipv4 : host_kind::reg_name;
        }
        u.host_ = host;
        if (port_at != std::string_view::npos) {
            u.port_ = hostport.substr(port_at + 1);
            u.has_port_ = true;
            for (std::size_t i = 0; i < u.port_.size(); ++i) {
                if (!is_digit(u.port_[i])) {
                    *where = {host_start + port_at + 1 + i, make_error_code(error::bad_port)};
                    return where->code;
                }
            }
        }
        pos = end;
    }

    // path: up to '?' or '#'
    const auto path_end_at = detail::find_first(text, pos, detail::path_end);
    const std::size_t path_end = path_end_at == std::string_view::npos ? text.size() : path_end_at;
    u.path_ = text.substr(pos, path_end - pos);
    if (!check(u.path_, pos, detail::path_char, error::bad_path, where)) {
        return where->code;
    }
    pos = path_end;

    if (pos < text.size() && text[pos] == '?') {
        const auto hash = text.find('#', pos);
        const std::size_t end = hash == std::string_view::npos ? text.size() : hash;
        u.query_ = text.substr(pos + 1, end - pos - 1);
        u.has_query_ = true;
        if (!check(u.query_, pos + 1, detail::query_char, error::bad_query, where)) {
            return where->code;
        }
        pos = end;
    }
    if (pos < text.size() && text[pos] == '#') {
        u.fragment_ = text.substr(pos + 1);
        u.has_fragment_ = true;
        if (!check(u.fragment_, pos + 1, detail::query_char, error::bad_fragment, where)) {
            return where->code;
        }
    }
    return u;
}

result<url_view> parse_uri(std::string_view text, parse_error* where) {
    auto u = parse_uri_reference(text, where);
    if (u && !u->has_scheme()) {
        if (where) {
            *where = {0, make_error_code(error::missing_scheme)};
        }
        return error::missing_scheme;
    }
    return u;
}

result<url> url::parse(std::string_view text, parse_error* where) {
    if (auto v = parse_uri_reference(text, where); !v) {
        return v.error();
    }
    url u;
    u.text_ = std::string(text);
    u.reparse();
    return u;
}

void url::reparse() noexcept {
    view_ = parse_uri_reference(text_).value();
}

std::uint16_t default_port(std::string_view scheme) noexcept {
    if (scheme == "http" || scheme == "ws") {
        return 80;
    }
    if (scheme == "https" || scheme == "wss") {
        return 443;
    }
    if (scheme == "ftp") {
        return 21;
    }
    return 0;
}

std::string remove_dot_segments(std::string_view input) {
    std::string output;
    output.reserve(input.size());
    while (!input.empty()) {
        if (input.starts_with("../")) { // A
            input.remove_prefix(3);
        } else if (input.starts_with("./")) {
            input.remove_prefix(2);
        } else if (input.starts_with("/./")) { // B
            input.remove_prefix(2);
        } else if (input == "/.") {
            input = "/";
        } else if (input.starts_with("/../")) { // C
            input.remove_prefix(3);
            output.erase(std::min(output.size(), output.rfind('/')));
        } else if (input == "/..") {
            input = "/";
            output.erase(std::min(output.size(), output.rfind('/')));
        } else if (input == "." || input == "..") { // D
            input = {};
        } else { // E: move the first segment, with its leading '/', to the output
            const auto next = input.find('/', 1);
            output.append(input.substr(0, next));
            input = next == std::string_view::npos ? std::string_view() : input.substr(next);
        }
    }
    return output;
}

namespace {

// RFC 3986 §5.3 component recomposition. Two paths would be misread once
// recomposed, and get a harmless prefix: one starting with "//" and no
// authority (it would become the authority), and a relative reference whose
// first segment holds ':' (it would become a scheme).
std::string recompose(std::string_view scheme, bool has_scheme, std::string_view authority,
                      bool has_authority, std::string_view path, std::string_view query,
                      bool has_query, std::string_view fragment, bool has_fragment) {
    std::string out;
    if (has_scheme) {
        out.append(scheme).append(":");
    }
    if (has_authority) {
        out.append("//").append(authority);
    } else if (path.starts_with("//")) {
        out.append("/.");
    } else if (!has_scheme && path.substr(0, path.find('/')).find(':') != std::string_view::npos) {
        out.append("./");
    }
    out.append(path);
    if (has_query) {
        out.append("?").append(query);
    }
    if (has_fragment) {
        out.append("#").append(fragment);
    }
    return out;
}

// §5.2.3 merge
std::string merge(const url_view& base, std::string_view ref_path) {
    std::string out;
    if (base.has_authority() && base.path().empty()) {
        out.reserve(ref_path.size() + 1);
        out += '/';
    } else if (const auto slash = base.path().rfind('/'); slash != std::string_view::npos) {
        out.reserve(slash + 1 + ref_path.size());
        out.append(base.path().substr(0, slash + 1));
    }
    out.append(ref_path);
    return out;
}

// Percent-encodings with upper-case hex, unreserved characters decoded
// (§6.2.2.1, §6.2.2.2); with `lower_case`, other letters lower-cased (a host).
std::string normalize_percent(std::string_view text, bool lower_case = false) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const char decoded = static_cast<char>(detail::hex_value(text[i + 1]) * 16 +
                                                   detail::hex_value(text[i + 2]));
            if (is_unreserved(decoded)) {
                out += lower_case ? to_lower(decoded) : decoded;
            } else {
                out += '%';
                out += hex_digits[detail::hex_value(text[i + 1])];
                out += hex_digits[detail::hex_value(text[i + 2])];
            }
            i += 2;
        } else {
            out += lower_case ? to_lower(text[i]) : text[i];
        }
    }
    return out;
}

} // namespace

std::string normalize(const url_view& u) {
    const std::string scheme = lower_copy(u.scheme());
    std::string authority;
    if (u.has_authority()) {
        if (u.has_userinfo()) {
            authority = normalize_percent(u.userinfo()) + "@";
        }
        // A reg-name's percent-encodings are normalized, then the host
        // lower-cased (hex digits of encodings go back to upper case).
        authority += normalize_percent(u.host(), true);
        const auto port = u.port_number();
        const bool is_default = port && *port == default_port(scheme) && default_port(scheme) != 0;
        if (u.has_port() && !u.port().empty() && !is_default) {
            authority.append(":").append(u.port());
        }
    }
    std::string path = normalize_percent(u.path());
    if (u.has_scheme()) {
        path = remove_dot_segments(path);
    }
    if (u.has_authority() && path.empty() &&
        (scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss")) {
        path.push_back('/'); // not `path = "/"`: g++ 12 -O3 warns falsely (-Wrestrict)
    }
    return recompose(scheme, u.has_scheme(), authority, u.has_authority(), path,
                     normalize_percent(u.query()), u.has_query(), normalize_percent(u.fragment()),
                     u.has_fragment());
}

result<url> resolve(const url_view& base, const url_view& ref) {
    if (!base.has_scheme()) {
        return error::missing_scheme;
    }
    std::string_view scheme, authority, query;
    bool has_authority = false, has_query = false;
    std::string path;
    if (ref.has_scheme()) {
        scheme = ref.scheme();
        authority = ref.authority();
        has_authority = ref.has_authority();
        path = remove_dot_segments(ref.path());
        query = ref.query();
        has_query = ref.has_query();
    } else {
        scheme = base.scheme();
        if (ref.has_authority()) {
            authority = ref.authority();
            has_authority = true;
            path = remove_dot_segments(ref.path());
            query = ref.query();
            has_query = ref.has_query();
        } else {
            authority = base.authority();
            has_authority = base.has_authority();
            if (ref.path().empty()) {
                path = std::string(base.path());
                if (ref.has_query()) {
                    query = ref.query();
                    has_query = true;
                } else {
                    query = base.query();
                    has_query = base.has_query();
                }
            } else {
                if (ref.path().starts_with("/")) {
                    path = remove_dot_segments(ref.path());
                } else {
                    path = remove_dot_segments(merge(base, ref.path()));
                }
                query = ref.query();
                has_query = ref.has_query();
            }
        }
    }
    return url::parse(recompose(scheme, true, authority, has_authority, path, query, has_query,
                                ref.fragment(), ref.has_fragment()));
}

} // namespace netkit::url
