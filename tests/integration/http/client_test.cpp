// http::client, the coroutine face of the session, against netkit's server:
// the verbs, one pooled connection for many requests, redirects with a body
// dropped or kept, and a body streamed to a callback.
#include <netkit/http/engine/client.hpp>
#include <netkit/http/engine/server.hpp>
#include <netkit/net/run.hpp>

#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

#include <netkit/sync/client.hpp>
#include <netkit/sync/socket.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

namespace netkit::http {
namespace {

class ClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        server_->route("GET", "/who", [this](server_request& r) {
            std::lock_guard lock(m_);
            peers_.insert(std::string(r.remote_address()));
            return server_response(200, "you");
        });
        auto echo = handler([](server_request& r) -> asio::awaitable<server_response> {
            auto body = co_await r.read_body(1 << 20);
            co_return server_response(200, std::string(r.method()) + " " +
                                               std::string(r.header("Content-Type").value_or("-")) +
                                               " " + (body ? *body : ""));
        });
        for (const char* method : {"POST", "PUT", "PATCH", "DELETE", "GET"}) {
            server_->route(method, "/echo", echo);
        }
        server_->route("POST", "/see-other", [](server_request&) {
            server_response r(303);
            (void)r.headers.set("Location", "/echo");
            return r;
        });
        server_->route("POST", "/temporary", [](server_request&) {
            server_response r(307);
            (void)r.headers.set("Location", "/echo");
            return r;
        });
        server_.start();
        base_ = server_.base();
    }
    template <class T> T run(asio::awaitable<result<T>> op) {
        auto r = net::run_to_result(io_, std::move(op));
        EXPECT_TRUE(r) << r.error().message();
        return r ? std::move(*r) : T{};
    }

    asio::io_context io_{1};
    test::local_server server_;
    std::string base_;
    std::mutex m_;
    std::set<std::string> peers_;
};

TEST_F(ClientTest, TheVerbs) {
    client web;
    EXPECT_EQ(run(web.post(base_ + "/echo", "a=1", "application/x-www-form-urlencoded")).body,
              "POST application/x-www-form-urlencoded a=1");
    EXPECT_EQ(run(web.put(base_ + "/echo", "{}", "application/json")).body,
              "PUT application/json {}");
    EXPECT_EQ(run(web.patch(base_ + "/echo", "x", "text/plain")).body, "PATCH text/plain x");
    EXPECT_EQ(run(web.del(base_ + "/echo")).body, "DELETE - ");
    auto h = run(web.head(base_ + "/who"));
    EXPECT_EQ(h.status, 200);
    EXPECT_EQ(h.body, "");
    EXPECT_EQ(h.headers.get("Content-Length"), "3");
}

TEST_F(ClientTest, OnePooledConnectionCarriesEveryRequest) {
    client web;
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(run(web.get(base_ + "/who")).body, "you");
    }
    std::lock_guard lock(m_);
    EXPECT_EQ(peers_.size(), 1u);
}

TEST(ClientRetry, AStalePooledConnectionIsReplacedOnce) {
    // The server closes keep-alive connections idle for 200 ms: the pooled
    // one is dead when the second GET takes it, and the GET is repeated on a
    // fresh connection, as a repeatable request may be.
    auto options = test::local_server::one_thread();
    options.idle_timeout = std::chrono::milliseconds(200);
    test::local_server server(std::move(options));
    std::mutex m;
    std::set<std::string> peers;
    server->route("GET", "/who", [&](server_request& r) {
        std::lock_guard lock(m);
        peers.insert(std::string(r.remote_address()));
        return server_response(200, "you");
    });
    server.start();
    asio::io_context io(1);
    client web;
    auto first = net::run_to_result(io, web.get(server.base() + "/who"));
    ASSERT_TRUE(first) << first.error().message();
    std::this_thread::sleep_for(std::chrono::milliseconds(800)); // past the idle limit and a sweep
    auto second = net::run_to_result(io, web.get(server.base() + "/who"));
    ASSERT_TRUE(second) << second.error().message();
    EXPECT_EQ(second->body, "you");
    std::lock_guard lock(m);
    EXPECT_EQ(peers.size(), 2u);
}

