#include "line_editor.hpp"

#include <netkit/core/escape.hpp>
#include <netkit/core/utf8.hpp>

#include <histedit.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cwchar>
#include <deque>
#include <mutex>
#include <optional>

namespace netkit::cli {

struct line_editor::state {
    std::string prompt;
    completer complete;
    EditLine* el = nullptr;
    History* history = nullptr;
    std::mbstate_t decoding{};
    // print_above() from other threads: lines queued, and a pipe that wakes
    // the reading thread (the only one that may touch libedit) to draw them.
    std::mutex mutex;
    std::deque<std::string> pending;
    bool reading = false;
    int wake[2] = {-1, -1};
    std::optional<termios> saved; // the terminal as the editor found it
};

namespace {

line_editor::state& state_of(EditLine* el) {
    void* data = nullptr;
    el_get(el, EL_CLIENTDATA, &data);
    return *static_cast<line_editor::state*>(data);
}

char* prompt_of(EditLine* el) {
    return state_of(el).prompt.data();
}

// Over a line already on screen: back to its start, cleared, then the text.
void write_over_line(std::string_view text) {
    std::fputs("\r\x1b[K", stdout);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
}

// Draws the queued lines above the prompt, then the prompt and the line
// being edited again (called on the reading thread, inside el_gets).
void draw_pending(EditLine* el, line_editor::state& s) {
    std::deque<std::string> lines;
    {
        const std::lock_guard lock(s.mutex);
        lines.swap(s.pending);
    }
    for (const std::string& line : lines) {
        write_over_line(line);
    }
    std::fflush(stdout);
    el_set(el, EL_REFRESH);
}

// libedit's character source: stdin, decoded from the locale's multibyte
// form (UTF-8), while also watching the wake-up pipe.
int read_char(EditLine* el, wchar_t* out) {
    line_editor::state& s = state_of(el);
    for (;;) {
        pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {s.wake[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue; // a window resize: libedit's handler has noted it
            }
            return -1;
        }
        if (fds[1].revents != 0) {
            char drain[64];
            (void)::read(s.wake[0], drain, sizeof drain);
            draw_pending(el, s);
            continue;
        }
        char byte = 0;
        const ssize_t n = ::read(STDIN_FILENO, &byte, 1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return n == 0 ? 0 : -1;
        }
        const std::size_t used = std::mbrtowc(out, &byte, 1, &s.decoding);
        if (used == static_cast<std::size_t>(-2)) {
            continue; // the middle of a character
        }
        if (used == static_cast<std::size_t>(-1)) {
            s.decoding = {};
            *out = L'\xFFFD'; // not in the locale's encoding: shown as such
        }
        return 1;
    }
}

// The word under the cursor, read as a shell reads words (blanks separate,
// '...' and "..." quote, a backslash outside quotes escapes): where it
// starts in `text`, and its characters with the quoting undone.
struct current_word {
    std::size_t start = 0;
    std::string text;
    char quote = 0; // the quote still open at the cursor, if any
};

current_word word_before_cursor(std::string_view text) {
    current_word word;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (word.quote != 0) {
            if (c == word.quote) {
                word.quote = 0;
            } else {
                word.text += c;
            }
        } else if (c == '\\' && i + 1 < text.size()) {
            word.text += text[++i];
        } else if (c == '\'' || c == '"') {
            word.quote = c;
        } else if (c == ' ' || c == '\t') {
            word = {i + 1, {}, 0};
        } else {
            word.text += c;
        }
    }
    return word;
}

// `text` as it must be typed to be read back as one word: inside an open
// quote as it is, outside with a backslash before blanks, quotes and
// backslashes.
std::string quoted_for_line(std::string_view text, char open_quote) {
    std::string out;
    for (const char c : text) {
        if (open_quote == 0 && (c == ' ' || c == '\t' || c == '\'' || c == '"' || c == '\\')) {
            out += '\\';
        }
        out += c;
    }
    return out;
}

// The bytes all `words` start with, cut back to a whole UTF-8 character.
std::size_t common_prefix(const std::vector<std::string>& words) {
    const std::string& first = words.front();
    std::size_t n = first.size();
    for (const std::string& w : words) {
        std::size_t k = 0;
        while (k < n && k < w.size() && w[k] == first[k]) {
            ++k;
        }
        n = k;
    }
    return utf8_prefix(first, n);
}

// Several candidates and nothing more to add: they are listed in columns
// under the line, and libedit draws the prompt and the line again.
void list_candidates(const std::vector<std::string>& words) {
    winsize size{};
    const std::size_t columns =
        ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 ? size.ws_col : 80;
    std::size_t width = 0;
    for (const std::string& w : words) {
        width = std::max(width, w.size() + 2);
    }
    const std::size_t per_row = std::max<std::size_t>(1, columns / width);
    std::fputc('\n', stdout);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const bool last_in_row = (i + 1) % per_row == 0 || i + 1 == words.size();
        std::string cell = words[i];
        cell.resize(last_in_row ? cell.size() : width, ' ');
        std::fputs((last_in_row ? cell + "\n" : cell).c_str(), stdout);
    }
    std::fflush(stdout);
}

