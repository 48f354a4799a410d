// The subcommands of `netkit`: each file adds its own to the app and, when
// the user picks it, sets the action main() runs for the exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace netkit::cli {

using action = std::function<int()>;

void add_chat_command(CLI::App& app, action& run);
void add_cookies_command(CLI::App& app, action& run);
void add_echo_command(CLI::App& app, action& run);
void add_fetch_command(CLI::App& app, action& run);
void add_ftp_command(CLI::App& app, action& run);
void add_robots_command(CLI::App& app, action& run);
void add_serve_command(CLI::App& app, action& run);
void add_url_command(CLI::App& app, action& run);
void add_xmlrpc_command(CLI::App& app, action& run);
void add_ws_command(CLI::App& app, action& run);
/// completion and man: made from the other commands' definitions, so added last.
void add_docs_commands(CLI::App& app, action& run);

} // namespace netkit::cli
