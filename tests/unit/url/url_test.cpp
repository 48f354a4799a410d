#include <netkit/url/url.hpp>

#include <netkit/url/idna.hpp>
#include <netkit/url/ip.hpp>

#include <gtest/gtest.h>

namespace {

namespace url = netkit::url;

TEST(strict_url, splits_every_component) {
    auto u = url::parse_uri_reference("https://user:pw@Example.COM:8443/a/b?x=1&y#frag").value();
    EXPECT_EQ(u.scheme(), "https");
    EXPECT_EQ(u.authority(), "user:pw@Example.COM:8443");
    EXPECT_EQ(u.userinfo(), "user:pw");
    EXPECT_EQ(u.host(), "Example.COM");
    EXPECT_EQ(u.host_type(), url::host_kind::reg_name);
    EXPECT_EQ(u.port_number(), 8443);
    EXPECT_EQ(u.path(), "/a/b");
    EXPECT_EQ(u.query(), "x=1&y");
    EXPECT_EQ(u.fragment(), "frag");
}

TEST(strict_url, tells_empty_from_absent) {
    auto u = url::parse_uri_reference("http://h:/?#").value();
    EXPECT_TRUE(u.has_port());
    EXPECT_EQ(u.port(), "");
    EXPECT_EQ(u.port_number(), std::nullopt);
    EXPECT_TRUE(u.has_query());
    EXPECT_TRUE(u.has_fragment());
    auto v = url::parse_uri_reference("http://h/").value();
    EXPECT_FALSE(v.has_port());
    EXPECT_FALSE(v.has_query());
    EXPECT_FALSE(v.has_fragment());
}

TEST(strict_url, knows_ip_literals) {
    EXPECT_EQ(url::parse_uri("http://[::1]:80/").value().host_type(), url::host_kind::ipv6);
    EXPECT_EQ(url::parse_uri("http://[v1.x]/").value().host_type(), url::host_kind::ipvfuture);
    EXPECT_EQ(url::parse_uri("http://10.0.0.1/").value().host_type(), url::host_kind::ipv4);
    // Not a dec-octet: a reg-name, as RFC 3986 §3.2.2 says.
    EXPECT_EQ(url::parse_uri("http://10.0.0.256/").value().host_type(), url::host_kind::reg_name);
}

struct bad_case {
    const char* text;
    std::size_t position;
    url::error code;
};

class strict_url_rejects : public testing::TestWithParam<bad_case> {};

TEST_P(strict_url_rejects, naming_the_position_and_rule) {
    url::parse_error where;
    auto u = url::parse_uri_reference(GetParam().text, &where);
    ASSERT_FALSE(u) << GetParam().text;
    EXPECT_EQ(u.error(), GetParam().code) << GetParam().text << ": " << where.message();
    EXPECT_EQ(where.position, GetParam().position) << GetParam().text << ": " << where.message();
}

INSTANTIATE_TEST_SUITE_P(
    grammar, strict_url_rejects,
    testing::Values(bad_case{"1http://x/", 0, url::error::bad_scheme},
                    bad_case{"ht tp://x/", 2, url::error::bad_scheme},
                    bad_case{":x", 0, url::error::bad_scheme},
                    bad_case{"http://us er@h/", 9, url::error::bad_userinfo},
                    bad_case{"http://h/a b", 10, url::error::bad_path},
                    bad_case{"http://h/%zz", 9, url::error::bad_percent_encoding},
                    bad_case{"http://h/%4", 9, url::error::bad_percent_encoding},
                    bad_case{"http://h:8o/", 10, url::error::bad_port},
                    bad_case{"http://[::1/", 7, url::error::bad_host},
                    bad_case{"http://[1::2::3]/", 8, url::error::bad_host},
                    bad_case{"http://[::1]x/", 12, url::error::bad_host},
                    bad_case{"http://h^/", 8, url::error::bad_host},
                    bad_case{"http://h/?a<b", 11, url::error::bad_query},
                    bad_case{"http://h/#a#b", 11, url::error::bad_fragment},
                    bad_case{"http://h/\xc3\xa9", 9, url::error::bad_path}),
    [](const auto& info) { return "case_" + std::to_string(info.index); });

TEST(strict_url, error_messages_name_position_and_rule) {
    url::parse_error where;
    (void)url::parse_uri_reference("http://h/%zz", &where);
    EXPECT_EQ(where.message(),
              "position 9: '%' must be followed by two hex digits (RFC 3986 §2.1)");
    auto relative = url::parse_uri("/just/a/path", &where);
    EXPECT_EQ(relative.error(), url::error::missing_scheme);
}

TEST(strict_url, normalizes_as_section_6_2_2_says) {
    auto n = [](std::string_view s) { return url::normalize(url::parse_uri_reference(s).value()); };
    EXPECT_EQ(n("HTTP://Example.COM:80/a/./b/../c?%7e=%2f"), "http://example.com/a/c?~=%2F");
    EXPECT_EQ(n("https://h:443"), "https://h/");
    EXPECT_EQ(n("https://h:8443"), "https://h:8443/");
    EXPECT_EQ(n("http://h:/x"), "http://h/x");
    EXPECT_EQ(n("http://%7Euser@H%41ST/%7e%41"), "http://~user@hast/~A");
    EXPECT_EQ(n("../a/./b"), "../a/./b"); // relative references keep their dot segments
    EXPECT_EQ(n("mailto:Joe@Example.COM"), "mailto:Joe@Example.COM");
}

TEST(strict_url, remove_dot_segments_matches_section_5_2_4) {
    EXPECT_EQ(url::remove_dot_segments("/a/b/c/./../../g"), "/a/g");
    EXPECT_EQ(url::remove_dot_segments("mid/content=5/../6"), "mid/6");
    EXPECT_EQ(url::remove_dot_segments("/../a"), "/a");
    EXPECT_EQ(url::remove_dot_segments("."), "");
}

TEST(strict_url, resolution_needs_an_absolute_base) {
    auto base = url::parse_uri_reference("a/b").value();
    auto ref = url::parse_uri_reference("c").value();
    EXPECT_EQ(url::resolve(base, ref).error(), url::error::missing_scheme);
}

TEST(strict_url, owned_copies_survive_the_source) {
    std::optional<url::url> kept;
    {
        std::string text = "http://host/path?q";
        kept = url::url::parse(text).value();
    }
    EXPECT_EQ((*kept)->host(), "host");
    url::url copy = *kept;
    EXPECT_EQ(copy->path(), "/path");
}

TEST(ip_literals, python_and_rfc_3986_rules) {
    EXPECT_EQ(url::python_ip_address("127.0.0.1"), url::ip_kind::v4);
    EXPECT_EQ(url::python_ip_address("::1"), url::ip_kind::v6);
    EXPECT_EQ(url::python_ip_address("fe80::1%eth0"), url::ip_kind::v6);
    EXPECT_EQ(url::python_ip_address("::ffff:1.2.3.4"), url::ip_kind::v6);
    EXPECT_EQ(url::python_ip_address("1.2.3.04"), url::ip_kind::none); // leading zero
    EXPECT_EQ(url::python_ip_address("fe80::1%"), url::ip_kind::none);
    EXPECT_EQ(url::python_ip_address("1:2:3:4:5:6:7::"), url::ip_kind::v6);
    // '::' must stand for one group at least, by both rulebooks.
    EXPECT_EQ(url::python_ip_address("1::2:3:4:5:6:7:8"), url::ip_kind::none);
    EXPECT_FALSE(url::is_ipv6_address("1::2:3:4:5:6:7:8"));
    // A zone: Python takes it; RFC 3986's IPv6address has none (RFC 6874 adds "%25").
    EXPECT_FALSE(url::is_ipv6_address("fe80::1%eth0"));
    EXPECT_TRUE(url::is_ipv6_address("::"));
    EXPECT_TRUE(url::is_ipv6_address("1:2:3:4:5:6:7:8"));
    EXPECT_TRUE(url::is_ipv6_address("::ffff:10.0.0.1"));
    EXPECT_FALSE(url::is_ipv6_address("1:2:3:4:5:6:7:8:9"));
    EXPECT_FALSE(url::is_ipv6_address("1::2::3"));
    EXPECT_FALSE(url::is_ipv6_address(":1:2"));
    EXPECT_FALSE(url::is_ipv6_address("12345::"));
    EXPECT_TRUE(url::is_ipvfuture("v7.abc:d"));
    EXPECT_FALSE(url::is_ipvfuture("v.abc"));
}

TEST(idna, converts_both_ways) {
    EXPECT_EQ(url::to_ascii_host("Bücher.example").value(), "xn--bcher-kva.example");
    EXPECT_EQ(url::to_ascii_host("BÜCHER.example").value(), "xn--bcher-kva.example");
    EXPECT_EQ(url::to_ascii_host("example.com").value(), "example.com");
    EXPECT_EQ(url::to_unicode_host("xn--bcher-kva.example").value(), "bücher.example");
    EXPECT_EQ(url::to_ascii_host("faß.de").value(), "xn--fa-hia.de"); // non-transitional
}

TEST(idna, refuses_invalid_names) {
    auto bad = url::to_ascii_host("a\xe2\x80\xa8"
                                  "b.example"); // U+2028 line separator
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(), url::error::idna_failure);
    EXPECT_EQ(url::idna_failure_reason("a\xe2\x80\xa8"
                                       "b.example"),
              "string contains a disallowed character");
    EXPECT_FALSE(url::to_ascii_host("\xcc\x81"
                                    "abc.example"));          // a leading combining mark
    EXPECT_FALSE(url::to_ascii_host("\xf0\x9f\x98\x80.com")); // emoji are not IDNA 2008
    EXPECT_FALSE(url::to_ascii_host("xn--zz.example"));       // not valid punycode
}

} // namespace
