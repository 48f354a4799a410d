// sync::ftp_client against real FTP servers on loopback, pyftpdlib and
// vsftpd (Debian's), each started by the test: the lesson's session, every
// command family, both data-connection modes, IPv4 and IPv6, and FTPS.
#include <netkit/ftp/engine/client.hpp>
#include <netkit/ftp/error.hpp>
#include <netkit/ftp/listing.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/run.hpp>
#include <netkit/request/ftp_handler.hpp>
#include <netkit/sync/ftp.hpp>
#include <netkit/sync/socket.hpp>
#include <netkit/sync/urlopen.hpp>

#include "support/echo_peer.hpp"
#include "support/pki.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace {

namespace fs = std::filesystem;
namespace ftp = netkit::ftp;
namespace sync = netkit::sync;
namespace test = netkit::test;

const std::string peers_dir = NETKIT_PEERS_DIR;
const std::string odd_name = "odd name \xC3\xA9;%#.txt";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, std::string_view data) {
    std::ofstream(path, std::ios::binary)
        .write(data.data(), static_cast<std::streamsize>(data.size()));
}

test::pki& shared_pki() {
    static test::pki p;
    return p;
}

enum class kind { pyftpdlib, vsftpd };

struct server_options {
    bool ipv6 = false;
    bool implicit_tls = false;
};

/// A served folder with known files, and a server on it. Writes go to
/// incoming/ on both (vsftpd lets anonymous users write nowhere else).
class ftp_site {
public:
    ftp_site(kind k, server_options o = {}) : kind_(k), root_((dir_.path() / "root").string()) {
        fs::create_directories(root_ + "/sub");
        fs::create_directories(root_ + "/incoming");
        write_file(root_ + "/hello.txt", "hello\nworld\n");
        binary_ = test::test_payload(300 * 1000) + std::string("\r\n\n\r\0\xff", 6);
        write_file(root_ + "/bin.dat", binary_);
        write_file(root_ + "/" + odd_name, "odd\n");
        write_file(root_ + "/sub/inner.txt", "inner\n");
        port_ = test::free_port();
        auto& pki = shared_pki();
        std::vector<std::string> argv = {"/usr/bin/python3"};
        if (k == kind::pyftpdlib) {
            argv.insert(argv.end(), {peers_dir + "/pyftpd.py", "--port", std::to_string(port_),
                                     "--root", root_, "--user", "netkit", "--password", "secret",
                                     "--tls", pki.server_cert, pki.server_key});
            if (o.ipv6) {
                argv.insert(argv.end(), {"--host", "::1"});
            }
        } else {
            argv.insert(argv.end(), {peers_dir + "/vsftpd.py", "--port", std::to_string(port_),
                                     "--root", root_, "--tls", pki.server_cert, pki.server_key});
            if (o.ipv6) {
                argv.push_back("--ipv6");
            }
            if (o.implicit_tls) {
                argv.push_back("--implicit");
            }
        }
        server_ = std::make_unique<test::child_process>(argv);
        test::wait_for_port(port_, *server_, o.ipv6);
    }

    std::uint16_t port() const { return port_; }
    const std::string& root() const { return root_; }
    const std::string& binary() const { return binary_; }
    std::string local(const std::string& name) const { return (dir_.path() / name).string(); }

    void login(sync::ftp_client& c) const {
        if (kind_ == kind::pyftpdlib) {
            c.login("netkit", "secret");
        } else {
            c.login();
        }
    }

private:
    kind kind_;
    test::temp_dir dir_;
    std::string root_;
    std::string binary_;
    std::uint16_t port_ = 0;
    std::unique_ptr<test::child_process> server_;
};

ftp::client_options tls_options(ftp::security mode) {
    ftp::client_options o;
    o.tls_mode = mode;
    o.tls = netkit::net::tls_context::client({.ca_file = shared_pki().ca}).value();
    return o;
}

class FtpPeers : public ::testing::TestWithParam<kind> {};

