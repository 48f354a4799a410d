#include "stdin_reader.hpp"
#include "line_editor.hpp"

#include <asio/co_spawn.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <future>
#include <thread>

namespace netkit::cli {
namespace {

// Hands `piece` to the handler on the io_context and waits until it is done
// (or until the io_context stops and drops it).
void hand_over(asio::io_context& io, const stdin_handler& handler,
               std::optional<std::string> piece) {
    std::promise<void> done;
    auto finished = done.get_future();
    asio::co_spawn(io, handler(std::move(piece)),
                   [done = std::move(done)](std::exception_ptr) mutable { done.set_value(); });
    finished.wait();
}

} // namespace

void start_stdin_reader(std::shared_ptr<asio::io_context> io, stdin_mode mode,
                        stdin_handler handler, std::function<void()> before_read) {
    std::thread([io, mode, handler = std::move(handler), before_read = std::move(before_read)] {
        std::string pending; // bytes read but not yet handed over as a line
        char chunk[64 * 1024];
        bool prompt_due = true;
        for (;;) {
            if (before_read && (mode == stdin_mode::bytes || prompt_due)) {
                before_read();
                prompt_due = false;
            }
            if (mode == stdin_mode::lines) {
                const auto newline = pending.find('\n');
                if (newline != std::string::npos) {
                    std::string line = pending.substr(0, newline);
                    pending.erase(0, newline + 1);
                    if (!line.empty() && line.back() == '\r') {
                        line.pop_back();
                    }
                    hand_over(*io, handler, std::move(line));
                    prompt_due = true;
                    continue;
                }
            }
            const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof(chunk));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                break;
            }
            if (mode == stdin_mode::bytes) {
                hand_over(*io, handler, std::string(chunk, static_cast<std::size_t>(n)));
            } else {
                pending.append(chunk, static_cast<std::size_t>(n));
            }
        }
        if (!pending.empty()) {
            hand_over(*io, handler, std::move(pending)); // a last line without "\n"
        }
        hand_over(*io, handler, std::nullopt);
    }).detach();
}

void start_stdin_reader(std::shared_ptr<asio::io_context> io, std::shared_ptr<line_editor> editor,
                        stdin_handler handler) {
    std::thread([io, editor = std::move(editor), handler = std::move(handler)] {
        while (auto line = editor->read_line()) {
            hand_over(*io, handler, std::move(line));
        }
        std::fputs("\n", stdout); // Ctrl-D: the shell's next line starts clean
        std::fflush(stdout);
        hand_over(*io, handler, std::nullopt);
    }).detach();
}

} // namespace netkit::cli
