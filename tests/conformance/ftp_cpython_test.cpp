// CPython 3.13's ftplib, as recorded in ../shared/conformance/ftp_cpython.json:
// the reply parsers, sendcmd/voidcmd's mapping of replies to errors, MLSD
// lines, and the command lines ftplib's calls send, each run against
// netkit's codec or its client talking to a scripted server.
#include <netkit/ftp/address.hpp>
#include <netkit/ftp/error.hpp>
#include <netkit/ftp/listing.hpp>
#include <netkit/ftp/reply.hpp>
#include <netkit/sync/ftp.hpp>

#include "support/conformance.hpp"
#include "support/ftp_peer.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <map>

namespace {

using netkit::json::value;
using netkit::test::at;
using netkit::test::load_conformance;
namespace ftp = netkit::ftp;
namespace sync = netkit::sync;

const value& data() {
    static const value d = load_conformance("ftp_cpython.json");
    return d;
}

/// A string, or {"segments": [{"text"} | {"repeat", "times"}]} for long ones.
std::string text_of(const value& v) {
    if (v.is_string()) {
        return v.as_string();
    }
    std::string out;
    for (const value& segment : at(v, "segments").as_array()) {
        if (const value* t = segment.find("text")) {
            out += t->as_string();
        } else {
            for (std::int64_t i = 0; i < at(segment, "times").as_integer(); ++i) {
                out += at(segment, "repeat").as_string();
            }
        }
    }
    return out;
}

ftp::reply reply_of(const std::string& text) {
    ftp::reply_reader reader;
    std::size_t start = 0;
    for (;;) {
        const std::size_t nl = text.find('\n', start);
        auto done = reader.feed(std::string_view(text).substr(start, nl - start));
        EXPECT_TRUE(done) << text;
        if (nl == std::string::npos || (done && *done)) {
            break;
        }
        start = nl + 1;
    }
    return reader.take();
}

TEST(FtpCpython, ParseReplies) {
    int checked = 0;
    for (const value& c : at(data(), "parse_replies").as_array()) {
        const std::string func = at(c, "func").as_string();
        const ftp::reply r = reply_of(at(c, "reply").as_string());
        const value* expected = c.find("expected");
        const value* error = c.find("error");
        SCOPED_TRACE(func + " " + r.text);
        if (func == "parse227") {
            auto hp = ftp::parse_pasv_reply(r);
            ASSERT_TRUE(hp);
            EXPECT_EQ(hp->host, expected->as_array()[0].as_string());
            EXPECT_EQ(hp->port, expected->as_array()[1].as_integer());
        } else if (func == "parse229") {
            auto port = ftp::parse_epsv_reply(r);
            ASSERT_TRUE(port);
            // ftplib takes the host from the control connection's peer, as netkit does.
            EXPECT_EQ(at(c, "extra_args").as_array()[0].as_array()[0].as_string(),
                      expected->as_array()[0].as_string());
            EXPECT_EQ(*port, expected->as_array()[1].as_integer());
        } else if (func == "parse257") {
            auto path = ftp::parse_directory_reply(r);
            if (error) {
                ASSERT_EQ(error->as_string(), "error_reply");
                EXPECT_EQ(path.error(), ftp::error::unexpected_reply);
            } else {
                ASSERT_TRUE(path);
                EXPECT_EQ(*path, expected->as_string());
            }
        } else {
            ADD_FAILURE() << "unknown function " << func;
        }
        ++checked;
    }
    EXPECT_EQ(checked, at(at(data(), "counts"), "parse_replies").as_integer());
}

TEST(FtpCpython, Mlsd) {
    int checked = 0;
    for (const value& c : at(data(), "mlsd").as_array()) {
        const auto& lines = at(c, "data_lines").as_array();
        const auto& expected = at(c, "expected").as_array();
        ASSERT_EQ(lines.size(), expected.size());
        for (std::size_t i = 0; i < lines.size(); ++i) {
            auto e = ftp::parse_mlsd_line(lines[i].as_string());
            ASSERT_TRUE(e) << lines[i].as_string();
            EXPECT_EQ(e->name, expected[i].as_array()[0].as_string());
            std::map<std::string, std::string> facts;
            for (const auto& [k, v] : expected[i].as_array()[1].as_object()) {
                facts[k] = v.as_string();
            }
            EXPECT_EQ(e->facts, facts) << lines[i].as_string();
        }
        ++checked;
    }
    EXPECT_EQ(checked, at(at(data(), "counts"), "mlsd").as_integer());
}

// sendcmd/voidcmd against a server that answers the recorded reply: the
// same text back, or the same exception with the same text.
TEST(FtpCpython, Commands) {
    int checked = 0;
    for (const value& c : at(data(), "commands").as_array()) {
        const std::string call = at(c, "call").as_string();
        const std::string command = text_of(at(c, "command"));
        const value* reply = c.find("reply");
        const std::string error = reply ? std::string() : at(c, "error").as_string();
        const std::string error_text = reply ? std::string() : at(c, "error_text").as_string();
        SCOPED_TRACE(call + " " + command.substr(0, 40));
        // The server's answer: the recorded reply; for the too-long case the
        // command itself echoed back (CPython's dummy server did the same).
        const std::string answer = reply              ? reply->as_string()
                                   : error == "Error" ? command
                                                      : error_text;
        netkit::test::ftp_peer peer("220 welcome", [&](const std::string& line) {
            return line == command ? answer : std::string("500 not the recorded command");
        });
        sync::ftp_client client("127.0.0.1", peer.port());
        auto send = [&] {
            return call == "voidcmd" ? client.voidcmd(command) : client.sendcmd(command);
        };
        if (reply) {
            EXPECT_EQ(send(), reply->as_string());
        } else if (error == "ValueError") {
            EXPECT_THROW(send(), std::invalid_argument);
        } else {
            try {
                send();
                ADD_FAILURE() << "no exception; expected " << error;
            } catch (const sync::ftp_error& e) {
                EXPECT_EQ(std::string(e.what()), error_text);
                const bool right_type =
                    (error == "error_temp" && dynamic_cast<const sync::ftp_error_temp*>(&e)) ||
                    (error == "error_perm" && dynamic_cast<const sync::ftp_error_perm*>(&e)) ||
                    (error == "error_proto" && dynamic_cast<const sync::ftp_error_proto*>(&e)) ||
                    (error == "error_reply" && dynamic_cast<const sync::ftp_error_reply*>(&e)) ||
                    error == "Error";
                EXPECT_TRUE(right_type) << "expected " << error;
            }
        }
        if (error == "ValueError") {
            // Refused before sending: nothing reached the server.
            client.close();
            EXPECT_TRUE(peer.received().empty());
        }
        ++checked;
    }
    EXPECT_EQ(checked, at(at(data(), "counts"), "commands").as_integer());
}

// The control lines of CPython's tests, replayed: the server answers each
// command with the recorded replies, and netkit's calls must send the
// recorded command lines. Tests whose calls have no netkit twin (PASV to the
// dummy server's fake address, the dummy's own commands) are listed apart.
TEST(FtpCpython, Transcripts) {
    using call = std::function<void(sync::ftp_client&)>;
    const std::map<std::string, call> calls = {
        {"TestFTPClass.test_acct",
         [](auto& f) { EXPECT_EQ(f.voidcmd("ACCT passwd"), "230 acct ok"); }},
        {"TestFTPClass.test_cwd", [](auto& f) { EXPECT_EQ(f.cwd("/foo"), "250 cwd ok"); }},
        {"TestFTPClass.test_delete",
         [](auto& f) {
             EXPECT_EQ(f.del("foo"), "250 dele ok");
             EXPECT_THROW(f.del("foo"), sync::ftp_error_reply);
         }},
        {"TestFTPClass.test_login", [](auto& f) { EXPECT_EQ(f.login(), "230 password ok"); }},
        {"TestFTPClass.test_mkd", [](auto& f) { EXPECT_EQ(f.mkd("/foo"), "/foo"); }},
        {"TestFTPClass.test_pwd", [](auto& f) { EXPECT_EQ(f.pwd(), "pwd ok"); }},
        {"TestFTPClass.test_quit", [](auto& f) { EXPECT_EQ(f.quit(), "221 quit ok"); }},
        {"TestFTPClass.test_rename",
         [](auto& f) {
             EXPECT_EQ(f.rename("a", "b"), "250 rnto ok");
             EXPECT_THROW(f.rename("a", "b"), sync::ftp_error_reply);
         }},
        {"TestFTPClass.test_rmd", [](auto& f) { EXPECT_EQ(f.rmd("foo"), "250 rmd ok"); }},
        {"TestFTPClass.test_size", [](auto& f) { EXPECT_FALSE(f.size("foo")); }}, // 250, not 213
        // No command at all: the greeting is the welcome.
        {"TestFTPClass.test_getwelcome", [](auto& f) { EXPECT_EQ(f.getwelcome(), "220 welcome"); }},
        {"TestFTPClass.test_all_errors", [](auto& f) { EXPECT_EQ(f.getwelcome(), "220 welcome"); }},
        {"TestFTPClass.test_set_pasv",
         [](auto& f) {
             f.set_pasv(false);
             f.set_pasv(true);
         }},
        {"TestFTPClass.test_voidcmd",
         [](auto& f) {
             EXPECT_EQ(f.voidcmd("echo 200"), "200");
             EXPECT_EQ(f.voidcmd("echo 299"), "299");
             EXPECT_THROW(f.voidcmd("echo 199"), sync::ftp_error_reply);
             EXPECT_THROW(f.voidcmd("echo 300"), sync::ftp_error_reply);
         }},
    };
    // The rest, each with why it is not replayed here.
    const std::string data_connection =
        "a data connection: ftplib on IPv4 sends PASV where netkit sends EPSV first (RFC 2428, "
        "PASV "
        "as the fallback); transfers run against pyftpdlib and vsftpd in FtpPeers";
    const std::map<std::string, std::string> not_replayed = {
        {"TestFTPClass.test_dir", data_connection},
        {"TestFTPClass.test_encoding_param", data_connection},
        {"TestFTPClass.test_mlsd", data_connection},
        {"TestFTPClass.test_nlst", data_connection},
        {"TestFTPClass.test_retrbinary", data_connection},
        {"TestFTPClass.test_retrbinary_rest", data_connection},
        {"TestFTPClass.test_retrlines", data_connection},
        {"TestFTPClass.test_retrlines_too_long", data_connection},
        {"TestFTPClass.test_storbinary", data_connection},
        {"TestFTPClass.test_storbinary_rest", data_connection},
        {"TestFTPClass.test_storlines", data_connection},
        {"TestFTPClass.test_storlines_too_long", data_connection},
        {"TestFTPClass.test_source_address_passive_connection", data_connection},
        {"TestIPv6Environment.test_transfer", data_connection},
        {"TestFTPClass.test_makepasv",
         "ftplib's makepasv() alone; PASV's address is tested in MisbehavingServers"},
        {"TestFTPClass.test_makepasv_issue43285_security_disabled", "as test_makepasv"},
        {"TestFTPClass.test_makepasv_issue43285_security_enabled_default", "as test_makepasv"},
        {"TestFTPClass.test_makeport",
         "ftplib's makeport() alone; PORT runs against the servers (ActiveMode)"},
        {"TestIPv6Environment.test_makepasv", "as test_makepasv, with EPSV"},
        {"TestIPv6Environment.test_makeport", "as test_makeport, with EPRT (Ipv6PassiveAndActive)"},
        {"TestFTPClass.test_abort",
         "ftplib sends ABOR as urgent data, which the dummy server never records"},
        {"TestFTPClass.test_exceptions", "the Commands test runs these cases"},
        {"TestFTPClass.test_line_too_long", "the Commands test runs this case"},
        {"TestFTPClass.test_parse257", "the ParseReplies test runs these cases"},
        {"TestFTPClass.test_sanitize",
         "ftplib's private log masking; netkit's is ftp::masked (FtpCommand)"},
        {"TestFTPClass.test_source_address",
         "two connections with source addresses (FtpPeers.SourceAddressAndAbort)"},
        {"TestFTPClass.test_with_statement", "Python's with statement over three connections"},
        {"TestIPv6Environment.test_af", "the socket family alone; IPv6 runs against the servers"},
    };
    for (const value& t : at(data(), "transcripts").as_array()) {
        const std::string name = at(t, "cpython_test").as_string();
        EXPECT_TRUE(calls.count(name) + not_replayed.count(name) == 1)
            << name << " is not accounted for";
    }
    int replayed = 0;
    for (const value& t : at(data(), "transcripts").as_array()) {
        const std::string name = at(t, "cpython_test").as_string();
        const auto found = calls.find(name);
        if (found == calls.end()) {
            continue;
        }
        SCOPED_TRACE(name);
        std::deque<std::pair<char, std::string>> script;
        for (const value& step : at(t, "exchange").as_array()) {
            if (const value* s = step.find("S")) {
                script.emplace_back('S', text_of(*s));
            } else {
                script.emplace_back('C', text_of(at(step, "C")));
            }
        }
        std::vector<std::string> expected;
        for (const auto& [who, line] : script) {
            if (who == 'C') {
                expected.push_back(line);
            }
        }
        const std::string greeting = script.front().second;
        script.pop_front();
        netkit::test::ftp_peer peer(greeting, [&](const std::string&) {
            if (script.empty() || script.front().first != 'C') {
                return std::string("500 not in the transcript");
            }
            script.pop_front();
            std::string replies;
            while (!script.empty() && script.front().first == 'S') {
                replies += (replies.empty() ? "" : "\n") + script.front().second;
                script.pop_front();
            }
            return replies;
        });
        {
            sync::ftp_client client("127.0.0.1", peer.port());
            found->second(client);
        }
        auto sent = peer.received();
        if (name == "TestFTPClass.test_login") {
            // netkit asks for the server's features after login (FEAT, for
            // OPTS UTF8 ON and MLSD), which ftplib does not.
            ASSERT_FALSE(sent.empty());
            EXPECT_EQ(sent.back(), "FEAT");
            sent.pop_back();
        }
        EXPECT_EQ(sent, expected);
        ++replayed;
    }
    EXPECT_EQ(replayed, static_cast<int>(calls.size()));
}

} // namespace