std::string kind_name(const ::testing::TestParamInfo<kind>& info) {
    return info.param == kind::pyftpdlib ? "pyftpdlib" : "vsftpd";
}

INSTANTIATE_TEST_SUITE_P(Servers, FtpPeers, ::testing::Values(kind::pyftpdlib, kind::vsftpd),
                         kind_name);

TEST_P(FtpPeers, WelcomeStatAndPwd) {
    ftp_site site(GetParam());
    sync::ftp_client c("127.0.0.1", site.port());
    const std::string welcome = c.getwelcome();
    EXPECT_EQ(welcome.substr(0, 4), "220 ");
    EXPECT_NE(welcome.find(GetParam() == kind::vsftpd ? "vsFTPd 3.0" : "pyftpdlib"),
              std::string::npos)
        << welcome;
    site.login(c);
    const std::string stat = c.sendcmd("STAT");
    EXPECT_EQ(stat.substr(0, 4), "211-") << stat;
    EXPECT_EQ(stat.substr(stat.rfind('\n') + 1, 4), "211 ") << stat;
    EXPECT_EQ(c.pwd(), "/");
    EXPECT_EQ(c.sendcmd("PWD").substr(0, 6), "257 \"/");
    c.quit();
    EXPECT_FALSE(c.engine().is_connected());
}

TEST_P(FtpPeers, NlstListAndMlsd) {
    ftp_site site(GetParam());
    sync::ftp_client c("127.0.0.1", site.port());
    site.login(c);
    const auto names = c.nlst();
    const std::set<std::string> got(names.begin(), names.end());
    const std::set<std::string> want = {"bin.dat", "hello.txt", "incoming", odd_name, "sub"};
    EXPECT_EQ(got, want);

    std::set<std::string> listed;
    c.dir("", [&](std::string_view line) {
        auto e = ftp::parse_list_line(line);
        ASSERT_TRUE(e) << line;
        if (*e) {
            listed.insert((*e)->name);
            if ((*e)->name == "bin.dat") {
                EXPECT_EQ((*e)->size, site.binary().size());
                EXPECT_EQ((*e)->type, ftp::entry_type::file);
            }
            if ((*e)->name == "sub") {
                EXPECT_EQ((*e)->type, ftp::entry_type::directory);
            }
        }
    });
    EXPECT_EQ(listed, want);

    if (GetParam() == kind::pyftpdlib) {
        ASSERT_TRUE(c.has_feature("MLST"));
        std::set<std::string> mlsd_names;
        for (const auto& e : c.mlsd("", {"type", "size"})) {
            mlsd_names.insert(e.name);
            if (e.name == "bin.dat") {
                EXPECT_EQ(e.facts.at("type"), "file");
                EXPECT_EQ(e.facts.at("size"), std::to_string(site.binary().size()));
            }
        }
        EXPECT_EQ(mlsd_names, want);
    } else {
        // vsftpd has no MLSD: FEAT says so, and the command is refused.
        EXPECT_FALSE(c.has_feature("MLST"));
        EXPECT_THROW(c.mlsd(), sync::ftp_error_perm);
    }
    EXPECT_EQ(c.nlst("sub"),
              std::vector<std::string>{GetParam() == kind::vsftpd ? "sub/inner.txt" : "inner.txt"});
}

TEST_P(FtpPeers, ListEntriesWhateverTheListing) {
    // pyftpdlib answers MLSD; vsftpd has none, so its LIST is parsed.
    ftp_site site(GetParam());
    sync::ftp_client c("127.0.0.1", site.port());
    site.login(c);
    std::map<std::string, ftp::list_entry> by_name;
    for (auto& e : c.list()) {
        by_name[e.name] = e;
    }
    ASSERT_EQ(by_name.size(), 5u);
    const auto& bin = by_name.at("bin.dat");
    EXPECT_EQ(bin.type, ftp::entry_type::file);
    EXPECT_EQ(bin.size, site.binary().size());
    struct stat st {};
    ASSERT_EQ(::stat((site.root() + "/bin.dat").c_str(), &st), 0);
    const std::chrono::sys_seconds written{std::chrono::seconds(st.st_mtime)};
    ASSERT_TRUE(bin.modified);
    EXPECT_LT(std::chrono::abs(*bin.modified - written), std::chrono::minutes(2));
    EXPECT_EQ(by_name.at("sub").type, ftp::entry_type::directory);
    EXPECT_EQ(by_name.at(odd_name).size, 4u);
    EXPECT_EQ(c.list("sub").size(), 1u);
}

