#include "ftp_shell.hpp"
#include "body_output.hpp"
#include "exit_codes.hpp"
#include "line_editor.hpp"
#include "progress_bar.hpp"

#include <netkit/core/error.hpp>
#include <netkit/ftp/error.hpp>
#include <netkit/ftp/listing.hpp>
#include <netkit/sync/error.hpp>

#include <fnmatch.h>
#include <glob.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>

namespace netkit::cli {
namespace {

constexpr std::string_view help_text = R"(Commands:
  ls, dir [PATH]          list a directory (LIST)
  nlst [PATH]             list names only (NLST)
  cd DIR, pwd             change or show the remote directory
  get REMOTE [LOCAL]      download (to a temporary name, renamed when whole)
  reget REMOTE [LOCAL]    resume a download from the size of LOCAL (REST)
  mget GLOB...            download every name matching
  put LOCAL [REMOTE]      upload
  mput GLOB...            upload every local file matching
  mkdir DIR, rmdir DIR, delete NAME, rename FROM TO, size NAME
  quote CMD...            send a raw command and print the full reply
  stat [PATH]             the server's status (STAT)
  welcome                 the server's welcome message
  passive [on|off]        passive (default) or active data connections
  binary, ascii           the transfer type of get and put
  help                    this text
  bye, quit, exit         close the session)";

// The command names, read off the help above (its first column: "ls, dir
// [PATH]", "mkdir DIR, rmdir DIR, ..."), for Tab: one list, not two.
std::vector<std::string> command_names() {
    std::vector<std::string> names;
    for (std::string_view rest = help_text; !rest.empty();) {
        const auto end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        if (!line.starts_with("  ")) {
            continue;
        }
        line = line.substr(2, line.find("  ", 2) - 2);
        for (std::size_t start = 0; start < line.size();) {
            const auto comma = std::min(line.find(", ", start), line.size());
            const std::string_view part = line.substr(start, comma - start);
            names.emplace_back(part.substr(0, part.find(' ')));
            start = comma + 2;
        }
    }
    return names;
}

// Which arguments of a command are local files (the others are remote).
bool takes_local_file(std::string_view command, std::size_t position) {
    return ((command == "get" || command == "reget") && position == 2) ||
           (command == "put" && position == 1) || command == "mput";
}

std::vector<std::string> local_names(std::string_view word) {
    std::vector<std::string> names;
    glob_t found{};
    // GLOB_MARK ends folders with '/', so that Tab goes on into them.
    if (::glob((std::string(word) + "*").c_str(), GLOB_MARK, nullptr, &found) == 0) {
        for (std::size_t i = 0; i < found.gl_pathc; ++i) {
            names.emplace_back(found.gl_pathv[i]);
        }
    }
    ::globfree(&found);
    return names;
}

/// A file's name part, for a local copy of a remote name: never a path a
/// server's listing could aim outside the current folder.
std::string local_name_for(const std::string& remote) {
    const auto slash = remote.find_last_of('/');
    std::string name = slash == std::string::npos ? remote : remote.substr(slash + 1);
    if (name.empty() || name == "." || name == "..") {
        throw std::invalid_argument("refusing the remote name '" + remote +
                                    "' as a local file name");
    }
    return name;
}

void need(const std::vector<std::string>& words, std::size_t min, std::size_t max,
          std::string_view usage) {
    if (words.size() < min + 1 || words.size() > max + 1) {
        throw std::invalid_argument("usage: " + std::string(usage));
    }
}

std::string rest_of(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 1; i < words.size(); ++i) {
        out += (i > 1 ? " " : "") + words[i];
    }
    return out;
}

void print_reply(const std::string& text) {
    print_safely(stdout, text);
}

/// The last component of a local path: the remote name `put` gives it.
std::string base_name(const std::string& path) {
    return path.substr(path.find_last_of('/') + 1);
}

/// A download that could not be written here (a full disk, a folder that is
/// not there): curl's 23, told apart from the network's failures.
class write_error : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Whether a failed transfer's error is the local disk's: a socket never
/// fails with these.
bool is_disk_failure(const std::error_code& ec) {
    if (ec.category() != std::system_category()) {
        return false;
    }
    switch (ec.value()) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
    case EROFS:
    case EIO: return true;
    default: return false;
    }
}

} // namespace

