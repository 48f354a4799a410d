// Line editing at a terminal, on libedit (Debian's libedit-dev, the editor
// of BSD's ftp and sftp): emacs keys (arrows, Ctrl-A/E/K/W, ...; ~/.editrc is
// read), the session's history on the up and down arrows, Tab completion
// from a function the command supplies, and lines from elsewhere (a chat
// message) drawn above the prompt without disturbing what is being typed.
//
//     line_editor editor("ftp> ", [](std::string_view before, std::string_view word) {
//         return std::vector<std::string>{"get", "put"};
//     });
//     while (auto line = editor.read_line()) { ... }   // nullopt: Ctrl-D
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::cli {

class line_editor {
public:
    /// The candidates for `word` (the word under the cursor, up to it, its
    /// quotes and backslashes undone), `before` being the line before that
    /// word. Candidates that do not start with `word` are ignored; one that
    /// ends in '/' (a folder) is not followed by a space when completed.
    using completer =
        std::function<std::vector<std::string>(std::string_view before, std::string_view word)>;

    explicit line_editor(std::string prompt, completer complete = {});
    ~line_editor();
    line_editor(const line_editor&) = delete;
    line_editor& operator=(const line_editor&) = delete;

    /// Whether stdin and stdout are both terminals: the editor is for people.
    static bool available();

    /// One line, without its "\n", added to the history when not blank;
    /// nullopt at the end of input (Ctrl-D on an empty line).
    std::optional<std::string> read_line();

    /// From any thread: shows `text` as a line of its own above the prompt
    /// and what is typed after it, at once.
    void print_above(std::string text);

    /// From any thread, when the program ends while a line may be being read
    /// (the peer went away): the prompt line cleared and the terminal's
    /// settings as they were before the editor, so that the shell is usable.
    void release_terminal();

    struct state; // libedit's callbacks reach it through EL_CLIENTDATA

private:
    std::unique_ptr<state> state_;
};

} // namespace netkit::cli