TEST_P(FtpPeers, RetrieveTextAndBinary) {
    ftp_site site(GetParam());
    sync::ftp_client c("127.0.0.1", site.port());
    site.login(c);
    std::string got;
    std::size_t largest = 0;
    c.retrbinary(
        "RETR bin.dat",
        [&](std::string_view block) {
            got.append(block);
            largest = std::max(largest, block.size());
        },
        4096);
    EXPECT_EQ(got, site.binary());
    EXPECT_LE(largest, 4096u);

    std::vector<std::string> lines;
    c.retrlines("RETR hello.txt", [&](std::string_view line) { lines.emplace_back(line); });
    EXPECT_EQ(lines, (std::vector<std::string>{"hello", "world"}));

    c.download("bin.dat", site.local("bin.copy"));
    EXPECT_EQ(read_file(site.local("bin.copy")), site.binary());
    c.download(odd_name, site.local("odd.copy"));
    EXPECT_EQ(read_file(site.local("odd.copy")), "odd\n");
    EXPECT_EQ(c.size("bin.dat"), site.binary().size());
}

TEST_P(FtpPeers, MissingFileLeavesNothingBehind) {
    ftp_site site(GetParam());
    sync::ftp_client c("127.0.0.1", site.port());
    site.login(c);
    try {
        c.download("missing.txt", site.local("missing.txt"));
        ADD_FAILURE() << "no error for a missing file";
    } catch (const sync::ftp_error_perm& e) {
        EXPECT_EQ(e.code(), 550);
        EXPECT_EQ(std::string(e.what()).substr(0, 4), "550 ");
    }
    EXPECT_FALSE(fs::exists(site.local("missing.txt")));
    EXPECT_FALSE(fs::exists(site.local("missing.txt.part")));
    // The session goes on after a refusal.
    EXPECT_EQ(c.pwd(), "/");
}

TEST_P(FtpPeers, UploadAppendResumeRenameDelete) {
    ftp_site site(GetParam());
    sync::ftp_client c("127.0.0.1", site.port());
    site.login(c);
    write_file(site.local("up.bin"), site.binary());
    c.upload(site.local("up.bin"), "incoming/up.bin");
    EXPECT_EQ(read_file(site.root() + "/incoming/up.bin"), site.binary());

    std::istringstream more("appended");
    c.storbinary("APPE incoming/up.bin", more);
    EXPECT_EQ(read_file(site.root() + "/incoming/up.bin"), site.binary() + "appended");

    std::istringstream text("one\ntwo\r\nthree");
    c.storlines("STOR incoming/lines.txt", text);
    EXPECT_EQ(read_file(site.root() + "/incoming/lines.txt"), "one\ntwo\nthree\n");

    // A half-sent upload resumed: REST to the size the server has, then the rest.
    std::istringstream half(site.binary().substr(0, 100000));
    c.storbinary("STOR incoming/resumed.bin", half, 65536);
    c.upload(site.local("up.bin"), "incoming/resumed.bin", true);
    EXPECT_EQ(c.last_reply().kind(), 2);
    EXPECT_EQ(read_file(site.root() + "/incoming/resumed.bin"), site.binary());

    EXPECT_EQ(c.rename("incoming/lines.txt", "incoming/renamed.txt").substr(0, 1), "2");
    EXPECT_TRUE(fs::exists(site.root() + "/incoming/renamed.txt"));
    EXPECT_FALSE(fs::exists(site.root() + "/incoming/lines.txt"));
    c.del("incoming/renamed.txt");
    EXPECT_FALSE(fs::exists(site.root() + "/incoming/renamed.txt"));

    EXPECT_EQ(c.mkd("incoming/new dir"), "/incoming/new dir");
    EXPECT_TRUE(fs::is_directory(site.root() + "/incoming/new dir"));
    c.cwd("incoming/new dir");
    EXPECT_EQ(c.pwd(), "/incoming/new dir");
    c.cwd("..");
    EXPECT_EQ(c.pwd(), "/incoming");
    c.rmd("new dir");
    EXPECT_FALSE(fs::exists(site.root() + "/incoming/new dir"));
}

