// TLS with a throw-away CA minted for the test run: what is trusted connects,
// and each kind of bad certificate is refused with a message that says which.
#include <netkit/net/connect.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/listener.hpp>
#include <netkit/net/tls.hpp>

#include "net/detail/tls_connection.hpp"
#include "support/echo_peer.hpp"
#include "support/pki.hpp"
#include "support/process.hpp"
#include "support/run.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using namespace std::chrono_literals;
using netkit::net::endpoint;
using netkit::net::listener;
using netkit::net::stream;
using netkit::net::tls_context;
using netkit::test::run;

class tls : public testing::Test {
protected:
    static void SetUpTestSuite() { pki_ = new netkit::test::pki(); }
    static void TearDownTestSuite() {
        delete pki_;
        pki_ = nullptr;
    }

    // A TLS echo server presenting `cert`; it serves one connection.
    std::uint16_t start_server(const std::string& cert, const std::string& key,
                               std::vector<std::string> alpn = {}) {
        auto context = tls_context::server({cert, key, std::move(alpn)}).value();
        listener_.emplace(listener::listen(io_.get_executor(), endpoint("::", 0)).value());
        asio::co_spawn(
            io_,
            [this, context]() -> asio::awaitable<void> {
                auto tcp = co_await listener_->accept();
                if (!tcp) {
                    co_return;
                }
                tcp->set_timeout(5s);
                auto secured = co_await stream::tls_accept(std::move(*tcp), context);
                if (secured) {
                    co_await netkit::test::echo(std::move(*secured));
                }
            },
            asio::detached);
        return listener_->port();
    }

    netkit::result<stream> connect(const std::string& host, std::uint16_t port,
                                   netkit::net::tls_client_config config,
                                   std::string tls_host = {}) {
        netkit::net::connect_options options;
        options.timeout = 5s;
        options.tls = tls_context::client(config).value();
        options.tls_host = std::move(tls_host);
        return run(io_, netkit::net::connect(endpoint(host, port), options));
    }

    // Writes `text` and reads the same number of bytes back.
    std::string echo_through(stream& s, const std::string& text) {
        return run(io_, [&]() -> asio::awaitable<std::string> {
            (void)co_await s.write_all(asio::buffer(text));
            std::string back(text.size(), '\0');
            auto r = co_await s.read_exactly(asio::buffer(back));
            if (!r) {
                throw std::system_error(r.error(), "read");
            }
            co_return back;
        }());
    }

    static netkit::test::pki* pki_;
    asio::io_context io_;
    std::optional<listener> listener_;
};

netkit::test::pki* tls::pki_ = nullptr;

TEST_F(tls, a_client_that_trusts_the_ca_connects_by_name) {
    const auto port = start_server(pki_->server_cert, pki_->server_key);
    auto s = connect("localhost", port, {.ca_file = pki_->ca});
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_TRUE(s->is_tls());
    const std::string payload = netkit::test::test_payload(100000);
    EXPECT_TRUE(echo_through(*s, payload) == payload);
}

// One write of many records, a head gathered with the first, to a reader
// that falls behind: the socket fills partway through the write, and what
// it refused (the rest of a batch of records, or a record that waits in
// OpenSSL, after which the next write begins with its bytes) goes once it
// has room. Everything comes back once and in order.
TEST_F(tls, a_long_gathered_write_to_a_slow_reader_arrives_whole) {
    const auto port = start_server(pki_->server_cert, pki_->server_key);
    auto s = connect("localhost", port, {.ca_file = pki_->ca});
    ASSERT_TRUE(s) << s.error().message();
    // A small send buffer (no autotuning up to megabytes): the socket
    // fills within the write.
    s->tcp()->set_option(asio::socket_base::send_buffer_size(64 * 1024));
    const std::string head = netkit::test::test_payload(100);
    const std::string body = netkit::test::test_payload(3 * 1024 * 1024 + 17);
    const std::string sent = head + body;
    bool written = false;
    asio::co_spawn(
        io_,
        [&]() -> asio::awaitable<void> {
            const std::array<asio::const_buffer, 2> both{asio::buffer(head), asio::buffer(body)};
            auto w = co_await s->write_all(both);
            written = w.has_value();
        },
        asio::detached);
    const auto back = run(io_, [&]() -> asio::awaitable<std::string> {
        std::string out;
        std::array<char, 1000> buffer;
        asio::steady_timer pause(co_await asio::this_coro::executor);
        while (out.size() < sent.size()) {
            auto n = co_await s->read_some(asio::buffer(buffer));
            if (!n) {
                break;
            }
            out.append(buffer.data(), *n);
            if (out.size() % (64 * 1024) < *n) {
                pause.expires_after(1ms); // behind the writer: its socket fills
                co_await pause.async_wait(asio::use_awaitable);
            }
        }
        co_return out;
    }());
    EXPECT_TRUE(written);
    ASSERT_EQ(back.size(), sent.size());
    EXPECT_TRUE(back == sent) << "the echo differs from what was written";
}

