// request::request against what CPython 3.13's urllib.request.Request gives
// for the same calls (each value below printed by CPython).
#include <netkit/request/request.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace {

using netkit::request::request;

TEST(Request, TakesItsUrlApartAsPythonDoes) {
    request r("HTTP://User@Example.com:8080/a%20b/c?q=1#frag", std::nullopt,
              {{"content-TYPE", "x/y"}});
    EXPECT_EQ(r.type(), "http");
    EXPECT_EQ(r.host(), "User@Example.com:8080");
    EXPECT_EQ(r.selector(), "/a%20b/c?q=1");
    EXPECT_EQ(r.full_url(), "HTTP://User@Example.com:8080/a%20b/c?q=1#frag");
    EXPECT_EQ(r.fragment(), "frag");
    EXPECT_EQ(r.get_method(), "GET");
    EXPECT_EQ(r.header_items(), (netkit::request::header_pairs{{"Content-type", "x/y"}}));
    EXPECT_EQ(r.origin_req_host(), "user@example.com");

    const request data("data:,abc");
    EXPECT_EQ(data.host(), "");
    EXPECT_EQ(data.selector(), ",abc");
    const request file("file:/etc/hosts");
    EXPECT_EQ(file.selector(), "/etc/hosts");
    EXPECT_EQ(request("<URL:http://h/x>").full_url(), "http://h/x");
    EXPECT_THROW(request("nothing"), std::invalid_argument); // "unknown url type: 'nothing'"
}

TEST(Request, DataMethodAndHeaders) {
    request r("http://h/x");
    r.set_data("x");
    r.add_header("Content-length", "1");
    r.set_data("yy"); // new data: the old length goes
    EXPECT_FALSE(r.has_header("Content-length"));
    EXPECT_EQ(r.get_method(), "POST");
    EXPECT_EQ(request("http://h/x", "z", {}, std::nullopt, false, "PUT").get_method(), "PUT");

    request h("http://h/x");
    h.add_unredirected_header("A-b", "1");
    h.add_header("a-B", "2");
    EXPECT_EQ(h.header_items(), (netkit::request::header_pairs{{"A-b", "2"}}));
    EXPECT_EQ(h.get_header("A-b"), "2");
    // netkit's one difference: any case finds a header.
    EXPECT_TRUE(h.has_header("A-B"));
    h.remove_header("a-b");
    EXPECT_FALSE(h.has_header("A-b"));
    EXPECT_EQ(h.get_header("A-b", "none"), "none");
}

TEST(Request, ThroughAProxy) {
    request plain("http://h/p");
    plain.set_proxy("proxy:3128", "http");
    EXPECT_EQ(plain.type(), "http");
    EXPECT_EQ(plain.host(), "proxy:3128");
    EXPECT_EQ(plain.selector(), "http://h/p");
    EXPECT_TRUE(plain.has_proxy());

    request tls("https://h/p");
    tls.set_proxy("proxy:3128", "http");
    EXPECT_EQ(tls.type(), "https");
    EXPECT_EQ(tls.host(), "proxy:3128");
    EXPECT_EQ(tls.selector(), "/p");
    EXPECT_FALSE(tls.has_proxy());
    EXPECT_EQ(tls.tunnel_host(), "h");
    EXPECT_EQ(netkit::request::request_host(request("http://www.Acme.com:80/x")), "www.acme.com");
}

} // namespace
