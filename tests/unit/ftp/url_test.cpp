// ftp:// and ftps:// URLs (RFC 1738 §3.2), as urllib's FTP handler and
// `netkit ftp` read them.
#include <netkit/ftp/error.hpp>
#include <netkit/ftp/url.hpp>
#include <netkit/url/error.hpp>

#include <gtest/gtest.h>

namespace {

using netkit::ftp::parse_ftp_url;

TEST(ftp_url, splits_login_host_port_and_a_path_below_the_login_directory) {
    const auto u = parse_ftp_url("ftp://ada:s%40cret@127.0.0.1:2121/pub/a%20b.txt").value();
    EXPECT_EQ(u.host, "127.0.0.1");
    EXPECT_EQ(u.port, 2121);
    EXPECT_EQ(u.user, "ada");
    EXPECT_EQ(u.password, "s@cret");
    EXPECT_EQ(u.path, "pub/a b.txt");
    EXPECT_FALSE(u.implicit_tls);

    const auto anonymous = parse_ftp_url("ftps://[::1]/").value();
    EXPECT_EQ(anonymous.host, "::1");
    EXPECT_EQ(anonymous.port, std::nullopt);
    EXPECT_EQ(anonymous.user, "");
    EXPECT_EQ(anonymous.password, std::nullopt);
    EXPECT_EQ(anonymous.path, "");
    EXPECT_TRUE(anonymous.implicit_tls);
    EXPECT_EQ(parse_ftp_url("ftp://h//etc").value().path, "/etc"); // an absolute path
}

TEST(ftp_url, refuses_what_it_cannot_connect_to) {
    EXPECT_EQ(parse_ftp_url("http://h/").error(), netkit::ftp::error::not_an_ftp_url);
    EXPECT_EQ(parse_ftp_url("ftp:///file").error(), netkit::ftp::error::url_without_host);
    EXPECT_EQ(parse_ftp_url("ftp://h:99999/").error(), netkit::url::error::port_out_of_range);
    EXPECT_EQ(parse_ftp_url("ftp://h:x/").error(), netkit::url::error::port_not_integer);
    EXPECT_EQ(parse_ftp_url("ftp://[::1/").error().category(), netkit::url::error_category());
}

} // namespace
