#include <netkit/sync/robots.hpp>

#include <netkit/net/run.hpp>

namespace netkit::sync {

robots::fetched fetch_robots(std::string url, robots::fetch_options options) {
    asio::io_context io(1);
    // fetch() has no failure of its own (no answer is an outcome), so the
    // result is always a value.
    auto answer = net::run_to_result(
        io, [](std::string u, robots::fetch_options o) -> asio::awaitable<result<robots::fetched>> {
            co_return co_await robots::fetch(std::move(u), std::move(o));
        }(std::move(url), std::move(options)));
    return std::move(answer.value());
}

} // namespace netkit::sync
