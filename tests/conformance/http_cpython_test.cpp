// CPython's http.client header validation (putheader), against netkit's
// fields: what CPython refuses, netkit refuses; where CPython lets through
// what RFC 9110 forbids, netkit is stricter, and this test lists where.
#include <netkit/http/fields.hpp>

#include "support/conformance.hpp"
#include "support/http_transcript.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <set>

namespace {

// Field names and values CPython accepts that are not RFC 9110 field lines:
// a name must be a token (no spaces, no U+00A0), and obs-fold (CRLF + SP/HTAB
// inside a value) is obsolete and refused by netkit's parser as well.
const std::set<std::string> stricter_on_purpose = {"Key Space",           "KeySpace ",
                                                   "Nonbreak\u00a0Space", "\u00a0NonbreakSpace",
                                                   "Embedded-Fold-Space", "Embedded-Fold-Tab"};

TEST(http_cpython_conformance, putheader_validation) {
    const auto data = netkit::test::load_conformance("http_client_requests_cpython.json");
    int refused_by_both = 0;
    int accepted_by_both = 0;
    int stricter = 0;
    for (const auto& c : data.find("header_validation")->as_array()) {
        if (c.find("call")->as_string() != "putheader") {
            continue; // putrequest: the client's (issue 6)
        }
        const auto& args = c.find("args")->as_array();
        const std::string name = args[0].as_string();
        const bool python_ok = c.find("ok") != nullptr;
        bool netkit_ok = true;
        for (std::size_t i = 1; i < args.size(); ++i) { // putheader(name, *values)
            netkit::http::fields f;
            netkit_ok = netkit_ok && f.add(name, args[i].as_string()).has_value();
        }
        if (!python_ok) {
            EXPECT_FALSE(netkit_ok) << "netkit accepts what CPython refuses: " << c.dump();
            ++refused_by_both;
        } else if (netkit_ok) {
            ++accepted_by_both;
        } else {
            EXPECT_TRUE(stricter_on_purpose.count(name))
                << "refused without a reason: " << c.dump();
            ++stricter;
        }
    }
    EXPECT_EQ(refused_by_both, 16);
    EXPECT_EQ(accepted_by_both, 8);
    EXPECT_EQ(stricter, 6);
}

} // namespace

