#include <netkit/core/ascii.hpp>
#include <netkit/ftp/address.hpp>
#include <netkit/ftp/error.hpp>

#include <array>

namespace netkit::ftp {
namespace {

/// Reads up to three digits at `text[i]` as a number 0-255.
bool read_octet(std::string_view text, std::size_t& i, unsigned& out) {
    std::size_t start = i;
    out = 0;
    while (i < text.size() && is_digit(text[i]) && i - start < 4) {
        out = out * 10 + static_cast<unsigned>(text[i] - '0');
        ++i;
    }
    return i > start && i - start <= 3 && out <= 255;
}

} // namespace

result<host_port> parse_pasv_reply(const reply& r) {
    if (r.code != 227) {
        return error::unexpected_reply;
    }
    // ftplib searches for the pattern anywhere: servers word the reply
    // differently, some without parentheses.
    std::string_view text = r.text;
    for (std::size_t start = 0; start < text.size(); ++start) {
        if (!is_digit(text[start]) || (start > 0 && is_digit(text[start - 1]))) {
            continue;
        }
        std::array<unsigned, 6> n{};
        std::size_t i = start;
        bool ok = true;
        for (std::size_t k = 0; k < n.size() && ok; ++k) {
            ok = read_octet(text, i, n[k]) && (k == 5 || (i < text.size() && text[i++] == ','));
        }
        if (!ok || (i < text.size() && is_digit(text[i]))) {
            continue;
        }
        host_port out;
        out.host = std::to_string(n[0]) + '.' + std::to_string(n[1]) + '.' + std::to_string(n[2]) +
                   '.' + std::to_string(n[3]);
        out.port = static_cast<std::uint16_t>(n[4] << 8 | n[5]);
        return out;
    }
    return error::bad_passive_reply;
}

result<std::uint16_t> parse_epsv_reply(const reply& r) {
    if (r.code != 229) {
        return error::unexpected_reply;
    }
    std::string_view text = r.text;
    const std::size_t left = text.find('(');
    const std::size_t right = left == std::string_view::npos ? left : text.find(')', left + 1);
    if (right == std::string_view::npos || right - left < 6) {
        return error::bad_passive_reply;
    }
    // "(<d><d><d>port<d>)": three delimiters, the port, a fourth.
    std::string_view inside = text.substr(left + 1, right - left - 1);
    const char d = inside[0];
    if (inside[1] != d || inside[2] != d || inside.back() != d) {
        return error::bad_passive_reply;
    }
    const auto port = parse_decimal(inside.substr(3, inside.size() - 4));
    if (!port || *port == 0 || *port > 65535) {
        return error::bad_passive_reply;
    }
    return static_cast<std::uint16_t>(*port);
}

std::string port_argument(std::string_view ipv4, std::uint16_t port) {
    std::string out(ipv4);
    for (char& c : out) {
        if (c == '.') {
            c = ',';
        }
    }
    return out + ',' + std::to_string(port >> 8) + ',' + std::to_string(port & 0xff);
}

std::string eprt_argument(std::string_view address, std::uint16_t port) {
    const char* family = address.find(':') != std::string_view::npos ? "|2|" : "|1|";
    return family + std::string(address) + '|' + std::to_string(port) + '|';
}

} // namespace netkit::ftp
