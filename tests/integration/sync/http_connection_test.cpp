// sync::http_connection and https_connection (http.client for C++) against
// real peers on loopback: Python's http.server (HTTP/1.0, the connection
// closes), httpbin under gunicorn (JSON echo, chunked streams, statuses),
// netkit's own server (keep-alive, HTTPS with a CA minted for the run), and
// a socket that breaks its response off.
#include <netkit/http/engine/server.hpp>
#include <netkit/json/value.hpp>
#include <netkit/sync/http_connection.hpp>
#include <netkit/sync/socket.hpp>

#include "support/pki.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <mutex>
#include <set>
#include <thread>

namespace netkit::sync {
namespace {

using test::child_process;
using test::free_port;
using test::wait_for_port;

class PythonPeers : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new test::temp_dir();
        std::ofstream(dir_->path() / "page.txt") << "a page of text\n";
        python_port_ = free_port();
        python_ = new child_process({"/usr/bin/python3", "-m", "http.server",
                                     std::to_string(python_port_), "-b", "127.0.0.1", "-d",
                                     dir_->path().string()});
        wait_for_port(python_port_, *python_);
        httpbin_port_ = free_port();
        httpbin_ = new child_process(
            {"gunicorn", "-b", "127.0.0.1:" + std::to_string(httpbin_port_), "httpbin:app"});
        wait_for_port(httpbin_port_, *httpbin_);
    }
    static void TearDownTestSuite() {
        delete httpbin_;
        delete python_;
        delete dir_;
    }
    static inline test::temp_dir* dir_ = nullptr;
    static inline child_process* python_ = nullptr;
    static inline child_process* httpbin_ = nullptr;
    static inline std::uint16_t python_port_ = 0;
    static inline std::uint16_t httpbin_port_ = 0;
};

TEST_F(PythonPeers, GetFromPythonsHttpServer) {
    http_connection conn("127.0.0.1", python_port_);
    conn.request("GET", "/page.txt");
    auto r = conn.getresponse();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.reason, "OK");
    EXPECT_EQ(r.version, 10); // http.server answers HTTP/1.0 and closes
    EXPECT_EQ(r.getheader("content-type"), "text/plain");
    EXPECT_EQ(r.getheader("X-Missing", "none"), "none");
    EXPECT_EQ(r.read(4), "a pa");
    EXPECT_EQ(r.read(), "ge of text\n");
    EXPECT_EQ(r.read(), "");
    // The server closed the connection: the next request opens another.
    conn.request("HEAD", "/page.txt");
    auto h = conn.getresponse();
    EXPECT_EQ(h.getheader("Content-Length"), "15");
    EXPECT_EQ(h.read(), "");
    conn.request("GET", "/missing");
    auto missing = conn.getresponse();
    EXPECT_EQ(missing.status, 404); // a status, not an exception, as in http.client
    EXPECT_NE(missing.read().find("File not found"), std::string::npos);
}

TEST_F(PythonPeers, HostPortInTheHostAsHttpClientAllows) {
    http_connection conn("127.0.0.1:" + std::to_string(python_port_));
    conn.request("GET", "/page.txt");
    EXPECT_EQ(conn.getresponse().read(), "a page of text\n");
}

TEST_F(PythonPeers, PostJsonToHttpbin) {
    http_connection conn("127.0.0.1", httpbin_port_);
    conn.request("POST", "/post", R"({"text": "hi"})", {{"Content-Type", "application/json"}});
    auto r = conn.getresponse();
    EXPECT_EQ(r.status, 200);
    const auto echo = json::parse(r.read()).value();
    EXPECT_EQ(echo.find("json")->find("text")->as_string(), "hi");
    EXPECT_EQ(echo.find("headers")->find("Content-Length")->as_string(), "14");
    EXPECT_EQ(echo.find("headers")->find("Content-Type")->as_string(), "application/json");
}