// A key update the client asks for while the server's writer waits for
// room with a batch of records partly unsent: OpenSSL answers with its own
// KeyUpdate in the writer's next batch, after which records go under the
// new keys. The client decrypts every record, in order, and the server's
// reader gets what the client wrote after its update.
TEST_F(tls, a_key_update_among_batched_records_keeps_them_in_order) {
    using netkit::net::detail::tls_connection;
    const auto server_context = tls_context::server({pki_->server_cert, pki_->server_key}).value();
    const auto client_context = tls_context::client({.ca_file = pki_->ca}).value();
    asio::ip::tcp::acceptor acceptor(io_, {asio::ip::make_address("127.0.0.1"), 0});
    // Small buffers both ways (no autotuning up to megabytes): the server's
    // socket fills within each of its writes.
    asio::ip::tcp::socket client_socket(io_, asio::ip::tcp::v4());
    client_socket.set_option(asio::socket_base::receive_buffer_size(64 * 1024));
    client_socket.connect(acceptor.local_endpoint());
    auto server_socket = acceptor.accept();
    server_socket.set_option(asio::socket_base::send_buffer_size(64 * 1024));
    tls_connection server(std::move(server_socket), server_context.native().native_handle());
    tls_connection client(std::move(client_socket), client_context.native().native_handle());
    const std::string body = netkit::test::test_payload(3 * 1024 * 1024 + 17);
    bool written = false;
    std::string heard;
    asio::co_spawn(
        io_,
        [&]() -> asio::awaitable<void> {
            if (co_await server.handshake(true, 5s)) {
                co_return;
            }
            asio::co_spawn(
                io_,
                [&]() -> asio::awaitable<void> {
                    std::array<char, 100> buffer;
                    auto n = co_await server.read_some(asio::buffer(buffer), 5s);
                    if (n) {
                        heard.assign(buffer.data(), *n);
                    }
                },
                asio::detached);
            for (std::string_view rest(body); !rest.empty();) {
                const auto piece = asio::buffer(rest);
                auto n = co_await server.write_some(std::span(&piece, 1), 5s);
                if (!n) {
                    co_return;
                }
                rest.remove_prefix(*n);
            }
            written = true;
        },
        asio::detached);
    const auto back = run(io_, [&]() -> asio::awaitable<std::string> {
        std::string out;
        if (auto ec = co_await client.handshake(false, 5s)) {
            throw std::system_error(ec, "handshake");
        }
        std::array<char, 1000> buffer;
        asio::steady_timer pause(co_await asio::this_coro::executor);
        bool updated = false;
        while (out.size() < body.size()) {
            auto n = co_await client.read_some(asio::buffer(buffer), 5s);
            if (!n) {
                ADD_FAILURE() << "after " << out.size() << " bytes: " << n.error().message();
                break;
            }
            out.append(buffer.data(), *n);
            if (!updated && out.size() >= 256 * 1024) {
                // Read nothing for a while, before and after: the server's
                // writer waits for room with records unsent when its reader
                // gets the key update.
                updated = true;
                pause.expires_after(50ms);
                co_await pause.async_wait(asio::use_awaitable);
                EXPECT_EQ(SSL_key_update(client.native_handle(), SSL_KEY_UPDATE_REQUESTED), 1);
                const auto word = asio::buffer(std::string_view("x"));
                auto w = co_await client.write_some(std::span(&word, 1), 5s);
                EXPECT_TRUE(w) << w.error().message();
                pause.expires_after(50ms);
                co_await pause.async_wait(asio::use_awaitable);
            } else if (out.size() % (64 * 1024) < *n) {
                pause.expires_after(1ms);
                co_await pause.async_wait(asio::use_awaitable);
            }
        }
        co_return out;
    }());
    EXPECT_TRUE(written);
    EXPECT_EQ(heard, "x");
    ASSERT_EQ(back.size(), body.size());
    EXPECT_TRUE(back == body) << "what arrived differs from what was written";
}

