// Making text that came from outside safe to show: control characters (an
// ESC can rewrite a terminal, a CR can forge a log line) escaped or
// replaced (the one escaper of the command's messages, the server's access
// log and the chat), and text put in HTML (the listings, error pages and
// documentation pages the servers make).
//
//     netkit::escape_controls("a\x1b[2Jb")                        // "a\\x1b[2Jb"
//     netkit::escape_controls("GET /\\x", {.escape_backslash = true})  // "GET /\\\\x"
//     netkit::escape_controls("a\x1b", {.replacement = "\xEF\xBF\xBD"})  // "a\uFFFD"
//     netkit::html_escape("<a href='x'>")                        // "&lt;a href=&#x27;x&#x27;&gt;"
#pragma once

#include <string>
#include <string_view>

namespace netkit {

struct control_escaping {
    /// Empty: a control character becomes its "\xHH" escape. Otherwise each
    /// one becomes this text (U+FFFD for people reading a chat).
    std::string_view replacement{};
    /// Line feeds and tabs stay as they are (a multi-line reply, a listing).
    bool keep_line_feeds = false;
    /// A backslash is doubled, so that no escape in the output is forged by
    /// the input (http.server's log).
    bool escape_backslash = false;
    /// The text is ISO-8859-1, as http.server reads a request line: a byte
    /// from 0x80 to 0x9f is a C1 control, escaped as "\xHH"; one from 0xa0 up
    /// is the character of that number, written out in UTF-8.
    bool latin1 = false;
};

/// `text` with C0 controls and DEL, and the Unicode line breaks terminals
/// honour (U+0085, U+2028, U+2029, as "\uXXXX"), escaped or replaced.
std::string escape_controls(std::string_view text, const control_escaping& how = {});

/// Python's html.escape(text, quote): &, < and > (and, with `quote`, " and
/// ') as character references; bytes that are not UTF-8 shown as U+FFFD.
std::string html_escape(std::string_view text, bool quote = true);

} // namespace netkit
