// Shared by the HTTP fuzz targets: parse a byte string into messages, and
// re-serialize a parsed message.
#pragma once

#include <netkit/core/ascii.hpp>
#include <netkit/http/parser.hpp>
#include <netkit/http/serializer.hpp>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::fuzz {

struct message {
    std::string method, target, reason;
    int status = 0;
    int version_minor = 1;
    std::vector<std::pair<std::string, std::string>> fields; // framing fields left out
    std::string body;
    bool complete = false;
    bool operator==(const message&) const = default;
};

// Feeds `input` in two pieces cut at `cut`; returns the messages seen.
inline std::vector<message> parse(http::parser::kind kind, std::string_view input, std::size_t cut,
                                  http::parser_limits limits = {}) {
    http::parser p(kind, limits);
    std::vector<message> out;
    std::string buffer(input.substr(0, cut));
    bool more = cut < input.size();
    for (;;) {
        const auto s = p.feed(buffer);
        if (s.event == http::parse_event::head) {
            message m;
            const auto& h = p.head();
            m.method = h.method;
            m.target = h.target;
            m.reason = h.reason;
            m.status = h.status;
            m.version_minor = h.version_minor;
            for (const auto& f : h.fields) {
                if (!iequals(f.name, "content-length") && !iequals(f.name, "transfer-encoding")) {
                    m.fields.emplace_back(f.name, f.value);
                }
            }
            out.push_back(std::move(m));
        } else if (s.event == http::parse_event::body) {
            out.back().body.append(s.data);
        } else if (s.event == http::parse_event::message_complete) {
            out.back().complete = true;
        }
        buffer.erase(0, s.consumed);
        if (s.event == http::parse_event::error) {
            break;
        }
        if (s.event == http::parse_event::need_more) {
            if (!more) {
                const auto f = p.finish();
                if (f.event == http::parse_event::message_complete) {
                    out.back().complete = true;
                }
                break;
            }
            buffer.append(input.substr(cut));
            more = false;
        }
    }
    return out;
}

// Limits for reading a re-serialized message: it may carry one field more
// (the Content-Length the serializer adds) than the original had.
inline http::parser_limits reparse_limits() {
    http::parser_limits limits;
    limits.max_fields += 1;
    limits.max_header_section += 64;
    return limits;
}

// The message written out again, framed by Content-Length.
inline std::string serialize(const message& m, http::parser::kind kind) {
    http::fields f;
    for (const auto& [name, value] : m.fields) {
        if (!f.add(name, value)) {
            std::abort(); // the parser accepted a field the serializer refuses
        }
    }
    result<std::string> bytes = std::string();
    if (kind == http::parser::request) {
        http::request r{m.method, m.target, m.version_minor, std::move(f), m.body};
        bytes = http::serialize(r);
    } else {
        http::response r{m.status, m.reason, m.version_minor, std::move(f), m.body};
        if (r.reason.empty()) {
            r.reason = "-"; // an empty reason would be replaced by the standard phrase
        }
        bytes = http::serialize(r);
    }
    if (!bytes) {
        std::abort(); // a parsed message must serialize
    }
    return *bytes;
}

} // namespace netkit::fuzz
