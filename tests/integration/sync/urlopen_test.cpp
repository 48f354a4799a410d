// sync::urlopen: the body and headers of a page, read whole or streamed,
// HTTPError for 4xx and 5xx with status, reason, headers and body, POST for
// data, cookie processors, and URLError with its reason (refused, timed
// out, unknown scheme).
#include <netkit/http/engine/server.hpp>
#include <netkit/request/cookie_processor.hpp>
#include <netkit/sync/http_connection.hpp>
#include <netkit/sync/socket.hpp>
#include <netkit/sync/urlopen.hpp>

#include "support/echo_peer.hpp"
#include "support/local_server.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/streambuf.hpp>
#include <asio/write.hpp>

#include <thread>
#include <vector>

namespace netkit::sync {
namespace {

class UrlopenTest : public ::testing::Test {
protected:
    void SetUp() override {
        server_->route("GET", "/page", [](http::server_request&) {
            return http::server_response(200, "<p>page</p>", "text/html");
        });
        server_->route("GET", "/moved", [](http::server_request&) {
            http::server_response r(302);
            (void)r.headers.set("Location", "/page");
            return r;
        });
        server_->route("GET", "/teapot", [](http::server_request&) {
            http::server_response r(418, "short and stout");
            (void)r.headers.set("X-Kind", "teapot");
            return r;
        });
        server_->route(
            "POST", "/form",
            http::handler([](http::server_request& r) -> asio::awaitable<http::server_response> {
                auto body = co_await r.read_body(1024);
                co_return http::server_response(200,
                                                std::string(r.header("Content-Type").value_or("")) +
                                                    " " + (body ? *body : ""));
            }));
        server_->route("GET", "/login", [](http::server_request&) {
            http::server_response r(302);
            (void)r.headers.set("Location", "/whoami");
            (void)r.headers.add("Set-Cookie", "sid=31d4; Path=/; HttpOnly");
            return r;
        });
        server_->route("GET", "/whoami", [](http::server_request& r) {
            return http::server_response(200, std::string(r.cookie("sid").value_or("nobody")));
        });
        server_->route("GET", "/lines", [](http::server_request&) {
            return http::server_response(200, "one\ntwo\nthree", "text/plain");
        });
        server_->route("GET", "/who", [](http::server_request& r) {
            return http::server_response(200, std::string(r.remote_address()) + " " +
                                                  std::string(r.header("X-Signed").value_or("-")));
        });
        server_.start();
        base_ = server_.base();
    }
    test::local_server server_;
    std::string base_;
};

TEST_F(UrlopenTest, ReadAndInfo) {
    auto r = urlopen(base_ + "/page");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.reason, "OK");
    EXPECT_EQ(r.version, 11);
    EXPECT_EQ(r.info().get("Content-Type"), "text/html");
    EXPECT_EQ(r.read(), "<p>page</p>");
    EXPECT_EQ(r.read(), "");
    auto moved = urlopen(base_ + "/moved");
    EXPECT_EQ(moved.geturl(), base_ + "/page");
    EXPECT_EQ(moved.read(), "<p>page</p>");
}

TEST_F(UrlopenTest, HttpErrorCarriesTheResponse) {
    try {
        urlopen(base_ + "/teapot");
        ADD_FAILURE() << "no HTTPError";
    } catch (const http_error& e) {
        EXPECT_EQ(e.code(), 418);
        EXPECT_STREQ(e.what(), "HTTP Error 418: I'm a Teapot");
        EXPECT_EQ(e.headers().get("X-Kind"), "teapot");
        EXPECT_EQ(e.body(), "short and stout");
    }
    try {
        urlopen(base_ + "/missing");
        ADD_FAILURE() << "no HTTPError";
    } catch (const http_error& e) {
        EXPECT_STREQ(e.what(), "HTTP Error 404: Not Found");
    }
}

TEST_F(UrlopenTest, ACookieProcessorKeepsTheCookiesOfResponsesAndRedirects) {
    // netkit's RFC 6265bis jar: the cookie set by the 302 goes to where it leads.
    auto jar = std::make_shared<cookie::jar>();
    auto o = build_opener({std::make_shared<netkit::request::http_cookie_processor>(jar)});
    EXPECT_EQ(o->open(base_ + "/login").read(), "31d4");
    EXPECT_EQ(jar->size(), 1u);
    EXPECT_EQ(o->open(base_ + "/whoami").read(), "31d4");
    // Python's CookieJar, as HTTPCookieProcessor() makes it.
    auto processor = std::make_shared<netkit::request::http_cookie_processor>();
    auto python_rules = build_opener({processor});
    EXPECT_EQ(python_rules->open(base_ + "/login").read(), "31d4");
    EXPECT_EQ(processor->cookiejar()->size(), 1u);
    // Without one, nothing is kept (as urlopen without HTTPCookieProcessor).
    EXPECT_EQ(urlopen(base_ + "/login").read(), "nobody");
}

TEST_F(UrlopenTest, DataMakesAPost) {
    EXPECT_EQ(urlopen(base_ + "/form", std::string("a=1")).read(),
              "application/x-www-form-urlencoded a=1");
    request post(base_ + "/form", "{}");
    post.add_header("Content-Type", "application/json");
    EXPECT_EQ(post.get_method(), "POST");
    EXPECT_EQ(urlopen(post).read(), "application/json {}");
}

TEST_F(UrlopenTest, TheBodyIsReadAsAsked) {
    auto r = urlopen(base_ + "/lines");
    EXPECT_EQ(r.readline(), "one\n");
    EXPECT_EQ(r.read(2), "tw");
    EXPECT_EQ(r.readline(2), "o\n");
    EXPECT_EQ(r.readline(), "three"); // the last line has no newline
    EXPECT_EQ(r.readline(), "");
    EXPECT_EQ(r.read(10), "");
    std::vector<std::string> lines;
    for (const std::string& line : urlopen(base_ + "/lines")) {
        lines.push_back(line);
    }
    EXPECT_EQ(lines, (std::vector<std::string>{"one\n", "two\n", "three"}));
    EXPECT_EQ(urlopen(base_ + "/lines").readlines(5),
              (std::vector<std::string>{"one\n", "two\n"})); // stops once 5 bytes are reached
}

// One connection's answer, as given: a raw server for framings netkit's own
// server does not send.
class raw_answer {
public:
    explicit raw_answer(std::string answer)
        : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}),
          thread_([this, answer = std::move(answer)] {
              asio::ip::tcp::socket s(io_);
              acceptor_.accept(s);
              asio::streambuf request;
              asio::read_until(s, request, "\r\n\r\n");
              asio::write(s, asio::buffer(answer));
          }) {}
    ~raw_answer() { thread_.join(); }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/";
    }

