// escape_controls: what a peer sends cannot drive a terminal or forge a log line.
#include <netkit/core/escape.hpp>

#include <gtest/gtest.h>

namespace {

using netkit::escape_controls;

TEST(escape_controls, escapes_c0_controls_del_and_unicode_line_breaks) {
    EXPECT_EQ(escape_controls("a\x1b[2Jb\r\n\x7f"), "a\\x1b[2Jb\\x0d\\x0a\\x7f");
    EXPECT_EQ(escape_controls("x\xc2\x85y\xe2\x80\xa8z\xe2\x80\xa9"), "x\\u0085y\\u2028z\\u2029");
    EXPECT_EQ(escape_controls("caf\xc3\xa9 \xe2\x82\xac"),
              "caf\xc3\xa9 \xe2\x82\xac"); // text stays
    EXPECT_EQ(escape_controls(std::string_view("nul\0!", 5)), "nul\\x00!");
}

TEST(escape_controls, keeps_line_feeds_and_tabs_when_asked) {
    EXPECT_EQ(escape_controls("211-a\n\tb\r\n", {.keep_line_feeds = true}), "211-a\n\tb\\x0d\n");
}

TEST(escape_controls, doubles_backslashes_so_no_escape_is_forged) {
    EXPECT_EQ(escape_controls("GET /\\x1b\x1b", {.escape_backslash = true}), "GET /\\\\x1b\\x1b");
    EXPECT_EQ(escape_controls("a\\b"), "a\\b");
}

// http.server's log: the request line read as ISO-8859-1.
TEST(escape_controls, reads_latin1_as_http_server_does) {
    EXPECT_EQ(escape_controls("/caf\xc3\xa9\x85\x1b\\", {.escape_backslash = true, .latin1 = true}),
              "/caf\xc3\x83\xc2\xa9\\x85\\x1b\\\\");
}

TEST(escape_controls, replaces_instead_when_given_a_replacement) {
    EXPECT_EQ(escape_controls("a\x1b[2J\xe2\x80\xa8z", {.replacement = "\xEF\xBF\xBD"}),
              "a\xEF\xBF\xBD[2J\xEF\xBF\xBDz");
}

} // namespace
