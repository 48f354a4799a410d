// The embeddable server (http::server) over real loopback sockets: routes
// and their parameters, 404/405, handlers as plain functions and as
// coroutines reading the body, a throwing handler, 100-continue, pipelining,
// a response larger than the socket takes at once,
// a mounted static directory, the access log and a graceful stop.
#include <netkit/http/server.hpp>
#include <netkit/http/static_files.hpp>
#include <netkit/net/blocking.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace netkit::http {
namespace {

class ServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        {
            std::ofstream f(dir_.path() / "page.txt");
            f << "static page";
        }
        server_options options;
        options.threads = 2;
        options.access_log = [this](const access_entry& e) {
            std::lock_guard lock(log_mutex_);
            log_.push_back(std::string(e.request_line) + " " + std::to_string(e.status));
        };
        server_ = std::make_unique<server>(std::move(options));
        server_->route("GET", "/hello/{name}", [](server_request& r) {
            return server_response(200, "hello " + std::string(r.param("name")));
        });
        server_->route("GET", "/files/*", [](server_request& r) {
            return server_response(200, "rest=" + std::string(r.param("*")));
        });
        server_->route("POST", "/echo",
                       handler([](server_request& r) -> asio::awaitable<server_response> {
                           auto body = co_await r.read_body(1024 * 1024);
                           if (!body) {
                               co_return error_response(413);
                           }
                           co_return server_response(200, "got " + *body);
                       }));
        server_->route("GET", "/throw", [](server_request&) -> server_response {
            throw std::runtime_error("handler exploded");
        });
        server_->route("GET", "/response", [](server_request&) {
            http::response r;
            r.status = 201;
            (void)r.headers.set("X-Made-By", "http::response");
            r.body = "converted";
            return server_response(std::move(r));
        });
        server_->route("POST", "/ignore",
                       [](server_request&) { return server_response(200, "ignored"); });
        server_->route("GET", "/big",
                       [](server_request&) { return server_response(200, big_body()); });
        server_->mount("/static/", static_files({.root = dir_.path().string()}));
        ASSERT_TRUE(server_->listen(net::endpoint("127.0.0.1", 0)));
        runner_ = std::thread([this] { server_->run(); });
    }

    void TearDown() override {
        server_->stop();
        runner_.join();
    }

    std::string address() const { return "127.0.0.1:" + std::to_string(server_->port()); }

    /// Sends `raw` and reads until the server closes the connection.
    std::string exchange(const std::string& raw) {
        auto s = net::blocking::socket::connect(address());
        s.settimeout(std::chrono::seconds(10));
        s.sendall(raw);
        std::string reply;
        for (;;) {
            auto chunk = s.recv(65536);
            if (chunk.empty()) {
                return reply;
            }
            reply += chunk;
        }
    }

    static std::string get(std::string_view path) {
        return "GET " + std::string(path) + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    }

    /// More than a socket's buffer takes at once, every byte telling where it is.
    static std::string big_body() {
        std::string body;
        for (int i = 0; body.size() < 6 * 1024 * 1024; ++i) {
            body += std::to_string(i) + '\n';
        }
        return body;
    }

    netkit::test::temp_dir dir_;
    std::unique_ptr<server> server_;
    std::thread runner_;
    std::mutex log_mutex_;
    std::vector<std::string> log_;
};

TEST_F(ServerTest, RouteParametersReachThePlainHandler) {
    const auto reply = exchange(get("/hello/ada"));
    EXPECT_EQ(reply.substr(0, 17), "HTTP/1.1 200 OK\r\n");
    EXPECT_NE(reply.find("\r\nContent-Length: 9\r\n"), std::string::npos);
    EXPECT_NE(reply.find("\r\nDate: "), std::string::npos);
    EXPECT_TRUE(reply.ends_with("\r\n\r\nhello ada"));
    EXPECT_TRUE(exchange(get("/files/a/b/c.txt")).ends_with("rest=a/b/c.txt"));
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
    EXPECT_EQ(exchange(get("/nothing")).substr(0, 12), "HTTP/1.1 404");
    const auto reply = exchange("DELETE /hello/x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 405");
    EXPECT_NE(reply.find("\r\nAllow: GET, HEAD\r\n"), std::string::npos);
}

