// What the command says to a command it does not know: "did you mean ...?",
// as git and cargo do, instead of CLI11's "A subcommand is required".
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace netkit::cli {

/// The message for the first word of `argv` that should name a subcommand
/// (of netkit, or of one of its commands) and names none, with the nearest
/// name when one is close; nullopt when every such word is known.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv);

} // namespace netkit::cli