TEST_P(FtpPeers, ResumeAHalfDownloadedFile) {
    ftp_site site(GetParam());
    std::vector<std::string> dialogue;
    ftp::client_options o;
    o.trace = [&](std::string_view line) { dialogue.emplace_back(line); };
    sync::ftp_client c(o);
    c.connect("127.0.0.1", site.port());
    site.login(c);
    write_file(site.local("bin.dat"), site.binary().substr(0, 150000));
    c.download("bin.dat", site.local("bin.dat"), true);
    EXPECT_EQ(read_file(site.local("bin.dat")), site.binary());
    EXPECT_NE(std::find(dialogue.begin(), dialogue.end(), "> REST 150000"), dialogue.end());
}

TEST_P(FtpPeers, ActiveMode) {
    ftp_site site(GetParam());
    std::vector<std::string> dialogue;
    ftp::client_options o;
    o.passive = false;
    o.trace = [&](std::string_view line) { dialogue.emplace_back(line); };
    sync::ftp_client c(o);
    c.connect("127.0.0.1", site.port());
    site.login(c);
    EXPECT_EQ(c.nlst().size(), 5u);
    std::string got;
    c.retrbinary("RETR bin.dat", [&](std::string_view b) { got.append(b); });
    EXPECT_EQ(got, site.binary());
    write_file(site.local("up.bin"), "active upload");
    c.upload(site.local("up.bin"), "incoming/active.txt");
    EXPECT_EQ(read_file(site.root() + "/incoming/active.txt"), "active upload");
    const bool sent_port = std::any_of(dialogue.begin(), dialogue.end(), [](const std::string& l) {
        return l.starts_with("> PORT 127,0,0,1,");
    });
    EXPECT_TRUE(sent_port);
}

TEST_P(FtpPeers, Ipv6PassiveAndActive) {
    ftp_site site(GetParam(), {.ipv6 = true});
    std::vector<std::string> dialogue;
    ftp::client_options o;
    o.trace = [&](std::string_view line) { dialogue.emplace_back(line); };
    sync::ftp_client c(o);
    c.connect("::1", site.port());
    site.login(c);
    std::string got;
    c.retrbinary("RETR bin.dat", [&](std::string_view b) { got.append(b); });
    EXPECT_EQ(got, site.binary());
    c.set_pasv(false);
    got.clear();
    c.retrbinary("RETR hello.txt", [&](std::string_view b) { got.append(b); });
    EXPECT_EQ(got, "hello\nworld\n");
    auto sent = [&](std::string_view prefix) {
        return std::any_of(dialogue.begin(), dialogue.end(),
                           [&](const std::string& l) { return l.starts_with(prefix); });
    };
    EXPECT_TRUE(sent("> EPSV"));
    EXPECT_TRUE(sent("> EPRT |2|::1|"));
}

