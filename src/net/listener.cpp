#include <netkit/net/error.hpp>
#include <netkit/net/listener.hpp>

#include "net/detail/asio_compat.hpp"
#include "net/detail/deadline.hpp"
#include "net/detail/system_error.hpp"
#include "net/detail/unix_path.hpp"

#include <asio/ip/v6_only.hpp>
#include <asio/post.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>

namespace netkit::net {
namespace {

using asio::ip::tcp;
using detail::use_nothrow;
using detail::with_deadline;

// The address to bind for an endpoint's host: every interface for no host,
// the literal itself, or the first address a name resolves to.
result<tcp::endpoint> bind_address(asio::any_io_executor ex, const endpoint& where) {
    if (where.host.empty()) {
        return tcp::endpoint(tcp::v6(), where.port);
    }
    std::error_code ec;
    const auto literal = asio::ip::make_address(where.host, ec);
    if (!ec) {
        return tcp::endpoint(literal, where.port);
    }
    tcp::resolver resolver(ex);
    const auto results = resolver.resolve(where.host, std::to_string(where.port),
                                          tcp::resolver::numeric_service, ec);
    if (ec || results.empty()) {
        return error::host_not_found;
    }
    return results.begin()->endpoint();
}

std::error_code open_and_bind(tcp::acceptor& acceptor, const tcp::endpoint& address,
                              const listen_options& options) {
    std::error_code ec;
    acceptor.open(address.protocol(), ec);
    if (ec) {
        return detail::to_std(ec);
    }
    if (address.address().is_v6() && address.address().is_unspecified()) {
        // "::" serves IPv4 too (as IPv4-mapped addresses), whatever the
        // system's net.ipv6.bindv6only default is.
        acceptor.set_option(asio::ip::v6_only(false), ec);
    }
    if (options.reuse_address) {
        acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    }
    if (options.reuse_port) {
        const int on = 1;
        if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) !=
            0) {
            return {errno, std::system_category()};
        }
    }
    if (options.defer_accept.count() > 0) {
        const int seconds = static_cast<int>(options.defer_accept.count());
        if (::setsockopt(acceptor.native_handle(), IPPROTO_TCP, TCP_DEFER_ACCEPT, &seconds,
                         sizeof(seconds)) != 0) {
            return {errno, std::system_category()};
        }
    }
    acceptor.bind(address, ec);
    if (ec) {
        return detail::to_std(ec);
    }
    acceptor.listen(options.backlog, ec);
    return detail::to_std(ec);
}

} // namespace

listener::listener(tcp_acceptor a, listen_options options)
    : acceptor_(std::in_place_index<0>, std::move(a)), options_(options) {
    std::error_code ec;
    family_ = std::get<tcp_acceptor>(acceptor_).local_endpoint(ec).protocol().family();
    std::get<tcp_acceptor>(acceptor_).native_non_blocking(true, ec); // for try_accept
}

listener::listener(unix_acceptor a, std::string path, listen_options options)
    : acceptor_(std::in_place_index<1>, std::move(a)), unix_path_(std::move(path)),
      options_(options), family_(AF_UNIX) {
    std::error_code ec;
    std::get<unix_acceptor>(acceptor_).native_non_blocking(true, ec); // for try_accept
}

listener::listener(listener&& other) noexcept
    : acceptor_(std::move(other.acceptor_)), unix_path_(std::exchange(other.unix_path_, {})),
      options_(other.options_), timeout_(other.timeout_), family_(other.family_) {}

listener& listener::operator=(listener&& other) noexcept {
    if (this != &other) {
        close();
        acceptor_ = std::move(other.acceptor_);
        unix_path_ = std::exchange(other.unix_path_, {});
        options_ = other.options_;
        timeout_ = other.timeout_;
        family_ = other.family_;
    }
    return *this;
}

listener::~listener() {
    close();
}

result<listener> listener::listen(asio::any_io_executor ex, const endpoint& where,
                                  listen_options options) {
    if (where.is_unix()) {
        if (auto ec = detail::claim_unix_path(where.unix_path, SOCK_STREAM)) {
            return detail::to_std(ec);
        }
        unix_acceptor acceptor(ex);
        std::error_code ec;
        acceptor.open(asio::local::stream_protocol(), ec);
        if (!ec) {
            acceptor.bind(asio::local::stream_protocol::endpoint(where.unix_path), ec);
        }
        if (!ec) {
            acceptor.listen(options.backlog, ec);
        }
        if (ec) {
            return detail::to_std(ec);
        }
        return listener(std::move(acceptor), where.unix_path, options);
    }

    auto address = bind_address(ex, where);
    if (!address) {
        return address.error();
    }
    tcp_acceptor acceptor(ex);
    auto ec = open_and_bind(acceptor, *address, options);
    if (ec && where.host.empty() &&
        (ec == std::errc::address_family_not_supported || ec == std::errc::address_not_available)) {
        // No IPv6 on this machine: every IPv4 interface will have to do.
        acceptor = tcp_acceptor(ex);
        ec = open_and_bind(acceptor, tcp::endpoint(tcp::v4(), where.port), options);
    }
    if (ec) {
        return detail::to_std(ec);
    }
    return listener(std::move(acceptor), options);
}

asio::awaitable<result<stream>> listener::accept() {
    co_return co_await accept(
        std::visit([](auto& a) -> asio::any_io_executor { return a.get_executor(); }, acceptor_));
}

