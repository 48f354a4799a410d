// netkit serve [PORT]: `python -m http.server`, with its startup line and
// access log, on netkit's server (keep-alive, ranges, HTTPS, uploads, one
// event loop per core).
#include "commands.hpp"
#include "endpoints.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

#include <netkit/http/engine/server.hpp>
#include <netkit/http/engine/static_files.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/resolver.hpp>
#include <netkit/net/run.hpp>
#include <netkit/net/tls.hpp>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

namespace netkit::cli {
namespace {

struct serve_options {
    std::uint16_t port = 8000;
    std::string bind;
    std::string directory = ".";
    bool quiet = false;
    unsigned threads = 0;
    std::string tls_cert, tls_key;
    unsigned tls_session_lifetime = 3600;
    bool upload = false;
    bool overwrite = false;
    std::string max_upload = "1G";
    bool no_listing = false;
    bool no_http2 = false;
    bool h2c_upgrade = false;
    double header_timeout = 10;
    double idle_timeout = 60;
    double send_timeout = 60;
    std::size_t max_connections = 10000;
};

/// "10M", "512k", "1G", "123": bytes; nullopt when it is not a size.
std::optional<std::uint64_t> parse_size(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    std::uint64_t scale = 1;
    const char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
    if (unit == 'K' || unit == 'M' || unit == 'G' || unit == 'T') {
        scale = unit == 'K'   ? 1ull << 10
                : unit == 'M' ? 1ull << 20
                : unit == 'G' ? 1ull << 30
                              : 1ull << 40;
        text.remove_suffix(1);
    }
    if (text.empty() || text.size() > 15 ||
        text.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    return std::stoull(std::string(text)) * scale;
}

std::chrono::milliseconds seconds(double s) {
    return std::chrono::milliseconds(static_cast<long long>(s * 1000));
}

// Where -b sends the server: every interface for none, the address itself for
// an address, and every address a name has ("localhost": 127.0.0.1 and ::1),
// as a server bound to a name should answer on all of them.
result<std::vector<net::endpoint>> addresses_for(const net::endpoint& where) {
    std::error_code literal;
    (void)asio::ip::make_address(where.host, literal);
    if (where.host.empty() || where.is_unix() || !literal) {
        return std::vector<net::endpoint>{where};
    }
    asio::io_context io(1);
    auto found = net::run_to_result(io, net::resolve(where.host, where.port));
    if (!found) {
        return found.error();
    }
    std::vector<net::endpoint> out;
    for (const auto& address : *found) {
        net::endpoint e(address.address().to_string(), where.port);
        if (std::find(out.begin(), out.end(), e) == out.end()) {
            out.push_back(std::move(e));
        }
    }
    return out;
}

// http.server's log line: "127.0.0.1 - - [23/Nov/2018 16:08:21] message".
void log_message(std::string_view host, std::string_view message) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::localtime_r(&now, &tm);
    char date[32];
    std::strftime(date, sizeof date, "%d/%b/%Y %H:%M:%S", &tm);
    std::string line;
    line.reserve(host.size() + message.size() + 40);
    line.append(host).append(" - - [").append(date).append("] ").append(message).append("\n");
    std::fwrite(line.data(), 1, line.size(), stderr); // one call: lines never interleave
}

void log_access(const http::access_entry& e) {
    if (e.status >= 400 && !e.error.empty()) {
        // send_error() logs the reason first, as http.server does.
        log_message(e.remote_host,
                    "code " + std::to_string(e.status) + ", message " + std::string(e.error));
    }
    log_message(e.remote_host,
                "\"" + std::string(e.request_line) + "\" " + std::to_string(e.status) + " -");
}

int run_serve(const serve_options& o) {
    const auto max_upload = parse_size(o.max_upload);
    if (!max_upload) {
        return fail(exit_usage, "bad --max-upload '" + o.max_upload +
                                    "': give bytes, or a number with K, M, G or T");
    }
    if (o.tls_cert.empty() != o.tls_key.empty()) {
        return fail(exit_usage, "--tls-cert and --tls-key go together");
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(o.directory, ec)) {
        return fail(exit_usage, "cannot serve '" + o.directory + "': not a directory");
    }
    auto where = endpoint_for(o.bind, o.port);
    if (!where) {
        return fail(exit_usage, net::describe(where.error(), "bad address '" + o.bind + "'"));
    }

    http::server_options options;
    options.threads = o.threads;
    options.header_timeout = seconds(o.header_timeout);
    options.idle_timeout = seconds(o.idle_timeout);
    options.send_timeout = seconds(o.send_timeout);
    // A long-running server gives back what idle connections free.
    options.release_memory = true;
    options.max_connections = o.max_connections;
    options.http2.enabled = !o.no_http2;
    options.http2.upgrade = o.h2c_upgrade;
    if (!o.quiet) {
        options.access_log = log_access;
    }
    if (!o.tls_cert.empty()) {
        auto tls = net::tls_context::server(
            {.certificate_chain_file = o.tls_cert,
             .private_key_file = o.tls_key,
             .alpn = o.no_http2 ? std::vector<std::string>{"http/1.1"}
                                : std::vector<std::string>{"h2", "http/1.1"},
             .session_lifetime = std::chrono::seconds(o.tls_session_lifetime),
             // Where the kernel offers kTLS (main() ignores SIGPIPE).
             .kernel_tls = true});
        if (!tls) {
            return fail(exit_tls,
                        net::describe(tls.error(), "cannot use certificate '" + o.tls_cert +
                                                       "' and key '" + o.tls_key + "'"));
        }
        options.tls = std::move(*tls);
    }

    http::static_files_options files;
    files.root = o.directory;
    files.listing = !o.no_listing;
    files.upload = o.upload;
    files.overwrite = o.overwrite;
    files.max_upload = *max_upload;

    // Signals go to one waiting thread, never to the event loops: Ctrl-C or
    // SIGTERM stops the server gracefully, a second one ends it at once.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    http::server server(std::move(options));
    auto handler = http::static_files(files);
    if (!handler) {
        return fail(exit_usage, "cannot serve '" + o.directory + "': " + handler.error().message());
    }
    server.mount("/", std::move(*handler));
    const auto addresses = addresses_for(*where);
    if (!addresses) {
        return fail(exit_resolve,
                    net::describe(addresses.error(), "cannot listen on " + where->to_string()));
    }
    const char* scheme = o.tls_cert.empty() ? "http" : "https";
    for (net::endpoint at : *addresses) {
        at.port = server.port() != 0 ? server.port() : at.port; // port 0: one port for all
        if (auto listening = server.listen(at); !listening) {
            return fail(exit_listen,
                        net::describe(listening.error(), "cannot listen on " + at.to_string()));
        }
        // http.server's line, once for each address: "[::1]:8000" shown as "::1".
        const std::string shown = at.host.empty() ? server.local_address() : at.to_string();
        const std::string url_host = shown.substr(0, shown.rfind(':'));
        std::string host = url_host;
        if (host.size() > 1 && host.front() == '[') {
            host = host.substr(1, host.size() - 2);
        }
        print_line(std::string("Serving ") + (o.tls_cert.empty() ? "HTTP" : "HTTPS") + " on " +
                   host + " port " + std::to_string(server.port()) + " (" + scheme + "://" +
                   url_host + ":" + std::to_string(server.port()) + "/) ...");
    }

    std::thread waiter([&server, stop_signals] {
        int signal = 0;
        sigwait(&stop_signals, &signal);
        if (signal == SIGINT) {
            print_raw("\nKeyboard interrupt received, exiting.\n");
        }
        server.stop();
        sigwait(&stop_signals, &signal);
        std::_Exit(exit_failure);
    });
    waiter.detach();
    server.run();
    return exit_ok;
}

} // namespace

void add_serve_command(CLI::App& app, action& run) {
    auto o = std::make_shared<serve_options>();
    auto* cmd =
        app.add_subcommand("serve", "Serve a directory over HTTP, as python -m http.server does");
    add_port_options(cmd, o->port, "Port to listen on");
    cmd->add_option("-b,--bind", o->bind,
                    "Address to bind (default: every IPv6 and IPv4 interface)");
    cmd->add_option("-d,--directory", o->directory, "Directory to serve")->capture_default_str();
    cmd->add_flag("-q,--quiet", o->quiet, "No access log");
    cmd->add_option("--threads", o->threads, "Event loops (default: one per core)");
    cmd->add_option("--tls-cert", o->tls_cert, "Certificate chain (PEM): serve HTTPS");
    cmd->add_option("--tls-key", o->tls_key, "Private key (PEM) of --tls-cert");
    cmd->add_option("--tls-session-lifetime", o->tls_session_lifetime,
                    "Seconds a client may resume its TLS session; the keys that seal session "
                    "tickets are replaced as often")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_flag("--upload", o->upload, "Accept PUT and the listing's upload form");
    cmd->add_flag("--overwrite", o->overwrite, "Let uploads replace existing files");
    cmd->add_option("--max-upload", o->max_upload, "Largest upload (bytes, or 10M, 2G)")
        ->capture_default_str();
    cmd->add_flag("--no-listing", o->no_listing, "Answer 403 for directories without an index");
    cmd->add_flag("--no-http2", o->no_http2,
                  "HTTP/1.1 only: no HTTP/2, neither over TLS (ALPN h2) nor in clear text (h2c)");
    cmd->add_flag("--h2c-upgrade", o->h2c_upgrade,
                  "Let clear-text HTTP/1.1 requests switch to HTTP/2 (Upgrade: h2c)");
    cmd->add_option("--header-timeout", o->header_timeout, "Seconds for a request head to arrive")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--idle-timeout", o->idle_timeout,
                    "Seconds an idle keep-alive connection stays open")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--send-timeout", o->send_timeout,
                    "Seconds a response may make no progress (a client that stopped reading)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--max-connections", o->max_connections, "Open connections at most")
        ->capture_default_str();
    cmd->callback([&run, o] { run = [o] { return run_serve(*o); }; });
}

} // namespace netkit::cli
