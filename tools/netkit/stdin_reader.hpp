// Feeds standard input to coroutines on an io_context, whatever stdin is (a
// terminal, a pipe or a regular file, which epoll cannot watch): a thread
// reads it and hands over one piece at a time, waiting until the handler has
// finished with each, so a fast producer cannot outrun the network.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace netkit::cli {

class line_editor;

enum class stdin_mode {
    lines, ///< one line at a time, without its "\n" (and without a "\r" before it)
    bytes, ///< whatever read() returns, up to 64 KiB
};

/// Called with each piece, then once with std::nullopt at the end of input.
using stdin_handler = std::function<asio::awaitable<void>(std::optional<std::string>)>;

/// Starts the reader thread. It keeps `io` alive and ends with the process:
/// a thread blocked in read() cannot be interrupted portably.
/// `before_read` runs on the thread before each read (to print a prompt).
void start_stdin_reader(std::shared_ptr<asio::io_context> io, stdin_mode mode,
                        stdin_handler handler, std::function<void()> before_read = {});

/// The same for lines a person types at a terminal, through `editor`
/// (which draws the prompt); Ctrl-D ends the input.
void start_stdin_reader(std::shared_ptr<asio::io_context> io, std::shared_ptr<line_editor> editor,
                        stdin_handler handler);

} // namespace netkit::cli