namespace {

std::string concat_segments(const netkit::json::value& v) {
    if (v.is_string()) {
        return v.as_string();
    }
    std::string out;
    for (const auto& seg : v.find("segments")->as_array()) {
        if (const auto* text = seg.find("text")) {
            out += text->as_string();
        } else {
            for (std::int64_t i = 0; i < seg.find("times")->as_integer(); ++i) {
                out += seg.find("repeat")->as_string();
            }
        }
    }
    return out;
}

// http.client's strings hold one character per byte (latin-1): back to bytes.
std::string latin1_bytes(const std::string& utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0xC0 && i + 1 < utf8.size()) {
            out += static_cast<char>(((c & 0x1F) << 6) |
                                     (static_cast<unsigned char>(utf8[++i]) & 0x3F));
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

} // namespace

// http.client's HTTPResponse.begin(): status line and fields as netkit's
// response parser reads them. CPython is lenient where RFC 9112 is not; each
// case where the answers part is counted under its reason.
TEST(http_cpython_conformance, response_heads) {
    const auto data = netkit::test::load_conformance("http_responses_cpython.json");
    int same = 0;
    int head_cut_short = 0; // CPython ends the head at EOF; RFC 9112 §2.1 wants the empty line
    int refused_by_both = 0;
    int stricter = 0; // CPython accepts what a strict parser refuses (listed below)
    std::vector<std::string> stricter_cases;
    for (const auto& c : data.find("cases")->as_array()) {
        const std::string raw = latin1_bytes(concat_segments(*c.find("raw")));
        const bool head_request = c.find("request_method")->as_string() == "HEAD";
        const auto& begin = c.find("ops")->as_array().at(0);
        const auto t = netkit::test::parse_http(netkit::http::parser::response, raw, {}, true, {},
                                                head_request);
        if (begin.find("error")) {
            if (t.error || t.messages.empty()) {
                ++refused_by_both;
            } else {
                ADD_FAILURE() << "netkit accepts a head CPython refuses: "
                              << netkit::json::value(raw).dump();
            }
            continue;
        }
        if (t.messages.empty()) {
            if (raw.find("\r\n\r\n") == std::string::npos &&
                raw.find("\n\n") == std::string::npos) {
                ++head_cut_short;
            } else {
                ++stricter;
                stricter_cases.push_back(netkit::json::value(raw.substr(0, 80)).dump() + " -> " +
                                         t.error.message());
            }
            continue;
        }
        const auto& m = t.messages[0];
        std::vector<std::pair<std::string, std::string>> fields;
        for (const auto& f : begin.find("headers")->as_array()) {
            fields.emplace_back(latin1_bytes(f.as_array()[0].as_string()),
                                latin1_bytes(f.as_array()[1].as_string()));
        }
        const int version = m.version_major * 10 + m.version_minor;
        const bool chunked = m.framing == netkit::http::body_framing::chunked;
        EXPECT_EQ(m.status, begin.find("status")->as_integer()) << raw;
        EXPECT_EQ(m.reason, latin1_bytes(begin.find("reason")->as_string())) << raw;
        EXPECT_EQ(version, begin.find("version")->as_integer()) << raw;
        EXPECT_EQ(m.fields, fields) << raw;
        if (head_request) {
            // The answer to HEAD has no body whatever Transfer-Encoding says
            // (CPython's flag repeats the field; its length is 0).
            EXPECT_EQ(m.framing, netkit::http::body_framing::none) << raw;
        } else {
            EXPECT_EQ(chunked, begin.find("chunked")->as_bool()) << raw;
        }
        EXPECT_EQ(!m.keep_alive, begin.find("will_close")->as_bool()) << raw;
        ++same;
    }
    std::string report;
    for (const auto& s : stricter_cases) {
        report += "  " + s + "\n";
    }
    EXPECT_EQ(same + head_cut_short + refused_by_both + stricter, 95);
    // Refused by netkit only, on purpose: an empty field name (RFC 9110 §5.1:
    // a name is a token), obs-fold (RFC 9112 §5.2), Content-Length: -1 (§6.3
    // makes an invalid length unrecoverable).
    EXPECT_EQ(stricter, 3);
    EXPECT_EQ(same, 83);
    RecordProperty("stricter", report);
    std::cout << same << " heads read alike, " << head_cut_short
              << " cut short before the empty line, " << refused_by_both << " refused by both, "
              << stricter << " refused by netkit only:\n"
              << report;
}

// http.server's protocol rejections: the status netkit's parser names for
// each malformed request line. Where CPython answers 501 for a request this
// parser reads (a method its handler lacks), the answer is the server's to
// give; where CPython reads HTTP/0.9 or a bare LF (then answers 501), the
// parser refuses with 400: both refuse.
TEST(http_cpython_conformance, server_protocol_rejections) {
    const auto data = netkit::test::load_conformance("http_server_cpython.json");
    int same_status = 0;
    int server_decides = 0;
    int both_refuse = 0;
    for (const auto& c : data.find("protocol_rejections")->as_array()) {
        std::string raw = c.find("raw")->as_string();
        const auto port = raw.find("<port>");
        if (port != std::string::npos) {
            raw.replace(port, 6, "8000");
        }
        const int status = static_cast<int>(c.find("status")->as_integer());
        netkit::http::parser p(netkit::http::parser::request);
        std::string_view in = raw;
        netkit::http::parse_event event = netkit::http::parse_event::need_more;
        for (;;) {
            const auto s = p.feed(in);
            event = s.event;
            in.remove_prefix(s.consumed);
            if (event != netkit::http::parse_event::body &&
                event != netkit::http::parse_event::head) {
                break;
            }
        }
        if (event != netkit::http::parse_event::error) {
            EXPECT_EQ(status, 501) << "a request the parser reads, refused by CPython: " << raw;
            ++server_decides;
        } else if (p.error_status() == status) {
            ++same_status;
        } else {
            EXPECT_EQ(status, 501) << raw << " -> " << p.error_code().message();
            EXPECT_EQ(p.error_status(), 400) << raw;
            ++both_refuse;
        }
    }
    EXPECT_EQ(same_status, 8);
    EXPECT_EQ(server_decides, 3);
    EXPECT_EQ(both_refuse, 2);
}
