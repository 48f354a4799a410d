// One test per rule of the HTTP/1.1 parser; every input is also fed split at
// every offset and byte by byte (parse_http_every_way).
#include <netkit/http/parser.hpp>

#include "support/allocations.hpp"
#include "support/http_transcript.hpp"

#include <gtest/gtest.h>

namespace {

using netkit::http::body_framing;
using netkit::http::error;
using netkit::http::parser;
using netkit::test::parse_http_every_way;

struct rejection {
    const char* name;
    std::string raw;
    error expected;
    int status;
    parser::kind kind = parser::request;
};

class parser_rejects : public testing::TestWithParam<rejection> {};

TEST_P(parser_rejects, with_its_status) {
    const auto& r = GetParam();
    netkit::http::parser_limits limits;
    limits.max_request_line = 64;
    limits.max_header_section = 256;
    limits.max_fields = 4;
    limits.max_body = 1000;
    const auto t = parse_http_every_way(r.kind, r.raw, false, limits);
    EXPECT_EQ(t.error, r.expected) << r.name << ": " << t.describe();
    EXPECT_EQ(netkit::http::status_for(r.expected), r.status);
}

const std::string cl_te =
    "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";

INSTANTIATE_TEST_SUITE_P(
    rfc9112, parser_rejects,
    testing::Values(
        rejection{"obs_fold", "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", error::obs_fold, 400},
        rejection{"space_before_first_field", "GET / HTTP/1.1\r\n X: a\r\n\r\n", error::obs_fold,
                  400},
        rejection{"space_before_colon", "GET / HTTP/1.1\r\nX : a\r\n\r\n",
                  error::space_before_colon, 400},
        rejection{"bad_field_name", "GET / HTTP/1.1\r\nX(y): a\r\n\r\n", error::bad_field_name,
                  400},
        rejection{"no_colon", "GET / HTTP/1.1\r\nJustAName\r\n\r\n", error::bad_field_name, 400},
        rejection{"control_in_value",
                  "GET / HTTP/1.1\r\nX: a\x01"
                  "b\r\n\r\n",
                  error::bad_field_value, 400},
        rejection{"del_in_value", "GET / HTTP/1.1\r\nX: a\x7f\r\n\r\n", error::bad_field_value,
                  400},
        rejection{"nul_in_value", std::string("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 26),
                  error::nul_in_head, 400},
        rejection{"bare_cr", "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", error::bare_cr, 400},
        rejection{"bare_lf", "GET / HTTP/1.1\nX: a\r\n\r\n", error::bare_lf, 400},
        rejection{"bad_method", "G(T / HTTP/1.1\r\n\r\n", error::bad_method, 400},
        rejection{"two_spaces", "GET  / HTTP/1.1\r\n\r\n", error::bad_request_line, 400},
        rejection{"target_with_non_ascii", "GET /\xc3\xa9 HTTP/1.1\r\n\r\n", error::bad_target,
                  400},
        rejection{"asterisk_not_options", "GET * HTTP/1.1\r\n\r\n", error::bad_target, 400},
        rejection{"bad_version", "GET / HTTP/1.x\r\n\r\n", error::bad_version, 400},
        rejection{"version_not_supported", "GET / HTTP/2.0\r\n\r\n", error::version_not_supported,
                  505},
        rejection{"cl_and_te", cl_te, error::te_and_content_length, 400},
        rejection{"differing_cl",
                  "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                  error::bad_content_length, 400},
        rejection{"differing_cl_list", "POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\n",
                  error::bad_content_length, 400},
        rejection{"non_numeric_cl", "POST / HTTP/1.1\r\nContent-Length: 5x\r\n\r\n",
                  error::bad_content_length, 400},
        rejection{"negative_cl", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                  error::bad_content_length, 400},
        rejection{"overflowing_cl",
                  "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
                  error::bad_content_length, 400},
        rejection{"te_not_chunked_last",
                  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
                  error::bad_transfer_encoding, 400},
        rejection{
            "te_chunked_twice",
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            error::bad_transfer_encoding, 400},
        rejection{"te_unknown_coding", "POST / HTTP/1.1\r\nTransfer-Encoding: foo, chunked\r\n\r\n",
                  error::unknown_transfer_coding, 501},
        // Known codings, but not decoded: never passed on still compressed.
        rejection{"te_gzip_chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                  error::unknown_transfer_coding, 501},
        rejection{
            "te_deflate_then_chunked",
            "POST / HTTP/1.1\r\nTransfer-Encoding: deflate\r\nTransfer-Encoding: chunked\r\n\r\n",
            error::unknown_transfer_coding, 501},
        rejection{"te_in_http10", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
                  error::te_in_http10, 400},
        rejection{"chunk_size_overflow",
                  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1ffffffffffffffff\r\n",
                  error::chunk_size_overflow, 400},
        rejection{"chunk_size_not_hex",
                  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", error::bad_chunk,
                  400},
        rejection{"chunk_without_crlf",
                  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY", error::bad_chunk,
                  400},
        rejection{"request_line_too_long", "GET /" + std::string(100, 'a') + " HTTP/1.1\r\n\r\n",
                  error::request_line_too_long, 414},
        rejection{"header_too_large", "GET / HTTP/1.1\r\nX: " + std::string(300, 'a') + "\r\n\r\n",
                  error::header_too_large, 431},
        rejection{"too_many_fields",
                  "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n",
                  error::too_many_fields, 431},
        rejection{"body_too_large", "POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n",
                  error::body_too_large, 413},
        rejection{"chunked_body_too_large",
                  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n",
                  error::body_too_large, 413},
        rejection{"data_after_close",
                  "GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n\r\n",
                  error::data_after_close, 400},
        rejection{"bad_status_line", "HTTP/1.1 2000 OK\r\n\r\n", error::bad_status_line, 400,
                  parser::response},
        rejection{"response_bad_version", "HTTP/1.x 200 OK\r\n\r\n", error::bad_version, 400,
                  parser::response}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(parser, reads_the_four_request_target_forms) {
    const auto origin =
        parse_http_every_way(parser::request, "GET /a?b HTTP/1.1\r\nHost: h\r\n\r\n");
    ASSERT_EQ(origin.messages.size(), 1u);
    EXPECT_EQ(origin.messages[0].target, "/a?b");
    const auto absolute = parse_http_every_way(parser::request, "GET http://h/a HTTP/1.1\r\n\r\n");
    EXPECT_EQ(absolute.messages.at(0).target, "http://h/a");
    const auto authority = parse_http_every_way(parser::request, "CONNECT h:443 HTTP/1.1\r\n\r\n");
    EXPECT_EQ(authority.messages.at(0).target, "h:443");
    EXPECT_TRUE(authority.messages.at(0).complete);
    const auto asterisk = parse_http_every_way(parser::request, "OPTIONS * HTTP/1.1\r\n\r\n");
    EXPECT_EQ(asterisk.messages.at(0).target, "*");
}

TEST(parser, parses_pipelined_requests_one_after_another) {
    const auto t = parse_http_every_way(
        parser::request,
        "GET /1 HTTP/1.1\r\n\r\n"
        "POST /2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
        "PUT /3 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n");
    ASSERT_EQ(t.messages.size(), 3u) << t.describe();
    EXPECT_EQ(t.messages[0].target, "/1");
    EXPECT_EQ(t.messages[1].body, "abc");
    EXPECT_EQ(t.messages[2].body, "xy");
    for (const auto& m : t.messages) {
        EXPECT_TRUE(m.complete);
    }
}

TEST(parser, decodes_chunks_with_extensions_and_trailers) {
    const auto plain = parse_http_every_way(
        parser::request,
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;name=value;q=\"a;b\"\r\nhello\r\n6 ; x\r\n world\r\n0\r\nChecksum: abc\r\n\r\n");
    ASSERT_EQ(plain.messages.size(), 1u) << plain.describe();
    EXPECT_EQ(plain.messages[0].body, "hello world");
    EXPECT_EQ(plain.messages[0].trailers,
              (std::vector<std::pair<std::string, std::string>>{{"Checksum", "abc"}}));
}

TEST(parser, knows_which_responses_have_no_body) {
    for (const char* status : {"100 Continue", "204 No Content", "304 Not Modified"}) {
        const auto t = parse_http_every_way(
            parser::response,
            std::string("HTTP/1.1 ") + status +
                "\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        ASSERT_EQ(t.messages.size(), 2u) << status << t.describe();
        EXPECT_EQ(t.messages[0].body, "");
        EXPECT_EQ(t.messages[1].body, "ok");
    }
    // The answer to a HEAD request.
    const auto head = netkit::test::parse_http(
        parser::response, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", {}, false, {}, true);
    ASSERT_EQ(head.messages.size(), 1u);
    EXPECT_TRUE(head.messages[0].complete);
}

TEST(parser, reads_a_close_delimited_response_until_eof) {
    const auto t =
        parse_http_every_way(parser::response, "HTTP/1.0 200 OK\r\n\r\nuntil the end", true);
    ASSERT_EQ(t.messages.size(), 1u);
    EXPECT_EQ(t.messages[0].body, "until the end");
    EXPECT_TRUE(t.messages[0].complete);
    EXPECT_FALSE(t.messages[0].keep_alive);
    EXPECT_FALSE(t.error);
}

// The body bytes a caller takes straight from the connection (urlopen's
// readinto): the parser counts them and goes on with the framing after them.
TEST(parser, counts_body_bytes_the_caller_takes_itself) {
    using netkit::http::parse_event;
    parser p(parser::response);
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n";
    EXPECT_EQ(p.direct_body_room(), 0u); // a head is to be fed
    auto step = p.feed(head);
    ASSERT_EQ(step.event, parse_event::head);
    EXPECT_EQ(p.direct_body_room(), 10u);
    EXPECT_EQ(p.take_direct_body(4), error{});
    EXPECT_EQ(p.direct_body_room(), 6u);
    step = p.feed("abcdef");
    EXPECT_EQ(step.event, parse_event::body);
    EXPECT_EQ(step.data, "abcdef");
    EXPECT_EQ(p.feed("").event, parse_event::message_complete);

    // Chunks: a chunk's data may be taken, its size line and CRLF are fed.
    parser c(parser::response);
    ASSERT_EQ(c.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").event,
              parse_event::head);
    EXPECT_EQ(c.direct_body_room(), 0u);
    step = c.feed("5\r\n");
    EXPECT_EQ(step.event, parse_event::need_more);
    EXPECT_EQ(c.direct_body_room(), 5u);
    EXPECT_EQ(c.take_direct_body(5), error{});
    EXPECT_EQ(c.direct_body_room(), 0u);
    EXPECT_EQ(c.feed("\r\n0\r\n\r\n").event, parse_event::message_complete);

    // A close-delimited body: any number, up to the body limit.
    parser u(parser::response, {.max_body = 100});
    ASSERT_EQ(u.feed("HTTP/1.0 200 OK\r\n\r\n").event, parse_event::head);
    EXPECT_EQ(u.direct_body_room(), 100u);
    EXPECT_EQ(u.take_direct_body(60), error{});
    EXPECT_EQ(u.direct_body_room(), 40u);
    EXPECT_EQ(u.take_direct_body(41), error::body_too_large);
}

TEST(parser, eof_inside_a_message_is_an_error) {
    const auto t = parse_http_every_way(parser::request,
                                        "POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nshort", true);
    EXPECT_EQ(t.error, netkit::http::error::unexpected_eof);
}

TEST(parser, keep_alive_follows_version_and_connection) {
    auto keep = [](const char* raw) {
        return parse_http_every_way(parser::request, raw).messages.at(0).keep_alive;
    };
    EXPECT_TRUE(keep("GET / HTTP/1.1\r\n\r\n"));
    EXPECT_FALSE(keep("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
    EXPECT_FALSE(keep("GET / HTTP/1.0\r\n\r\n"));
    EXPECT_TRUE(keep("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
}

TEST(parser, trims_whitespace_around_values_and_keeps_order) {
    const auto t = parse_http_every_way(
        parser::request, "GET / HTTP/1.1\r\nB: \t two \t\r\nA:one\r\nB: three\r\nEmpty:\r\n\r\n");
    EXPECT_EQ(t.messages.at(0).fields,
              (std::vector<std::pair<std::string, std::string>>{
                  {"B", "two"}, {"A", "one"}, {"B", "three"}, {"Empty", ""}}));
}

TEST(parser, finds_fields_by_name_alone_or_several_in_one_pass) {
    parser p(parser::request);
    const std::string raw = "GET / HTTP/1.1\r\nhost: a\r\nRange: bytes=0-1\r\nHOST: b\r\n\r\n";
    ASSERT_EQ(p.feed(raw).event, netkit::http::parse_event::head);
    const auto& head = p.head();
    ASSERT_NE(head.find("Host"), nullptr);
    EXPECT_EQ(head.find("Host")->value, "a"); // the first of two
    EXPECT_EQ(head.find("Expect"), nullptr);
    const std::string_view names[] = {"Expect", "HOST", "range", "Host"};
    const netkit::http::field_view* found[4];
    head.find_each(names, found);
    EXPECT_EQ(found[0], nullptr);
    ASSERT_NE(found[1], nullptr);
    EXPECT_EQ(found[1]->value, "a");
    ASSERT_NE(found[2], nullptr);
    EXPECT_EQ(found[2]->value, "bytes=0-1");
    EXPECT_EQ(found[3], found[1]);
}

TEST(parser, skips_empty_lines_before_a_request) {
    const auto t = parse_http_every_way(parser::request, "\r\n\r\nGET / HTTP/1.1\r\n\r\n");
    ASSERT_EQ(t.messages.size(), 1u) << t.describe();
}

TEST(parser, allocates_nothing_per_message_once_warm) {
    const std::string raw =
        "GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: netkit\r\n"
        "Accept: */*\r\nConnection: keep-alive\r\n\r\n";
    parser p(parser::request);
    auto parse_once = [&] {
        std::string_view in = raw;
        for (;;) {
            const auto s = p.feed(in);
            in.remove_prefix(s.consumed);
            if (s.event == netkit::http::parse_event::message_complete ||
                s.event == netkit::http::parse_event::error) {
                return s.event;
            }
        }
    };
    parse_once(); // warm: the field index has grown to its size
    const auto before = netkit::test::allocations_so_far();
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(parse_once(), netkit::http::parse_event::message_complete);
    }
    EXPECT_EQ(netkit::test::allocations_so_far() - before, 0u);
}

} // namespace
