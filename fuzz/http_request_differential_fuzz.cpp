// netkit's request parser against a second strict parser, Node's classic
// http_parser (Debian's libhttp-parser, 2.9): on any bytes, where both read a
// whole first request, they must agree on the method, the target, the
// version, the fields (framing fields aside) and the body. Where only one
// accepts, nothing is asserted: netkit refuses more (obs-fold, bare LF, a
// space before a colon, differing Content-Lengths), and that is the point.
#include "http_message.hpp"

#include <http_parser.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using netkit::fuzz::message;

struct other_reading {
    message m;
    std::string field, value;
    bool in_value = false;
    bool headers_done = false;
};

other_reading* reading(http_parser* p) {
    return static_cast<other_reading*>(p->data);
}

void end_field(other_reading& r) {
    if (!r.field.empty() || r.in_value) {
        // http_parser keeps a value's trailing whitespace; RFC 9110 §5.5 does not.
        while (!r.value.empty() && (r.value.back() == ' ' || r.value.back() == '\t')) {
            r.value.pop_back();
        }
        if (!netkit::iequals(r.field, "content-length") &&
            !netkit::iequals(r.field, "transfer-encoding")) {
            r.m.fields.emplace_back(r.field, r.value);
        }
    }
    r.field.clear();
    r.value.clear();
    r.in_value = false;
}

message read_with_http_parser(std::string_view input, bool& accepted) {
    http_parser_settings settings;
    http_parser_settings_init(&settings);
    settings.on_url = [](http_parser* p, const char* at, std::size_t n) {
        reading(p)->m.target.append(at, n);
        return 0;
    };
    settings.on_header_field = [](http_parser* p, const char* at, std::size_t n) {
        auto& r = *reading(p);
        if (r.headers_done) {
            return 0; // a trailer: not compared
        }
        if (r.in_value) {
            end_field(r);
        }
        r.field.append(at, n);
        return 0;
    };
    settings.on_header_value = [](http_parser* p, const char* at, std::size_t n) {
        auto& r = *reading(p);
        if (!r.headers_done) {
            r.in_value = true;
            r.value.append(at, n);
        }
        return 0;
    };
    settings.on_headers_complete = [](http_parser* p) {
        auto& r = *reading(p);
        end_field(r);
        r.headers_done = true;
        r.m.method = http_method_str(static_cast<http_method>(p->method));
        r.m.version_minor = p->http_major == 1 ? p->http_minor : -1;
        return 0;
    };
    settings.on_body = [](http_parser* p, const char* at, std::size_t n) {
        reading(p)->m.body.append(at, n);
        return 0;
    };
    settings.on_message_complete = [](http_parser* p) {
        reading(p)->m.complete = true;
        http_parser_pause(p, 1); // the first request only
        return 0;
    };
    http_parser parser;
    http_parser_init(&parser, HTTP_REQUEST);
    other_reading r;
    parser.data = &r;
    http_parser_execute(&parser, &settings, input.data(), input.size());
    const auto error = HTTP_PARSER_ERRNO(&parser);
    accepted = r.m.complete && (error == HPE_OK || error == HPE_PAUSED) && r.m.version_minor >= 0;
    return r.m;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto ours = netkit::fuzz::parse(netkit::http::parser::request, input, input.size());
    if (ours.empty() || !ours.front().complete) {
        return 0;
    }
    bool accepted = false;
    const message theirs = read_with_http_parser(input, accepted);
    if (!accepted) {
        return 0;
    }
    const message& m = ours.front();
    if (m.method != theirs.method || m.target != theirs.target ||
        m.version_minor != theirs.version_minor || m.fields != theirs.fields ||
        m.body != theirs.body) {
        std::abort(); // both read a request, and not the same one
    }
    return 0;
}
