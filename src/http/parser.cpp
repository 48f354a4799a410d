#include <netkit/core/ascii.hpp>
#include <netkit/http/parser.hpp>
#include <netkit/http/status.hpp>

#include "http/detail/chars.hpp"

#include <algorithm>
#include <utility>

namespace netkit::http {
namespace {

using detail::has;
using detail::is_token;
using detail::trim_ows;

constexpr std::size_t max_chunk_line = 4096; // a chunk size with its extensions

// "HTTP/" DIGIT "." DIGIT; version_not_supported for a major other than 1.
error parse_version(std::string_view v, int& major, int& minor) {
    if (v.size() != 8 || !v.starts_with("HTTP/") || v[6] != '.' || v[5] < '0' || v[5] > '9' ||
        v[7] < '0' || v[7] > '9') {
        return error::bad_version;
    }
    major = v[5] - '0';
    minor = v[7] - '0';
    return major == 1 ? error{} : error::version_not_supported;
}

// The first problem byte of a head line: NUL, then bare CR.
error scan_line(std::string_view line) {
    for (char c : line) {
        if (c == '\0') {
            return error::nul_in_head;
        }
        if (c == '\r') {
            return error::bare_cr;
        }
    }
    return {};
}

// A Content-Length value: 1*DIGIT, or a list of identical ones ("5, 5").
error parse_content_length(std::string_view value, std::uint64_t& out, bool& seen) {
    for (;;) {
        const auto comma = value.find(',');
        const std::string_view element = trim_ows(value.substr(0, comma));
        if (element.empty()) {
            return error::bad_content_length;
        }
        std::uint64_t n = 0;
        for (char c : element) {
            if (c < '0' || c > '9') {
                return error::bad_content_length;
            }
            const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
            if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
                return error::bad_content_length;
            }
            n = n * 10 + digit;
        }
        if (seen && n != out) {
            return error::bad_content_length; // differing lengths: which frames the body?
        }
        out = n;
        seen = true;
        if (comma == std::string_view::npos) {
            return {};
        }
        value.remove_prefix(comma + 1);
    }
}

// What the Transfer-Encoding fields say, read strictly (RFC 9112 §6.1).
struct transfer_codings {
    bool present = false;
    bool valid = true; // every element a coding, with well-formed parameters
    int chunked = 0;   // how many times "chunked" appears
    int codings = 0;   // how many codings, chunked included
    bool chunked_last = false;
    bool unknown = false; // a coding other than chunked, gzip, deflate, compress
};

void add_codings(std::string_view value, transfer_codings& t) {
    t.present = true;
    bool any = false;
    for (;;) {
        const auto comma = value.find(',');
        std::string_view element = trim_ows(value.substr(0, comma));
        if (!element.empty()) { // a #list may hold empty elements (RFC 9110 §5.6.1)
            any = true;
            const auto semicolon = element.find(';');
            const std::string_view coding = trim_ows(element.substr(0, semicolon));
            if (!is_token(coding)) {
                t.valid = false;
            }
            if (semicolon != std::string_view::npos) {
                // transfer-parameter = token BWS "=" BWS ( token / quoted-string )
                std::string_view params = element.substr(semicolon + 1);
                for (;;) {
                    const auto next = params.find(';');
                    const std::string_view p = trim_ows(params.substr(0, next));
                    const auto eq = p.find('=');
                    if (eq == std::string_view::npos || !is_token(trim_ows(p.substr(0, eq)))) {
                        t.valid = false;
                        break;
                    }
                    const std::string_view v = trim_ows(p.substr(eq + 1));
                    const bool quoted = v.size() >= 2 && v.front() == '"' && v.back() == '"';
                    if (!quoted && !is_token(v)) {
                        t.valid = false;
                        break;
                    }
                    if (next == std::string_view::npos) {
                        break;
                    }
                    params.remove_prefix(next + 1);
                }
            }
            const bool is_chunked = iequals(coding, "chunked");
            ++t.codings;
            if (is_chunked) {
                ++t.chunked;
            } else if (!iequals(coding, "gzip") && !iequals(coding, "deflate") &&
                       !iequals(coding, "compress") && !iequals(coding, "x-gzip") &&
                       !iequals(coding, "x-compress")) {
                t.unknown = true;
            }
            t.chunked_last = is_chunked;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        value.remove_prefix(comma + 1);
    }
    if (!any) {
        t.valid = false;
    }
}

// chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
// chunk-ext-val = token / quoted-string (RFC 9112 §7.1.1)
bool valid_chunk_extensions(std::string_view s) {
    std::size_t i = 0;
    auto skip_ws = [&] {
        while (i < s.size() && has(s[i], detail::ows)) {
            ++i;
        }
    };
    auto token = [&] {
        const std::size_t start = i;
        while (i < s.size() && has(s[i], detail::tchar)) {
            ++i;
        }
        return i > start;
    };
    for (;;) {
        const std::size_t before = i;
        skip_ws();
        if (i == s.size()) {
            return i == before; // whitespace may only come before a ';' (BWS)
        }
        if (s[i] != ';') {
            return false;
        }
        ++i;
        skip_ws();
        if (!token()) {
            return false;
        }
        skip_ws();
        if (i < s.size() && s[i] == '=') {
            ++i;
            skip_ws();
            if (i < s.size() && s[i] == '"') {
                // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
                for (++i;; ++i) {
                    if (i >= s.size()) {
                        return false;
                    }
                    if (s[i] == '"') {
                        ++i;
                        break;
                    }
                    if (s[i] == '\\') {
                        if (++i >= s.size() || !has(s[i], detail::field_char)) {
                            return false;
                        }
                    } else if (!has(s[i], detail::field_char)) {
                        return false;
                    }
                }
            } else if (!token()) {
                return false;
            }
        }
    }
}

// chunk-size [ chunk-ext ] (RFC 9112 §7.1), without the CRLF.
error parse_chunk_size_line(std::string_view line, std::uint64_t& size, std::size_t& bad_at) {
    std::size_t i = 0;
    for (; i < line.size() && has(line[i], detail::hexdig); ++i) {
        if (size > (std::numeric_limits<std::uint64_t>::max() >> 4)) {
            bad_at = i;
            return error::chunk_size_overflow;
        }
        const char c = line[i];
        const unsigned digit = c <= '9' ? static_cast<unsigned>(c - '0')
                                        : static_cast<unsigned>((c | 0x20) - 'a' + 10);
        size = (size << 4) | digit;
    }
    bad_at = i;
    if (i == 0 || !valid_chunk_extensions(line.substr(i))) {
        return error::bad_chunk;
    }
    return {};
}

} // namespace

const field_view* message_head::find(std::string_view name) const noexcept {
    for (const auto& f : fields) {
        if (iequals(f.name, name)) {
            return &f;
        }
    }
    return nullptr;
}

void message_head::find_each(std::span<const std::string_view> names,
                             std::span<const field_view*> found) const noexcept {
    std::fill(found.begin(), found.end(), nullptr);
    for (const auto& f : fields) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (!found[i] && iequals(f.name, names[i])) {
                found[i] = &f;
            }
        }
    }
}

