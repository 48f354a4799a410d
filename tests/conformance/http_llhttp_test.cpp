// llhttp's request and response suites (../shared/conformance), read strictly:
// what llhttp accepts in strict mode is accepted here with the same fields
// and body, what it rejects is rejected, and inputs that only its lenient
// modes accept are rejected. Every input is also fed split at every offset
// and byte by byte, with identical results.
//
// Interpretations (where netkit follows RFC 9110/9112 and llhttp does not):
//  - field values exclude trailing whitespace (RFC 9110 §5.5: OWS is not
//    part of the value); llhttp keeps it, so expected values are trimmed;
//  - only heads that llhttp completed are compared (it also reports the
//    start of a head the input cuts short);
//  - the cases in `interpretations` below, each with its reason.
#include <netkit/url/url.hpp>

#include "support/conformance.hpp"
#include "support/http_transcript.hpp"

#include <gtest/gtest.h>

#include <map>

namespace {

using netkit::json::value;
using netkit::test::parsed_message;

// Cases where netkit answers differently on purpose.
const std::map<std::string, std::string> interpretations = {
    {"HTTP protocol and ANNOUNCE method",
     "any token is a method (RFC 9110 §9.1); a server answers 501"},
    {"Invalid method", "any token is a method (RFC 9110 §9.1); a server answers 501"},
    {"M-SEARCH request", "'*' is the target of OPTIONS only (RFC 9112 §3.2.4)"},
    {"SOURCE request with ICE", "ICE/1.0 is not HTTP"},
    {"OPTIONS request with RTSP", "RTSP/1.0 is not HTTP"},
    {"ANNOUNCE request with RTSP", "RTSP/1.0 is not HTTP"},
    {"PRI request HTTP2", "the HTTP/2 preface is refused (505), not paused"},
    {"No HTTP version", "HTTP/0.9 requests are not supported (RFC 9112 §2.3)"},
    {"RTSP response", "RTSP/1.0 is not HTTP"},
    {"ICE response", "ICE/1.0 is not HTTP"},
    {"HTTP version 0.9", "HTTP/0.9 is not supported (505)"},
    {"POST with `chunked` as last transfer-encoding",
     "a request's transfer coding other than chunked is refused with 501 (RFC 9112 §6.1), as "
     "nginx does: netkit decodes only chunked, and never passes a body on still coded"},
    {"POST with `chunked` as last transfer-encoding (multiple headers)",
     "a request's transfer coding other than chunked is refused with 501 (RFC 9112 §6.1), as "
     "nginx does: netkit decodes only chunked, and never passes a body on still coded"},
    {"Content-Length reset when no body is received",
     "llhttp's harness skips the body from a callback; here a Content-Length body is read"},
};

bool is_pause(const value& c) {
    const value* e = c.find("error");
    if (!e) {
        return false;
    }
    const auto code = e->find("code")->as_integer();
    return code == 21 || code == 22 || code == 23; // paused, upgrade/CONNECT, HTTP/2 preface
}

void check_suite(const char* file, netkit::http::parser::kind kind, int& passed, int& total,
                 int& interpreted, std::vector<std::string>& failures) {
    const auto data = netkit::test::load_conformance(file);
    for (const auto& c : data.find("cases")->as_array()) {
        const std::string type = c.find("type")->as_string();
        const std::string& raw = c.find("raw")->as_string();
        const bool lenient = type.find("lenient") != std::string::npos;
        const bool finish = type.find("finish") != std::string::npos;
        const bool valid = c.find("valid")->as_bool();
        const std::string name =
            std::string(file) + ": " + c.find("name")->as_string() + " (" + type + ")";
        if (!lenient && interpretations.count(c.find("name")->as_string())) {
            ++interpreted; // see the table above
            continue;
        }
        ++total;
        const auto t = netkit::test::parse_http_every_way(kind, raw, finish);

        std::string problem;
        if (lenient) {
            if (!t.error) {
                problem = "accepted what only a lenient mode allows";
            }
        } else if (!valid) {
            if (!t.error) {
                problem = "accepted an invalid message";
            }
        } else {
            const auto& expected = c.find("messages")->as_array();
            const bool paused = is_pause(c);
            const value* llhttp_error = c.find("error");
            // "It should be unsafe to finish" inside a message: llhttp's
            // finish() reports it; here finish() fails with unexpected_eof.
            const bool eof_error = finish && t.error == netkit::http::error::unexpected_eof &&
                                   (!llhttp_error || !expected.back().find("complete"));
            if (t.error && !paused && !eof_error) {
                problem = "rejected a valid message: " + t.error.message();
            }
            for (std::size_t i = 0; problem.empty() && i < expected.size(); ++i) {
                const value& e = expected[i];
                if (!e.find("headers_complete")) {
                    continue; // llhttp saw the head begin, not end
                }
                if (i >= t.messages.size()) {
                    problem = "missing message " + std::to_string(i);
                    break;
                }
                const parsed_message& m = t.messages[i];
                if (const value* method = e.find("method");
                    method && method->as_string() != m.method) {
                    problem = "method " + m.method;
                } else if (const value* url = e.find("url"); url && url->as_string() != m.target) {
                    problem = "target " + m.target;
                } else if (const value* reason = e.find("status");
                           reason && kind == netkit::http::parser::response &&
                           reason->as_string() != m.reason) {
                    problem = "reason " + m.reason;
                } else if (const value* body = e.find("body");
                           body && body->as_string() != m.body) {
                    problem = "body " + m.body;
                } else if (const value* complete = e.find("complete");
                           complete && complete->as_bool() != m.complete) {
                    problem = "completion";
                } else if (const value* fields = e.find("headers")) {
                    std::vector<std::pair<std::string, std::string>> want;
                    for (const auto& f : fields->as_array()) {
                        std::string v = f.as_array()[1].as_string();
                        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) {
                            v.pop_back(); // OWS is not part of a field value
                        }
                        want.emplace_back(f.as_array()[0].as_string(), v);
                    }
                    if (want != m.fields) {
                        problem = "fields";
                    }
                }
            }
        }
        if (problem.empty()) {
            ++passed;
        } else {
            failures.push_back(name + ": " + problem + "\n      got: " + t.describe());
        }
    }
}