void print_safely(std::FILE* to, std::string_view text) {
    std::string out = terminal_safe(text, true);
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), to);
    std::fflush(to);
}

int report_ftp_failure(const std::exception_ptr& failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const write_error& e) {
        return fail(exit_write_error, e.what());
    } catch (const sync::ftp_error_proto& e) {
        return fail(exit_weird_reply, e.what());
    } catch (const sync::ftp_error& e) {
        // The server's own words, every line of them.
        print_safely(stderr, e.what());
        switch (e.code()) {
        case 530: return exit_login_denied;
        case 550: return exit_remote_missing;
        default: return exit_failure;
        }
    } catch (const sync::socket_error& e) {
        if (e.code() == ftp::error::transfer_incomplete) {
            return fail(exit_partial, e.what());
        }
        return fail(e.code() == condition::timed_out ? exit_timeout : exit_failure, e.what());
    } catch (const std::invalid_argument& e) {
        return fail(exit_usage, e.what());
    } catch (const std::system_error& e) {
        return fail(exit_failure, e.what());
    }
}

std::vector<std::string> split_words(std::string_view line) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote) {
            if (c == quote) {
                quote = 0;
            } else {
                word += c;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == '\\' && i + 1 < line.size()) {
            word += line[++i];
            in_word = true;
        } else if (c == ' ' || c == '\t') {
            if (in_word) {
                words.push_back(std::move(word));
                word.clear();
                in_word = false;
            }
        } else {
            word += c;
            in_word = true;
        }
    }
    if (quote) {
        throw std::invalid_argument("unclosed quote in: " + std::string(line));
    }
    if (in_word) {
        words.push_back(std::move(word));
    }
    return words;
}

std::vector<std::string> split_commands(std::string_view script) {
    std::vector<std::string> out;
    std::string current;
    char quote = 0;
    for (std::size_t i = 0; i < script.size(); ++i) {
        const char c = script[i];
        if (quote) {
            quote = c == quote ? 0 : quote;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '\\' && i + 1 < script.size() && script[i + 1] != '\n') {
            current += c;
            current += script[++i];
            continue;
        } else if (c == ';' || c == '\n') {
            out.push_back(std::move(current));
            current.clear();
            continue;
        }
        current += c;
    }
    out.push_back(std::move(current));
    return out;
}

int ftp_shell::run(std::string_view line) {
    try {
        const auto words = split_words(line);
        return words.empty() ? 0 : dispatch(words);
    } catch (const std::exception&) {
        return report_ftp_failure(std::current_exception()); // rethrows what it does not know
    }
}

int ftp_shell::run_script(std::string_view script) {
    int status = 0;
    for (const std::string& command : split_commands(script)) {
        const int code = run(command);
        if (code == -1) {
            break;
        }
        if (code != 0) {
            status = code;
            if (!options_.keep_going) {
                break;
            }
        }
    }
    return status;
}

std::vector<std::string> ftp_shell::complete(std::string_view before, std::string_view word) {
    std::vector<std::string> words;
    try {
        words = split_words(before);
    } catch (const std::invalid_argument&) {
        return {}; // an unclosed quote before the word
    }
    if (words.empty()) {
        static const std::vector<std::string> names = command_names();
        return names;
    }
    if (takes_local_file(words[0], words.size())) {
        return local_names(word);
    }
    return remote_names(word);
}

std::vector<std::string> ftp_shell::remote_names(std::string_view word) {
    const auto slash = word.rfind('/');
    const std::string folder(slash == std::string_view::npos ? "" : word.substr(0, slash + 1));
    auto cached = listed_.find(folder);
    if (cached == listed_.end()) {
        std::vector<std::string> names;
        try {
            for (const auto& entry : ftp_.list(folder)) {
                const bool is_folder = entry.type == ftp::entry_type::directory;
                names.push_back(folder + entry.name + (is_folder ? "/" : ""));
            }
        } catch (const std::exception&) {
            // Nothing to offer; the next command reports a connection that is gone.
        }
        cached = listed_.emplace(folder, std::move(names)).first;
    }
    return cached->second;
}