// The field vectors grow with the first heads and then stay: a reused
// parser (a keep-alive connection) allocates no more. Nothing is reserved
// up front, since a server holds one parser per open connection.
parser::parser(kind k, parser_limits limits) : kind_(k), limits_(limits) {}

void parser::reset() noexcept {
    state_ = state::head;
    no_body_ = false;
    scan_ = 0;
    checked_ = 0;
    closing_ = false;
    length_ = 0;
    has_length_ = false;
    start_line_done_ = false;
    start_at_ = 0;
    start_size_ = 0;
    field_offsets_.clear();
    fields_.clear();
    trailers_.clear();
    head_ = {};
    remaining_ = 0;
    body_seen_ = 0;
    offset_ = 0;
    if (error_) {
        error_ = {}; // (an error_code's constructor calls system_category(): not per message)
    }
    error_offset_ = 0;
}

int parser::error_status() const noexcept {
    return error_ && error_.category() == error_category()
               ? status_for(static_cast<error>(error_.value()))
               : 400;
}

parser::step parser::fail(error e, std::size_t offset) {
    state_ = state::failed;
    error_ = e;
    error_offset_ = offset;
    return {parse_event::error, 0, {}};
}

// method SP request-target SP HTTP-version, each part checked byte by byte.
error parser::parse_request_line(std::string_view line, std::size_t at) {
    const auto sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) {
        return error::bad_request_line;
    }
    const std::string_view method = line.substr(0, sp1);
    if (!is_token(method)) {
        return error::bad_method;
    }
    const std::string_view rest = line.substr(sp1 + 1);
    const auto sp2 = rest.find(' ');
    if (sp2 == std::string_view::npos || sp2 == 0) {
        return error::bad_request_line;
    }
    const std::string_view target = rest.substr(0, sp2);
    for (char c : target) {
        if (!has(c, detail::target_char)) {
            return error::bad_target;
        }
    }
    if (auto e = parse_version(rest.substr(sp2 + 1), head_.version_major, head_.version_minor);
        e != error{}) {
        return e;
    }
    // RFC 9112 §3.2: the four forms of request-target.
    if (target == "*") {
        if (method != "OPTIONS") {
            return error::bad_target;
        }
        head_.form = target_form::asterisk;
    } else if (method == "CONNECT") {
        if (target.find('/') != std::string_view::npos ||
            target.find(':') == std::string_view::npos) {
            return error::bad_target; // authority-form: host ":" port
        }
        head_.form = target_form::authority;
    } else if (target.front() == '/') {
        head_.form = target_form::origin;
    } else {
        const auto colon = target.find(':');
        if (colon == std::string_view::npos || colon == 0 || !has(target[0], detail::tchar)) {
            return error::bad_target;
        }
        for (std::size_t i = 0; i < colon; ++i) {
            const char c = target[i];
            const bool scheme_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                     (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
            if (!scheme_char || (i == 0 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))) {
                return error::bad_target;
            }
        }
        head_.form = target_form::absolute;
    }
    method_ = {at, sp1};
    target_ = {at + sp1 + 1, sp2};
    return {};
}

