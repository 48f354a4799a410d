#include <netkit/http/engine/server.hpp>

#include "http/engine/detail/connection.hpp"
#include "http/engine/detail/server_state.hpp"

#include <netkit/net/listener.hpp>
#include <netkit/ws/engine/server.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <thread>

namespace netkit::http {
namespace {

using detail::connection;

// How often a thread looks for connections past their deadline; once
// stopping, how often it looks whether its connections are all gone (run()
// returns then).
constexpr auto sweep_interval = std::chrono::milliseconds(250);
constexpr auto stopping_sweep_interval = std::chrono::milliseconds(10);

// The answer when every connection is busy and none can make room.
asio::awaitable<void> refuse_busy(net::stream s) {
    static constexpr std::string_view busy =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\n"
        "Connection: close\r\n\r\n";
    s.set_timeout(std::chrono::seconds(1));
    (void)co_await s.write_all(asio::buffer(busy));
    (void)co_await s.shutdown_send();
}

// The descriptors the process's limit on open files leaves for connections,
// once the server's own (event loops, listeners, logs) are set aside.
std::size_t descriptors_for_connections() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
        return std::numeric_limits<std::size_t>::max();
    }
    constexpr rlim_t kept = 32;
    return limit.rlim_cur > kept + 16 ? static_cast<std::size_t>(limit.rlim_cur - kept) : 16;
}

// Whether one more connection fits: each HTTP connection is given room for
// a file it sends besides its socket, an upgraded one (a WebSocket) needs
// its socket alone. Past it, new connections wait in the backlog, so that
// those held can still open what they serve.
bool room_for_one_more(const detail::server_state& state, std::size_t descriptors) {
    const std::size_t open = state.open_connections.load(std::memory_order_relaxed);
    const std::size_t upgraded =
        std::min(open, state.upgraded_connections.load(std::memory_order_relaxed));
    return 2 * open - upgraded + 2 <= descriptors;
}

} // namespace

// A listening socket of one thread. A Unix socket has no SO_REUSEPORT: its
// one listener, on the first thread, deals its connections to every thread.
struct bound_listener {
    net::listener listener;
    bool deals_to_all = false;
};

// One event loop on one thread, with its own listeners (SO_REUSEPORT spreads
// the connections; one per address listened on) and its own connections.
struct worker {
    // Each socket's operations all run on this loop's one thread, so the
    // reactor needs no lock per operation (registration and the scheduler
    // keep theirs: stop() posts from other threads).
    asio::io_context io{ASIO_CONCURRENCY_HINT_UNSAFE_IO};
    std::vector<std::unique_ptr<bound_listener>> listeners;
    detail::connection_list connections;
    asio::steady_timer sweeper{io};
    // Set by stop(): connections still open then are closed.
    std::optional<detail::coarse_clock::time_point> stop_deadline;
};

struct server::impl {
    detail::server_state state;
    std::vector<std::unique_ptr<worker>> workers;

    asio::awaitable<void> accept_loop(worker& w, bound_listener& bound);
    void admit(worker& w, net::stream s);
    asio::awaitable<void> sweep(worker& w);
    bool make_room(worker& w);
    void stop_worker(worker& w);
};

asio::awaitable<void> server::impl::accept_loop(worker& w, bound_listener& bound) {
    std::size_t next = 0;
    worker* target = &w;
    auto executor_for = [&]() -> asio::any_io_executor {
        target = bound.deals_to_all ? workers[next++ % workers.size()].get() : &w;
        return target->io.get_executor();
    };
    const std::size_t descriptors = descriptors_for_connections();
    co_await net::accept_forever(
        bound.listener,
        [&](net::stream s) {
            if (target == &w) {
                admit(w, std::move(s));
                return;
            }
            // Another thread's connections are that thread's alone to touch.
            asio::post(target->io, [this, to = target, stream = std::move(s)]() mutable {
                admit(*to, std::move(stream));
            });
        },
        executor_for, std::chrono::milliseconds(100),
        [&] { return room_for_one_more(state, descriptors); });
}