int ftp_shell::run_interactive(bool prompt) {
    int status = 0;
    std::optional<line_editor> editor;
    if (prompt && line_editor::available()) {
        editor.emplace("ftp> ", [this](std::string_view before, std::string_view word) {
            return complete(before, word);
        });
    }
    std::string line;
    for (;;) {
        if (editor) {
            auto typed = editor->read_line();
            if (!typed) {
                std::fputs("\n", stdout); // Ctrl-D: the shell's next line starts clean
                break;
            }
            line = std::move(*typed);
        } else {
            if (prompt) {
                std::fputs("ftp> ", stdout);
                std::fflush(stdout);
            }
            if (!std::getline(std::cin, line)) {
                if (prompt) {
                    std::fputs("\n", stdout);
                }
                break;
            }
        }
        listed_.clear(); // the command may change what is there
        const int code = run(line);
        if (code == -1) {
            break;
        }
        if (code != 0) {
            status = code;
            if (!prompt && !options_.keep_going) {
                break; // a script on stdin stops at the first failure
            }
        }
    }
    return prompt ? 0 : status;
}

void ftp_shell::get(const std::string& remote, const std::string& local, bool resume) {
    std::optional<std::uint64_t> total;
    if (options_.progress && binary_) {
        try {
            ftp_.voidcmd("TYPE I"); // some servers (pyftpdlib) refuse SIZE in ASCII mode
            total = ftp_.size(remote);
        } catch (const sync::ftp_error&) {
        }
    }
    progress_bar bar(options_.progress);
    bar.start(total);
    if (binary_) {
        std::uint64_t reported = 0;
        try {
            ftp_.download(remote, local, resume, [&](std::uint64_t bytes) {
                bar.add(bytes - reported);
                reported = bytes;
            });
        } catch (const sync::socket_error& e) {
            if (!is_disk_failure(e.code())) {
                throw;
            }
            throw write_error("cannot write '" + local + "': " + e.code().message());
        } catch (const std::system_error& e) { // (an ftp_error is not one: it goes on up)
            throw write_error(e.what());       // the local file's open, close or rename
        }
    } else {
        if (resume) {
            throw std::invalid_argument("reget needs binary mode");
        }
        body_output out(local);
        if (!out.open(200)) {
            throw write_error(out.failure());
        }
        bool written = true;
        try {
            ftp_.retrlines("RETR " + remote, [&](std::string_view text) {
                // After a failed write the rest is read and dropped: the
                // control connection stays in step for the next command.
                written = written && out.write(text) && out.write("\n");
                bar.add(text.size() + 1);
            });
        } catch (...) {
            out.abandon();
            throw;
        }
        if (!written || !out.finish(std::nullopt)) {
            out.abandon();
            throw write_error(out.failure());
        }
    }
    bar.finish();
}

void ftp_shell::put(const std::string& local, const std::string& remote) {
    if (binary_) {
        ftp_.upload(local, remote);
        return;
    }
    std::ifstream in(local);
    if (!in) {
        throw std::system_error(errno, std::system_category(), "cannot read '" + local + "'");
    }
    ftp_.storlines("STOR " + remote, in);
}

