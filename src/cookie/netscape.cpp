#include <netkit/cookie/netscape.hpp>
#include <netkit/core/ascii.hpp>
#include <netkit/url/ip.hpp>

#include <array>
#include <charconv>

namespace netkit::cookie {
namespace {

constexpr std::string_view http_only_prefix = "#HttpOnly_";

std::optional<bool> flag(std::string_view field) {
    if (iequals(field, "TRUE")) {
        return true;
    }
    if (iequals(field, "FALSE")) {
        return false;
    }
    return std::nullopt;
}

bool is_port_suffix(std::string_view rest) {
    return rest.empty() || (rest.front() == ':' && parse_decimal(rest.substr(1)));
}

// wget writes "host:port" for a server on another port than 80 (cookies
// belong to hosts, not ports), and "[v6]:port" in brackets. Brackets hold an
// IPv6 address and nothing else, or the result is empty: netkit writes the
// address bare ("::1", as curl does), and the two colons it has keep the
// port rule off it when it is read back (found by fuzzing: "[[a]" read as
// "[a", which read back as nothing).
std::string_view without_port(std::string_view domain) {
    if (domain.starts_with('[')) {
        const auto close = domain.find(']');
        if (close == std::string_view::npos || !is_port_suffix(domain.substr(close + 1)) ||
            !url::is_ipv6_address(domain.substr(1, close - 1))) {
            return {};
        }
        return domain.substr(1, close - 1);
    }
    const auto colon = domain.find(':');
    if (colon != std::string_view::npos && domain.find(':', colon + 1) == std::string_view::npos &&
        is_port_suffix(domain.substr(colon))) {
        return domain.substr(0, colon);
    }
    return domain;
}

bool writable(std::string_view text) {
    return text.find_first_of("\t\r\n") == std::string_view::npos;
}

} // namespace

netscape_line parse_netscape_line(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    bool http_only = false;
    if (line.starts_with(http_only_prefix)) {
        http_only = true;
        line.remove_prefix(http_only_prefix.size());
    } else if (trim(line).empty() || line.front() == '#') {
        return {};
    }
    std::array<std::string_view, 7> f{};
    std::size_t count = 0;
    for (std::size_t start = 0;; ++count) {
        const auto tab = line.find('\t', start);
        if (count < f.size()) {
            f[count] = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
        }
        if (tab == std::string_view::npos) {
            ++count;
            break;
        }
        start = tab + 1;
    }
    // curl writes six fields for an empty value; seven is the rule.
    if (count != 7 && count != 6) {
        return {std::nullopt,
                "7 fields separated by tabs expected, found " + std::to_string(count)};
    }
    const auto subdomains = flag(f[1]);
    const auto secure = flag(f[3]);
    if (!subdomains || !secure) {
        return {std::nullopt, "the 2nd and 4th fields must be TRUE or FALSE"};
    }
    std::int64_t expiry = 0;
    if (!f[4].empty()) {
        const auto [end, ec] = std::from_chars(f[4].data(), f[4].data() + f[4].size(), expiry);
        if (ec != std::errc() || end != f[4].data() + f[4].size()) {
            return {std::nullopt, "the expiry (5th field) is not a number of seconds"};
        }
    }
    // The leading dot of a domain cookie first, then the port: ".host:port"
    // and "host:port" name the same host (found by fuzzing: ".[:1" lost all
    // but its bracket to the port rule, "[:1" did not).
    std::string_view domain = f[0];
    if (domain.starts_with('.')) {
        domain.remove_prefix(1);
    }
    domain = without_port(domain);
    if (domain.empty() || f[2].empty() || f[2].front() != '/') {
        return {std::nullopt, "a domain and a path beginning with '/' are needed"};
    }
    cookie c;
    c.domain = lower_copy(domain);
    c.host_only = !*subdomains && !f[0].starts_with('.');
    c.path = f[2];
    c.secure_only = *secure;
    c.http_only = http_only;
    c.persistent = expiry > 0;
    c.expiry = expiry > 0 ? clock_time(std::chrono::seconds(expiry)) : session_expiry;
    c.name = f[5];
    c.value = count == 7 ? f[6] : std::string_view();
    return {std::move(c), {}};
}

std::optional<std::string> format_netscape_line(const cookie& c) {
    if (!writable(c.name) || !writable(c.value) || !writable(c.path) || !writable(c.domain)) {
        return std::nullopt;
    }
    std::string line;
    if (c.http_only) {
        line += http_only_prefix;
    }
    line += c.host_only ? "" : ".";
    line += c.domain;
    line += c.host_only ? "\tFALSE\t" : "\tTRUE\t";
    line += c.path;
    line += c.secure_only ? "\tTRUE\t" : "\tFALSE\t";
    line += c.persistent ? std::to_string(c.expiry.time_since_epoch().count()) : "0";
    line += '\t';
    line += c.name;
    line += '\t';
    line += c.value;
    return line;
}

} // namespace netkit::cookie