error parser::parse_start_line(std::string_view line, std::size_t at) {
    if (kind_ == request) {
        // A NUL or a bare CR is named first, wherever it is; a line the
        // checks accept has neither (each of its bytes was judged), so the
        // scan is needed only for a line they refuse.
        const error e = parse_request_line(line, at);
        if (e != error{}) {
            const error bad = scan_line(line);
            return bad != error{} ? bad : e;
        }
        return {};
    }
    if (auto e = scan_line(line); e != error{}) {
        return e;
    }
    // status-line = HTTP-version SP status-code SP [ reason-phrase ]
    // The version is checked first, as check_partial_line() does.
    if (line.size() < 8) {
        return error::bad_status_line;
    }
    if (auto e = parse_version(line.substr(0, 8), head_.version_major, head_.version_minor);
        e != error{}) {
        return e;
    }
    if (line.size() < 12 || line[8] != ' ') {
        return error::bad_status_line;
    }
    int status = 0;
    for (std::size_t i = 9; i < 12; ++i) {
        if (line[i] < '0' || line[i] > '9') {
            return error::bad_status_line;
        }
        status = status * 10 + (line[i] - '0');
    }
    if (status < 100) {
        return error::bad_status_line;
    }
    head_.status = status;
    reason_ = {at + 12, 0};
    if (line.size() > 12) {
        if (line[12] != ' ') {
            return error::bad_status_line;
        }
        const std::string_view reason = line.substr(13);
        for (char c : reason) {
            if (!has(c, detail::field_char)) {
                return error::bad_status_line;
            }
        }
        reason_ = {at + 13, reason.size()};
    }
    return {};
}