TEST_F(tls, ip_addresses_are_checked_against_ip_sans) {
    for (const char* host : {"127.0.0.1", "::1"}) {
        const auto port = start_server(pki_->server_cert, pki_->server_key);
        auto s = connect(host, port, {.ca_file = pki_->ca});
        ASSERT_TRUE(s) << host << ": " << s.error().message();
        EXPECT_EQ(echo_through(*s, "over an IP SAN"), "over an IP SAN");
    }
}

TEST_F(tls, a_wrong_host_name_is_refused) {
    const auto port = start_server(pki_->server_cert, pki_->server_key);
    auto s = connect("127.0.0.1", port, {.ca_file = pki_->ca}, "wrong.example");
    ASSERT_FALSE(s);
    EXPECT_TRUE(netkit::net::is_certificate_error(s.error()));
    EXPECT_EQ(s.error(), netkit::condition::tls_failure);
    EXPECT_NE(s.error().message().find("hostname mismatch"), std::string::npos)
        << s.error().message();
}

TEST_F(tls, an_expired_certificate_is_refused) {
    const auto port = start_server(pki_->expired_cert, pki_->expired_key);
    auto s = connect("localhost", port, {.ca_file = pki_->ca});
    ASSERT_FALSE(s);
    EXPECT_TRUE(netkit::net::is_certificate_error(s.error()));
    EXPECT_NE(s.error().message().find("expired"), std::string::npos) << s.error().message();
}

TEST_F(tls, an_untrusted_ca_is_refused) {
    const auto port = start_server(pki_->rogue_cert, pki_->rogue_key);
    auto s = connect("localhost", port, {.ca_file = pki_->ca});
    ASSERT_FALSE(s);
    EXPECT_TRUE(netkit::net::is_certificate_error(s.error()));
    EXPECT_NE(s.error().message().find("local issuer"), std::string::npos) << s.error().message();
}

TEST_F(tls, the_system_store_does_not_trust_a_private_ca) {
    const auto port = start_server(pki_->server_cert, pki_->server_key);
    auto s = connect("localhost", port, {});
    ASSERT_FALSE(s);
    EXPECT_TRUE(netkit::net::is_certificate_error(s.error())) << s.error().message();
}

TEST_F(tls, insecure_connects_only_when_asked) {
    const auto port = start_server(pki_->rogue_cert, pki_->rogue_key);
    auto s = connect("localhost", port, {.verify = false});
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(echo_through(*s, "unverified"), "unverified");
}

TEST_F(tls, alpn_agrees_on_a_protocol) {
    const auto port = start_server(pki_->server_cert, pki_->server_key, {"h2", "http/1.1"});
    auto s = connect("localhost", port, {.ca_file = pki_->ca, .alpn = {"http/1.1"}});
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(s->alpn_protocol(), "http/1.1");
}

