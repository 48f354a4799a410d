#include <netkit/http/multipart.hpp>

#include <netkit/core/ascii.hpp>

#include <cstdio>
#include <random>

namespace netkit::http {
namespace {

// Splits "; name=value; name2="quoted \" value"" parameters, calling
// on_param(name, value) for each; false on a malformed quoted string.
template <class OnParam> bool for_each_param(std::string_view params, OnParam on_param) {
    while (!params.empty()) {
        const auto semi = params.find(';');
        if (semi == std::string_view::npos) {
            return true;
        }
        params.remove_prefix(semi + 1);
        params = trim(params);
        const auto eq = params.find('=');
        if (eq == std::string_view::npos) {
            continue;
        }
        const auto name = trim(params.substr(0, eq));
        params.remove_prefix(eq + 1);
        params = trim(params);
        std::string value;
        if (!params.empty() && params.front() == '"') {
            std::size_t i = 1;
            for (; i < params.size() && params[i] != '"'; ++i) {
                if (params[i] == '\\' && i + 1 < params.size()) {
                    ++i;
                }
                value += params[i];
            }
            if (i >= params.size()) {
                return false;
            }
            params.remove_prefix(i + 1);
        } else {
            const auto end = params.find(';');
            value = std::string(trim(params.substr(0, end)));
            params.remove_prefix(end == std::string_view::npos ? params.size() : end);
        }
        on_param(name, std::move(value));
    }
    return true;
}

bool is_boundary_char(char c) noexcept {
    // RFC 2046 §5.1.1 bcharsnospace, plus space (not last).
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// A step that also consumed the `before` bytes leading to it.
multipart_parser::step advanced(multipart_parser::step s, std::size_t before) noexcept {
    s.consumed += before;
    return s;
}

} // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    const auto semi = content_type.find(';');
    if (!iequals(trim(content_type.substr(0, semi)), "multipart/form-data") ||
        semi == std::string_view::npos) {
        return std::nullopt;
    }
    std::optional<std::string> boundary;
    if (!for_each_param(content_type.substr(semi), [&](std::string_view name, std::string value) {
            if (iequals(name, "boundary"))
                boundary = std::move(value);
        })) {
        return std::nullopt;
    }
    if (!boundary || boundary->empty() || boundary->size() > 70 || boundary->back() == ' ') {
        return std::nullopt;
    }
    for (char c : *boundary) {
        if (!is_boundary_char(c)) {
            return std::nullopt;
        }
    }
    return boundary;
}

multipart_parser::multipart_parser(std::string_view boundary, multipart_limits limits)
    : delimiter_("\r\n--" + std::string(boundary)), limits_(limits) {}

multipart_parser::step multipart_parser::fail(std::string_view why) {
    state_ = state::failed;
    error_ = why;
    return {multipart_event::error, 0, {}};
}

bool multipart_parser::parse_header_line(std::string_view line) {
    // A part's header lines are fields (RFC 7578 §4.8): no control
    // character but HTAB, so no bare LF or CR hiding a second line in a
    // name (found by the multipart fuzz target).
    for (const char c : line) {
        const auto b = static_cast<unsigned char>(c);
        if ((b < 0x20 && c != '\t') || b == 0x7F) {
            return false;
        }
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        return false;
    }
    const auto name = line.substr(0, colon);
    const auto value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Type")) {
        part_.content_type = std::string(value);
    } else if (iequals(name, "Content-Disposition")) {
        const auto semi = value.find(';');
        if (!iequals(trim(value.substr(0, semi)), "form-data")) {
            return false;
        }
        if (semi != std::string_view::npos &&
            !for_each_param(value.substr(semi), [&](std::string_view param, std::string v) {
                if (iequals(param, "name")) {
                    part_.name = std::move(v);
                } else if (iequals(param, "filename")) {
                    part_.filename = std::move(v);
                }
            })) {
            return false;
        }
    }
    return true;
}

