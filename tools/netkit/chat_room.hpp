// The chat's room: who is in it, and where what each one says goes. Its
// participants are TCP clients (cmd_chat.cpp) and browsers over WebSocket
// (chat_web.cpp); the room runs on one thread, the chat server's.
//
// With one participant the room is the lesson's server.py: it prints "from
// connected user: TEXT" and a " -> " prompt, and sends the line its
// operator types back. With several it relays each message to every other
// as "NAME: text", announces joins and leaves ("* NAME joined"), and sends
// its operator's lines to everyone as "server: text".
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::cli {

// The most one message holds: a longer TCP line arrives as several
// messages, a longer WebSocket message closes its connection (1009).
constexpr std::size_t max_chat_message = 64 * 1024;
// A participant that stops reading is dropped once this much waits for it,
// so that it cannot make the server hold an ever-growing queue.
constexpr std::size_t max_queued_bytes = 1024 * 1024;

/// Lines go to terminals: invalid UTF-8 becomes U+FFFD, as do control
/// characters (an ESC could rewrite other users' screens).
std::string clean_line(std::string_view raw);

/// A line as sent, "\n" included, shared by the queues of every recipient.
using shared_line = std::shared_ptr<const std::string>;
shared_line make_line(std::string_view text);

/// Each line of a piece of text is a message, and so is what follows the
/// last line ending: the lesson's client sends its text bare.
template <class Say> void for_each_message(std::string_view piece, Say say) {
    while (!piece.empty()) {
        const auto end = piece.find('\n');
        auto message = piece.substr(0, end);
        piece = end == std::string_view::npos ? std::string_view{} : piece.substr(end + 1);
        if (!message.empty() && message.back() == '\r') {
            message.remove_suffix(1);
        }
        say(message);
    }
}

class participant {
public:
    virtual ~participant() = default;
    /// How the others see it: "127.0.0.1:5555" for a TCP client, the name
    /// a browser's user chose.
    virtual const std::string& name() const = 0;
    /// Queues a line (with its "\n"); one that cannot keep up is stopped.
    virtual void deliver(shared_line line) = 0;
    /// Who is in the room now, after a join or a leave (a browser shows it).
    virtual void roster_changed(const std::vector<std::string>& names) { (void)names; }
    virtual void stop() = 0;
};

class chat_room {
public:
    void join(const std::shared_ptr<participant>& p);
    void leave(const std::shared_ptr<participant>& p);
    void say(const participant& from, const std::string& text);
    /// A line the server's operator typed: to everyone in a room; with one
    /// participant (or none yet), the reply to its next unanswered message,
    /// as server.py's input() takes the next line of its input.
    void operator_says(const std::string& text);
    void close_all();
    bool has_name(std::string_view name) const;

private:
    // Lines typed before a message asked for them, kept for the lone client.
    static constexpr std::size_t max_replies_ahead = 1000;

    void send_reply(const std::string& text);
    void broadcast(const std::string& line, const participant* except);
    void announce_roster();

    std::set<std::shared_ptr<participant>> members_;
    std::deque<std::string> replies_;
    std::size_t unanswered_ = 0; // the lone participant's messages not answered yet
};

} // namespace netkit::cli