// On the thread of `w`: make room at the connection limit, or refuse; then
// serve, at once what needs no waiting. The connection lives on the heap,
// owned by its run() once it must wait: a wrapping coroutine frame would also
// keep the stream it was moved from, and an idle server holds thousands.
void server::impl::admit(worker& w, net::stream s) {
    if (state.open_connections.load(std::memory_order_relaxed) >= state.options.max_connections &&
        !make_room(w)) {
        asio::co_spawn(w.io, refuse_busy(std::move(s)), asio::detached);
        return;
    }
    auto served = std::make_unique<connection>(state, w.connections, std::move(s));
    if (served->serve_first_at_once()) {
        return; // answered and closed without waiting
    }
    auto* c = served.release();
    asio::co_spawn(w.io, c->run(), [c](const std::exception_ptr&) { delete c; });
}

// At the connection limit: close the connection that has waited longest for
// a request, so that a new client is served rather than an idle one kept.
// (One closed already still counts until its coroutine has ended: several
// accepted in one turn of the loop each close another.)
bool server::impl::make_room(worker& w) {
    connection* oldest = nullptr;
    for (connection* c : w.connections) {
        if (!c->working() && !c->closed() &&
            (!oldest || c->last_active() < oldest->last_active())) {
            oldest = c;
        }
    }
    if (!oldest) {
        return false;
    }
    oldest->close(); // its coroutine ends on the next turn of the loop
    return true;
}

asio::awaitable<void> server::impl::sweep(worker& w) {
    for (;;) {
        w.sweeper.expires_after(w.stop_deadline ? stopping_sweep_interval : sweep_interval);
        std::error_code ec;
        co_await w.sweeper.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (ec && !w.stop_deadline) {
            co_return; // (stop_worker() cancels the wait to look at once)
        }
        const auto now = connection::clock::now();
        if (w.stop_deadline && w.connections.empty()) {
            co_return; // stopped, and nothing left to finish
        }
        // Once stopping, the deadlines still hold, and the stop's own ends
        // whatever is left.
        const bool out_of_time = w.stop_deadline && *w.stop_deadline <= now;
        std::size_t trimmed = 0;
        for (connection* c : w.connections) {
            if (c->deadline() <= now || out_of_time) {
                c->close();
            } else if (now - c->last_active() > std::chrono::seconds(1)) {
                trimmed += c->trim(); // idle for a while: keep thousands of them cheap
            }
        }
        if (trimmed > 0 && state.options.release_memory) {
            // What they freed lies between live blocks: hand the whole pages
            // among them back to the system.
            ::malloc_trim(0);
        }
    }
}

void server::impl::stop_worker(worker& w) {
    for (auto& bound : w.listeners) {
        bound->listener.close();
    }
    // Responses in flight may finish until the stop deadline, when the
    // sweeper closes what is left: a client that stopped reading cannot
    // hold run() forever.
    w.stop_deadline = connection::clock::now() + state.options.stop_timeout;
    for (connection* c : w.connections) {
        c->stop();
    }
    w.sweeper.cancel(); // the sweep looks again now, and often until all are gone
}

server::server(server_options options) : impl_(std::make_unique<impl>()) {
    unsigned threads = options.threads;
    if (threads == 0) {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }
    impl_->state.options = std::move(options);
    impl_->state.options.threads = threads;
    for (unsigned i = 0; i < threads; ++i) {
        impl_->workers.push_back(std::make_unique<worker>());
    }
}

server::~server() = default;

server& server::websocket(std::string_view pattern,
                          std::function<asio::awaitable<void>(ws::connection&)> session) {
    return websocket(pattern, std::move(session), ws::accept_options{});
}

