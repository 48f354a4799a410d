// netkit chat server|client: the Python lesson's chat (server.py and
// client.py), grown into a room where many clients talk at once.
//
// Protocol: UTF-8 lines ending in "\n". The server relays each line a client
// sends to every other client as "ADDRESS: text", and announces joins and
// leaves as "* ADDRESS joined" / "* ADDRESS left".
#include "commands.hpp"
#include "endpoints.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "stdin_reader.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/core/escape.hpp>
#include <netkit/core/utf8.hpp>
#include <netkit/net/connect.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/listener.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/redirect_error.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <unistd.h>

#include <deque>
#include <memory>
#include <set>

namespace netkit::cli {
namespace {

constexpr std::uint16_t default_chat_port = 5000;
// A line longer than this ends that client's session (with a message to it).
constexpr std::size_t max_line = 64 * 1024;
// A client that stops reading is dropped once this much waits for it, so it
// cannot make the server hold an ever-growing queue.
constexpr std::size_t max_queued_bytes = 1024 * 1024;

// Lines go to terminals: invalid UTF-8 becomes U+FFFD, as do control
// characters (an ESC could rewrite other users' screens).
std::string clean_line(std::string_view raw) {
    return escape_controls(repair_utf8(raw),
                           {.replacement = "\xEF\xBF\xBD", .keep_line_feeds = true});
}

class chat_room;

// A line as sent, "\n" included, shared by the queues of every recipient.
using shared_line = std::shared_ptr<const std::string>;

shared_line make_line(std::string_view text) {
    auto line = std::make_shared<std::string>(text);
    line->push_back('\n');
    return line;
}

// One connected client: a reader that hands lines to the room, and a writer
// that drains the lines queued for it.
class member : public std::enable_shared_from_this<member> {
public:
    member(net::stream s, chat_room& room)
        : stream_(std::move(s)), room_(room), address_(stream_.remote_address()),
          wake_(stream_.get_executor()) {
        wake_.expires_at(asio::steady_timer::time_point::max());
    }

    const std::string& address() const { return address_; }

    void start() {
        auto self = shared_from_this();
        asio::co_spawn(
            stream_.get_executor(), [self] { return self->read_loop(); }, asio::detached);
        asio::co_spawn(
            stream_.get_executor(), [self] { return self->write_loop(); }, asio::detached);
    }

    /// Queues a line (with its "\n"); one copy is shared by every recipient.
    void deliver(shared_line line) {
        if (stopped_) {
            return;
        }
        if (queued_bytes_ + line->size() > max_queued_bytes) {
            stop();
            return;
        }
        queued_bytes_ += line->size();
        outbox_.push_back(std::move(line));
        wake_.cancel();
    }

    void stop() {
        stopped_ = true;
        stream_.close();
        wake_.cancel();
    }

private:
    asio::awaitable<void> read_loop();
    asio::awaitable<void> write_loop();

    net::stream stream_;
    chat_room& room_;
    std::string address_;
    asio::steady_timer wake_; // canceled when a line is queued or the member stops
    std::deque<shared_line> outbox_;
    std::size_t queued_bytes_ = 0;
    bool closing_ = false; // send what is queued, then close
    bool stopped_ = false;
};

class chat_room {
public:
    void join(const std::shared_ptr<member>& m) {
        print_line("Connection from: " + m->address());
        broadcast("* " + m->address() + " joined", m.get());
        members_.insert(m);
    }

    void leave(const std::shared_ptr<member>& m) {
        if (members_.erase(m) == 0) {
            return;
        }
        print_line("Disconnected: " + m->address());
        broadcast("* " + m->address() + " left", m.get());
    }

    void say(const member& from, const std::string& text) {
        print_line("from " + from.address() + ": " + text);
        broadcast(from.address() + ": " + text, &from);
    }

    void close_all() {
        // stop() may make a member leave: iterate over a copy.
        for (const auto& m : std::set(members_)) {
            m->stop();
        }
    }

private:
    void broadcast(const std::string& line, const member* except) {
        const auto shared = make_line(line);
        for (const auto& m : members_) {
            if (m.get() != except) {
                m->deliver(shared);
            }
        }
    }