TEST_F(tls, missing_files_are_reported_as_such) {
    auto client = tls_context::client({.ca_file = "/nonexistent/ca.pem"});
    ASSERT_FALSE(client);
    EXPECT_EQ(client.error(), std::errc::no_such_file_or_directory);
    auto server = tls_context::server({"/nonexistent/cert.pem", pki_->server_key, {}});
    ASSERT_FALSE(server);
    EXPECT_EQ(server.error(), std::errc::no_such_file_or_directory);
    // A key that does not belong to the certificate.
    auto mismatched = tls_context::server({pki_->server_cert, pki_->rogue_key, {}});
    ASSERT_FALSE(mismatched);
    EXPECT_EQ(mismatched.error(), netkit::condition::tls_failure);
    // Sessions that could never be resumed: a mistake, not a way to turn
    // resumption off.
    auto no_sessions = tls_context::server({pki_->server_cert, pki_->server_key, {}, 0s});
    ASSERT_FALSE(no_sessions);
    EXPECT_EQ(no_sessions.error(), std::errc::invalid_argument);
}

// A real peer: OpenSSL's own test server.
TEST_F(tls, talks_to_openssl_s_server) {
    const auto port = netkit::test::free_port();
    netkit::test::child_process server(
        {"openssl", "s_server", "-quiet", "-www", "-accept", "127.0.0.1:" + std::to_string(port),
         "-cert", pki_->server_cert, "-key", pki_->server_key, "-alpn", "http/1.1"});
    netkit::test::wait_for_port(port, server);
    auto s = connect("127.0.0.1", port, {.ca_file = pki_->ca, .alpn = {"http/1.1"}}, "localhost");
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(s->alpn_protocol(), "http/1.1");
    auto page = run(io_, [&]() -> asio::awaitable<std::string> {
        (void)co_await s->write_all(asio::buffer(std::string_view("GET / HTTP/1.0\r\n\r\n")));
        std::string out;
        char buffer[4096];
        for (;;) {
            auto n = co_await s->read_some(asio::buffer(buffer));
            if (!n) {
                break;
            }
            out.append(buffer, *n);
        }
        co_return out;
    }());
    EXPECT_TRUE(page.starts_with("HTTP/1.0 200 ok")) << page.substr(0, 200);
    EXPECT_NE(page.find("TLSv1.3"), std::string::npos) << "s_server reports the protocol in use";
}

// SNI: s_server presents the trusted certificate only to a client that asks
// for "localhost" by name, and an untrusted one to anybody else.
TEST_F(tls, sends_the_host_name_as_sni) {
    const auto port = netkit::test::free_port();
    netkit::test::child_process server(
        {"openssl", "s_server", "-quiet", "-www", "-accept", "127.0.0.1:" + std::to_string(port),
         "-cert", pki_->rogue_cert, "-key", pki_->rogue_key, "-servername", "localhost", "-cert2",
         pki_->server_cert, "-key2", pki_->server_key});
    netkit::test::wait_for_port(port, server);
    {
        auto by_name = connect("127.0.0.1", port, {.ca_file = pki_->ca}, "localhost");
        EXPECT_TRUE(by_name) << by_name.error().message();
    } // closed: s_server serves one connection at a time
    // An IP address is never sent as SNI (RFC 6066 §3), so this client gets
    // the default certificate, which its CA did not sign.
    auto by_address = connect("127.0.0.1", port, {.ca_file = pki_->ca});
    ASSERT_FALSE(by_address);
    EXPECT_TRUE(netkit::net::is_certificate_error(by_address.error()))
        << by_address.error().message();
}

TEST_F(tls, refuses_anything_older_than_tls_1_2) {
    const auto port = netkit::test::free_port();
    netkit::test::child_process server({"openssl", "s_server", "-quiet", "-www", "-accept",
                                        "127.0.0.1:" + std::to_string(port), "-cert",
                                        pki_->server_cert, "-key", pki_->server_key, "-tls1_1",
                                        "-cipher", "DEFAULT@SECLEVEL=0"});
    netkit::test::wait_for_port(port, server);
    auto s = connect("127.0.0.1", port, {.ca_file = pki_->ca});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error(), netkit::condition::tls_failure);
    EXPECT_FALSE(netkit::net::is_certificate_error(s.error()));
    EXPECT_NE(s.error().message().find("protocol"), std::string::npos) << s.error().message();
}

} // namespace
