#include <netkit/net/endpoint.hpp>

#include <netkit/core/error.hpp>
#include <netkit/net/error.hpp>

#include <gtest/gtest.h>

namespace {

using netkit::net::endpoint;
using netkit::net::error;
using netkit::net::parse_endpoint;

TEST(endpoint, parses_host_and_port) {
    auto ep = parse_endpoint("localhost:5000");
    ASSERT_TRUE(ep) << ep.error().message();
    EXPECT_EQ(ep->host, "localhost");
    EXPECT_EQ(ep->port, 5000);
    EXPECT_FALSE(ep->is_unix());
    EXPECT_EQ(ep->to_string(), "localhost:5000");
}

TEST(endpoint, parses_ipv4_and_bracketed_ipv6) {
    EXPECT_EQ(parse_endpoint("127.0.0.1:80").value(), (endpoint("127.0.0.1", 80)));
    auto v6 = parse_endpoint("[::1]:8080").value();
    EXPECT_EQ(v6.host, "::1");
    EXPECT_EQ(v6.port, 8080);
    EXPECT_EQ(v6.to_string(), "[::1]:8080");
    EXPECT_EQ(parse_endpoint("[fe80::1%lo]:1").value().host, "fe80::1%lo");
}

TEST(endpoint, parses_bare_ports) {
    EXPECT_EQ(parse_endpoint("8000").value(), (endpoint("", 8000)));
    EXPECT_EQ(parse_endpoint(":8000").value(), (endpoint("", 8000)));
    EXPECT_EQ(parse_endpoint("0").value().port, 0);
    EXPECT_EQ(parse_endpoint("65535").value().port, 65535);
}

TEST(endpoint, parses_unix_paths) {
    auto ep = parse_endpoint("unix:/run/netkit.sock").value();
    EXPECT_TRUE(ep.is_unix());
    EXPECT_EQ(ep.unix_path, "/run/netkit.sock");
    EXPECT_EQ(ep.to_string(), "unix:/run/netkit.sock");
}

TEST(endpoint, uses_a_default_port_for_a_bare_host) {
    EXPECT_EQ(parse_endpoint("example.test", 80).value(), (endpoint("example.test", 80)));
    EXPECT_EQ(parse_endpoint("[::1]", 80).value(), (endpoint("::1", 80)));
    EXPECT_EQ(parse_endpoint("::1", 80).value(), (endpoint("::1", 80)));
    EXPECT_EQ(parse_endpoint("example.test:81", 80).value().port, 81);
}

TEST(endpoint, round_trips_through_its_text_form) {
    for (const char* text : {"a.b:1", "[::1]:2", "unix:/x", ":3", "10.0.0.1:65535"}) {
        auto ep = parse_endpoint(text).value();
        EXPECT_EQ(parse_endpoint(ep.to_string()).value(), ep) << text;
    }
}

struct bad_case {
    const char* text;
    error expected;
};

class endpoint_rejects : public testing::TestWithParam<bad_case> {};

TEST_P(endpoint_rejects, with_a_clear_error) {
    auto ep = parse_endpoint(GetParam().text);
    ASSERT_FALSE(ep) << GetParam().text << " parsed as " << ep->to_string();
    EXPECT_EQ(ep.error(), GetParam().expected) << GetParam().text << ": " << ep.error().message();
    EXPECT_EQ(ep.error(), netkit::condition::bad_input);
    EXPECT_FALSE(ep.error().message().empty());
}

INSTANTIATE_TEST_SUITE_P(
    bad_input, endpoint_rejects,
    testing::Values(
        bad_case{"", error::empty_endpoint}, bad_case{"host:99999", error::bad_port},
        bad_case{"host:65536", error::bad_port}, bad_case{"host:-1", error::bad_port},
        bad_case{"host:8o", error::bad_port}, bad_case{"host:", error::missing_port},
        bad_case{"host", error::missing_port}, bad_case{"[::1", error::unclosed_bracket},
        bad_case{"[::1]8080", error::bad_port}, bad_case{"[not-v6]:80", error::bad_ipv6_literal},
        bad_case{"[::1]", error::missing_port}, bad_case{"999999", error::bad_port},
        bad_case{"a b:80", error::bad_host}, bad_case{"user@host:80", error::bad_host},
        bad_case{"::g:1", error::bad_host}, bad_case{"unix:", error::unix_path_empty},
        bad_case{"unix:/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                 error::unix_path_too_long}),
    [](const auto& info) { return "case_" + std::to_string(info.index); });

TEST(endpoint, messages_say_what_is_wrong) {
    EXPECT_EQ(parse_endpoint("host:99999").error().message(),
              "port must be a number from 0 to 65535");
    EXPECT_NE(parse_endpoint("[::1").error().message().find("']'"), std::string::npos);
    EXPECT_EQ(parse_endpoint("").error().message(), "empty address");
}

TEST(endpoint, prints_asio_endpoints_with_ipv4_unmapped) {
    using asio::ip::tcp;
    EXPECT_EQ(netkit::net::to_string(tcp::endpoint(asio::ip::make_address("::1"), 80)), "[::1]:80");
    EXPECT_EQ(netkit::net::to_string(tcp::endpoint(asio::ip::make_address("::ffff:127.0.0.1"), 80)),
              "127.0.0.1:80");
}

} // namespace
