#include "support/http_transcript.hpp"

#include <netkit/json/value.hpp>

#include <gtest/gtest.h>

namespace netkit::test {

std::string transcript::describe() const {
    std::string out;
    for (const auto& m : messages) {
        out += "[" + m.method + " " + m.target + " " + std::to_string(m.status) + " " + m.reason +
               " " + std::to_string(m.version_major) + "." + std::to_string(m.version_minor) +
               " fields:";
        for (const auto& [n, v] : m.fields) {
            out += " {" + n + ": " + v + "}";
        }
        out += " body(" + std::to_string(m.body.size()) + ")=" + m.body.substr(0, 60) +
               (m.complete ? " complete" : " incomplete") + "] ";
    }
    if (error) {
        out += "error: " + error.message();
    }
    return out;
}

transcript parse_http(http::parser::kind kind, std::string_view input,
                      const std::vector<std::size_t>& cuts, bool at_eof, http::parser_limits limits,
                      bool answers_head) {
    http::parser p(kind, limits);
    if (answers_head) {
        p.expect_no_body();
    }
    transcript t;
    std::string buffer;
    std::size_t fed = 0;
    std::size_t next_cut = 0;
    auto handle = [&](const http::parser::step& s) {
        switch (s.event) {
        case http::parse_event::head: {
            const auto& h = p.head();
            parsed_message m;
            m.method = h.method;
            m.target = h.target;
            m.reason = h.reason;
            m.status = h.status;
            m.version_major = h.version_major;
            m.version_minor = h.version_minor;
            for (const auto& f : h.fields) {
                m.fields.emplace_back(f.name, f.value);
            }
            m.keep_alive = h.keep_alive;
            m.framing = h.framing;
            t.messages.push_back(std::move(m));
            break;
        }
        case http::parse_event::body: t.messages.back().body.append(s.data); break;
        case http::parse_event::message_complete:
            t.messages.back().complete = true;
            for (const auto& f : p.trailers()) {
                t.messages.back().trailers.emplace_back(f.name, f.value);
            }
            break;
        case http::parse_event::error: t.error = p.error_code(); break;
        case http::parse_event::need_more: break;
        }
    };
    for (;;) {
        const auto s = p.feed(buffer);
        handle(s);
        buffer.erase(0, s.consumed);
        if (s.event == http::parse_event::error) {
            return t;
        }
        if (s.event != http::parse_event::need_more) {
            continue;
        }
        if (fed == input.size()) {
            break;
        }
        const std::size_t until = next_cut < cuts.size() ? cuts[next_cut++] : input.size();
        buffer.append(input.substr(fed, until - fed));
        fed = until;
    }
    if (at_eof) {
        handle(p.finish());
    }
    return t;
}

transcript parse_http_every_way(http::parser::kind kind, std::string_view input, bool at_eof,
                                http::parser_limits limits) {
    const transcript whole = parse_http(kind, input, {}, at_eof, limits);
    for (std::size_t cut = 1; cut < input.size(); ++cut) {
        const transcript split = parse_http(kind, input, {cut}, at_eof, limits);
        if (!(split == whole)) {
            ADD_FAILURE() << "split at " << cut << " differs for " << json::value(input).dump()
                          << ":\n  whole: " << whole.describe()
                          << "\n  split: " << split.describe();
            return whole;
        }
    }
    std::vector<std::size_t> every;
    for (std::size_t i = 1; i < input.size(); ++i) {
        every.push_back(i);
    }
    const transcript bytes = parse_http(kind, input, every, at_eof, limits);
    if (!(bytes == whole)) {
        ADD_FAILURE() << "byte by byte differs:\n  whole: " << whole.describe()
                      << "\n  bytes: " << bytes.describe();
    }
    return whole;
}

} // namespace netkit::test