TEST_P(FtpPeers, ExplicitTlsWithPrivateData) {
    ftp_site site(GetParam());
    std::vector<std::string> dialogue;
    auto o = tls_options(ftp::security::explicit_tls);
    o.trace = [&](std::string_view line) { dialogue.emplace_back(line); };
    sync::ftp_client c(o);
    c.connect("127.0.0.1", site.port());
    site.login(c);
    EXPECT_TRUE(c.engine().data_protected());
    std::string got;
    c.retrbinary("RETR bin.dat", [&](std::string_view b) { got.append(b); });
    EXPECT_EQ(got, site.binary());
    if (GetParam() == kind::vsftpd) {
        // vsftpd refuses data connections that do not resume the control
        // connection's TLS session (require_ssl_reuse, its default).
        EXPECT_TRUE(c.engine().last_data_session_reused());
    }
    c.download("bin.dat", site.local("tls.copy")); // receive_file's TLS path
    EXPECT_EQ(read_file(site.local("tls.copy")), site.binary());
    write_file(site.local("up.bin"), site.binary());
    c.upload(site.local("up.bin"), "incoming/tls.bin");
    EXPECT_EQ(read_file(site.root() + "/incoming/tls.bin"), site.binary());
    EXPECT_EQ(c.nlst("incoming"), std::vector<std::string>{
                                      GetParam() == kind::vsftpd ? "incoming/tls.bin" : "tls.bin"});
    for (const std::string line : {"> AUTH TLS", "> PBSZ 0", "> PROT P"}) {
        EXPECT_NE(std::find(dialogue.begin(), dialogue.end(), line), dialogue.end()) << line;
    }
    // PROT C: the same session, data in the clear.
    c.prot_c();
    EXPECT_FALSE(c.engine().data_protected());
    EXPECT_EQ(c.nlst("incoming"), std::vector<std::string>{
                                      GetParam() == kind::vsftpd ? "incoming/tls.bin" : "tls.bin"});
}

TEST_P(FtpPeers, TlsRefusesAnUntrustedCertificate) {
    ftp_site site(GetParam());
    ftp::client_options o;
    o.tls_mode = ftp::security::explicit_tls;
    o.tls = netkit::net::tls_context::client().value(); // the system's roots: our CA is not one
    sync::ftp_client c(o);
    c.connect("127.0.0.1", site.port());
    try {
        c.login();
        ADD_FAILURE() << "logged in over an untrusted certificate";
    } catch (const netkit::sync::socket_error& e) {
        EXPECT_TRUE(netkit::net::is_certificate_error(e.code())) << e.what();
    }
}

TEST_P(FtpPeers, WrongLoginIs530) {
    ftp_site site(GetParam());
    sync::ftp_client c("127.0.0.1", site.port());
    try {
        c.login("netkit", "wrong");
        ADD_FAILURE() << "no error for a wrong password";
    } catch (const sync::ftp_error_perm& e) {
        EXPECT_EQ(e.code(), 530) << e.what();
    }
}

// urlopen of ftp:// URLs: a file read whole and in 64 KiB pieces, a
// directory as its listing, a missing file; the caching handler keeps one
// login per directory.
TEST_P(FtpPeers, UrlopenReadsFilesAndListings) {
    ftp_site site(GetParam());
    const std::string user = GetParam() == kind::pyftpdlib ? "netkit:secret@" : "";
    const std::string base = "ftp://" + user + "127.0.0.1:" + std::to_string(site.port());
    EXPECT_EQ(sync::urlopen(base + "/hello.txt").read(), "hello\nworld\n");
    auto r = sync::urlopen(base + "/bin.dat");
    std::string got;
    for (std::string piece = r.read(65536); !piece.empty(); piece = r.read(65536)) {
        EXPECT_LE(piece.size(), 65536u);
        got += piece;
    }
    EXPECT_EQ(got, site.binary());
    EXPECT_NE(sync::urlopen(base + "/sub/").read().find("inner.txt"), std::string::npos);
    EXPECT_THROW(sync::urlopen(base + "/sub/missing.txt"), sync::url_error);

    auto cache = std::make_shared<netkit::request::cache_ftp_handler>();
    auto o = sync::build_opener({cache});
    EXPECT_EQ(o->open(base + "/hello.txt").read(), "hello\nworld\n");
    EXPECT_EQ(o->open(base + "/bin.dat").read(), site.binary());
    EXPECT_EQ(cache->kept(), 1u); // the same login, in the same directory
    EXPECT_EQ(o->open(base + "/sub/inner.txt").read(), "inner\n");
    EXPECT_EQ(cache->kept(), 2u);
    // One closed before its end: its connection goes, and the next URL logs in again.
    o->open(base + "/bin.dat").close();
    EXPECT_EQ(o->open(base + "/bin.dat").read(), site.binary());
}