server& server::websocket(std::string_view pattern,
                          std::function<asio::awaitable<void>(ws::connection&)> session,
                          const ws::accept_options& options) {
    return route("GET", pattern, [session = std::move(session), options](server_request& request) {
        return ws::accept(request, session, options);
    });
}

server& server::route(std::string_view method, std::string_view pattern, handler h) {
    return route(method, pattern, split_handler{nullptr, std::move(h)});
}

server& server::route(std::string_view method, std::string_view pattern, plain_handler h) {
    auto immediate = [h = std::move(h)](server_request& request, server_response& response) {
        response = h(request);
        return true;
    };
    return route(method, pattern, split_handler{std::move(immediate), nullptr});
}

server& server::route(std::string_view method, std::string_view pattern, split_handler h) {
    impl_->state.routes.add(method, pattern, std::move(h));
    return *this;
}

server& server::mount(std::string_view prefix, handler h) {
    return mount(prefix, split_handler{nullptr, std::move(h)});
}

server& server::mount(std::string_view prefix, split_handler h) {
    impl_->state.routes.mount(prefix, std::move(h));
    return *this;
}

result<void> server::listen(const net::endpoint& where) {
    auto& workers = impl_->workers;
    // HTTP's client speaks first: a connection is taken once its request
    // has come (h2o does the same), and mostly answered at once (see
    // connection::serve_first_at_once); a client that connects and says
    // nothing is taken after a second, and its time limits run from then.
    net::listen_options options;
    options.defer_accept = std::chrono::seconds(1);
    if (where.is_unix() || workers.size() == 1) {
        auto l = net::listener::listen(workers[0]->io.get_executor(), where, options);
        if (!l) {
            return l.error();
        }
        workers[0]->listeners.push_back(
            std::make_unique<bound_listener>(bound_listener{std::move(*l), workers.size() > 1}));
        return {};
    }
    // SO_REUSEPORT would let this server share a port another one already
    // serves: first make sure the address is free.
    if (where.port != 0) {
        auto probe = net::listener::listen(workers[0]->io.get_executor(), where, options);
        if (!probe) {
            return probe.error();
        }
    }
    net::listen_options shared = options;
    shared.reuse_port = true;
    net::endpoint at = where;
    std::vector<std::unique_ptr<bound_listener>> made;
    for (auto& w : workers) {
        auto l = net::listener::listen(w->io.get_executor(), at, shared);
        if (!l) {
            return l.error(); // the ones made so far close as `made` goes
        }
        at.port = l->port(); // port 0: the others join the port the first got
        made.push_back(std::make_unique<bound_listener>(bound_listener{std::move(*l), false}));
    }
    for (std::size_t i = 0; i < workers.size(); ++i) {
        workers[i]->listeners.push_back(std::move(made[i]));
    }
    return {};
}

std::string server::local_address() const {
    const auto& bound = impl_->workers[0]->listeners;
    return bound.empty() ? std::string() : bound.front()->listener.local_address();
}

std::uint16_t server::port() const {
    const auto& bound = impl_->workers[0]->listeners;
    return bound.empty() ? 0 : bound.front()->listener.port();
}

unsigned server::threads() const noexcept {
    return static_cast<unsigned>(impl_->workers.size());
}

void server::run() {
    for (auto& w : impl_->workers) {
        for (auto& bound : w->listeners) {
            asio::co_spawn(w->io, impl_->accept_loop(*w, *bound), asio::detached);
        }
        asio::co_spawn(w->io, impl_->sweep(*w), asio::detached);
    }
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < impl_->workers.size(); ++i) {
        threads.emplace_back([w = impl_->workers[i].get()] { w->io.run(); });
    }
    impl_->workers[0]->io.run();
    for (auto& t : threads) {
        t.join();
    }
}

void server::stop() {
    impl_->state.stopping = true;
    for (auto& w : impl_->workers) {
        asio::post(w->io, [this, w = w.get()] { impl_->stop_worker(*w); });
    }
}

} // namespace netkit::http