error parser::parse_field_line(std::string_view input, std::string_view line, std::size_t at,
                               std::vector<span_offsets>& out) {
    // The common case, a clean line, costs one vector pass; a line with a
    // bad byte is examined byte by byte to name the error.
    const bool clean = detail::all_field_chars(
        input, static_cast<std::size_t>(line.data() - input.data()), line.size());
    if (!clean) {
        if (auto e = scan_line(line); e != error{}) {
            return e;
        }
    }
    if (has(line.front(), detail::ows)) {
        return error::obs_fold; // or whitespace before the first field: both refused
    }
    // The name is the run of token characters, which a colon must end.
    std::size_t colon = 0;
    while (colon < line.size() && has(line[colon], detail::tchar)) {
        ++colon;
    }
    if (colon == line.size() || line[colon] != ':' || colon == 0) {
        // Not "token:": say what is wrong.
        colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            return error::bad_field_name;
        }
        return has(line[colon - 1], detail::ows) ? error::space_before_colon
                                                 : error::bad_field_name;
    }
    const std::string_view name = line.substr(0, colon);
    const std::string_view raw_value = line.substr(colon + 1);
    const std::string_view value = trim_ows(raw_value);
    if (!clean) {
        for (char c : value) {
            if (!has(c, detail::field_char)) {
                return error::bad_field_value;
            }
        }
    }
    if (&out == &field_offsets_ && iequals(name, "content-length")) {
        // Checked now, not at the end of the head: a bad length fails at once.
        if (auto e = parse_content_length(value, length_, has_length_); e != error{}) {
            return e;
        }
    }
    const std::size_t value_at =
        at + colon + 1 + static_cast<std::size_t>(value.data() - raw_value.data());
    out.push_back({at, name.size(), value.empty() ? at + colon + 1 : value_at, value.size()});
    return {};
}

// Errors visible before a line is complete, so that a peer cannot hold a
// broken head open: a NUL, a CR not followed by LF, a field line starting
// with whitespace, a version that cannot be right. Each byte is checked once.
error parser::check_partial_line(std::string_view input) {
    const std::string_view line = input.substr(scan_);
    for (std::size_t i = checked_; i < line.size(); ++i) {
        if (line[i] == '\0') {
            return error::nul_in_head;
        }
        if (line[i] == '\r' && i + 1 < line.size()) {
            return error::bare_cr; // a CR followed by something other than LF
        }
    }
    if (start_line_done_ && !line.empty() && has(line.front(), detail::ows)) {
        return error::obs_fold;
    }
    if (!start_line_done_ && !line.empty() && line.front() != '\r') {
        // Once the version is all there, the start line can be judged: in the
        // order the complete line would be, so that the error is the same.
        if (kind_ == request) {
            const auto sp1 = line.find(' ');
            const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
            if (sp2 != std::string_view::npos) {
                std::string_view rest = line.substr(sp2 + 1);
                if (!rest.empty() && rest.back() == '\r') {
                    rest.remove_suffix(1); // the LF may be next
                }
                if (rest.size() >= 8) {
                    const std::size_t judged = std::min<std::size_t>(rest.size(), 9);
                    if (auto e = parse_start_line(line.substr(0, sp2 + 1 + judged), scan_);
                        e != error{}) {
                        return e;
                    }
                }
            }
        } else if (line.size() >= 8) {
            int major = 0;
            int minor = 0;
            if (auto e = parse_version(line.substr(0, 8), major, minor); e != error{}) {
                return e;
            }
        }
    }
    checked_ = line.empty() ? 0 : line.size() - (line.back() == '\r' ? 1 : 0);
    return {};
}