TEST_F(PythonPeers, ChunkedStreamsAndStatusesFromHttpbin) {
    http_connection conn("127.0.0.1", httpbin_port_);
    conn.request("GET", "/stream/3");
    auto r = conn.getresponse();
    EXPECT_EQ(r.getheader("Transfer-Encoding"), "chunked");
    const auto body = r.read();
    EXPECT_EQ(std::count(body.begin(), body.end(), '\n'), 3) << body;
    conn.request("GET", "/status/418");
    EXPECT_EQ(conn.getresponse().status, 418);
    conn.request("GET", "/bytes/100000");
    EXPECT_EQ(conn.getresponse().read().size(), 100000u);
}

TEST(HttpConnection, KeepAliveReusesTheConnection) {
    std::mutex m;
    std::set<std::string> peers;
    http::server_options options;
    options.threads = 1;
    options.access_log = [&](const http::access_entry&) {};
    http::server server(std::move(options));
    server.route("GET", "/who", [&](http::server_request& r) {
        std::lock_guard lock(m);
        peers.insert(std::string(r.remote_address()));
        return http::server_response(200, "you");
    });
    ASSERT_TRUE(server.listen(net::endpoint("127.0.0.1", 0)));
    std::thread runner([&] { server.run(); });
    {
        http_connection conn("127.0.0.1", server.port());
        for (int i = 0; i < 5; ++i) {
            conn.request("GET", "/who");
            auto r = conn.getresponse();
            EXPECT_EQ(r.version, 11);
            EXPECT_EQ(r.read(), "you");
        }
    }
    server.stop();
    runner.join();
    EXPECT_EQ(peers.size(), 1u); // five requests, one connection
}

TEST(HttpsConnection, VerifiesAgainstTheGivenCa) {
    test::pki pki;
    http::server_options options;
    options.threads = 1;
    options.tls = net::tls_context::server({pki.server_cert, pki.server_key}).value();
    http::server server(std::move(options));
    server.route("GET", "/", [](http::server_request& r) {
        return http::server_response(200, r.is_tls() ? "secure" : "plain");
    });
    ASSERT_TRUE(server.listen(net::endpoint("127.0.0.1", 0)));
    std::thread runner([&] { server.run(); });

    https_connection conn("localhost", server.port(), {.ca_file = pki.ca});
    conn.request("GET", "/");
    EXPECT_EQ(conn.getresponse().read(), "secure");

    https_connection untrusted("localhost", server.port()); // the system store knows not this CA
    try {
        untrusted.request("GET", "/");
        ADD_FAILURE() << "an untrusted certificate was accepted";
    } catch (const sync::socket_error& e) {
        EXPECT_NE(std::string(e.what()).find("https://localhost:"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("certificate"), std::string::npos) << e.what();
    }
    server.stop();
    runner.join();
}

TEST(HttpConnection, FailuresSayWhatFailed) {
    const auto port = free_port(); // nothing listens
    http_connection refused("127.0.0.1", port);
    try {
        refused.request("GET", "/");
        ADD_FAILURE() << "connected to a closed port";
    } catch (const sync::socket_error& e) {
        EXPECT_NE(std::string(e.what()).find("http://127.0.0.1:" + std::to_string(port)),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(http_connection("bad host name"), std::invalid_argument);
    EXPECT_THROW(refused.getresponse(), std::logic_error);
}

TEST(HttpConnection, ABodyThatBreaksOffIsAnError) {
    auto listener = sync::server_socket::listen("127.0.0.1:0");
    std::thread peer([&] {
        auto [s, address] = listener.accept();
        (void)s.recv(4096);
        s.sendall("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        s.close();
    });
    http_connection conn("127.0.0.1", listener.port());
    conn.request("GET", "/");
    auto r = conn.getresponse();
    EXPECT_THROW(r.read(), http_exception);
    peer.join();
}

TEST(HttpConnection, AGarbledStatusLineIsAnError) {
    auto listener = sync::server_socket::listen("127.0.0.1:0");
    std::thread peer([&] {
        auto [s, address] = listener.accept();
        (void)s.recv(4096);
        s.sendall("HTTP/1.1 OK\r\n\r\n");
        s.close();
    });
    http_connection conn("127.0.0.1", listener.port());
    conn.request("GET", "/");
    EXPECT_THROW(conn.getresponse(), http_exception);
    peer.join();
}

} // namespace
} // namespace netkit::sync