multipart_parser::step multipart_parser::feed(std::string_view input) {
    // The first boundary has no CRLF before it, unless a preamble does.
    const std::string_view dash_boundary = std::string_view(delimiter_).substr(2);
    switch (state_) {
    case state::preamble: {
        // Only the body's very first bytes can be the boundary without its
        // CRLF: once some preamble is passed over, a "--boundary" at the
        // front of what is left is inside the preamble (the answer must not
        // depend on how the body was split into reads).
        if (at_body_start_) {
            if (input.size() < dash_boundary.size()) {
                return {};
            }
            if (input.substr(0, dash_boundary.size()) == dash_boundary) {
                state_ = state::after_boundary;
                return advanced(feed(input.substr(dash_boundary.size())), dash_boundary.size());
            }
        }
        const auto found = input.find(delimiter_);
        if (found == std::string_view::npos) {
            // Keep what could be the start of the delimiter.
            const std::size_t keep = delimiter_.size() - 1;
            const std::size_t passed = input.size() > keep ? input.size() - keep : 0;
            at_body_start_ = at_body_start_ && passed == 0;
            return {multipart_event::need_more, passed, {}};
        }
        state_ = state::after_boundary;
        return advanced(feed(input.substr(found + delimiter_.size())), (found + delimiter_.size()));
    }
    case state::after_boundary: {
        std::size_t i = 0;
        while (i < input.size() && (input[i] == ' ' || input[i] == '\t'))
            ++i; // padding
        if (input.size() - i < 2) {
            return {multipart_event::need_more, 0, {}};
        }
        if (input.substr(i, 2) == "--") {
            state_ = state::done;
            return {multipart_event::done, input.size(), {}}; // the epilogue is ignored
        }
        if (input.substr(i, 2) != "\r\n") {
            return fail("bad multipart boundary line");
        }
        part_ = {};
        state_ = state::headers;
        return advanced(feed(input.substr(i + 2)), (i + 2));
    }
    case state::headers: {
        const auto end = input.find("\r\n");
        if (end == std::string_view::npos) {
            if (input.size() > limits_.max_part_header) {
                return fail("multipart part header too large");
            }
            return {};
        }
        if (end == 0) {
            state_ = state::data;
            if (part_.name.empty() && !part_.filename) {
                return fail("multipart part without Content-Disposition name");
            }
            return {multipart_event::part_begin, 2, {}};
        }
        if (end > limits_.max_part_header) {
            return fail("multipart part header too large");
        }
        if (!parse_header_line(input.substr(0, end))) {
            return fail("bad multipart part header");
        }
        return advanced(feed(input.substr(end + 2)), (end + 2));
    }
    case state::data: {
        const auto found = input.find(delimiter_);
        if (found == 0) {
            state_ = state::after_boundary;
            return {multipart_event::part_end, delimiter_.size(), {}};
        }
        std::size_t safe = found;
        if (found == std::string_view::npos) {
            // Hold back a tail that could be the start of the delimiter.
            const std::size_t keep = delimiter_.size() - 1;
            safe = input.size() > keep ? input.size() - keep : 0;
            const auto cr = input.find('\r', safe);
            safe = cr == std::string_view::npos ? input.size() : cr;
        }
        if (safe == 0) {
            return {};
        }
        return {multipart_event::part_data, safe, input.substr(0, safe)};
    }
    case state::done: return {multipart_event::done, input.size(), {}};
    case state::failed: return {multipart_event::error, 0, {}};
    }
    return {};
}

multipart_parser::step multipart_parser::finish() {
    if (state_ == state::done) {
        return {multipart_event::done, 0, {}};
    }
    if (state_ == state::failed) {
        return {multipart_event::error, 0, {}};
    }
    return fail("multipart body ended before its closing boundary");
}

namespace {

// A name or file name inside quotes, as the HTML standard escapes it.
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"': out += "%22"; break;
        case '\r': out += "%0D"; break;
        case '\n': out += "%0A"; break;
        default: out += c;
        }
    }
    return out + "\"";
}

} // namespace

std::optional<std::string> encode_form(const std::vector<form_part>& parts,
                                       std::string_view boundary) {
    std::string body;
    for (const auto& p : parts) {
        if (p.value.find(boundary) != std::string::npos) {
            return std::nullopt;
        }
        body += "--";
        body += boundary;
        body += "\r\nContent-Disposition: form-data; name=" + quoted(p.name);
        if (p.filename) {
            body += "; filename=" + quoted(*p.filename);
            body += "\r\nContent-Type: ";
            body += p.content_type.empty() ? "application/octet-stream" : p.content_type;
        }
        body += "\r\n\r\n";
        body += p.value;
        body += "\r\n";
    }
    body += "--";
    body += boundary;
    body += "--\r\n";
    return body;
}

std::optional<form_body> encode_form(const std::vector<form_part>& parts) {
    std::random_device random;
    for (int attempt = 0; attempt < 8; ++attempt) {
        char tail[33];
        std::snprintf(tail, sizeof tail, "%08x%08x%08x%08x", random(), random(), random(),
                      random());
        const std::string boundary = std::string("----------------netkit") + tail;
        if (auto body = encode_form(parts, boundary)) {
            return form_body{"multipart/form-data; boundary=" + boundary, std::move(*body)};
        }
    }
    return std::nullopt;
}

} // namespace netkit::http
