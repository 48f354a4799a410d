#include "support/echo_peer.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/this_coro.hpp>

#include <array>
#include <memory>
#include <stdexcept>

namespace netkit::test {

asio::awaitable<void> echo(net::stream s) {
    std::array<char, 16 * 1024> buffer;
    for (;;) {
        auto n = co_await s.read_some(asio::buffer(buffer));
        if (!n) {
            break;
        }
        if (!co_await s.write_all(asio::buffer(buffer.data(), *n))) {
            co_return;
        }
    }
    (void)co_await s.shutdown_send();
}

asio::awaitable<void> accept_and_echo(net::listener& l) {
    auto s = co_await l.accept();
    if (!s) {
        throw std::runtime_error("accept failed: " + s.error().message());
    }
    co_await echo(std::move(*s));
}

asio::awaitable<net::stream> take_next(net::listener& l) {
    for (;;) {
        auto ready = co_await l.wait_acceptable();
        if (!ready) {
            throw std::runtime_error("wait_acceptable failed: " + ready.error().message());
        }
        auto s = l.try_accept(co_await asio::this_coro::executor);
        if (s) {
            co_return std::move(*s);
        }
        if (s.error() != std::errc::operation_would_block) {
            throw std::runtime_error("try_accept failed: " + s.error().message());
        }
    }
}

asio::awaitable<std::string> send_and_collect(net::stream& s, std::string payload) {
    auto data = std::make_shared<std::string>(std::move(payload));
    asio::co_spawn(
        s.get_executor(),
        [&s, data]() -> asio::awaitable<void> {
            if (!data->empty()) {
                (void)co_await s.write_all(asio::buffer(*data));
            }
            (void)co_await s.shutdown_send();
        },
        asio::detached);
    std::string received;
    std::array<char, 16 * 1024> buffer;
    for (;;) {
        auto n = co_await s.read_some(asio::buffer(buffer));
        if (!n) {
            if (n.error() != asio::error::eof) {
                throw std::runtime_error("read failed: " + n.error().message());
            }
            break;
        }
        received.append(buffer.data(), *n);
    }
    co_return received;
}

std::string test_payload(std::size_t size) {
    std::string out(size, '\0');
    std::uint32_t x = 2463534242u; // xorshift: cheap, and no period short enough to hide a bug
    for (auto& c : out) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x);
    }
    return out;
}

} // namespace netkit::test
