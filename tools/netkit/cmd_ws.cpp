// netkit ws URL: a WebSocket client on stdin and stdout, as websocat is:
// each line of stdin goes as a text message (with --binary, each piece
// read as a binary message), and each message that comes is written to
// stdout (a text message followed by a newline). The end of stdin closes
// the connection (1000); the server's close ends the command.
#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "stdin_reader.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/http/error.hpp>
#include <netkit/http/fields.hpp>
#include <netkit/net/error.hpp>
#include <netkit/ws/engine/client.hpp>
#include <netkit/ws/error.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

#include <memory>
#include <string>
#include <vector>

namespace netkit::cli {
namespace {

struct ws_options {
    std::string url;
    std::vector<std::string> headers;
    std::vector<std::string> protocols;
    bool binary = false;
    bool no_compress = false;
    bool insecure = false;
    bool verbose = false;
    std::string ca_file;
    std::string proxy;
    double timeout_seconds = 30;
};

int ws_exit_code(const std::error_code& ec) {
    if (ec == http::error::unsupported_url) {
        return exit_malformed_url;
    }
    if (ec == ws::error::not_switching) {
        return exit_http_error;
    }
    if (ec.category() == ws::error_category()) {
        return exit_failure;
    }
    return connect_exit_code(ec);
}

int run_ws(const ws_options& o) {
    ws::connect_options options;
    for (const auto& line : o.headers) {
        const auto colon = line.find(':');
        if (colon == std::string::npos ||
            !options.headers.add(std::string_view(line).substr(0, colon),
                                 trim(std::string_view(line).substr(colon + 1)))) {
            return fail(exit_usage, "bad header '" + line + "' (NAME: VALUE)");
        }
    }
    options.subprotocols = o.protocols;
    if (o.no_compress) {
        options.deflate.reset();
    }
    options.tls.verify = !o.insecure;
    options.tls.ca_file = o.ca_file;
    options.proxy = o.proxy;
    options.timeout = std::chrono::milliseconds(static_cast<long>(o.timeout_seconds * 1000));
    if (o.verbose) {
        options.trace = [](std::string_view line) {
            std::fprintf(stderr, "%s\n", terminal_safe(line, false).c_str());
        };
    }
    http::response_head answer;
    options.answer = &answer;

    auto io = std::make_shared<asio::io_context>(1);
    auto busy = asio::make_work_guard(*io); // stdin's pieces come from another thread
    int code = exit_ok;
    const auto finish = [&](int result) {
        code = result;
        io->stop();
    };
    asio::co_spawn(
        *io,
        [&]() -> asio::awaitable<void> {
            auto connected = co_await ws::connect(o.url, options);
            if (!connected) {
                const auto& ec = connected.error();
                std::string why = ec.message();
                if (ec == ws::error::not_switching) {
                    why = "the server answered " + std::to_string(answer.status) + " " +
                          terminal_safe(answer.reason, false) +
                          " instead of switching to WebSocket";
                }
                finish(fail(ws_exit_code(ec), "cannot open " + o.url + ": " + why));
                co_return;
            }
            std::shared_ptr<ws::connection> c = *connected;
            if (o.verbose && c->compressed()) {
                std::fprintf(stderr, "* permessage-deflate agreed\n");
            }
            // Messages to stdout until the connection ends.
            asio::co_spawn(
                *io,
                [&, c]() -> asio::awaitable<void> {
                    for (;;) {
                        auto m = co_await c->read();
                        if (!m) {
                            const auto status = c->close_status();
                            if (m.error() == ws::error::closed &&
                                (status.code == ws::close_code::normal ||
                                 status.code == ws::close_code::going_away ||
                                 status.code == ws::close_code::no_status)) {
                                finish(exit_ok);
                            } else if (m.error() == ws::error::closed) {
                                finish(fail(exit_failure, "the server closed the WebSocket: " +
                                                              std::to_string(status.code) + " " +
                                                              terminal_safe(status.reason, false)));
                            } else {
                                finish(fail(m.error().category() == ws::error_category()
                                                ? exit_failure
                                                : exit_recv_error,
                                            "WebSocket connection failed: " + m.error().message()));
                            }
                            co_return;
                        }
                        const bool written = m->is_text() && !o.binary ? print_raw(m->data + "\n")
                                                                       : print_raw(m->data);
                        if (!written) {
                            c->abort();
                            finish(fail(exit_write_error, "cannot write to standard output"));
                            co_return;
                        }
                    }
                },
                asio::detached);
            // Stdin to messages; its end closes the connection.
            start_stdin_reader(io, o.binary ? stdin_mode::bytes : stdin_mode::lines,
                               [&, c](std::optional<std::string> piece) -> asio::awaitable<void> {
                                   if (!piece) {
                                       co_await c->close();
                                       co_return;
                                   }
                                   const auto type =
                                       o.binary ? ws::opcode::binary : ws::opcode::text;
                                   (void)co_await c->send(*piece, type);
                               });
        },
        asio::detached);
    io->run();
    return code;
}

} // namespace

void add_ws_command(CLI::App& app, action& run) {
    auto o = std::make_shared<ws_options>();
    auto* ws = app.add_subcommand(
        "ws", "WebSocket client: stdin lines as messages, messages to stdout (like websocat)");
    ws->add_option("url", o->url, "ws:// or wss:// URL")->required();
    ws->add_option("-H,--header", o->headers, "Extra header for the upgrade request (NAME: VALUE)");
    ws->add_option("--subprotocol", o->protocols,
                   "Subprotocol to offer (repeatable, preferred first)");
    ws->add_flag("--binary", o->binary, "Send stdin as binary messages, write messages raw");
    ws->add_flag("--no-compress", o->no_compress, "Do not offer permessage-deflate");
    ws->add_flag("-k,--insecure", o->insecure, "wss://: do not verify the server's certificate");
    ws->add_option("--cacert", o->ca_file, "wss://: trust the CA certificates in this PEM file");
    ws->add_option("-x,--proxy", o->proxy, "Tunnel through this HTTP proxy (CONNECT)");
    ws->add_option("--timeout", o->timeout_seconds, "Seconds for the connection and the handshake")
        ->capture_default_str();
    ws->add_flag("-v,--verbose", o->verbose, "Show the handshake on stderr");
    ws->callback([o, &run] { run = [o] { return run_ws(*o); }; });
}

} // namespace netkit::cli
