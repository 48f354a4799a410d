// multipart/form-data bodies (what an upload form posts to the file server)
// on any bytes. The first line is the boundary, the rest the body, fed whole
// and again in pieces of 1 to 8 bytes: no crash, never more consumed than
// given, the same parts and bytes either way; and a body that parses whole
// is written again by encode_form and parses to the same parts (round trip).
#include <netkit/http/multipart.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace http = netkit::http;

struct parsed {
    std::vector<http::form_part> parts;
    bool done = false;
    bool failed = false;
};

// Feeds `body` in pieces of `piece` bytes (0: whole), as a server reads it.
parsed parse(std::string_view boundary, std::string_view body, std::size_t piece) {
    http::multipart_parser parser(boundary);
    parsed out;
    std::string buffer;
    std::size_t given = 0;
    for (int guard = 0; guard < 1'000'000; ++guard) {
        if (given < body.size()) {
            const std::size_t n = piece == 0 ? body.size() : piece;
            buffer.append(body.substr(given, n));
            given += std::min(n, body.size() - given);
        }
        const auto step =
            given == body.size() && buffer.empty() ? parser.finish() : parser.feed(buffer);
        if (step.consumed > buffer.size()) {
            std::abort(); // consumed what it was not given
        }
        // (step.data points into the buffer: used before the buffer moves.)
        const std::string data(step.data);
        buffer.erase(0, step.consumed);
        switch (step.event) {
        case http::multipart_event::part_begin:
            out.parts.push_back(
                {parser.part().name, "", parser.part().filename, parser.part().content_type});
            break;
        case http::multipart_event::part_data:
            if (out.parts.empty()) {
                std::abort(); // data outside a part
            }
            out.parts.back().value.append(data);
            break;
        case http::multipart_event::part_end: break;
        case http::multipart_event::done: out.done = true; return out;
        case http::multipart_event::error: out.failed = true; return out;
        case http::multipart_event::need_more:
            if (given == body.size()) {
                const auto end = parser.finish();
                out.failed = end.event == http::multipart_event::error;
                out.done = end.event == http::multipart_event::done;
                if (!out.done && !out.failed) {
                    std::abort(); // the end of the input decides
                }
                return out;
            }
            break;
        }
    }
    std::abort(); // no progress
}

bool same(const std::vector<http::form_part>& a, const std::vector<http::form_part>& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].value != b[i].value || a[i].filename != b[i].filename) {
            return false;
        }
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto nl = input.find('\n');
    if (nl == std::string_view::npos || nl == 0 || nl > 70) {
        return 0;
    }
    const std::string_view boundary = input.substr(0, nl);
    const std::string_view body = input.substr(nl + 1);
    const parsed whole = parse(boundary, body, 0);
    const parsed pieces = parse(boundary, body, 1 + body.size() % 8);
    if (whole.done != pieces.done || (whole.done && !same(whole.parts, pieces.parts))) {
        std::abort(); // the split of the input changed the answer
    }
    // encode_form writes names as browsers do (a quote as %22, a backslash
    // as itself) and the reader takes quoted-pairs ("\\" as one backslash),
    // as Python's and Go's do: names with either cannot read back the same.
    const auto odd = [](const std::string& name) {
        return name.find_first_of("\"\\") != std::string::npos;
    };
    const bool unwritable = std::any_of(whole.parts.begin(), whole.parts.end(), [&](const auto& p) {
        return odd(p.name) || (p.filename && odd(*p.filename));
    });
    if (whole.done && !unwritable) {
        const auto again = http::encode_form(whole.parts, boundary);
        if (again) {
            const parsed reread = parse(boundary, *again, 0);
            if (!reread.done || !same(reread.parts, whole.parts)) {
                std::abort(); // what encode_form wrote does not read back
            }
        }
    }
    return 0;
}