    std::set<std::shared_ptr<member>> members_;
};

asio::awaitable<void> member::read_loop() {
    auto self = shared_from_this();
    room_.join(self);
    std::string buffer;
    for (;;) {
        // Room for the longest line plus its "\r\n".
        auto n = co_await stream_.read_until(buffer, "\n", max_line + 2);
        if (!n) {
            if (n.error() == net::error::line_too_long) {
                deliver(make_line("* your line is longer than 64 KiB: disconnecting"));
                closing_ = true;
                wake_.cancel();
            }
            break;
        }
        std::string_view line(buffer.data(), *n - 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        room_.say(*this, clean_line(line));
        buffer.erase(0, *n);
    }
    room_.leave(self);
    if (!closing_) {
        stop();
    }
}

asio::awaitable<void> member::write_loop() {
    auto self = shared_from_this();
    while (!stopped_) {
        if (outbox_.empty()) {
            if (closing_) {
                break;
            }
            std::error_code ignored;
            co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
            continue;
        }
        const shared_line line = std::move(outbox_.front());
        outbox_.pop_front();
        queued_bytes_ -= line->size();
        if (!co_await stream_.write_all(asio::buffer(*line))) {
            break;
        }
    }
    stop();
}

int run_server(const std::string& bind, std::uint16_t port) {
    auto where = endpoint_for(bind, port);
    if (!where) {
        return fail(exit_usage, net::describe(where.error(), "bad address '" + bind + "'"));
    }
    asio::io_context io(1);
    auto l = net::listener::listen(io.get_executor(), *where);
    if (!l) {
        return fail(exit_listen,
                    net::describe(l.error(), "cannot listen on " + where->to_string()));
    }
    print_line("Chat server listening on " + l->local_address());

    chat_room room;
    asio::co_spawn(
        io,
        net::accept_forever(
            *l, [&room](net::stream s) { std::make_shared<member>(std::move(s), room)->start(); }),
        asio::detached);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const std::error_code& ec, int) {
        if (!ec) {
            l->close();
            room.close_all();
        }
    });
    io.run();
    return exit_ok;
}

// "bye" in any case, with any spaces around it (the lesson's
// message.lower().strip() != 'bye').
bool is_bye(std::string_view line) {
    return iequals(trim(line), "bye");
}

int run_client(const std::string& host, std::uint16_t port) {
    auto where = endpoint_for(host, port);
    if (!where) {
        return fail(exit_usage, net::describe(where.error(), "bad address '" + host + "'"));
    }
    auto io = std::make_shared<asio::io_context>(1);
    const std::string target = where->to_string();
    const bool terminal = ::isatty(STDOUT_FILENO) != 0;
    int code = exit_ok;

    asio::co_spawn(
        *io,
        [&]() -> asio::awaitable<void> {
            auto connected = co_await net::connect(*where);
            if (!connected) {
                code = fail(connect_exit_code(connected.error()),
                            net::describe(connected.error(), "cannot connect to " + target));
                co_return;
            }
            auto s = std::make_shared<net::stream>(std::move(*connected));
            auto said_bye = std::make_shared<bool>(false);

            start_stdin_reader(
                io, stdin_mode::lines,
                [s, said_bye](std::optional<std::string> line) -> asio::awaitable<void> {
                    if (*said_bye) {
                        co_return;
                    }
                    if (!line || is_bye(*line)) {
                        // bye (or the end of input): leave cleanly.
                        *said_bye = true;
                        (void)co_await s->shutdown_send();
                        s->close();
                        co_return;
                    }
                    *line += '\n';
                    (void)co_await s->write_all(asio::buffer(*line));
                },
                [] { print_raw(" -> "); });

            std::string buffer;
            for (;;) {
                auto n = co_await s->read_until(buffer, "\n", max_line + 2);
                if (!n) {
                    if (!*said_bye) {
                        code = fail(exit_failure,
                                    n.error() == asio::error::eof
                                        ? "the server at " + target + " closed the connection"
                                        : net::describe(n.error(), target));
                    }
                    break;
                }
                std::string_view line(buffer.data(), *n - 1);
                if (!line.empty() && line.back() == '\r') {
                    line.remove_suffix(1);
                }
                const std::string text = clean_line(line);
                // On a terminal the prompt is on screen: write over it, then show it again.
                print_raw(terminal ? "\r" + text + "\n -> " : text + "\n");
                buffer.erase(0, *n);
            }
            io->stop();
        },
        asio::detached);
    io->run();
    return code;
}

} // namespace

void add_chat_command(CLI::App& app, action& run) {
    auto* chat =
        app.add_subcommand("chat", "Line chat over TCP (the lesson's server.py and client.py)");
    chat->require_subcommand(1);

    struct server_options {
        std::string bind;
        std::uint16_t port = default_chat_port;
    };
    auto sopts = std::make_shared<server_options>();
    auto* server = chat->add_subcommand(
        "server", "Relay each client's lines to every other client; announce joins and leaves");
    server->add_option("-b,--bind", sopts->bind,
                       "Address to listen on (default: every IPv6 and IPv4 interface)");
    server->add_option("-p,--port", sopts->port, "Port to listen on")->capture_default_str();
    server->callback(
        [sopts, &run] { run = [sopts] { return run_server(sopts->bind, sopts->port); }; });

    struct client_options {
        std::string host;
        std::uint16_t port = default_chat_port;
    };
    auto copts = std::make_shared<client_options>();
    auto* client = chat->add_subcommand(
        "client", "Send the lines you type (prompt ' -> '); 'bye' leaves; print what others say");
    client->add_option("host", copts->host, "Server host name or address")->required();
    client->add_option("port", copts->port, "Server port")->capture_default_str();
    client->callback(
        [copts, &run] { run = [copts] { return run_client(copts->host, copts->port); }; });
}

} // namespace netkit::cli