// "Transfer-Encoding: gzip, chunked": the chunks come off, the gzip would
// stay. The client fails instead of handing over bytes that are not the body.
TEST(ClientTransferCoding, ABodyStillCodedUnderItsChunksIsAnError) {
    auto listening = sync::server_socket::listen("127.0.0.1:0");
    std::thread peer([&] {
        auto [c, who] = listening.accept();
        c.settimeout(std::chrono::seconds(10));
        for (std::string line = c.readline(); line != "\r\n" && !line.empty();
             line = c.readline()) {
        }
        c.sendall("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                  "5\r\nhello\r\n0\r\n\r\n");
        c.close();
    });
    asio::io_context io(1);
    client web;
    auto r = net::run_to_result(
        io, web.get("http://127.0.0.1:" + std::to_string(listening.port()) + "/"));
    peer.join();
    ASSERT_FALSE(r) << "accepted a body still gzipped: " << r->body;
    EXPECT_EQ(r.error(), error::unknown_transfer_coding);
}

TEST_F(ClientTest, RedirectsChangeOrKeepTheMethod) {
    client web;
    auto other = run(web.post(base_ + "/see-other", "data", "text/plain"));
    EXPECT_EQ(other.body, "GET - ");
    EXPECT_EQ(other.redirects, (std::vector<std::string>{base_ + "/see-other"}));
    EXPECT_EQ(other.url, base_ + "/echo");
    EXPECT_EQ(run(web.post(base_ + "/temporary", "data", "text/plain")).body,
              "POST text/plain data");
}

TEST_F(ClientTest, BodiesStreamToACallback) {
    client web;
    std::string seen_head, streamed;
    client_request r;
    r.method = "POST";
    r.url = base_ + "/echo";
    r.body = std::string(100000, 'z');
    r.on_body = [&](std::string_view piece) {
        streamed.append(piece);
        return true;
    };
    r.on_head = [&](const client_response& head) { seen_head = std::to_string(head.status); };
    auto answer = run(web.request(std::move(r)));
    EXPECT_EQ(seen_head, "200");
    EXPECT_EQ(answer.body, "");
    EXPECT_EQ(streamed.size(), std::string("POST - ").size() + 100000);
}

// A body made as it goes: its pieces go out chunked, after the server's
// 100 Continue, and arrive whole.
TEST_F(ClientTest, ABodySourceGoesChunked) {
    client web;
    int calls = 0;
    client_request r;
    r.method = "POST";
    r.url = base_ + "/echo";
    (void)r.headers.set("Content-Type", "text/plain");
    r.body = body_source([&]() -> result<std::string> {
        ++calls;
        return calls <= 3 ? std::string(calls, static_cast<char>('a' + calls - 1)) : std::string();
    });
    const auto answer = run(web.request(std::move(r)));
    EXPECT_EQ(answer.body, "POST text/plain abbccc");
    EXPECT_EQ(calls, 4);
    // A source that fails ends the request with its error.
    client_request broken;
    broken.method = "POST";
    broken.url = base_ + "/echo";
    broken.body = body_source(
        []() -> result<std::string> { return std::make_error_code(std::errc::io_error); });
    auto failed = net::run_to_result(io_, web.request(std::move(broken)));
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error(), std::errc::io_error);
}

// A streamed body cannot be sent twice: a 307 after it is the answer.
TEST_F(ClientTest, AStreamedBodyIsNotRepeatedForA307) {
    client web;
    client_request r;
    r.method = "POST";
    r.url = base_ + "/temporary";
    bool sent = false;
    r.body = body_source([&]() -> result<std::string> {
        return std::exchange(sent, true) ? std::string() : std::string("data");
    });
    const auto answer = run(web.request(std::move(r)));
    EXPECT_EQ(answer.status, 307);
    EXPECT_TRUE(answer.redirects.empty());
}

// A sink that has had enough stops the transfer: canceled, and the session
// goes on (the connection with the rest of the body is not pooled).
TEST_F(ClientTest, ASinkReturningFalseStopsTheTransfer) {
    client web;
    std::size_t taken = 0;
    client_request r;
    r.method = "POST";
    r.url = base_ + "/echo";
    r.body = std::string(1 << 20, 'x');
    r.on_body = [&](std::string_view piece) {
        taken += piece.size();
        return false;
    };
    auto stopped = net::run_to_result(io_, web.request(std::move(r)));
    ASSERT_FALSE(stopped);
    EXPECT_EQ(stopped.error(), condition::canceled);
    EXPECT_GT(taken, 0u);
    EXPECT_LT(taken, std::size_t(1) << 20);
    EXPECT_EQ(run(web.get(base_ + "/who")).body, "you");
}

TEST_F(ClientTest, BlockingOneOffsAndDownloads) {
    EXPECT_EQ(sync::get(base_ + "/who").body, "you");
    EXPECT_EQ(sync::post(base_ + "/echo", "hi", "text/plain").body, "POST text/plain hi");
    netkit::test::temp_dir dir;
    const std::string path = (dir.path() / "who.txt").string();
    sync::client web;
    const auto r = web.download(base_ + "/who", path);
    EXPECT_EQ(r.status, 200);
    std::ifstream in(path);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "you");
    EXPECT_FALSE(std::filesystem::exists(path + ".part"));
    // A failed download leaves nothing.
    EXPECT_THROW(web.download("http://127.0.0.1:1/x", (dir.path() / "no.txt").string()),
                 sync::socket_error);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "no.txt"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "no.txt.part"));
}

} // namespace
} // namespace netkit::http
