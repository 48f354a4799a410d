// Behaviour of the Python-shaped functions beyond the recorded cases: the
// no-allocation promise, error messages and edge cases.
#include <netkit/url/join.hpp>
#include <netkit/url/query.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

#include "support/allocations.hpp"

#include <gtest/gtest.h>

namespace {

namespace url = netkit::url;

TEST(urlsplit, returns_views_into_the_input) {
    const std::string text = "http://user@host:80/path;p?q#f";
    auto r = url::urlsplit(text);
    EXPECT_FALSE(r.owns_text());
    EXPECT_EQ(r.path().data(), text.data() + 19);
    EXPECT_EQ(r.netloc(), "user@host:80");
}

TEST(urlsplit, allocates_nothing_for_a_clean_url) {
    const std::string text = "https://user:pw@www.example.com:8443/a/b;p?q=1&r=%20#frag";
    const auto before = netkit::test::allocations_so_far();
    auto r = url::try_urlsplit(text);
    ASSERT_TRUE(r);
    auto p = url::try_urlparse(text);
    ASSERT_TRUE(p);
    const auto fields = r->scheme().size() + r->netloc().size() + r->path().size() +
                        r->query().size() + r->fragment().size() + r->username()->size() +
                        r->password()->size() + p->params().size();
    const auto port = r->try_port();
    EXPECT_EQ(netkit::test::allocations_so_far() - before, 0u);
    EXPECT_GT(fields, 0u);
    EXPECT_EQ(**port, 8443);
}

TEST(urlsplit, copies_only_when_it_must_rewrite) {
    auto tabbed = url::urlsplit("ht\ttp://h\no/p");
    EXPECT_TRUE(tabbed.owns_text());
    EXPECT_EQ(tabbed.scheme(), "http");
    EXPECT_EQ(tabbed.netloc(), "ho");
    auto upper = url::urlsplit("HTTP://h/");
    EXPECT_TRUE(upper.owns_text());
    EXPECT_EQ(upper.scheme(), "http");
    auto moved = std::move(upper); // views follow the copy
    EXPECT_EQ(moved.scheme(), "http");
    EXPECT_EQ(moved.path(), "/");
}

TEST(urlsplit, strips_leading_controls_and_uses_the_default_scheme) {
    auto r = url::urlsplit(" \x01//h/p", "\thttps ");
    EXPECT_EQ(r.scheme(), "https");
    EXPECT_EQ(r.netloc(), "h");
}

TEST(urlsplit, raises_as_python_does) {
    auto message = [](std::string_view u) {
        try {
            (void)url::urlsplit(u);
        } catch (const url::value_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message("http://[::1/"), "Invalid IPv6 URL");
    EXPECT_EQ(message("http://[127.0.0.1]/"), "An IPv4 address cannot be in brackets");
    EXPECT_EQ(message("http://[vx]/"), "IPvFuture address is invalid");
    EXPECT_EQ(message("http://[oops]/"), "'oops' does not appear to be an IPv4 or IPv6 address");
    EXPECT_EQ(message("http://a\xef\xbc\x83"
                      "b/"), // a full-width '#'
              "netloc 'a\xef\xbc\x83"
              "b' contains invalid characters under NFKC normalization");
    EXPECT_EQ(url::try_urlsplit("http://[::1/").error(), url::error::invalid_ipv6_url);
}

TEST(urlsplit, port_errors_quote_the_port) {
    auto r = url::urlsplit("http://h:8o/");
    EXPECT_EQ(r.try_port().error(), url::error::port_not_integer);
    try {
        (void)r.port();
        FAIL();
    } catch (const url::value_error& e) {
        EXPECT_STREQ(e.what(), "Port could not be cast to integer value as '8o'");
    }
    EXPECT_EQ(url::urlsplit("http://h:65536/").try_port().error(), url::error::port_out_of_range);
    EXPECT_EQ(url::urlsplit("http://h:99999999999999999999/").try_port().error(),
              url::error::port_out_of_range);
    EXPECT_EQ(*url::urlsplit("http://h:0080/").port(), 80);
}

TEST(urlsplit, hostname_is_lowered_with_unicode_rules) {
    EXPECT_EQ(url::urlsplit("http://ÉXAMPLE.com/").hostname(), "éxample.com");
    EXPECT_EQ(url::urlsplit("http://[FE80::1%Eth0]/").hostname(), "fe80::1%Eth0");
}

TEST(python_repr, escapes_as_python_does) {
    EXPECT_EQ(url::python_repr("a'b"), "\"a'b\"");
    EXPECT_EQ(url::python_repr("a'b\""), "'a\\'b\"'");
    EXPECT_EQ(url::python_repr("\t\x01\x7f"), "'\\t\\x01\\x7f'");
    EXPECT_EQ(url::python_repr("\xc2\xa0\xe2\x80\x8b\xc3\xa9"), "'\\xa0\\u200b\xc3\xa9'");
}

// Expected values printed by CPython 3.11's repr() for the same input.
TEST(python_repr, astral_and_unassigned_code_points) {
    EXPECT_EQ(url::python_repr("\xf0\x9f\x98\x80\xf3\xa0\x80\x81\xed\x9f\xbf"),
              "'\xf0\x9f\x98\x80\\U000e0001\\ud7ff'");
}

TEST(python_bytes_repr, escapes_as_python_does) {
    EXPECT_EQ(url::python_bytes_repr(std::string("a'b\"\\ \x00\x7f\x80\xff\t\r\n", 13)),
              "b'a\\'b\"\\\\ \\x00\\x7f\\x80\\xff\\t\\r\\n'");
    EXPECT_EQ(url::python_bytes_repr("it's"), "b\"it's\"");
    EXPECT_EQ(url::python_bytes_repr(""), "b''");
}

TEST(python_latin1_repr, c1_controls_nbsp_and_soft_hyphen_are_escaped) {
    EXPECT_EQ(url::python_latin1_repr("\xe9\xa0\xad\xa1\x85\x9f x"),
              "'\xc3\xa9\\xa0\\xad\xc2\xa1\\x85\\x9f x'");
}

TEST(parse_qsl, strict_parsing_quotes_the_field) {
    url::parse_qs_options o;
    o.strict_parsing = true;
    try {
        (void)url::parse_qsl("a=1&b", o);
        FAIL();
    } catch (const url::value_error& e) {
        EXPECT_STREQ(e.what(), "bad query field: 'b'");
    }
    o = {};
    o.max_num_fields = 2;
    EXPECT_EQ(url::try_parse_qsl("a=1&b=2&c=3", o).error(), url::error::too_many_fields);
}

TEST(parse_qs, keeps_first_appearance_order_with_many_names) {
    std::string q;
    for (int i = 0; i < 20000; ++i) {
        q += "k" + std::to_string(i % 5000) + "=" + std::to_string(i) + "&";
    }
    auto m = url::parse_qs(q);
    ASSERT_EQ(m.size(), 5000u);
    EXPECT_EQ(m[0].first, "k0");
    EXPECT_EQ(m[0].second.size(), 4u);
}

TEST(quote, strict_encoding_errors_raise) {
    EXPECT_THROW((void)url::quote("\xe6\xbc\xa2", "/", url::charset::latin1), url::value_error);
    EXPECT_EQ(url::quote("\xe6\xbc\xa2", "/", url::charset::latin1, url::on_error::replace), "%3F");
}

} // namespace

// data: URLs as urllib's DataHandler reads them (CPython 3.13's answers).
#include <netkit/url/data_url.hpp>

namespace {

TEST(DataUrl, AsUrllibReadsThem) {
    struct expected {
        const char* url;
        const char* media_type;
        const char* data;
    };
    const expected cases[] = {
        {"data:,Hello%2C%20World!", "text/plain;charset=US-ASCII", "Hello, World!"},
        {"data:text/plain;base64,SGVsbG8sIFdvcmxkIQ==", "text/plain", "Hello, World!"},
        {"data:;base64,SGk=", "text/plain;charset=US-ASCII", "Hi"},
        {"data:text/html,<b>x</b>#frag", "text/html", "<b>x</b>#frag"}, // the fragment kept
        {"data:,", "text/plain;charset=US-ASCII", ""},
        {"data:;charset=utf-8,%C3%A9", ";charset=utf-8", "\xc3\xa9"},
        {"DATA:,x", "text/plain;charset=US-ASCII", "x"},
        {"data:image/png;BASE64,SGk=", "image/png;BASE64", "SGk="}, // ";base64" in lower case only
        {"data:text/plain;base64,SG%6B=", "text/plain", "Hi"},      // unquoted before decoding
        {"data:a,b,c", "a", "b,c"},
    };
    for (const auto& c : cases) {
        const auto d = netkit::url::parse_data_url(c.url);
        ASSERT_TRUE(d) << c.url << ": " << d.error().message();
        EXPECT_EQ(d->media_type, c.media_type) << c.url;
        EXPECT_EQ(d->data, c.data) << c.url;
    }
    EXPECT_EQ(netkit::url::parse_data_url("data:nocomma").error(),
              netkit::url::error::data_url_without_comma);
    EXPECT_EQ(netkit::url::parse_data_url("data:text/plain;base64,SGk").error().message(),
              "Incorrect padding");
    EXPECT_EQ(netkit::url::parse_data_url("http://x/").error(), netkit::url::error::not_a_data_url);
}

} // namespace
