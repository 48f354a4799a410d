// The opening handshake's checks (RFC 6455 §4), both sides.
#include <netkit/ws/error.hpp>
#include <netkit/ws/handshake.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

namespace ws = netkit::ws;

ws::upgrade_request good_request() {
    ws::upgrade_request r;
    r.method = "GET";
    r.upgrade = "websocket";
    r.connection = "Upgrade";
    r.key = "dGhlIHNhbXBsZSBub25jZQ==";
    r.version = "13";
    return r;
}

TEST(WsHandshake, TheRfcAcceptKey) {
    // §1.3's example.
    EXPECT_EQ(ws::accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    // Keys whose SHA-1 input (key and GUID) fills one block, pads into a
    // second (56 bytes and more), or spans several: values from Python's
    // hashlib and base64.
    EXPECT_EQ(ws::accept_key(""), "Kfh9QIsMVZcl6xEPYxPHzW8SZ8w=");
    EXPECT_EQ(ws::accept_key("x3JJHMbDL1EzLkh9GBhXDw=="), "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
    EXPECT_EQ(ws::accept_key(std::string(20, 'b')), "ZcAjD7PIOoLRa1NCxLLy2g7qFSM="); // 56 bytes
    EXPECT_EQ(ws::accept_key(std::string(100, 'a')), "+taVhj8zzaJPYE6HHo1ugamK/Ug=");
    EXPECT_EQ(ws::make_key(
                  {'t', 'h', 'e', ' ', 's', 'a', 'm', 'p', 'l', 'e', ' ', 'n', 'o', 'n', 'c', 'e'}),
              "dGhlIHNhbXBsZSBub25jZQ==");
}

TEST(WsHandshake, TheServerChecksTheRequest) {
    EXPECT_TRUE(ws::check_upgrade_request(good_request()));
    // Tokens in any case, among others.
    auto firefox = good_request();
    firefox.connection = "keep-alive, Upgrade";
    firefox.upgrade = "WebSocket";
    EXPECT_TRUE(ws::check_upgrade_request(firefox));

    auto r = good_request();
    r.method = "POST";
    EXPECT_EQ(ws::check_upgrade_request(r).error(), ws::error::not_get);
    r = good_request();
    r.version_minor = 0;
    EXPECT_EQ(ws::check_upgrade_request(r).error(), ws::error::not_http11);
    r = good_request();
    r.upgrade = "h2c";
    EXPECT_EQ(ws::check_upgrade_request(r).error(), ws::error::not_an_upgrade);
    r = good_request();
    r.connection = "keep-alive";
    EXPECT_EQ(ws::check_upgrade_request(r).error(), ws::error::not_an_upgrade);
    for (const char* key :
         {"", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25j",
          "dGhlIHNhbXBsZSBub25jZ!==", "dGhlIHNhbXBsZSBub25jZQdGhl=="}) {
        r = good_request();
        r.key = key;
        EXPECT_EQ(ws::check_upgrade_request(r).error(), ws::error::bad_key) << key;
    }
    for (const char* version : {"", "8", "12", "14", "13, 8"}) {
        r = good_request();
        r.version = version;
        EXPECT_EQ(ws::check_upgrade_request(r).error(), ws::error::unsupported_version) << version;
    }
}

TEST(WsHandshake, TheClientChecksTheResponse) {
    const std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
    const std::vector<std::string> offered = {"chat", "superchat"};
    ws::upgrade_response good;
    good.status = 101;
    good.upgrade = "websocket";
    good.connection = "Upgrade";
    good.accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    EXPECT_TRUE(ws::check_upgrade_response(good, key, offered));
    auto chose = good;
    chose.protocol = "superchat";
    EXPECT_TRUE(ws::check_upgrade_response(chose, key, offered));

    auto r = good;
    r.status = 200;
    EXPECT_EQ(ws::check_upgrade_response(r, key, offered).error(), ws::error::not_switching);
    r = good;
    r.accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOA=";
    EXPECT_EQ(ws::check_upgrade_response(r, key, offered).error(), ws::error::bad_accept);
    r = good;
    r.upgrade = "";
    EXPECT_EQ(ws::check_upgrade_response(r, key, offered).error(), ws::error::not_an_upgrade);
    r = good;
    r.protocol = "Chat"; // names are compared with case
    EXPECT_EQ(ws::check_upgrade_response(r, key, offered).error(), ws::error::unrequested_protocol);
}

TEST(WsHandshake, TheServerChoosesASubprotocol) {
    const std::vector<std::string> supported = {"superchat", "chat"};
    // The client's order of preference decides.
    EXPECT_EQ(ws::choose_protocol("chat, superchat", supported), "chat");
    EXPECT_EQ(ws::choose_protocol("v2.bookings, superchat", supported), "superchat");
    EXPECT_FALSE(ws::choose_protocol("", supported));
    EXPECT_FALSE(ws::choose_protocol("CHAT", supported));
    EXPECT_FALSE(ws::choose_protocol("chat", {}));
}

} // namespace
