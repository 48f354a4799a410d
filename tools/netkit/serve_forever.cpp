#include "serve_forever.hpp"

#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <chrono>

namespace netkit::cli {

asio::awaitable<void> serve_forever(net::listener& listener,
                                    std::function<void(net::stream)> on_connection) {
    asio::steady_timer pause(co_await asio::this_coro::executor);
    for (;;) {
        auto s = co_await listener.accept();
        if (s) {
            on_connection(std::move(*s));
            continue;
        }
        if (s.error() == std::errc::operation_canceled ||
            s.error() == std::errc::bad_file_descriptor) {
            co_return; // the listener closed: shutting down
        }
        // EMFILE and friends: new connections wait in the backlog until
        // descriptors free up, rather than this loop eating a core.
        pause.expires_after(std::chrono::milliseconds(100));
        std::error_code ignored;
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
}

} // namespace netkit::cli