error parser::frame_by_length(std::uint64_t length) {
    if (length > limits_.max_body) {
        return error::body_too_large;
    }
    head_.framing = body_framing::content_length;
    head_.content_length = length;
    return {};
}

error parser::decide_framing() {
    const std::uint64_t length = length_;
    const bool has_length = has_length_;
    transfer_codings te;
    bool close = false;
    bool keep_alive = false;
    for (const auto& f : fields_) {
        if (iequals(f.name, "transfer-encoding")) {
            add_codings(f.value, te);
        } else if (iequals(f.name, "connection")) {
            close = close || list_has(f.value, "close");
            keep_alive = keep_alive || list_has(f.value, "keep-alive");
        }
    }
    const bool http11 = head_.version_minor >= 1;
    head_.keep_alive = http11 ? !close : (keep_alive && !close);

    if (kind_ == request) {
        if (head_.form == target_form::authority) {
            // RFC 9110 §9.3.6: a CONNECT request has no content; what follows
            // its head belongs to the tunnel.
            head_.framing = body_framing::none;
            return {};
        }
        if (te.present) {
            if (!http11) {
                return error::te_in_http10;
            }
            if (has_length) {
                return error::te_and_content_length;
            }
            if (!te.valid || te.chunked != 1 || !te.chunked_last) {
                return error::bad_transfer_encoding;
            }
            // RFC 9112 §6.1: a coding the server does not decode is a 501.
            // netkit decodes none but chunked, as nginx: a gzip under the
            // chunks would reach handlers and uploads still compressed.
            if (te.unknown || te.codings > 1) {
                return error::unknown_transfer_coding;
            }
            head_.framing = body_framing::chunked;
        } else if (has_length) {
            return frame_by_length(length);
        } else {
            head_.framing = body_framing::none;
        }
        return {};
    }

    // Responses (RFC 9112 §6.3)
    const bool answers_head = std::exchange(no_body_, false);
    if (answers_head || status_has_no_content(head_.status)) {
        head_.framing = body_framing::none;
    } else if (te.present) {
        if (!te.valid || (te.chunked > 1 && te.chunked_last)) {
            return error::bad_transfer_encoding;
        }
        // Chunked not last: the body runs until the server closes (RFC 9112 §6.3).
        head_.framing = te.chunked_last ? body_framing::chunked : body_framing::until_close;
        head_.transfer_coded = te.codings > te.chunked;
    } else if (has_length) {
        if (auto e = frame_by_length(length); e != error{}) {
            return e;
        }
    } else {
        head_.framing = body_framing::until_close;
    }
    if (head_.framing == body_framing::until_close) {
        head_.keep_alive = false;
    }
    return {};
}