unsigned char complete_word(EditLine* el, int) {
    line_editor::state& s = state_of(el);
    if (!s.complete) {
        return CC_ERROR;
    }
    const LineInfo* line = el_line(el);
    const std::string_view before_cursor(line->buffer,
                                         static_cast<std::size_t>(line->cursor - line->buffer));
    const current_word word = word_before_cursor(before_cursor);
    std::vector<std::string> matches;
    for (std::string& candidate : s.complete(before_cursor.substr(0, word.start), word.text)) {
        // A name holding control characters (a hostile server's) is never offered.
        if (candidate.starts_with(word.text) && escape_controls(candidate) == candidate) {
            matches.push_back(std::move(candidate));
        }
    }
    std::sort(matches.begin(), matches.end());
    matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
    if (matches.empty()) {
        return CC_REFRESH_BEEP;
    }
    const std::size_t shared = common_prefix(matches);
    if (shared > word.text.size()) {
        std::string insert = quoted_for_line(
            std::string_view(matches.front()).substr(word.text.size(), shared - word.text.size()),
            word.quote);
        if (matches.size() == 1 && !matches.front().ends_with('/')) {
            insert += word.quote != 0 ? std::string{word.quote, ' '} : std::string(" ");
        }
        el_insertstr(el, insert.c_str());
        return CC_REFRESH;
    }
    if (matches.size() == 1) {
        return CC_REFRESH; // already whole
    }
    list_candidates(matches);
    return CC_REDISPLAY;
}

} // namespace

line_editor::line_editor(std::string prompt, completer complete)
    : state_(std::make_unique<state>()) {
    std::setlocale(LC_CTYPE, ""); // libedit decodes and draws in the locale's encoding
    state_->prompt = std::move(prompt);
    state_->complete = std::move(complete);
    termios settings{};
    if (::tcgetattr(STDIN_FILENO, &settings) == 0) {
        state_->saved = settings;
    }
    if (::pipe(state_->wake) != 0) {
        state_->wake[0] = state_->wake[1] = -1;
    }
    state_->el = el_init("netkit", stdin, stdout, stderr);
    state_->history = history_init();
    HistEvent event;
    history(state_->history, &event, H_SETSIZE, 1000);
    history(state_->history, &event, H_SETUNIQUE, 1);
    EditLine* el = state_->el;
    el_set(el, EL_CLIENTDATA, state_.get());
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 1); // the terminal restored on Ctrl-C and Ctrl-Z
    el_set(el, EL_PROMPT, prompt_of);
    el_set(el, EL_HIST, history, state_->history);
    el_set(el, EL_GETCFN, read_char);
    el_set(el, EL_ADDFN, "netkit-complete", "Complete the word under the cursor", complete_word);
    el_set(el, EL_BIND, "^I", "netkit-complete", nullptr);
    el_source(el, nullptr); // the user's ~/.editrc, as every libedit program
}

line_editor::~line_editor() {
    el_end(state_->el);
    history_end(state_->history);
    for (const int fd : state_->wake) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
}

bool line_editor::available() {
    return ::isatty(STDIN_FILENO) != 0 && ::isatty(STDOUT_FILENO) != 0;
}

std::optional<std::string> line_editor::read_line() {
    {
        const std::lock_guard lock(state_->mutex);
        state_->reading = true;
        for (const std::string& line : state_->pending) {
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fputc('\n', stdout);
        }
        state_->pending.clear();
    }
    // libedit draws the prompt before it takes the terminal out of cooked
    // mode; a Ctrl-D typed as the prompt appears would be taken by the
    // terminal as the end of a cooked line and reach libedit as a NUL. So
    // the terminal stops cooking first (libedit then sets its own modes, and
    // restores the cooked ones it keeps when the line is read).
    if (state_->saved) {
        termios raw = *state_->saved;
        raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        ::tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    }
    int count = 0;
    const char* text = el_gets(state_->el, &count);
    {
        const std::lock_guard lock(state_->mutex);
        state_->reading = false;
    }
    if (text == nullptr || count <= 0) {
        return std::nullopt;
    }
    std::string line(text, static_cast<std::size_t>(count));
    if (!line.empty() && line.back() == '\n') {
        line.pop_back();
    }
    if (line.find_first_not_of(" \t") != std::string::npos) {
        HistEvent event;
        history(state_->history, &event, H_ENTER, line.c_str());
    }
    return line;
}

void line_editor::release_terminal() {
    const std::lock_guard lock(state_->mutex);
    if (state_->reading) {
        std::fputs("\r\x1b[K", stdout);
        std::fflush(stdout);
    }
    if (state_->saved) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &*state_->saved);
    }
}

void line_editor::print_above(std::string text) {
    const std::lock_guard lock(state_->mutex);
    if (!state_->reading) {
        // No prompt on screen: the line goes out as it is.
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
        return;
    }
    state_->pending.push_back(std::move(text));
    (void)!::write(state_->wake[1], "", 1);
}

} // namespace netkit::cli
