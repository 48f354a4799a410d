// The embeddable server (http::server) over real loopback sockets: routes
// and their parameters, 404/405, handlers as plain functions and as
// coroutines reading the body, a throwing handler, 100-continue, pipelining,
// a response larger than the socket takes at once, requests already there
// when the connection is taken, a mounted static directory, the access log
// and a graceful stop.
#include <netkit/http/engine/server.hpp>
#include <netkit/http/engine/static_files.hpp>
#include <netkit/sync/socket.hpp>

#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

// The server hands memory back with malloc_trim only when asked: this
// binary's own malloc_trim (it takes the place of glibc's for the calls the
// statically linked library makes) counts the calls.
std::atomic<int> malloc_trim_calls{0};
extern "C" int malloc_trim(size_t) noexcept {
    malloc_trim_calls.fetch_add(1);
    return 0;
}

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
        server_->mount("/static/", static_files({.root = dir_.path().string()}).value());
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
        auto s = sync::socket::connect(address());
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

// RFC 9112 §6.1: a transfer coding the server does not decode is a 501; the
// handler never sees the body, still gzipped under its chunks.
TEST_F(ServerTest, ARequestBodyWithACodingUnderItsChunksIs501) {
    const auto reply =
        exchange("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n"
                 "Connection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 501") << reply;
    EXPECT_EQ(reply.find("got"), std::string::npos) << reply;
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponseFirst) {
    auto s = sync::socket::connect(address());
    s.settimeout(std::chrono::seconds(10));
    s.sendall(
        "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    EXPECT_EQ(s.readline(), "HTTP/1.1 100 Continue\r\n");
    EXPECT_EQ(s.readline(), "\r\n");
    s.sendall("data");
    EXPECT_EQ(s.readline(), "HTTP/1.1 200 OK\r\n");
}

TEST_F(ServerTest, AThrowingHandlerGets500AndTheServerGoesOn) {
    const auto reply =
        exchange("GET /throw HTTP/1.1\r\nHost: t\r\n\r\n"
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
    auto s = sync::socket::connect(address());
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
    const auto reply = exchange(
        "POST /ignore HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello" + get("/hello/after"));
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
    auto idle = sync::socket::connect(address());
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
    EXPECT_THROW(sync::socket::connect(address()), sync::socket_error);
    runner_ = std::thread([] {}); // for TearDown
}

// Connections whose requests are already there when the server takes them
// (made before run() starts): each is served at once as far as it can be,
// and what must wait goes on in the connection's coroutine: a request kept
// alive, then another; a head that is only partly there; a body read by a
// coroutine handler; pipelined requests; a bad head; a client gone already.
TEST(ServerFirstRequest, WhatIsThereAtTheAcceptIsServedAndTheRestFollows) {
    server_options options;
    options.threads = 1;
    std::mutex log_mutex;
    std::vector<std::string> log;
    options.access_log = [&](const access_entry& e) {
        std::lock_guard lock(log_mutex);
        log.push_back(std::string(e.remote_host) + " " + std::string(e.request_line));
    };
    server s(std::move(options));
    s.route("GET", "/hello/{name}", [](server_request& r) {
        return server_response(200, "hello " + std::string(r.param("name")) + " from " +
                                        std::string(r.remote_address()));
    });
    s.route("POST", "/echo", handler([](server_request& r) -> asio::awaitable<server_response> {
                auto body = co_await r.read_body(1024);
                co_return server_response(200, "got " + (body ? *body : std::string("?")));
            }));
    ASSERT_TRUE(s.listen(net::endpoint("127.0.0.1", 0)));
    const std::string at = "127.0.0.1:" + std::to_string(s.port());
    auto opened = [&](const std::string& first) {
        auto c = sync::socket::connect(at);
        c.settimeout(std::chrono::seconds(10));
        if (!first.empty()) {
            c.sendall(first);
        }
        return c;
    };
    auto rest_of = [](sync::socket& c) {
        std::string reply;
        for (auto chunk = c.recv(65536); !chunk.empty(); chunk = c.recv(65536)) {
            reply += chunk;
        }
        return reply;
    };
    auto closing = opened("GET /hello/a HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    auto kept = opened("GET /hello/b HTTP/1.1\r\nHost: t\r\n\r\n");
    auto partial = opened("GET /hello/c HTTP/1.1\r\nHo");
    auto body = opened("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbo");
    auto pipelined = opened("GET /hello/d HTTP/1.1\r\nHost: t\r\n\r\n"
                            "GET /hello/e HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    auto bad = opened("GET /hello/f HTTP/9.9\r\n\r\n");
    auto silent = opened("");
    auto gone = opened("GET /hello/g HTTP/1.1\r\nHost: t\r\n\r\n");
    gone.close();
    std::thread runner([&] { s.run(); });

    const auto a = rest_of(closing);
    EXPECT_EQ(a.substr(0, 17), "HTTP/1.1 200 OK\r\n");
    EXPECT_TRUE(a.ends_with("hello a from " + closing.getsockname())) << a;
    EXPECT_EQ(kept.readline(), "HTTP/1.1 200 OK\r\n");
    kept.sendall("GET /hello/b2 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    const auto b = rest_of(kept);
    EXPECT_NE(b.find("hello b from"), std::string::npos) << b;
    EXPECT_TRUE(b.ends_with("hello b2 from " + kept.getsockname())) << b;
    partial.sendall("st: t\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(rest_of(partial).ends_with("hello c from " + partial.getsockname()));
    body.sendall("dy");
    EXPECT_EQ(body.readline(), "HTTP/1.1 200 OK\r\n");
    body.sendall("GET /hello/h HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    const auto h = rest_of(body);
    EXPECT_NE(h.find("got body"), std::string::npos) << h;
    EXPECT_TRUE(h.ends_with("hello h from " + body.getsockname())) << h;
    const auto de = rest_of(pipelined);
    EXPECT_LT(de.find("hello d"), de.find("hello e")) << de;
    EXPECT_NE(de.find("hello e"), std::string::npos) << de;
    EXPECT_EQ(rest_of(bad).substr(0, 12), "HTTP/1.1 505");
    silent.sendall("GET /hello/i HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(rest_of(silent).ends_with("hello i from " + silent.getsockname()));
    s.stop();
    runner.join();
    // The log names each client as it connected, the one gone before its
    // answer included.
    std::lock_guard lock(log_mutex);
    const auto logged = [&](const std::string& line) {
        return std::find(log.begin(), log.end(), line) != log.end();
    };
    EXPECT_TRUE(logged("127.0.0.1 GET /hello/a HTTP/1.1"));
    EXPECT_TRUE(logged("127.0.0.1 GET /hello/g HTTP/1.1"));
}

// listen() again adds an address: each thread accepts on both ("localhost"
// as 127.0.0.1 and ::1, say), on one port.
TEST(ServerListen, OnSeveralAddresses) {
    server_options options;
    options.threads = 2;
    server s(std::move(options));
    s.route("GET", "/",
            [](server_request& r) { return server_response(200, std::string(r.path())); });
    ASSERT_TRUE(s.listen(net::endpoint("127.0.0.1", 0)));
    ASSERT_TRUE(s.listen(net::endpoint("::1", s.port())));
    EXPECT_EQ(s.local_address(), "127.0.0.1:" + std::to_string(s.port()));
    std::thread runner([&] { s.run(); });
    for (const std::string host : {"127.0.0.1", "[::1]", "127.0.0.1", "[::1]"}) {
        auto c = sync::socket::connect(host + ":" + std::to_string(s.port()));
        c.settimeout(std::chrono::seconds(10));
        c.sendall("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        EXPECT_EQ(c.readline(), "HTTP/1.1 200 OK\r\n") << host;
    }
    s.stop();
    runner.join();
}

TEST(ServerUnixSocket, SeveralThreadsShareOneListener) {
    // A Unix socket has no SO_REUSEPORT: one thread accepts for all and hands
    // each connection to its thread.
    netkit::test::temp_dir dir;
    server_options options;
    options.threads = 3;
    server s(std::move(options));
    s.route("GET", "/",
            [](server_request& r) { return server_response(200, std::string(r.path())); });
    const std::string path = (dir.path() / "http.sock").string();
    ASSERT_TRUE(s.listen(net::endpoint::unix_socket(path)));
    std::thread runner([&] { s.run(); });
    for (int i = 0; i < 12; ++i) {
        auto c = sync::socket::connect("unix:" + path);
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

// More than loopback's socket buffers hold, so that a client that does not
// read leaves the server with most of it unsent.
constexpr std::size_t unread_size = 64 << 20;

// A client that stopped reading cannot hold stop() forever: once the stop's
// bound passes, its connection is closed and run() returns.
TEST(ServerStop, EndsWithinItsBoundWhenAClientStopsReading) {
    auto options = test::local_server::one_thread();
    options.stop_timeout = std::chrono::milliseconds(300);
    server s(std::move(options));
    s.route("GET", "/huge",
            [](server_request&) { return server_response(200, std::string(unread_size, 'x')); });
    ASSERT_TRUE(s.listen(net::endpoint("127.0.0.1", 0)));
    auto running = std::async(std::launch::async, [&] { s.run(); });
    auto stuck = sync::socket::connect("127.0.0.1:" + std::to_string(s.port()));
    stuck.sendall("GET /huge HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(stuck.recv(12), "HTTP/1.1 200"); // the response is under way; no more is read
    s.stop();
    // Far past the 300 ms bound, so that a busy machine cannot fail it; a
    // run() that never ends is what this catches.
    const bool ended = running.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
    stuck.close(); // without the bound, only this would end run()
    running.wait();
    EXPECT_TRUE(ended) << "run() still waited for a client that stopped reading";
}

// In normal running too: a response that makes no progress for send_timeout
// has its connection closed, and the client gets less than all of it.
TEST(ServerSendTimeout, ClosesAConnectionWhoseClientStoppedReading) {
    auto options = test::local_server::one_thread();
    options.send_timeout = std::chrono::milliseconds(200);
    test::local_server s(std::move(options));
    s->route("GET", "/huge",
             [](server_request&) { return server_response(200, std::string(unread_size, 'x')); });
    s.start();
    auto stuck = sync::socket::connect("127.0.0.1:" + std::to_string(s->port()));
    stuck.settimeout(std::chrono::seconds(30));
    stuck.sendall("GET /huge HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(stuck.recv(12), "HTTP/1.1 200");
    std::this_thread::sleep_for(std::chrono::seconds(2)); // ten times the limit
    std::size_t received = 12;
    try {
        for (auto chunk = stuck.recv(1 << 20); !chunk.empty(); chunk = stuck.recv(1 << 20)) {
            received += chunk.size();
        }
    } catch (const sync::socket_error&) {
        // reset: closed all the same
    }
    EXPECT_LT(received, unread_size) << "the whole response was sent: the connection was kept";
}

// The descriptors /proc/self/fd holds for `path`.
int open_descriptors_of(const std::filesystem::path& path) {
    int count = 0;
    for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        if (std::filesystem::read_symlink(fd.path(), ec) == path) {
            ++count;
        }
    }
    return count;
}

// Serves `root` from this thread (where its file cache then lives) for one GET.
std::string serve_once_here(const std::string& root, const std::string& target) {
    server s(test::local_server::one_thread());
    s.mount("/", static_files({.root = root}).value());
    EXPECT_TRUE(s.listen(net::endpoint("127.0.0.1", 0)));
    std::string reply;
    std::thread client([&] {
        auto c = sync::socket::connect("127.0.0.1:" + std::to_string(s.port()));
        c.settimeout(std::chrono::seconds(10));
        c.sendall("GET " + target + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        for (auto chunk = c.recv(4096); !chunk.empty(); chunk = c.recv(4096)) {
            reply += chunk;
        }
        s.stop();
    });
    s.run();
    client.join();
    return reply;
}

// The file cache of a root goes with the root, from every thread that served
// it; a new root never finds an old one's files.
TEST(StaticFilesCache, GoesWithItsRoot) {
    netkit::test::temp_dir first, second;
    std::ofstream(first.path() / "a.txt") << "first root";
    std::ofstream(second.path() / "a.txt") << "second root";
    EXPECT_TRUE(serve_once_here(first.path().string(), "/a.txt").ends_with("first root"));
    EXPECT_EQ(open_descriptors_of(first.path() / "a.txt"), 0)
        << "the served file is still open after its server and root are gone";
    EXPECT_TRUE(serve_once_here(second.path().string(), "/a.txt").ends_with("second root"));
    EXPECT_EQ(open_descriptors_of(second.path() / "a.txt"), 0);
}

TEST(StaticFiles, ARootThatCannotBeOpenedIsAnError) {
    netkit::test::temp_dir dir;
    auto missing = static_files({.root = (dir.path() / "absent").string()});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error(), std::errc::no_such_file_or_directory);
    std::ofstream(dir.path() / "file") << "x";
    auto not_a_directory = static_files({.root = (dir.path() / "file").string()});
    ASSERT_FALSE(not_a_directory);
    EXPECT_EQ(not_a_directory.error(), std::errc::not_a_directory);
}

// Keeps one keep-alive connection idle on a fresh server for `wait`; the
// sweeper trims idle connections after a second.
void idle_a_connection(server_options options, std::chrono::milliseconds wait) {
    options.threads = 1;
    test::local_server s(std::move(options));
    s->route("GET", "/", [](server_request&) { return server_response(200, "ok"); });
    s.start();
    auto c = sync::socket::connect("127.0.0.1:" + std::to_string(s->port()));
    c.settimeout(std::chrono::seconds(10));
    c.sendall("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(c.readline(), "HTTP/1.1 200 OK\r\n");
    const auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until && malloc_trim_calls.load() == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

// malloc_trim walks the whole heap of the program that embeds the server:
// the server calls it only when asked (netkit serve asks).
TEST(ServerReleaseMemory, MallocTrimOnlyWhenAsked) {
    malloc_trim_calls = 0;
    server_options asked;
    asked.release_memory = true;
    idle_a_connection(asked, std::chrono::seconds(20)); // returns at the first call
    EXPECT_GT(malloc_trim_calls.load(), 0) << "the idle connection was never trimmed";
    malloc_trim_calls = 0;
    idle_a_connection(server_options{}, std::chrono::milliseconds(2500));
    EXPECT_EQ(malloc_trim_calls.load(), 0);
}

} // namespace
} // namespace netkit::http
