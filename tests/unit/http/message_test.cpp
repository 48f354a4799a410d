// fields, status phrases, the serializer and the chunked encoder; what the
// serializer writes, the parser reads back as the same message.
#include <netkit/http/fields.hpp>
#include <netkit/http/serializer.hpp>
#include <netkit/http/status.hpp>

#include "support/http_transcript.hpp"

#include <gtest/gtest.h>

namespace {

namespace http = netkit::http;

TEST(fields, keep_order_and_find_names_without_case) {
    http::fields f;
    ASSERT_TRUE(f.add("Host", "example.com"));
    ASSERT_TRUE(f.add("Set-Cookie", "a=1"));
    ASSERT_TRUE(f.add("set-cookie", "b=2"));
    EXPECT_EQ(f.get("HOST"), "example.com");
    EXPECT_EQ(f.get_all("Set-Cookie"), (std::vector<std::string_view>{"a=1", "b=2"}));
    EXPECT_EQ(f.size(), 3u);
    ASSERT_TRUE(f.set("SET-COOKIE", "c=3"));
    EXPECT_EQ(f.get_all("set-cookie"), (std::vector<std::string_view>{"c=3"}));
    EXPECT_EQ(f.begin()[1].value, "c=3") << "set keeps the first field's place";
    EXPECT_EQ(f.erase("host"), 1u);
    EXPECT_FALSE(f.contains("Host"));
}

TEST(fields, refuse_what_would_break_the_message) {
    http::fields f;
    EXPECT_EQ(f.set("X", "a\r\nInjected: yes").error(), http::error::bad_field_value);
    EXPECT_EQ(f.add("X", "a\nb").error(), http::error::bad_field_value);
    EXPECT_EQ(f.add("X", std::string("a\0b", 3)).error(), http::error::bad_field_value);
    EXPECT_EQ(f.add("Bad Name", "v").error(), http::error::bad_field_name);
    EXPECT_EQ(f.add("", "v").error(), http::error::bad_field_name);
    EXPECT_TRUE(f.empty());
}

TEST(status, has_every_python_http_status_phrase) {
    EXPECT_EQ(http::reason_phrase(200), "OK");
    EXPECT_EQ(http::reason_phrase(418), "I'm a Teapot");
    EXPECT_EQ(http::reason_phrase(413), "Content Too Large");
    EXPECT_EQ(http::reason_phrase(511), "Network Authentication Required");
    EXPECT_EQ(http::reason_phrase(299), "");
    int known = 0;
    for (int s = 100; s < 600; ++s) {
        known += !http::reason_phrase(s).empty();
    }
    EXPECT_EQ(known, 62); // len(http.HTTPStatus) in CPython 3.13
}

TEST(serializer, writes_what_the_parser_reads_back) {
    http::request r{"POST", "/api?x=1"};
    ASSERT_TRUE(r.headers.add("Host", "example.com"));
    ASSERT_TRUE(r.headers.add("Content-Type", "application/json"));
    r.body = R"({"a":1})";
    const auto bytes = http::serialize(r);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(*bytes,
              "POST /api?x=1 HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n"
              "Content-Length: 7\r\n\r\n{\"a\":1}");
    const auto t = netkit::test::parse_http_every_way(http::parser::request, *bytes);
    ASSERT_EQ(t.messages.size(), 1u);
    EXPECT_EQ(t.messages[0].method, "POST");
    EXPECT_EQ(t.messages[0].body, r.body);
    EXPECT_TRUE(t.messages[0].complete);
}

TEST(serializer, frames_responses) {
    http::response ok;
    ok.body = "hello";
    EXPECT_EQ(http::serialize(ok).value(), "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    http::response empty{404};
    EXPECT_EQ(http::serialize(empty).value(),
              "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    http::response not_modified{304};
    not_modified.body = "ignored";
    EXPECT_EQ(http::serialize(not_modified).value(), "HTTP/1.1 304 Not Modified\r\n\r\n");
    http::response chunked;
    ASSERT_TRUE(chunked.headers.add("Transfer-Encoding", "chunked"));
    std::string out = http::serialize_head(chunked).value();
    http::append_chunk(out, "hello ");
    http::append_chunk(out, "");
    http::append_chunk(out, "world");
    http::fields trailers;
    ASSERT_TRUE(trailers.add("Checksum", "x"));
    http::append_last_chunk(out, trailers);
    const auto t = netkit::test::parse_http_every_way(http::parser::response, out);
    ASSERT_EQ(t.messages.size(), 1u) << t.describe();
    EXPECT_EQ(t.messages[0].body, "hello world");
    EXPECT_EQ(t.messages[0].trailers.at(0).second, "x");
}

TEST(serializer, refuses_what_would_break_framing) {
    http::request r;
    r.method = "GE T";
    EXPECT_EQ(http::serialize(r).error(), http::error::bad_method);
    r.method = "GET";
    r.target = "/a b";
    EXPECT_EQ(http::serialize(r).error(), http::error::bad_target);
    r.target = "/";
    ASSERT_TRUE(r.headers.add("Content-Length", "5"));
    ASSERT_TRUE(r.headers.add("Transfer-Encoding", "chunked"));
    EXPECT_EQ(http::serialize(r).error(), http::error::te_and_content_length);
    http::request wrong_length;
    ASSERT_TRUE(wrong_length.headers.add("Content-Length", "3"));
    wrong_length.body = "12345";
    EXPECT_EQ(http::serialize(wrong_length).error(), http::error::bad_content_length);
    http::request two_lengths;
    ASSERT_TRUE(two_lengths.headers.add("Content-Length", "0"));
    ASSERT_TRUE(two_lengths.headers.add("Content-Length", "0"));
    EXPECT_EQ(http::serialize(two_lengths).error(), http::error::bad_content_length);
    http::response bad_reason;
    bad_reason.reason = "OK\r\nX: y";
    EXPECT_EQ(http::serialize(bad_reason).error(), http::error::bad_status_line);
}

} // namespace

#include <netkit/http/method.hpp>

namespace {

TEST(method, standard_methods_by_name) {
    using netkit::http::method;
    EXPECT_EQ(netkit::http::parse_method("GET"), method::get);
    EXPECT_EQ(netkit::http::parse_method("DELETE"), method::delete_);
    EXPECT_FALSE(netkit::http::parse_method("get")) << "methods are case-sensitive";
    EXPECT_FALSE(netkit::http::parse_method("BREW"));
    EXPECT_EQ(netkit::http::to_string(method::patch), "PATCH");
    EXPECT_TRUE(netkit::http::is_safe(method::head));
    EXPECT_FALSE(netkit::http::is_safe(method::put));
    EXPECT_TRUE(netkit::http::is_idempotent(method::put));
    EXPECT_FALSE(netkit::http::is_idempotent(method::post));
}

} // namespace
