// netkit: Python's networking batteries as one command.
#include "commands.hpp"
#include "exit_codes.hpp"
#include "suggest.hpp"

#include <CLI/CLI.hpp>

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <exception>
#include <functional>
#include <string_view>

int main(int argc, char** argv) {
    // A peer that closes while we write must give an error, not kill us.
    std::signal(SIGPIPE, SIG_IGN);
    // Open files up to the hard limit, as Go programs do and nginx's
    // worker_rlimit_nofile allows: the soft limit (often 1,024) is a guard
    // for select(), which netkit does not use, and it would bound a
    // server's connections (see http::server_options::max_connections).
    if (rlimit files{};
        ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        (void)::setrlimit(RLIMIT_NOFILE, &files);
    }

    CLI::App app("netkit: Python's networking batteries for C++, as one command.", "netkit");
    app.footer(netkit::cli::exit_code_help);
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Show the help of every subcommand");
    app.set_version_flag("--version", "netkit " NETKIT_VERSION);

    netkit::cli::action run;
    netkit::cli::add_chat_command(app, run);
    netkit::cli::add_cookies_command(app, run);
    netkit::cli::add_echo_command(app, run);
    netkit::cli::add_fetch_command(app, run);
    netkit::cli::add_ftp_command(app, run);
    netkit::cli::add_robots_command(app, run);
    netkit::cli::add_xmlrpc_command(app, run);
    netkit::cli::add_serve_command(app, run);
    netkit::cli::add_url_command(app, run);
    netkit::cli::add_ws_command(app, run);
    netkit::cli::add_docs_commands(app, run);
    // The exit codes once, in `netkit --help`, not again in every command's.
    std::function<void(CLI::App*)> no_footer = [&](CLI::App* command) {
        for (auto* sub : command->get_subcommands([](CLI::App*) { return true; })) {
            if (sub->get_footer() == netkit::cli::exit_code_help) { // inherited, not its own
                sub->footer("");
            }
            no_footer(sub);
        }
    };
    no_footer(&app);

    // netkit help [COMMAND...]: the help of netkit or of that command.
    if (argc >= 2 && std::string_view(argv[1]) == "help") {
        const CLI::App* level = &app;
        for (int i = 2; i < argc; ++i) {
            try {
                level = level->get_subcommand(argv[i]);
            } catch (const CLI::OptionNotFound&) {
                return netkit::cli::fail(netkit::cli::exit_usage,
                                         std::string("no command '") + argv[i] + "' to help with");
            }
        }
        std::fputs(level->help().c_str(), stdout);
        return 0;
    }
    if (const auto unknown = netkit::cli::unknown_command(app, argc, argv)) {
        return netkit::cli::fail(netkit::cli::exit_usage, *unknown);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : netkit::cli::exit_usage;
    }
    try {
        return run ? run() : netkit::cli::exit_usage;
    } catch (const std::exception& e) {
        return netkit::cli::fail(netkit::cli::exit_failure, e.what());
    }
}
