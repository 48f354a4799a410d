// The command language of `netkit ftp`: the interactive shell's and the
// script's commands (ls, cd, get, put, quote, ...), run one at a time on a
// logged-in session.
#pragma once

#include <netkit/sync/ftp.hpp>

#include <cstdio>
#include <exception>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::cli {

struct ftp_shell_options {
    bool keep_going = false; ///< continue after a failed command
    bool progress = false;   ///< a progress bar on stderr for transfers
};

class ftp_shell {
public:
    ftp_shell(sync::ftp_client& ftp, ftp_shell_options options) : ftp_(ftp), options_(options) {}

    /// Runs one command line ("get a.txt b.txt"). Returns 0, or the exit code
    /// of the failure (after printing it); -1 for bye.
    int run(std::string_view line);
    /// Runs "cmd; cmd; ..." (and newline-separated lines), stopping at the first
    /// failure unless keep_going. Returns the exit code.
    int run_script(std::string_view script);
    /// Reads commands from stdin, with a prompt when it is a terminal (and
    /// line editing, history and Tab completion when stdout is one too).
    int run_interactive(bool prompt);

    /// What Tab offers for `word` after `before`: command names first, then
    /// remote names, or local ones where the command takes a local file.
    std::vector<std::string> complete(std::string_view before, std::string_view word);

private:
    int dispatch(const std::vector<std::string>& words);
    std::vector<std::string> remote_names(std::string_view word);
    void get(const std::string& remote, const std::string& local, bool resume);
    void put(const std::string& local, const std::string& remote);

    sync::ftp_client& ftp_;
    ftp_shell_options options_;
    bool binary_ = true;
    // Listings Tab has read, by folder, until the next command changes things.
    std::map<std::string, std::vector<std::string>> listed_;
};

/// Splits a command line into words: whitespace separates, '...' and "..."
/// quote, a backslash escapes the next character.
std::vector<std::string> split_words(std::string_view line);

/// Splits a script at ';' and newlines outside quotes.
std::vector<std::string> split_commands(std::string_view script);

/// Prints a server's reply (or listing line) with control characters escaped,
/// so that a hostile server cannot drive the terminal.
void print_safely(std::FILE* to, std::string_view text);

/// Prints a failed FTP step (the server's whole reply, or what went wrong) and
/// returns its exit code: 530 login refused, 550 missing, 8 not FTP, 18 cut
/// short, 28 timed out, 2 bad usage. Rethrows any other exception.
int report_ftp_failure(const std::exception_ptr& failure);

} // namespace netkit::cli
