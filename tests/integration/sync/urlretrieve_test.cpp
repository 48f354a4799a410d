// sync::urlretrieve: a body to a named or temporary file with Python's
// report-hook calls, HTTPError and URLError as urlopen's, and
// ContentTooShortError against a server that stops early, with no partial
// file left under the name.
#include <netkit/sync/urlretrieve.hpp>

#include "support/local_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/streambuf.hpp>
#include <asio/write.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <tuple>

namespace netkit::sync {
namespace {

namespace fs = std::filesystem;

std::string file_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class UrlretrieveTest : public ::testing::Test {
protected:
    void SetUp() override {
        body_ = std::string(20000, 'x');
        server_->route("GET", "/file", [this](http::server_request&) {
            return http::server_response(200, body_, "application/octet-stream");
        });
        server_.start();
    }

    test::local_server server_;
    std::string body_;
    test::temp_dir dir_;
};

TEST_F(UrlretrieveTest, ToANamedFileWithPythonsReportHookCalls) {
    std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> calls;
    const auto target = (dir_.path() / "out.bin").string();
    const auto got = urlretrieve(server_.base() + "/file", target,
                                 [&](std::int64_t block, std::int64_t size, std::int64_t total) {
                                     calls.emplace_back(block, size, total);
                                 });
    EXPECT_EQ(got.filename, target);
    EXPECT_EQ(got.headers.get("Content-Length"), "20000");
    EXPECT_EQ(file_text(target), body_);
    // Python: block 0 first, then one call a block of 8 KiB read (3 here).
    const std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> expected{
        {0, 8192, 20000}, {1, 8192, 20000}, {2, 8192, 20000}, {3, 8192, 20000}};
    EXPECT_EQ(calls, expected);
    EXPECT_FALSE(fs::exists(target + ".part"));
}

TEST_F(UrlretrieveTest, WithoutANameToATemporaryFileThatUrlcleanupRemoves) {
    const auto got = urlretrieve(server_.base() + "/file");
    EXPECT_EQ(file_text(got.filename), body_);
    urlcleanup();
    EXPECT_FALSE(fs::exists(got.filename));
}

TEST_F(UrlretrieveTest, AnHttpErrorLeavesNoFile) {
    const auto target = (dir_.path() / "missing.bin").string();
    EXPECT_THROW(urlretrieve(server_.base() + "/missing", target), http_error);
    EXPECT_FALSE(fs::exists(target));
    EXPECT_FALSE(fs::exists(target + ".part"));
    EXPECT_THROW(urlretrieve("http://127.0.0.1:" + std::to_string(test::free_port()) + "/", target),
                 url_error);
}

TEST_F(UrlretrieveTest, EverySchemeUrlopenOpens) {
    const auto target = (dir_.path() / "data.txt").string();
    const auto from_data = urlretrieve("data:text/plain;base64,SGVsbG8=", target);
    EXPECT_EQ(file_text(target), "Hello");
    EXPECT_EQ(from_data.headers.get("Content-length"), "5");
    // A file: URL without a name is not copied: its path comes back, as
    // posixpath.normpath leaves it.
    const auto source = dir_.path() / "source.txt";
    std::ofstream(source) << "local";
    fs::create_directory(dir_.path() / "x");
    EXPECT_EQ(urlretrieve("file://" + source.string()).filename, source.string());
    EXPECT_EQ(
        urlretrieve("file:" + (dir_.path() / "x" / ".." / "." / "source.txt").string()).filename,
        source.string());
    // With a name, it is.
    const auto copy = (dir_.path() / "copy.txt").string();
    EXPECT_EQ(urlretrieve("file://" + source.string(), copy).headers.get("Content-length"), "5");
    EXPECT_EQ(file_text(copy), "local");
    EXPECT_THROW(urlretrieve("file://" + (dir_.path() / "none").string(), copy + "2"), url_error);
    EXPECT_FALSE(fs::exists(copy + "2"));
}

TEST_F(UrlretrieveTest, AServerThatStopsEarlyIsContentTooShort) {
    // It promises 100,000 bytes, sends 5,000 and closes.
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    std::thread server([&] {
        asio::ip::tcp::socket s(io);
        acceptor.accept(s);
        asio::streambuf request;
        asio::read_until(s, request, "\r\n\r\n");
        const std::string answer =
            "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + std::string(5000, 'y');
        asio::write(s, asio::buffer(answer));
    });
    const auto target = (dir_.path() / "short.bin").string();
    try {
        urlretrieve("http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/x",
                    target);
        ADD_FAILURE() << "no ContentTooShortError";
    } catch (const content_too_short_error& e) {
        EXPECT_STREQ(e.what(),
                     "<urlopen error retrieval incomplete: got only 5000 out of 100000 bytes>");
        EXPECT_EQ(e.content().filename, target);
        EXPECT_EQ(e.content().headers.get("Content-Length"), "100000");
    }
    server.join();
    EXPECT_FALSE(fs::exists(target));
    EXPECT_FALSE(fs::exists(target + ".part"));
}

} // namespace
} // namespace netkit::sync