private:
    asio::io_context io_;
    asio::ip::tcp::acceptor acceptor_;
    std::thread thread_;
};

std::string read_into_all(url_response& r, std::size_t block) {
    std::string out;
    std::vector<char> buffer(block);
    for (std::size_t n = r.readinto(buffer); n > 0; n = r.readinto(buffer)) {
        out.append(buffer.data(), n);
    }
    return out;
}

TEST_F(UrlopenTest, ReadintoFillsTheCallersBufferWhateverTheFraming) {
    // Content-Length, mixed with readline and read.
    auto r = urlopen(base_ + "/lines");
    EXPECT_EQ(r.readline(), "one\n");
    std::vector<char> two(3);
    EXPECT_EQ(r.readinto(two), 3u);
    EXPECT_EQ(std::string(two.data(), 3), "two");
    EXPECT_EQ(r.read(), "\nthree");
    EXPECT_EQ(r.readinto(two), 0u);
    // Chunks, read three bytes at a time across their boundaries.
    {
        raw_answer chunked("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        auto c = urlopen(chunked.url());
        EXPECT_EQ(read_into_all(c, 3), "hello world");
    }
    // A body that ends with the connection.
    {
        const std::string big = test::test_payload(300000);
        raw_answer closing("HTTP/1.0 200 OK\r\n\r\n" + big);
        auto c = urlopen(closing.url());
        EXPECT_EQ(read_into_all(c, 65536), big);
    }
    // Cut short of its Content-Length: the bytes, then the error.
    {
        raw_answer cut("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + std::string(40, 'x'));
        auto c = urlopen(cut.url());
        std::vector<char> buffer(64);
        EXPECT_EQ(c.readinto(buffer), 40u);
        EXPECT_THROW(c.readinto(buffer), http_exception);
    }
    // data: and file: take the same call.
    auto d = urlopen("data:,abcdef");
    EXPECT_EQ(read_into_all(d, 4), "abcdef");
}

TEST_F(UrlopenTest, AConnectionReadToItsEndIsUsedAgain) {
    opener o;
    auto first = o.open(base_ + "/who").read();
    EXPECT_EQ(o.open(base_ + "/who").read(), first); // the same client port
    auto unread = o.open(base_ + "/who");
    unread.close(); // not read to its end: closed, not pooled
    EXPECT_NE(o.open(base_ + "/who").read(), first);
}

// A handler of the user's: a header on each request, a response rewritten.
class signing_handler : public netkit::request::handler {
public:
    std::vector<std::string> hooks() const override { return {"http_request", "http_response"}; }
    result<void> process_request(std::string_view, netkit::request::request& r) override {
        r.add_unredirected_header("X-Signed", "yes");
        return {};
    }
    asio::awaitable<result<netkit::request::response_ptr>>
    process_response(std::string_view, netkit::request::request&,
                     netkit::request::response_ptr resp) override {
        auto body = co_await netkit::request::read_all(*resp);
        if (!body) {
            co_return body.error();
        }
        resp->set_body(std::make_unique<netkit::request::bytes_reader>("[" + *body + "]"));
        (void)resp->headers.set("X-Rewritten", "yes");
        co_return std::move(resp);
    }
};

TEST_F(UrlopenTest, AUsersHandlerSeesRequestsAndRewritesResponses) {
    auto o = build_opener({std::make_shared<signing_handler>()});
    auto r = o->open(base_ + "/who");
    EXPECT_EQ(r.info().get("X-Rewritten"), "yes");
    const std::string body = r.read();
    EXPECT_TRUE(body.starts_with("[127.0.0.1:")) << body;
    EXPECT_TRUE(body.ends_with(" yes]")) << body;
    // Not installed: urlopen's own opener has no such handler.
    EXPECT_TRUE(urlopen(base_ + "/who").read().ends_with(" -"));
    install_opener(o);
    EXPECT_TRUE(urlopen(base_ + "/who").read().ends_with(" yes]"));
    install_opener(nullptr);
}

TEST(Urlopen, NoResponseIsAUrlErrorWhoseReasonSaysWhy) {
    // Refused: a url_error (URLError), which is a socket_error (OSError).
    const auto port = test::free_port();
    const std::string refused_url = "http://127.0.0.1:" + std::to_string(port) + "/";
    EXPECT_THROW(urlopen(refused_url), sync::socket_error);
    try {
        urlopen(refused_url);
        ADD_FAILURE() << "no URLError";
    } catch (const url_error& e) {
        EXPECT_EQ(e.reason(), std::errc::connection_refused);
        // Python's wording, with what failed: "<urlopen error URL: Connection refused>".
        EXPECT_EQ(std::string(e.what()), "<urlopen error " + refused_url + ": Connection refused>");
    }
    // A server that never answers: the time limit, told apart by reason().
    asio::io_context io;
    asio::ip::tcp::acceptor silent(io, {asio::ip::make_address("127.0.0.1"), 0});
    const std::string silent_url =
        "http://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/";
    try {
        urlopen(silent_url, std::nullopt, std::chrono::milliseconds(300));
        ADD_FAILURE() << "no URLError";
    } catch (const url_error& e) {
        EXPECT_EQ(e.reason(), netkit::condition::timed_out);
    }
    try {
        urlopen("gopher://127.0.0.1/");
        ADD_FAILURE() << "no URLError";
    } catch (const url_error& e) {
        EXPECT_STREQ(e.what(), "<urlopen error unknown url type: gopher>");
    }
}

TEST_F(UrlopenTest, AnHttpErrorIsAUrlError) {
    try {
        urlopen(base_ + "/teapot");
        ADD_FAILURE() << "no HTTPError";
    } catch (const url_error& e) {
        EXPECT_EQ(e.reason(), url_error_code::http_status);
        EXPECT_STREQ(e.what(), "HTTP Error 418: I'm a Teapot");
        const auto* h = dynamic_cast<const http_error*>(&e);
        ASSERT_NE(h, nullptr);
        EXPECT_EQ(h->getcode(), 418);
        EXPECT_EQ(h->geturl(), base_ + "/teapot");
    }
}

} // namespace
} // namespace netkit::sync
