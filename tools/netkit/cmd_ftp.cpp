// netkit ftp URL: ftplib and the `ftp` command from the shell. Interactive
// with a prompt on a terminal; a script with -c 'cmd; cmd' or on a stdin that
// is not a terminal, stopping at the first failure (--keep-going goes on).
#include "commands.hpp"
#include "exit_codes.hpp"
#include "ftp_shell.hpp"

#include <netkit/core/error.hpp>
#include <netkit/ftp/error.hpp>
#include <netkit/ftp/url.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/tls.hpp>
#include <netkit/sync/error.hpp>
#include <netkit/sync/ftp.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

namespace netkit::cli {
namespace {

struct ftp_options {
    std::string url;
    std::string script;
    bool script_given = false;
    bool keep_going = false;
    bool tls = false;
    std::string cacert;
    bool insecure = false;
    bool active = false;
    bool follow_pasv = false;
    bool verbose = false;
    double timeout = 30;
};

// The URL to connect to; a bare host ("127.0.0.1:2121") is taken as ftp://.
result<ftp::ftp_url> parse_target(std::string text) {
    if (text.find("://") == std::string::npos) {
        text = "ftp://" + text;
    }
    return ftp::parse_ftp_url(text);
}
/// Asks on the terminal without echo, as ftp and ssh do.
std::string ask_password(const std::string& user, const std::string& host) {
    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0) {
        return {}; // no terminal to ask on: an empty password
    }
    // Echo goes off before the prompt appears, as getpass does: what is
    // typed once it shows is neither echoed nor dropped (only what came
    // before it is flushed).
    termios saved{};
    const bool is_terminal = ::tcgetattr(tty, &saved) == 0;
    if (is_terminal) {
        termios quiet = saved;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        ::tcsetattr(tty, TCSAFLUSH, &quiet);
    }
    const std::string prompt = "Password for " + user + "@" + host + ": ";
    (void)!::write(tty, prompt.data(), prompt.size());
    std::string password;
    char c = 0;
    while (::read(tty, &c, 1) == 1 && c != '\n') {
        password += c;
    }
    if (is_terminal) {
        ::tcsetattr(tty, TCSADRAIN, &saved); // a command typed ahead is kept
    }
    (void)!::write(tty, "\n", 1);
    ::close(tty);
    return password;
}

int connect_failure(const sync::socket_error& e) {
    return fail(connect_exit_code(e.code()), e.what());
}

int run_ftp(const ftp_options& o) {
    const auto parsed = parse_target(o.url);
    if (!parsed) {
        return fail(exit_usage, parsed.error().message() + ": " + o.url);
    }
    const ftp::ftp_url& target = *parsed;
    ftp::client_options options;
    options.timeout = std::chrono::milliseconds(static_cast<long long>(o.timeout * 1000));
    options.passive = !o.active;
    options.trust_pasv_address = o.follow_pasv;
    if (target.implicit_tls) {
        options.tls_mode = ftp::security::implicit_tls;
    } else if (o.tls) {
        options.tls_mode = ftp::security::explicit_tls;
    }
    if (options.tls_mode != ftp::security::none) {
        net::tls_client_config config;
        config.verify = !o.insecure;
        config.ca_file = o.cacert;
        auto context = net::tls_context::client(config);
        if (!context) {
            return fail(exit_usage, net::describe(context.error(), "TLS setup"));
        }
        options.tls = std::move(*context);
    }
    if (o.verbose) {
        options.trace = [](std::string_view line) { print_safely(stderr, line); };
    }

    const bool interactive = !o.script_given && ::isatty(STDIN_FILENO);
    sync::ftp_client ftp(options);
    try {
        ftp.connect(target.host, target.port.value_or(0));
    } catch (const sync::socket_error& e) {
        return connect_failure(e);
    } catch (const sync::ftp_error&) {
        return report_ftp_failure(std::current_exception()); // a 421 greeting, say
    }
    if (interactive) {
        std::cout << "Connected to " << target.host << ".\n" << std::flush;
        print_safely(stdout, ftp.getwelcome());
    }
    std::string user = target.user.empty() ? "anonymous" : target.user;
    std::string password = target.password.value_or("");
    if (!target.password && user != "anonymous") {
        password = ask_password(user, target.host);
    }
    try {
        ftp.login(user, password);
        if (!target.path.empty()) {
            ftp.cwd(target.path);
        }
    } catch (const sync::ftp_error&) {
        return report_ftp_failure(std::current_exception());
    } catch (const sync::socket_error& e) {
        return connect_failure(e); // AUTH TLS's handshake: a certificate, say
    }

    ftp_shell_options shell_options;
    shell_options.keep_going = o.keep_going;
    shell_options.progress = ::isatty(STDERR_FILENO) && !o.verbose;
    ftp_shell shell(ftp, shell_options);
    int status = 0;
    if (o.script_given) {
        status = shell.run_script(o.script);
    } else {
        status = shell.run_interactive(interactive);
    }
    if (ftp.engine().is_connected()) {
        try {
            ftp.quit();
        } catch (const std::exception&) {
            // Leaving anyway: the server's answer to QUIT changes nothing.
        }
    }
    return status;
}

} // namespace

void add_ftp_command(CLI::App& app, action& run) {
    auto o = std::make_shared<ftp_options>();
    auto* cmd = app.add_subcommand(
        "ftp", "FTP and FTPS sessions, interactive or scripted, as ftplib and ftp do");
    cmd->add_option("url", o->url, "[ftp://|ftps://][user[:password]@]HOST[:PORT][/path]")
        ->required();
    cmd->add_option("-c,--commands", o->script,
                    "Run these commands ('pwd; ls; get a.txt') and exit")
        ->each([o](const std::string&) { o->script_given = true; });
    cmd->add_flag("--keep-going", o->keep_going, "Run the remaining commands after one fails");
    cmd->add_flag("--tls", o->tls, "Explicit FTPS: AUTH TLS before login, PROT P for data");
    cmd->add_option("--cacert", o->cacert, "Trust the CA certificates in FILE (PEM)");
    cmd->add_flag("-k,--insecure", o->insecure, "Do not verify the server's certificate");
    cmd->add_flag("--active", o->active, "Active data connections (PORT/EPRT) instead of passive");
    cmd->add_flag("--follow-pasv-address", o->follow_pasv,
                  "Connect where a PASV reply says, not to the server's address (curl's "
                  "--no-ftp-skip-pasv-ip)");
    cmd->add_flag("-v,--verbose", o->verbose,
                  "Show the command and reply dialogue on stderr (passwords masked)");
    cmd->add_option("-t,--timeout", o->timeout, "Seconds each operation may take")
        ->check(CLI::PositiveNumber);
    cmd->callback([&run, o] { run = [o] { return run_ftp(*o); }; });
}

} // namespace netkit::cli
