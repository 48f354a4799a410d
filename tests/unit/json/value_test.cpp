// netkit::json (RFC 8259): what it reads, what it refuses, and that what it
// writes reads back the same. It parses the untrusted input of
// `netkit url --batch`, so every refusal is checked as well as every form.
#include <netkit/json/url.hpp>
#include <netkit/json/value.hpp>
#include <netkit/url/split.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using netkit::json::parse;
using netkit::json::value;

TEST(json, reads_every_kind_of_value) {
    const auto v =
        parse(R"( {"a": [1, -2, 3.5, 1e2, -0.25E-1, true, false, null, "x"], "b": {}} )");
    ASSERT_TRUE(v) << v.error().message();
    const auto& a = v->find("a")->as_array();
    ASSERT_EQ(a.size(), 9u);
    EXPECT_EQ(a[0].as_integer(), 1);
    EXPECT_EQ(a[1].as_integer(), -2);
    EXPECT_DOUBLE_EQ(a[2].as_double(), 3.5);
    EXPECT_DOUBLE_EQ(a[3].as_double(), 100.0);
    EXPECT_DOUBLE_EQ(a[4].as_double(), -0.025);
    EXPECT_TRUE(a[5].as_bool());
    EXPECT_FALSE(a[6].as_bool());
    EXPECT_TRUE(a[7].is_null());
    EXPECT_EQ(a[8].as_string(), "x");
    EXPECT_TRUE(v->find("b")->is_object());
    EXPECT_EQ(v->find("missing"), nullptr);
}

TEST(json, reads_escapes_and_surrogate_pairs) {
    const auto v = parse(R"("\"\\\/\b\f\n\r\t\u00e9\u20ac\ud83d\ude00")");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->as_string(), "\"\\/\b\f\n\r\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    // A lone surrogate survives the round trip (WTF-8), as Python's json keeps it.
    const auto lone = parse(R"("\ud800")");
    ASSERT_TRUE(lone);
    EXPECT_EQ(parse(lone->dump()).value(), *lone);
}

TEST(json, refuses_what_is_not_json) {
    for (const char* bad : {"",
                            " ",
                            "[",
                            "]",
                            "{",
                            "[1,]",
                            "[,1]",
                            "{\"a\":1,}",
                            "{\"a\" 1}",
                            "{1:2}",
                            "01",
                            "-01",
                            "1.",
                            ".5",
                            "-",
                            "+1",
                            "1e",
                            "1e+",
                            "0x10",
                            "NaN",
                            "Infinity",
                            "tru",
                            "nul",
                            "\"unterminated",
                            "\"bad \\x escape\"",
                            "\"\\u12\"",
                            "\"tab\tinside\"",
                            "\"line\nfeed\"",
                            "'single'",
                            "[1 2]"}) {
        const auto v = parse(bad);
        EXPECT_FALSE(v) << "accepted: " << bad;
    }
    EXPECT_EQ(parse("[1] 2").error(), netkit::json::error::trailing_data);
    // RFC 8259 §8.1: UTF-8 only; a lone surrogate comes as an escape, never raw.
    for (const char* bad : {"\"caf\xe9\"", "\"\xed\xa0\x80\"", "\"\xc0\xaf\"", "[\"ok\", \"\xff\"]",
                            "{\"\x80\": 1}", "\"a\\n\xfe\""}) {
        EXPECT_EQ(parse(bad).error(), netkit::json::error::not_utf8) << bad;
    }
    EXPECT_EQ(parse("\"caf\xc3\xa9\\n\xe2\x82\xac\"").value().as_string(),
              "caf\xc3\xa9\n\xe2\x82\xac");
    EXPECT_EQ(parse("{} x").error(), netkit::json::error::trailing_data);
}

TEST(json, refuses_nesting_past_128_levels) {
    std::string deep(129, '[');
    deep += std::string(129, ']');
    EXPECT_EQ(parse(deep).error(), netkit::json::error::too_deep);
    std::string fine(128, '[');
    fine += std::string(128, ']');
    EXPECT_TRUE(parse(fine));
    // A flood of openers alone ends at the limit, not at the end of memory.
    EXPECT_EQ(parse(std::string(1 << 20, '[')).error(), netkit::json::error::too_deep);
}

TEST(json, what_it_writes_reads_back_the_same) {
    for (const char* text :
         {R"({"port":8080,"hostname":null,"list":[true,false,"a\"b"]})",
          R"("control \u0001 and \u001f")", R"([-9223372036854775808,9223372036854775807])",
          R"([0.1,-2.5e-08])", R"("caf\u00e9")"}) {
        const auto v = parse(text);
        ASSERT_TRUE(v) << text;
        EXPECT_EQ(parse(v->dump()).value(), *v) << text;
    }
    EXPECT_EQ(value(netkit::json::object{{"port", 8080}, {"hostname", nullptr}}).dump(),
              R"({"port":8080,"hostname":null})");
}

TEST(json, integers_past_64_bits_are_read_as_doubles) {
    const auto v = parse("18446744073709551616");
    ASSERT_TRUE(v);
    EXPECT_FALSE(v->is_integer());
    EXPECT_DOUBLE_EQ(v->as_double(), 18446744073709551616.0);
}

// The one description of a split URL (the CLI and the conformance tests use it).
TEST(json, url_fields_describe_a_split_url) {
    using netkit::url::urlsplit;
    EXPECT_EQ(netkit::json::url_fields(urlsplit("http://User:pw@[::1]:8080/p?q#f")).dump(),
              R"({"scheme":"http","netloc":"User:pw@[::1]:8080","path":"/p","query":"q",)"
              R"("fragment":"f","username":"User","password":"pw","hostname":"::1","port":8080})");
    EXPECT_EQ(netkit::json::url_fields(netkit::url::urlparse("http://h/p;x?q"))
                  .find("params")
                  ->as_string(),
              "x");
    const auto bad_port = netkit::json::url_fields(urlsplit("http://h:99999/"));
    ASSERT_TRUE(bad_port.find("port")->is_object());
    EXPECT_EQ(bad_port.find("port")->find("error")->as_string(), "Port out of range 0-65535");
}

// The expected text is what CPython's json.dumps() printed for the same object.
TEST(json, dumps_as_python_does) {
    const value v(netkit::json::object{
        {"text", "Hello World !!"},
        {"a", netkit::json::array{1, "caf\xc3\xa9 \xf0\x9f\x98\x80", nullptr, true}}});
    EXPECT_EQ(v.dump(netkit::json::python_dumps),
              R"({"text": "Hello World !!", "a": [1, "caf\u00e9 \ud83d\ude00", null, true]})");
    EXPECT_EQ(v.dump(),
              "{\"text\":\"Hello World !!\",\"a\":[1,\"caf\xc3\xa9 \xf0\x9f\x98\x80\",null,true]}");
}

} // namespace