TEST_F(ServerTest, HeadGetsTheHeadOfGet) {
    const auto reply = exchange("HEAD /hello/ada HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_NE(reply.find("\r\nContent-Length: 9\r\n"), std::string::npos);
    EXPECT_TRUE(reply.ends_with("\r\n\r\n"));
}

TEST_F(ServerTest, CoroutineHandlerReadsLengthAndChunkedBodies) {
    EXPECT_TRUE(exchange("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
                         "Connection: close\r\n\r\nhello")
                    .ends_with("got hello"));
    EXPECT_TRUE(exchange("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
                         "Connection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                    .ends_with("got abcde"));
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponseFirst) {
    auto s = net::blocking::socket::connect(address());
    s.settimeout(std::chrono::seconds(10));
    s.sendall("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    EXPECT_EQ(s.readline(), "HTTP/1.1 100 Continue\r\n");
    EXPECT_EQ(s.readline(), "\r\n");
    s.sendall("data");
    EXPECT_EQ(s.readline(), "HTTP/1.1 200 OK\r\n");
}

TEST_F(ServerTest, AThrowingHandlerGets500AndTheServerGoesOn) {
    const auto reply = exchange("GET /throw HTTP/1.1\r\nHost: t\r\n\r\n"
                                "GET /hello/again HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 500");
    EXPECT_TRUE(reply.ends_with("hello again"));
    std::lock_guard lock(log_mutex_);
    EXPECT_NE(std::find(log_.begin(), log_.end(), "GET /throw HTTP/1.1 500"), log_.end());
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
    const auto reply = exchange("GET /hello/1 HTTP/1.1\r\nHost: t\r\n\r\n"
                                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx"
                                "GET /hello/3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    const auto first = reply.find("hello 1");
    const auto second = reply.find("got x");
    const auto third = reply.find("hello 3");
    ASSERT_NE(first, std::string::npos);
    ASSERT_NE(second, std::string::npos);
    ASSERT_NE(third, std::string::npos); // the request after a body is answered too
    EXPECT_LT(first, second);
    EXPECT_LT(second, third);
}

TEST_F(ServerTest, AResponseTheFirstWriteLeftUnfinishedIsCompletedInOrder) {
    // The first write takes what the socket's buffer holds; the rest goes
    // when the client reads, and the pipelined request after it follows.
    auto s = net::blocking::socket::connect(address());
    s.settimeout(std::chrono::seconds(10));
    s.sendall("GET /big HTTP/1.1\r\nHost: t\r\n\r\n" + get("/hello/after"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // let the buffers fill
    std::string reply;
    for (auto chunk = s.recv(65536); !chunk.empty(); chunk = s.recv(65536)) {
        reply += chunk;
    }
    const std::string body = big_body();
    const auto start = reply.find("\r\n\r\n");
    ASSERT_NE(start, std::string::npos);
    EXPECT_NE(reply.substr(0, start).find("Content-Length: " + std::to_string(body.size())),
              std::string::npos);
    ASSERT_GE(reply.size(), start + 4 + body.size());
    EXPECT_TRUE(reply.compare(start + 4, body.size(), body) == 0);
    const auto second = reply.substr(start + 4 + body.size());
    EXPECT_EQ(second.substr(0, 15), "HTTP/1.1 200 OK");
    EXPECT_TRUE(second.ends_with("hello after"));
}

TEST_F(ServerTest, ABodyAPlainHandlerLeftUnreadIsDroppedAndTheNextRequestServed) {
    const auto reply = exchange("POST /ignore HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello" +
                                get("/hello/after"));
    const auto first = reply.find("ignored");
    const auto second = reply.find("hello after");
    ASSERT_NE(first, std::string::npos) << reply;
    ASSERT_NE(second, std::string::npos) << reply; // "hello" was not taken for a request
    EXPECT_LT(first, second);
    EXPECT_EQ(reply.find("400"), std::string::npos) << reply;
}

TEST_F(ServerTest, MountedStaticFilesAndConvertedResponses) {
    const auto redirect = exchange(get("/static"));
    EXPECT_EQ(redirect.substr(0, 12), "HTTP/1.1 301");
    EXPECT_NE(redirect.find("\r\nLocation: /static/\r\n"), std::string::npos);
    EXPECT_TRUE(exchange(get("/static/page.txt")).ends_with("static page"));
    const auto converted = exchange(get("/response"));
    EXPECT_EQ(converted.substr(0, 12), "HTTP/1.1 201");
    EXPECT_NE(converted.find("\r\nX-Made-By: http::response\r\n"), std::string::npos);
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndRunReturns) {
    auto idle = net::blocking::socket::connect(address());
    idle.settimeout(std::chrono::seconds(10));
    idle.sendall("GET /hello/x HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(idle.readline(), "HTTP/1.1 200 OK\r\n");
    server_->stop();
    runner_.join();
    // The idle keep-alive connection was closed, and nothing listens any more.
    std::string rest;
    for (auto chunk = idle.recv(4096); !chunk.empty(); chunk = idle.recv(4096)) {
        rest += chunk;
    }
    EXPECT_TRUE(rest.ends_with("hello x"));
    EXPECT_THROW(net::blocking::socket::connect(address()), net::socket_error);
    runner_ = std::thread([] {}); // for TearDown
}

TEST(ServerUnixSocket, SeveralThreadsShareOneListener) {
    // A Unix socket has no SO_REUSEPORT: one thread accepts for all and hands
    // each connection to its thread.
    netkit::test::temp_dir dir;
    server_options options;
    options.threads = 3;
    server s(std::move(options));
    s.route("GET", "/", [](server_request& r) { return server_response(200, std::string(r.path())); });
    const std::string path = (dir.path() / "http.sock").string();
    ASSERT_TRUE(s.listen(net::endpoint::unix_socket(path)));
    std::thread runner([&] { s.run(); });
    for (int i = 0; i < 12; ++i) {
        auto c = net::blocking::socket::connect("unix:" + path);
        c.settimeout(std::chrono::seconds(10));
        c.sendall("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        std::string reply;
        for (auto chunk = c.recv(4096); !chunk.empty(); chunk = c.recv(4096)) {
            reply += chunk;
        }
        EXPECT_EQ(reply.substr(0, 17), "HTTP/1.1 200 OK\r\n") << i;
    }
    s.stop();
    runner.join();
}

} // namespace
} // namespace netkit::http
