// netkit chat server|client: the Python lesson's chat (server.py and
// client.py), grown into a room where many clients talk at once.
//
// Protocol: a message is a line ending in "\n", or what one send carries
// without one (the lesson's client sends its text bare). What the room does
// with them is chat_room.hpp's; with --web, browsers join it too
// (chat_web.hpp).
#include "chat_room.hpp"
#include "chat_web.hpp"
#include "commands.hpp"
#include "endpoints.hpp"
#include "exit_codes.hpp"
#include "line_editor.hpp"
#include "output.hpp"
#include "stdin_reader.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/net/connect.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/listener.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/redirect_error.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <unistd.h>

#include <deque>
#include <memory>

namespace netkit::cli {
namespace {

constexpr std::uint16_t default_chat_port = 5000;

// One connected client: a reader that hands lines to the room, and a writer
// that drains the lines queued for it.
class member : public participant, public std::enable_shared_from_this<member> {
public:
    member(net::stream s, chat_room& room)
        : stream_(std::move(s)), room_(room), address_(stream_.remote_address()),
          wake_(stream_.get_executor()) {
        wake_.expires_at(asio::steady_timer::time_point::max());
    }

    const std::string& name() const override { return address_; }

    void start() {
        auto self = shared_from_this();
        asio::co_spawn(
            stream_.get_executor(), [self] { return self->read_loop(); }, asio::detached);
        asio::co_spawn(
            stream_.get_executor(), [self] { return self->write_loop(); }, asio::detached);
    }