asio::awaitable<result<stream>> listener::accept(asio::any_io_executor ex) {
    if (auto* tcp_a = std::get_if<tcp_acceptor>(&acceptor_)) {
        tcp::socket socket(ex);
        auto [ec] = co_await with_deadline(tcp_a->async_accept(socket, use_nothrow), timeout_);
        if (ec) {
            co_return detail::to_std(ec);
        }
        stream s(std::move(socket));
        if (options_.no_delay) {
            (void)s.set_no_delay(true);
        }
        co_return s;
    }
    auto& unix_a = std::get<unix_acceptor>(acceptor_);
    asio::local::stream_protocol::socket socket(ex);
    auto [ec] = co_await with_deadline(unix_a.async_accept(socket, use_nothrow), timeout_);
    if (ec) {
        co_return detail::to_std(ec);
    }
    co_return stream(std::move(socket));
}

std::string listener::local_address() const {
    std::error_code ec;
    if (const auto* tcp_a = std::get_if<tcp_acceptor>(&acceptor_)) {
        const auto ep = tcp_a->local_endpoint(ec);
        return ec ? std::string("(closed)") : to_string(ep);
    }
    return "unix:" + unix_path_;
}

std::uint16_t listener::port() const {
    std::error_code ec;
    if (const auto* tcp_a = std::get_if<tcp_acceptor>(&acceptor_)) {
        const auto ep = tcp_a->local_endpoint(ec);
        return ec ? 0 : ep.port();
    }
    return 0;
}

void listener::close() noexcept {
    std::error_code ignored;
    std::visit([&](auto& a) { a.close(ignored); }, acceptor_);
    if (!unix_path_.empty()) {
        ::unlink(unix_path_.c_str());
        unix_path_.clear();
    }
}

bool listener::is_open() const noexcept {
    return std::visit([](const auto& a) { return a.is_open(); }, acceptor_);
}

result<stream> listener::try_accept(asio::any_io_executor ex) {
    const int fd = std::visit([](auto& a) { return a.native_handle(); }, acceptor_);
    const bool tcp = family_ != AF_UNIX;
    for (;;) {
        asio::ip::tcp::endpoint peer;
        socklen_t size = static_cast<socklen_t>(peer.capacity());
        const int accepted = ::accept4(fd, tcp ? peer.data() : nullptr, tcp ? &size : nullptr,
                                       SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (accepted >= 0) {
            if (tcp) {
                peer.resize(size);
            }
            return stream(std::move(ex), unique_fd(accepted), family_, tcp && options_.no_delay,
                          tcp ? std::optional(peer) : std::nullopt);
        }
        // A connection reset while it waited (ECONNABORTED) is not the
        // listener's failure: take the next.
        if (errno != EINTR && errno != ECONNABORTED) {
            break;
        }
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return std::make_error_code(std::errc::operation_would_block);
    }
    return std::error_code(errno, std::system_category());
}

asio::awaitable<result<void>> listener::wait_acceptable() {
    // (Named first: no co_await inside ?: with g++ 12.)
    std::tuple<std::error_code> waited;
    if (auto* tcp_a = std::get_if<tcp_acceptor>(&acceptor_)) {
        waited = co_await tcp_a->async_wait(asio::socket_base::wait_read, use_nothrow);
    } else {
        waited = co_await std::get<unix_acceptor>(acceptor_).async_wait(
            asio::socket_base::wait_read, use_nothrow);
    }
    if (const auto ec = detail::to_std(std::get<0>(waited))) {
        co_return ec;
    }
    co_return result<void>{};
}

asio::awaitable<void> accept_forever(listener& l, std::function<void(stream)> on_connection,
                                     std::function<asio::any_io_executor()> executor_for,
                                     std::chrono::milliseconds pause,
                                     std::function<bool()> may_accept) {
    const auto own = co_await asio::this_coro::executor;
    asio::steady_timer wait(own);
    // Connections are taken while they wait, without a turn of the loop for
    // each (the wait for the next costs a system call, which a burst of them
    // shares); a turn after this many, for this thread's other work.
    constexpr int burst = 16;
    int taken = 0;
    // The executor for the next connection, asked for once it is taken:
    // executor_for deals connections in turn, and a try that finds none
    // must not use up a turn.
    std::optional<asio::any_io_executor> next;
    for (;;) {
        if (may_accept && !may_accept()) {
            wait.expires_after(pause);
            std::error_code ignored;
            co_await wait.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
            if (!l.is_open()) {
                co_return; // closed while waiting: shutting down
            }
            continue;
        }
        if (!next) {
            next = executor_for ? executor_for() : own;
        }
        auto s = l.try_accept(*next);
        if (s) {
            next.reset();
            on_connection(std::move(*s));
            if (++taken == burst) {
                taken = 0;
                co_await asio::post(own, asio::use_awaitable);
            }
            continue;
        }
        taken = 0;
        std::error_code failed = s.error();
        if (failed == std::errc::operation_would_block) {
            auto ready = co_await l.wait_acceptable();
            if (ready) {
                continue;
            }
            failed = ready.error();
        }
        if (failed == std::errc::operation_canceled || failed == std::errc::bad_file_descriptor ||
            !l.is_open()) {
            co_return; // the listener closed: shutting down
        }
        // EMFILE and friends: let the backlog wait instead of spinning.
        wait.expires_after(pause);
        std::error_code ignored;
        co_await wait.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
}

} // namespace netkit::net
