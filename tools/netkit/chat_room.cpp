#include "chat_room.hpp"
#include "output.hpp"

#include <netkit/core/escape.hpp>
#include <netkit/core/utf8.hpp>

namespace netkit::cli {

std::string clean_line(std::string_view raw) {
    return escape_controls(repair_utf8(raw),
                           {.replacement = "\xEF\xBF\xBD", .keep_line_feeds = true});
}

shared_line make_line(std::string_view text) {
    auto line = std::make_shared<std::string>(text);
    line->push_back('\n');
    return line;
}

void chat_room::join(const std::shared_ptr<participant>& p) {
    print_line("Connection from: " + p->name());
    broadcast("* " + p->name() + " joined", p.get());
    members_.insert(p);
    unanswered_ = 0;
    announce_roster();
}

void chat_room::leave(const std::shared_ptr<participant>& p) {
    if (members_.erase(p) == 0) {
        return;
    }
    print_line("Disconnected: " + p->name());
    unanswered_ = 0;
    broadcast("* " + p->name() + " left", p.get());
    announce_roster();
}

void chat_room::say(const participant& from, const std::string& text) {
    if (members_.size() == 1) {
        // The lesson's server.py: the message, the operator's prompt, and
        // the operator's next line as the reply (one typed ahead goes now).
        print_line("from connected user: " + text);
        print_raw(" -> ");
        if (!replies_.empty()) {
            send_reply(replies_.front());
            replies_.pop_front();
        } else {
            ++unanswered_;
        }
        return;
    }
    print_line("from " + from.name() + ": " + text);
    broadcast(from.name() + ": " + text, &from);
}

void chat_room::operator_says(const std::string& text) {
    if (members_.size() > 1) {
        broadcast("server: " + text, nullptr);
    } else if (members_.size() == 1 && unanswered_ > 0) {
        --unanswered_;
        send_reply(text);
    } else if (replies_.size() < max_replies_ahead) {
        replies_.push_back(text);
    }
}

void chat_room::close_all() {
    // stop() may make a member leave: iterate over a copy.
    for (const auto& m : std::set(members_)) {
        m->stop();
    }
}

bool chat_room::has_name(std::string_view name) const {
    for (const auto& m : members_) {
        if (m->name() == name) {
            return true;
        }
    }
    return false;
}

void chat_room::send_reply(const std::string& text) {
    (*members_.begin())->deliver(std::make_shared<const std::string>(text));
}

void chat_room::broadcast(const std::string& line, const participant* except) {
    const auto shared = make_line(line);
    for (const auto& m : members_) {
        if (m.get() != except) {
            m->deliver(shared);
        }
    }
}

void chat_room::announce_roster() {
    std::vector<std::string> names;
    for (const auto& m : members_) {
        names.push_back(m->name());
    }
    for (const auto& m : members_) {
        m->roster_changed(names);
    }
}

} // namespace netkit::cli