parser::step parser::parse_head(std::string_view input) {
    if (closing_ && !input.empty()) {
        return fail(error::data_after_close, 0);
    }
    for (;;) {
        const auto nl = detail::find_newline(input, scan_);
        if (nl == std::string_view::npos) {
            if (auto e = check_partial_line(input); e != error{}) {
                return fail(e, scan_);
            }
            if (kind_ == request && !start_line_done_ &&
                input.size() - start_at_ > limits_.max_request_line) {
                return fail(error::request_line_too_long, input.size());
            }
            if (input.size() > limits_.max_header_section) {
                return fail(error::header_too_large, input.size());
            }
            return {parse_event::need_more, 0, {}};
        }
        if (nl == scan_ || input[nl - 1] != '\r') {
            return fail(error::bare_lf, nl);
        }
        const std::size_t at = scan_;
        const std::string_view line = input.substr(at, nl - 1 - at);
        scan_ = nl + 1;
        checked_ = 0;
        if (scan_ > limits_.max_header_section) {
            return fail(error::header_too_large, nl);
        }
        if (!start_line_done_) {
            if (line.empty()) {
                // RFC 9112 §2.2: empty lines before a request line are ignored
                // (and, as llhttp and browsers do, before a status line).
                start_at_ = scan_;
                continue;
            }
            if (kind_ == request && line.size() > limits_.max_request_line) {
                return fail(error::request_line_too_long, at);
            }
            if (auto e = parse_start_line(line, at); e != error{}) {
                return fail(e, at);
            }
            start_line_done_ = true;
            continue;
        }
        if (!line.empty()) {
            if (field_offsets_.size() >= limits_.max_fields) {
                return fail(error::too_many_fields, at);
            }
            if (auto e = parse_field_line(input, line, at, field_offsets_); e != error{}) {
                return fail(e, at);
            }
            continue;
        }
        // The empty line: the head is complete. Views are made now, from the
        // bytes of this call.
        fields_.clear();
        for (const auto& o : field_offsets_) {
            fields_.push_back(
                {input.substr(o.name_at, o.name_size), input.substr(o.value_at, o.value_size)});
        }
        head_.fields = fields_;
        if (kind_ == request) {
            head_.method = input.substr(method_.at, method_.size);
            head_.target = input.substr(target_.at, target_.size);
        } else {
            head_.reason = input.substr(reason_.at, reason_.size);
        }
        if (auto e = decide_framing(); e != error{}) {
            return fail(e, at);
        }
        offset_ = scan_;
        switch (head_.framing) {
        case body_framing::none: state_ = state::done_body; break;
        case body_framing::content_length:
            remaining_ = head_.content_length;
            state_ = remaining_ == 0 ? state::done_body : state::body_length;
            break;
        case body_framing::chunked: state_ = state::chunk_size; break;
        case body_framing::until_close: state_ = state::until_close; break;
        }
        return {parse_event::head, scan_, {}};
    }
}

parser::step parser::parse_trailers(std::string_view input) {
    std::size_t pos = 0;
    trailer_offsets_.clear();
    for (;;) {
        const auto nl = detail::find_newline(input, pos);
        if (nl == std::string_view::npos) {
            if (input.size() > limits_.max_header_section) {
                return fail(error::header_too_large, offset_ + input.size());
            }
            return {parse_event::need_more, 0, {}};
        }
        if (nl == pos || input[nl - 1] != '\r') {
            return fail(error::bare_lf, offset_ + nl);
        }
        const std::string_view line = input.substr(pos, nl - 1 - pos);
        const std::size_t at = pos;
        pos = nl + 1;
        if (line.empty()) {
            trailers_.clear();
            for (const auto& o : trailer_offsets_) {
                trailers_.push_back(
                    {input.substr(o.name_at, o.name_size), input.substr(o.value_at, o.value_size)});
            }
            offset_ += pos;
            state_ = state::done;
            return {parse_event::message_complete, pos, {}};
        }
        if (trailer_offsets_.size() >= limits_.max_fields) {
            return fail(error::too_many_fields, offset_ + at);
        }
        if (auto e = parse_field_line(input, line, at, trailer_offsets_); e != error{}) {
            return fail(e, offset_ + at);
        }
    }
}

// Hands out up to remaining_ bytes of `rest` as body; `next` follows when
// they are all out. `pos` is what this call consumed before.
parser::step parser::take_body(std::string_view rest, std::size_t pos, state next) {
    if (rest.empty()) {
        return {parse_event::need_more, pos, {}};
    }
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, rest.size()));
    remaining_ -= n;
    offset_ += n;
    if (remaining_ == 0) {
        state_ = next;
    }
    return {parse_event::body, pos + n, rest.substr(0, n)};
}

