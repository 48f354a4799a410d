// netkit echo server|client: every byte (or datagram) sent comes back, over
// TCP, UDP or a Unix stream socket (RFC 862, on a port of your choosing).
#include "commands.hpp"
#include "endpoints.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "stdin_reader.hpp"

#include <netkit/net/connect.hpp>
#include <netkit/net/datagram.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/listener.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include <array>
#include <chrono>
#include <memory>

namespace netkit::cli {
namespace {

// RFC 862's port 7 needs root; this one does not.
constexpr std::uint16_t default_echo_port = 7007;

struct echo_options {
    std::string bind; // server: address to listen on
    std::string host; // client: server host
    std::uint16_t port = default_echo_port;
    bool udp = false;
    std::string unix_path;
    double timeout_seconds = 5; // client, UDP: how long to wait for each reply
};

asio::awaitable<void> echo_stream(net::stream s) {
    std::array<char, 64 * 1024> buffer;
    for (;;) {
        auto n = co_await s.read_some(asio::buffer(buffer));
        if (!n) {
            break; // the end of the stream, or an error: either way, done
        }
        if (!co_await s.write_all(asio::buffer(buffer.data(), *n))) {
            break;
        }
    }
    (void)co_await s.shutdown_send();
}

asio::awaitable<void> echo_datagrams(net::udp_socket& socket) {
    std::array<char, 65536> buffer; // the largest UDP payload fits
    for (;;) {
        asio::ip::udp::endpoint sender;
        auto n = co_await socket.receive_from(asio::buffer(buffer), sender);
        if (!n) {
            if (n.error() == std::errc::operation_canceled) {
                co_return;
            }
            continue; // e.g. ICMP port unreachable reported for an earlier reply
        }
        (void)co_await socket.send_to(asio::buffer(buffer.data(), *n), sender);
    }
}

int run_server(const echo_options& o) {
    auto parsed = o.unix_path.empty()
                      ? endpoint_for(o.bind, o.port)
                      : result<net::endpoint>(net::endpoint::unix_socket(o.unix_path));
    if (!parsed) {
        return fail(exit_usage, net::describe(parsed.error(), "bad address '" + o.bind + "'"));
    }
    const net::endpoint where = *parsed;
    asio::io_context io(1);
    asio::signal_set signals(io, SIGINT, SIGTERM);

    if (o.udp) {
        auto socket = net::udp_socket::bind(io.get_executor(), where);
        if (!socket) {
            return fail(exit_listen,
                        net::describe(socket.error(), "cannot bind " + where.to_string()));
        }
        print_line("Echo server (UDP) listening on " + socket->local_address());
        asio::co_spawn(io, echo_datagrams(*socket), asio::detached);
        signals.async_wait([&](const std::error_code&, int) { socket->close(); });
        io.run();
        return exit_ok;
    }

    auto l = net::listener::listen(io.get_executor(), where);
    if (!l) {
        return fail(exit_listen, net::describe(l.error(), "cannot listen on " + where.to_string()));
    }
    print_line("Echo server listening on " + l->local_address());
    asio::co_spawn(io,
                   net::accept_forever(*l,
                                       [](net::stream s) {
                                           print_line("Connection from: " + s.remote_address());
                                           auto ex = s.get_executor();
                                           asio::co_spawn(ex, echo_stream(std::move(s)),
                                                          asio::detached);
                                       }),
                   asio::detached);
    signals.async_wait([&](const std::error_code&, int) {
        l->close();
        io.stop(); // open connections end with the process
    });
    io.run();
    return exit_ok;
}

// Stream client: stdin goes out as it is read, replies go to stdout; at the
// end of stdin the client half-closes and prints the rest of the echo.
int run_stream_client(const net::endpoint& where) {
    auto io = std::make_shared<asio::io_context>(1);
    int code = exit_ok;
    asio::co_spawn(
        *io,
        [&]() -> asio::awaitable<void> {
            auto connected = co_await net::connect(where);
            if (!connected) {
                code = fail(
                    connect_exit_code(connected.error()),
                    net::describe(connected.error(), "cannot connect to " + where.to_string()));
                co_return;
            }
            auto s = std::make_shared<net::stream>(std::move(*connected));
            start_stdin_reader(io, stdin_mode::bytes,
                               [s](std::optional<std::string> chunk) -> asio::awaitable<void> {
                                   if (!chunk) {
                                       (void)co_await s->shutdown_send();
                                   } else {
                                       (void)co_await s->write_all(asio::buffer(*chunk));
                                   }
                               });
            std::array<char, 64 * 1024> buffer;
            for (;;) {
                auto n = co_await s->read_some(asio::buffer(buffer));
                if (!n) {
                    if (n.error() != asio::error::eof) {
                        code = fail(exit_failure, net::describe(n.error(), where.to_string()));
                    }
                    break;
                }
                print_raw(std::string_view(buffer.data(), *n));
            }
            io->stop();
        },
        asio::detached);
    io->run();
    return code;
}

// UDP client: each line of stdin is one datagram; each reply is printed on a
// line of its own.
int run_udp_client(const net::endpoint& where, std::chrono::milliseconds timeout) {
    auto io = std::make_shared<asio::io_context>(1);
    // Nothing is in flight between two lines of stdin: keep run() going until
    // the end of input stops it.
    auto busy = asio::make_work_guard(*io);
    int code = exit_ok;
    asio::co_spawn(
        *io,
        [&]() -> asio::awaitable<void> {
            auto connected = co_await net::udp_socket::connect(where);
            if (!connected) {
                code = fail(connect_exit_code(connected.error()),
                            net::describe(connected.error(), "cannot reach " + where.to_string()));
                io->stop();
                co_return;
            }
            auto socket = std::make_shared<net::udp_socket>(std::move(*connected));
            socket->set_timeout(timeout);
            start_stdin_reader(
                io, stdin_mode::lines,
                [&, socket](std::optional<std::string> line) -> asio::awaitable<void> {
                    if (!line) {
                        io->stop();
                        co_return;
                    }
                    std::array<char, 65536> reply;
                    auto sent = co_await socket->send(asio::buffer(*line));
                    auto n = sent ? co_await socket->receive(asio::buffer(reply))
                                  : result<std::size_t>(sent.error());
                    if (!n) {
                        // A closed port answers with ICMP: refused, 7, as over TCP.
                        code = fail(connect_exit_code(n.error()),
                                    net::describe(n.error(), "no reply from " + where.to_string()));
                        io->stop();
                        co_return;
                    }
                    print_line(std::string_view(reply.data(), *n));
                });
        },
        asio::detached);
    io->run();
    return code;
}

int run_client(const echo_options& o) {
    if (!o.unix_path.empty()) {
        return run_stream_client(net::endpoint::unix_socket(o.unix_path));
    }
    if (o.host.empty()) {
        return fail(exit_usage, "echo client needs HOST PORT, or --unix PATH");
    }
    auto where = endpoint_for(o.host, o.port);
    if (!where) {
        return fail(exit_usage, net::describe(where.error(), "bad address '" + o.host + "'"));
    }
    if (o.udp) {
        return run_udp_client(
            *where, std::chrono::milliseconds(static_cast<long>(o.timeout_seconds * 1000)));
    }
    return run_stream_client(*where);
}

} // namespace

void add_echo_command(CLI::App& app, action& run) {
    auto* echo = app.add_subcommand("echo", "Echo bytes over TCP, UDP or a Unix socket");
    echo->require_subcommand(1);

    auto so = std::make_shared<echo_options>();
    auto* server = echo->add_subcommand("server", "Send back every byte (or datagram) received");
    server->add_option("-b,--bind", so->bind,
                       "Address to listen on (default: every IPv6 and IPv4 interface)");
    add_port_options(server, so->port, "Port to listen on");
    auto* sudp = server->add_flag("--udp", so->udp, "Echo UDP datagrams");
    server->add_option("--unix", so->unix_path, "Listen on a Unix stream socket at PATH")
        ->excludes(sudp);
    server->callback([so, &run] { run = [so] { return run_server(*so); }; });

    auto co = std::make_shared<echo_options>();
    auto* client =
        echo->add_subcommand("client", "Send stdin to an echo server and print what comes back");
    client->add_option("host", co->host, "Server host name or address");
    add_port_options(client, co->port, "Server port");
    auto* cudp = client->add_flag("--udp", co->udp, "Send each line of stdin as one datagram");
    client->add_option("--unix", co->unix_path, "Connect to a Unix stream socket at PATH")
        ->excludes(cudp);
    client->add_option("--timeout", co->timeout_seconds, "UDP: seconds to wait for each reply")
        ->capture_default_str();
    client->callback([co, &run] { run = [co] { return run_client(*co); }; });
}

} // namespace netkit::cli