int ftp_shell::dispatch(const std::vector<std::string>& words) {
    const std::string& name = words[0];
    const auto arg = [&](std::size_t i) { return i < words.size() ? words[i] : std::string(); };
    if (name == "bye" || name == "quit" || name == "exit") {
        try {
            print_reply(ftp_.quit());
        } catch (const sync::ftp_error&) {
        }
        return -1;
    }
    if (name == "help" || name == "?") {
        std::cout << help_text << std::endl;
    } else if (name == "ls" || name == "dir") {
        need(words, 0, 1, "ls [PATH]");
        ftp_.dir(arg(1), [](std::string_view line) { print_safely(stdout, line); });
    } else if (name == "nlst") {
        need(words, 0, 1, "nlst [PATH]");
        for (const auto& n : ftp_.nlst(arg(1))) {
            print_safely(stdout, n);
        }
    } else if (name == "cd") {
        need(words, 1, 1, "cd DIR");
        print_reply(ftp_.cwd(arg(1)));
    } else if (name == "pwd") {
        need(words, 0, 0, "pwd");
        print_reply(ftp_.sendcmd("PWD"));
    } else if (name == "get" || name == "reget") {
        need(words, 1, 2, name + " REMOTE [LOCAL]");
        get(arg(1), words.size() > 2 ? arg(2) : local_name_for(arg(1)), name == "reget");
    } else if (name == "mget") {
        need(words, 1, 64, "mget GLOB...");
        // Files only (MLSD, or LIST parsed): a directory matching the glob is not an error.
        bool any = false;
        for (const auto& entry : ftp_.list()) {
            if (entry.type == ftp::entry_type::directory) {
                continue;
            }
            for (std::size_t i = 1; i < words.size(); ++i) {
                if (fnmatch(words[i].c_str(), entry.name.c_str(), 0) == 0) {
                    // One line a file, before its progress (BSD ftp's words).
                    const std::string local = local_name_for(entry.name);
                    std::cout << "local: " << terminal_safe(local, false)
                              << " remote: " << terminal_safe(entry.name, false) << std::endl;
                    get(entry.name, local, false);
                    any = true;
                    break;
                }
            }
        }
        if (!any) {
            throw std::invalid_argument("mget: no remote file matches");
        }
    } else if (name == "put") {
        need(words, 1, 2, "put LOCAL [REMOTE]");
        const std::string& local = words[1];
        put(local, words.size() > 2 ? arg(2) : base_name(local));
    } else if (name == "mput") {
        need(words, 1, 64, "mput GLOB...");
        bool any = false;
        for (std::size_t i = 1; i < words.size(); ++i) {
            glob_t found{};
            // GLOB_MARK ends directories with '/': files only, as mget.
            if (::glob(words[i].c_str(), GLOB_MARK, nullptr, &found) == 0) {
                for (std::size_t k = 0; k < found.gl_pathc; ++k) {
                    const std::string local = found.gl_pathv[k];
                    if (local.ends_with('/')) {
                        continue;
                    }
                    put(local, base_name(local));
                    any = true;
                }
            }
            globfree(&found);
        }
        if (!any) {
            throw std::invalid_argument("mput: no local file matches");
        }
    } else if (name == "mkdir") {
        need(words, 1, 1, "mkdir DIR");
        ftp_.mkd(arg(1));
        print_reply(ftp_.last_reply().text);
    } else if (name == "rmdir") {
        need(words, 1, 1, "rmdir DIR");
        print_reply(ftp_.rmd(arg(1)));
    } else if (name == "delete" || name == "rm") {
        need(words, 1, 1, "delete NAME");
        print_reply(ftp_.del(arg(1)));
    } else if (name == "rename") {
        need(words, 2, 2, "rename FROM TO");
        print_reply(ftp_.rename(arg(1), arg(2)));
    } else if (name == "size") {
        need(words, 1, 1, "size NAME");
        // The size in the shell's transfer type (RFC 3659 §4); some servers
        // (pyftpdlib) refuse SIZE in ASCII, the type a session starts in.
        ftp_.voidcmd(binary_ ? "TYPE I" : "TYPE A");
        print_reply(ftp_.sendcmd("SIZE " + arg(1)));
    } else if (name == "quote") {
        need(words, 1, 64, "quote CMD [ARGS]");
        print_reply(ftp_.sendcmd(rest_of(words)));
    } else if (name == "stat") {
        need(words, 0, 1, "stat [PATH]");
        print_reply(ftp_.sendcmd(words.size() > 1 ? "STAT " + arg(1) : "STAT"));
    } else if (name == "welcome") {
        print_reply(ftp_.getwelcome());
    } else if (name == "passive") {
        need(words, 0, 1, "passive [on|off]");
        const bool on = words.size() > 1 ? arg(1) == "on" : !ftp_.engine().passive();
        ftp_.set_pasv(on);
        std::cout << "Passive mode " << (on ? "on" : "off") << "." << std::endl;
    } else if (name == "binary" || name == "ascii") {
        binary_ = name == "binary";
        std::cout << "Transfer type " << (binary_ ? "binary" : "ascii") << " for get and put."
                  << std::endl;
    } else {
        throw std::invalid_argument("unknown command '" + name + "' (try help)");
    }
    return 0;
}

} // namespace netkit::cli