TEST(http_llhttp_conformance, requests_and_responses) {
    int passed = 0;
    int total = 0;
    int interpreted = 0;
    std::vector<std::string> failures;
    check_suite("http_requests_llhttp.json", netkit::http::parser::request, passed, total,
                interpreted, failures);
    check_suite("http_responses_llhttp.json", netkit::http::parser::response, passed, total,
                interpreted, failures);
    std::string report;
    for (const auto& f : failures) {
        report += "  " + f + "\n";
    }
    EXPECT_EQ(passed, total) << failures.size() << " of " << total << " cases fail:\n" << report;
    EXPECT_EQ(total + interpreted, 251);
    EXPECT_EQ(interpreted, 15);
}

TEST(http_smuggling, obfuscated_transfer_encodings_frame_as_expected) {
    const auto data = netkit::test::load_conformance("http_smuggling_te_obfuscation.json");
    int total = 0;
    std::vector<std::string> failures;
    for (const auto& c : data.find("cases")->as_array()) {
        const std::string& raw = c.find("raw")->as_string();
        const std::string outcome = c.find("strict_outcome")->as_string();
        ++total;
        const auto t = netkit::test::parse_http_every_way(netkit::http::parser::request, raw);
        const bool rejected = static_cast<bool>(t.error);
        const auto framing =
            t.messages.empty() ? netkit::http::body_framing::none : t.messages[0].framing;
        bool ok = false;
        if (outcome == "reject") {
            ok = rejected;
        } else if (outcome == "reject_or_ignore_line") {
            ok = rejected || framing == netkit::http::body_framing::content_length;
        } else if (outcome == "chunked") {
            ok = rejected || framing == netkit::http::body_framing::chunked;
        } else if (outcome == "content_length") {
            ok = !rejected && framing == netkit::http::body_framing::content_length;
        }
        if (!ok) {
            failures.push_back(outcome + ": " + c.find("gadget")->dump() + " got " + t.describe());
        }
    }
    std::string report;
    for (std::size_t i = 0; i < failures.size() && i < 30; ++i) {
        report += "  " + failures[i] + "\n";
    }
    EXPECT_TRUE(failures.empty()) << failures.size() << " of " << total
                                  << " gadgets framed wrongly:\n"
                                  << report;
    EXPECT_EQ(total, 1703);
}

} // namespace

namespace {

// llhttp's request-target cases: the target must pass the request parser,
// and the strict RFC 3986 parser must split it into the same components
// (llhttp's "host" is the whole authority).
TEST(http_llhttp_conformance, request_targets) {
    const std::map<std::string, std::string> target_interpretations = {
        {"Failing on broken schema", "absolute-form takes any scheme (RFC 9112 §3.2.2)"},
        {"IPv6 address with Zone ID", "RFC 3986 has no zone identifier"},
        {"IPv6 address with Zone ID, but `%` is not percent-encoded",
         "RFC 3986 has no zone identifier"},
    };
    const auto data = netkit::test::load_conformance("http_url_llhttp.json");
    int checked = 0;
    int interpreted = 0;
    for (const auto& c : data.find("cases")->as_array()) {
        const std::string name = c.find("name")->as_string();
        if (target_interpretations.count(name)) {
            ++interpreted;
            continue;
        }
        const std::string& target = c.find("raw")->as_string();
        const auto t = netkit::test::parse_http(netkit::http::parser::request,
                                                "GET " + target + " HTTP/1.1\r\n\r\n", {});
        auto u = netkit::url::parse_uri_reference(target);
        const bool accepted = !t.error && u.has_value();
        ++checked;
        if (!c.find("valid")->as_bool()) {
            EXPECT_FALSE(accepted) << name;
            continue;
        }
        ASSERT_TRUE(accepted) << name << ": " << t.describe();
        const auto& e = *c.find("expected_components");
        auto part = [&](const char* key) {
            const auto* v = e.find(key);
            return v ? v->as_string() : std::string();
        };
        EXPECT_EQ(u->scheme(), part("schema")) << name;
        EXPECT_EQ(u->authority(), part("host")) << name;
        EXPECT_EQ(u->path(), part("path")) << name;
        EXPECT_EQ(u->query(), part("query")) << name;
        EXPECT_EQ(u->fragment(), part("fragment")) << name;
    }
    EXPECT_EQ(checked + interpreted, 21);
}

} // namespace