parser::step parser::feed(std::string_view input) {
    if (state_ == state::done) {
        start_next_message(); // the previous message is complete: this input starts the next
    }
    std::size_t pos = 0; // consumed in this call
    for (;;) {
        const std::string_view rest = input.substr(pos);
        switch (state_) {
        case state::failed: return {parse_event::error, 0, {}};
        case state::done: return {parse_event::need_more, pos, {}};
        case state::head: return parse_head(input);
        case state::done_body:
            state_ = state::done;
            return {parse_event::message_complete, pos, {}};
        case state::body_length: return take_body(rest, pos, state::done_body);
        case state::until_close: {
            if (rest.empty()) {
                return {parse_event::need_more, pos, {}};
            }
            body_seen_ += rest.size();
            if (body_seen_ > limits_.max_body) {
                return fail(error::body_too_large, offset_);
            }
            offset_ += rest.size();
            return {parse_event::body, pos + rest.size(), rest};
        }
        case state::chunk_size: {
            const auto nl = rest.find('\n');
            if (nl == std::string_view::npos) {
                if (rest.size() > max_chunk_line) {
                    return fail(error::bad_chunk, offset_);
                }
                return {parse_event::need_more, pos, {}};
            }
            if (nl == 0 || rest[nl - 1] != '\r') {
                return fail(error::bare_lf, offset_ + nl);
            }
            std::uint64_t size = 0;
            std::size_t bad_at = 0;
            if (auto e = parse_chunk_size_line(rest.substr(0, nl - 1), size, bad_at);
                e != error{}) {
                return fail(e, offset_ + bad_at);
            }
            pos += nl + 1;
            offset_ += nl + 1;
            if (size == 0) {
                state_ = state::trailers;
                continue;
            }
            if (size > limits_.max_body - std::min(limits_.max_body, body_seen_)) {
                return fail(error::body_too_large, offset_);
            }
            body_seen_ += size;
            remaining_ = size;
            state_ = state::chunk_data;
            continue;
        }
        case state::chunk_data: return take_body(rest, pos, state::chunk_data_end);
        case state::chunk_data_end: {
            if (rest.size() < 2) {
                if (!rest.empty() && rest[0] != '\r') {
                    return fail(error::bad_chunk, offset_);
                }
                return {parse_event::need_more, pos, {}};
            }
            if (rest[0] != '\r' || rest[1] != '\n') {
                return fail(error::bad_chunk, offset_);
            }
            pos += 2;
            offset_ += 2;
            state_ = state::chunk_size;
            continue;
        }
        case state::trailers: {
            auto s = parse_trailers(rest);
            s.consumed += pos;
            return s;
        }
        }
    }
}

std::uint64_t parser::direct_body_room() const noexcept {
    switch (state_) {
    case state::body_length:
    case state::chunk_data: return remaining_;
    case state::until_close: return limits_.max_body - std::min(limits_.max_body, body_seen_);
    default: return 0;
    }
}

error parser::take_direct_body(std::size_t n) noexcept {
    offset_ += n;
    if (state_ == state::until_close) {
        body_seen_ += n;
        return body_seen_ > limits_.max_body ? error::body_too_large : error{};
    }
    remaining_ -= std::min<std::uint64_t>(remaining_, n);
    if (remaining_ == 0) {
        state_ = state_ == state::chunk_data ? state::chunk_data_end : state::done_body;
    }
    return error{};
}

parser::step parser::finish() {
    switch (state_) {
    case state::until_close: state_ = state::done; return {parse_event::message_complete, 0, {}};
    case state::done:
    case state::failed:
        return {state_ == state::failed ? parse_event::error : parse_event::need_more, 0, {}};
    case state::head:
        if (scan_ == 0 && !start_line_done_) {
            return {parse_event::need_more, 0, {}}; // closed between messages: fine
        }
        [[fallthrough]];
    default: return fail(error::unexpected_eof, offset_);
    }
}

void parser::start_next_message() {
    const bool no_body = no_body_; // expect_no_body() may have been called for this one
    const bool closing = !head_.keep_alive;
    reset();
    no_body_ = no_body;
    closing_ = closing;
}

} // namespace netkit::http