    /// Queues a line (with its "\n"); one copy is shared by every recipient.
    void deliver(shared_line line) override {
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

    void stop() override {
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

asio::awaitable<void> member::read_loop() {
    auto self = shared_from_this();
    room_.join(self);
    std::string buffer(max_chat_message, '\0');
    for (;;) {
        auto n = co_await stream_.read_some(asio::buffer(buffer));
        if (!n) {
            break;
        }
        for_each_message(std::string_view(buffer.data(), *n),
                         [&](std::string_view message) { room_.say(*this, clean_line(message)); });
        // A read that finds data at once does not suspend: let the writers
        // drain what was just queued before this sender is read again, so
        // that one fast sender cannot starve the others' queues.
        co_await asio::post(asio::use_awaitable);
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

int run_server(const std::string& bind, std::uint16_t port, std::optional<std::uint16_t> web_port) {
    auto where = endpoint_for(bind, port);
    if (!where) {
        return fail(exit_usage, net::describe(where.error(), "bad address '" + bind + "'"));
    }
    auto io = std::make_shared<asio::io_context>(1);
    auto l = net::listener::listen(io->get_executor(), *where);
    if (!l) {
        return fail(exit_listen,
                    net::describe(l.error(), "cannot listen on " + where->to_string()));
    }
    print_line("Chat server listening on " + l->local_address());

    chat_room room;
    // Browsers join the same room through the web page (chat_web.hpp).
    std::unique_ptr<chat_web> web;
    if (web_port) {
        auto web_where = endpoint_for(bind, *web_port);
        if (!web_where) {
            return fail(exit_usage, net::describe(web_where.error(), "bad address '" + bind + "'"));
        }
        web = std::make_unique<chat_web>(room, *io);
        if (auto listening = web->listen(*web_where); !listening) {
            return fail(exit_listen, net::describe(listening.error(),
                                                   "cannot listen on " + web_where->to_string()));
        }
        print_line("Chat web page on " + web->local_address());
        web->start();
    }
    // The operator's lines: the reply to the one client, or to the room. The
    // end of input ends nothing: the server serves until it is stopped.
    start_stdin_reader(io, stdin_mode::lines,
                       [&room](std::optional<std::string> line) -> asio::awaitable<void> {
                           if (line) {
                               room.operator_says(*line);
                           }
                           co_return;
                       });
    asio::co_spawn(
        *io,
        net::accept_forever(
            *l, [&room](net::stream s) { std::make_shared<member>(std::move(s), room)->start(); }),
        asio::detached);
    asio::signal_set signals(*io, SIGINT, SIGTERM);
    signals.async_wait([&](const std::error_code& ec, int) {
        if (!ec) {
            l->close();
            room.close_all();
            if (web) {
                web->stop(); // browsers are told "going away" (1001)
            }
        }
    });
    io->run();
    return exit_ok;
}

// "bye" in any case, with any spaces around it (the lesson's
// message.lower().strip() != 'bye').
bool is_bye(std::string_view line) {
    return iequals(trim(line), "bye");
}

// The lesson's client.py: prompt, send the text bare, wait for one reply and
// print it as "Received from server: ...", until "bye".
asio::awaitable<void> lesson_exchange(std::shared_ptr<net::stream> s,
                                      std::optional<std::string> line,
                                      std::shared_ptr<asio::io_context> io,
                                      const std::string& target, int& code) {
    if (!line || is_bye(*line)) {
        (void)co_await s->shutdown_send();
        s->close();
        io->stop();
        co_return;
    }
    if (!line->empty()) {
        (void)co_await s->write_all(asio::buffer(*line));
    }
    std::string reply(max_chat_message, '\0');
    auto n = co_await s->read_some(asio::buffer(reply));
    if (!n) {
        code = fail(exit_failure, n.error() == asio::error::eof
                                      ? "the server at " + target + " closed the connection"
                                      : net::describe(n.error(), target));
        io->stop();
        co_return;
    }
    print_line("Received from server: " + clean_line(std::string_view(reply.data(), *n)));
}

int run_client(const std::string& host, std::uint16_t port, bool lesson) {
    auto where = endpoint_for(host, port);
    if (!where) {
        return fail(exit_usage, net::describe(where.error(), "bad address '" + host + "'"));
    }
    auto io = std::make_shared<asio::io_context>(1);
    const std::string target = where->to_string();
    const bool terminal = ::isatty(STDOUT_FILENO) != 0;
    // A person typing: lines edited with libedit, and messages drawn above
    // the prompt without touching what is half typed.
    auto editor =
        !lesson && line_editor::available() ? std::make_shared<line_editor>(" -> ") : nullptr;
    int code = exit_ok;

    asio::co_spawn(
        *io,
        [&]() -> asio::awaitable<void> {
            auto connected = co_await net::connect(*where);
            if (!connected) {
                code = fail(connect_exit_code(connected.error()),
                            net::describe(connected.error(), "cannot connect to " + target));
                io->stop();
                co_return;
            }
            auto s = std::make_shared<net::stream>(std::move(*connected));
            auto said_bye = std::make_shared<bool>(false);
            if (lesson) {
                start_stdin_reader(
                    io, stdin_mode::lines,
                    [s, io, target, &code](std::optional<std::string> line) {
                        return lesson_exchange(s, std::move(line), io, target, code);
                    },
                    [] { print_raw(" -> "); });
                co_return;
            }

            auto send_typed = [s,
                               said_bye](std::optional<std::string> line) -> asio::awaitable<void> {
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
            };
            if (editor) {
                start_stdin_reader(io, editor, send_typed);
            } else {
                start_stdin_reader(io, stdin_mode::lines, send_typed, [] { print_raw(" -> "); });
            }

            std::string buffer(max_chat_message, '\0');
            for (;;) {
                auto n = co_await s->read_some(asio::buffer(buffer));
                if (!n) {
                    if (editor) {
                        editor->release_terminal(); // before the reason is printed
                    }
                    if (!*said_bye) {
                        code = fail(exit_failure,
                                    n.error() == asio::error::eof
                                        ? "the server at " + target + " closed the connection"
                                        : net::describe(n.error(), target));
                    }
                    break;
                }
                // Every message, a line or a bare reply. At a terminal it
                // goes above the prompt and what is being typed.
                for_each_message(std::string_view(buffer.data(), *n), [&](std::string_view m) {
                    std::string text = clean_line(m);
                    if (editor) {
                        editor->print_above(std::move(text));
                    } else {
                        print_raw(terminal ? "\r" + text + "\n -> " : text + "\n");
                    }
                });
            }
            io->stop();
        },
        asio::detached);
    // In lesson mode nothing reads between two lines of input: keep run()
    // going until "bye", the end of input or an error stops it.
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> busy;
    if (lesson) {
        busy.emplace(io->get_executor());
    }
    io->run();
    if (editor) {
        editor->release_terminal(); // the reading thread may still be in the middle of a line
    }
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
        std::optional<std::uint16_t> web_port;
    };
    auto sopts = std::make_shared<server_options>();
    auto* server = chat->add_subcommand(
        "server", "Relay each client's lines to every other client; announce joins and leaves");
    server->add_option("-b,--bind", sopts->bind,
                       "Address to listen on (default: every IPv6 and IPv4 interface)");
    add_port_options(server, sopts->port, "Port to listen on");
    server->add_option("--web", sopts->web_port,
                       "Also serve the room's web page on this port: browsers chat over "
                       "WebSocket with the TCP clients");
    server->callback([sopts, &run] {
        run = [sopts] { return run_server(sopts->bind, sopts->port, sopts->web_port); };
    });

    struct client_options {
        std::string host;
        std::uint16_t port = default_chat_port;
        bool lesson = false;
    };
    auto copts = std::make_shared<client_options>();
    auto* client = chat->add_subcommand(
        "client", "Send the lines you type (prompt ' -> '); 'bye' leaves; print what others say");
    client->add_option("host", copts->host, "Server host name or address")->required();
    add_port_options(client, copts->port, "Server port");
    client->add_flag("--lesson", copts->lesson,
                     "As the lesson's client.py: send each line bare, wait for the reply, print "
                     "'Received from server: ...'");
    client->callback([copts, &run] {
        run = [copts] { return run_client(copts->host, copts->port, copts->lesson); };
    });
}

} // namespace netkit::cli
