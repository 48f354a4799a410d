#include <netkit/core/ascii.hpp>
#include <netkit/http/error.hpp>
#include <netkit/http/serializer.hpp>
#include <netkit/http/status.hpp>

#include "http/detail/chars.hpp"

#include <algorithm>
#include <charconv>

namespace netkit::http {
namespace {

// Checks the framing fields against the body; `framed` tells whether the
// fields frame the body themselves (else Content-Length is to be added).
result<void> check_framing(const fields& f, std::uint64_t body_size, bool may_have_body,
                           bool& framed) {
    const auto lengths = f.get_all("Content-Length");
    const bool chunked = f.contains("Transfer-Encoding");
    if (lengths.size() > 1) {
        return error::bad_content_length;
    }
    if (!lengths.empty() && chunked) {
        return error::te_and_content_length;
    }
    framed = chunked || !lengths.empty();
    if (!lengths.empty()) {
        std::uint64_t n = 0;
        const auto v = lengths[0];
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc() || end != v.data() + v.size() || (may_have_body && n != body_size)) {
            return error::bad_content_length;
        }
    }
    return {};
}

void append_fields(std::string& out, const fields& f) {
    for (const auto& [name, value] : f) {
        out.append(name).append(": ").append(value).append("\r\n");
    }
}

void append_length(std::string& out, std::size_t n) {
    out.append("Content-Length: ");
    append_decimal(out, n);
    out.append("\r\n");
}

// HTTP/1.x: the minor version is one digit (RFC 9112 §2.3).
char version_digit(int minor) {
    return static_cast<char>('0' + std::clamp(minor, 0, 9));
}

bool visible(std::string_view s) {
    for (char c : s) {
        if (!detail::has(c, detail::target_char)) {
            return false;
        }
    }
    return !s.empty();
}

} // namespace

result<std::string> serialize_head(const request& r) {
    return serialize_head(r, r.body.size());
}

result<std::string> serialize_head(const request& r, std::uint64_t body_size) {
    if (!detail::is_token(r.method)) {
        return error::bad_method;
    }
    if (!visible(r.target)) {
        return error::bad_target;
    }
    bool framed = false;
    if (auto ok = check_framing(r.headers, body_size, true, framed); !ok) {
        return ok.error();
    }
    std::string out;
    out.reserve(64 + r.headers.size() * 32);
    out.append(r.method).append(" ").append(r.target).append(" HTTP/1.");
    out += version_digit(r.version_minor);
    out.append("\r\n");
    append_fields(out, r.headers);
    if (!framed && body_size > 0) {
        append_length(out, body_size);
    }
    out.append("\r\n");
    return out;
}

result<std::string> serialize_head(const response& r) {
    if (r.status < 100 || r.status > 999) {
        return error::bad_status_line;
    }
    const std::string_view reason =
        r.reason.empty() ? reason_phrase(r.status) : std::string_view(r.reason);
    for (char c : reason) {
        if (!detail::has(c, detail::field_char)) {
            return error::bad_status_line;
        }
    }
    bool framed = false;
    const bool may_have_body = !status_has_no_content(r.status);
    if (auto ok = check_framing(r.headers, r.body.size(), may_have_body, framed); !ok) {
        return ok.error();
    }
    std::string out;
    out.reserve(64 + r.headers.size() * 32);
    out.append("HTTP/1.");
    out += version_digit(r.version_minor);
    out += ' ';
    append_decimal(out, static_cast<std::uint64_t>(r.status)); // 100-999, checked above
    out.append(" ").append(reason).append("\r\n");
    append_fields(out, r.headers);
    if (!framed && may_have_body) {
        append_length(out, r.body.size()); // without it the body would run until close
    }
    out.append("\r\n");
    return out;
}

result<std::string> serialize(const request& r) {
    auto head = serialize_head(r);
    if (head) {
        head->append(r.body);
    }
    return head;
}

result<std::string> serialize(const response& r) {
    auto head = serialize_head(r);
    if (head && !status_has_no_content(r.status)) {
        head->append(r.body);
    }
    return head;
}

void append_chunk(std::string& out, std::string_view data) {
    if (data.empty()) {
        return;
    }
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, data.size(), 16);
    out.append(digits, end).append("\r\n").append(data).append("\r\n");
}

void append_last_chunk(std::string& out, const fields& trailers) {
    out.append("0\r\n");
    append_fields(out, trailers);
    out.append("\r\n");
}

} // namespace netkit::http