TEST(FtpVsftpd, UrlopenOfFtpsUrls) {
    ftp_site site(kind::vsftpd, {.implicit_tls = true});
    const std::string url = "ftps://127.0.0.1:" + std::to_string(site.port()) + "/bin.dat";
    // The test's CA trusted: TLS from the first byte, as ftps:// means.
    auto o = sync::build_opener(
        {std::make_shared<netkit::request::ftp_handler>(tls_options(ftp::security::none))});
    EXPECT_EQ(o->open(url).read(), site.binary());
    // The system's trust store does not know the test's CA.
    EXPECT_THROW(sync::urlopen(url), sync::url_error);
}

TEST(FtpVsftpd, ImplicitTls) {
    ftp_site site(kind::vsftpd, {.implicit_tls = true});
    sync::ftp_client c(tls_options(ftp::security::implicit_tls));
    EXPECT_EQ(c.connect("127.0.0.1", site.port()).substr(0, 4), "220 ");
    c.login();
    std::string got;
    c.retrbinary("RETR bin.dat", [&](std::string_view b) { got.append(b); });
    EXPECT_EQ(got, site.binary());
    EXPECT_TRUE(c.engine().last_data_session_reused());
}

} // namespace

namespace {

TEST_P(FtpPeers, SourceAddressAndAbort) {
    ftp_site site(GetParam());
    sync::ftp_client c;
    EXPECT_THROW(c.connect("127.0.0.1", site.port(), std::chrono::seconds(5), "not-an-address"),
                 std::invalid_argument);
    // From 127.0.0.2 (loopback too): both servers refuse a data connection
    // from another address than the control connection's, so the listing
    // shows that the data connection came from there as well.
    c.connect("127.0.0.1", site.port(), std::chrono::seconds(5), "127.0.0.2");
    site.login(c);
    EXPECT_EQ(c.nlst().size(), 5u);
    if (GetParam() == kind::vsftpd) {
        EXPECT_NE(c.sendcmd("STAT").find("Connected to 127.0.0.2"), std::string::npos)
            << c.last_reply().text;
    }
    // ABOR with nothing in flight: "225 No transfer to abort" (226 allowed too).
    const std::string reply = c.abort();
    EXPECT_TRUE(reply.starts_with("225") || reply.starts_with("226")) << reply;
    EXPECT_EQ(c.pwd(), "/");
}

TEST_P(FtpPeers, ASinkThatStopsAbortsTheTransfer) {
    ftp_site site(GetParam());
    // The engine: returning false from the sink sends ABOR mid-transfer, and
    // the session stays usable.
    asio::io_context io;
    ftp::client engine(io.get_executor());
    ASSERT_TRUE(netkit::net::run_to_result(io, engine.connect("127.0.0.1", site.port())));
    const std::string user = GetParam() == kind::pyftpdlib ? "netkit" : "anonymous";
    ASSERT_TRUE(netkit::net::run_to_result(io, engine.login(user, "secret", "")));
    std::size_t received = 0;
    auto stopped =
        netkit::net::run_to_result(io, engine.retrieve("RETR bin.dat", ftp::transfer_type::binary,
                                                       std::nullopt, [&](std::string_view d) {
                                                           received += d.size();
                                                           return false;
                                                       }));
    ASSERT_TRUE(stopped) << stopped.error().message() << " " << engine.last_reply().text;
    EXPECT_TRUE(stopped->code == 225 || stopped->code == 226) << stopped->text;
    EXPECT_GT(received, 0u);
    auto pwd = netkit::net::run_to_result(io, engine.command("PWD"));
    ASSERT_TRUE(pwd);
    EXPECT_EQ(pwd->code, 257) << pwd->text;
}

} // namespace
