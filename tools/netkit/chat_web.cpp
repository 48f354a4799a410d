#include "chat_web.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/core/utf8.hpp>
#include <netkit/http/engine/server.hpp>
#include <netkit/json/value.hpp>
#include <netkit/ws/engine/server.hpp>
#include <netkit/ws/error.hpp>

#include <asio/post.hpp>

namespace netkit::cli {
namespace {

constexpr std::size_t max_name = 32; // bytes

// A browser in the room. The room calls it on the room's thread; what it
// sends is posted to its connection's thread.
class web_member : public participant {
public:
    web_member(std::shared_ptr<ws::connection> c, std::string name)
        : connection_(std::move(c)), name_(std::move(name)) {}

    const std::string& name() const override { return name_; }

    /// On the room's thread, before joining: a name nobody in the room has.
    void settle_name(const chat_room& room) {
        const std::string wanted = name_;
        for (int n = 2; room.has_name(name_); ++n) {
            name_ = wanted + " (" + std::to_string(n) + ")";
        }
    }

    void deliver(shared_line line) override {
        std::string_view text = *line;
        if (text.ends_with('\n')) {
            text.remove_suffix(1);
        }
        send(json::value(json::object{{"line", std::string(text)}}).dump());
    }

    void roster_changed(const std::vector<std::string>& names) override {
        json::array list;
        for (const auto& n : names) {
            list.emplace_back(n);
        }
        send(json::value(json::object{{"roster", std::move(list)}}).dump());
    }

    void stop() override {
        asio::post(connection_->get_executor(), [c = connection_] {
            c->start_close(ws::close_code::going_away, "server stopping");
        });
    }

private:
    void send(std::string message) {
        // A browser that lets max_queued_bytes pile up is cut off (queue()).
        asio::post(connection_->get_executor(),
                   [c = connection_, m = std::move(message)] { (void)c->queue(m); });
    }

    std::shared_ptr<ws::connection> connection_;
    std::string name_;
};

// A name as typed: clean, on one line, not too long (cut on a character).
std::string clean_name(std::string_view typed) {
    std::string name = clean_line(trim(typed.substr(0, typed.find('\n'))));
    name.resize(utf8_prefix(name, max_name));
    return name.empty() ? std::string("guest") : name;
}

asio::awaitable<void> session(ws::connection& c, chat_room& room, asio::io_context& room_io) {
    auto first = co_await c.read();
    if (!first) {
        co_return;
    }
    auto self = std::make_shared<web_member>(c.shared_from_this(), clean_name(first->data));
    asio::post(room_io, [&room, self] {
        self->settle_name(room);
        room.join(self);
    });
    for (;;) {
        auto m = co_await c.read();
        if (!m) {
            break;
        }
        if (!m->is_text()) {
            co_await c.close(ws::close_code::unsupported_data, "text only");
            break;
        }
        // A message with line breaks is several lines, as from a TCP
        // client: none can pass for another speaker's line.
        for_each_message(m->data, [&](std::string_view line) {
            asio::post(room_io, [&room, self, text = clean_line(line)] { room.say(*self, text); });
        });
    }
    asio::post(room_io, [&room, self] { room.leave(self); });
}

http::server_response page(const char* body, const char* type) {
    http::server_response r(200, body, type);
    // Everything the page needs is its own: no other site's script, style,
    // frame or connection.
    (void)r.headers.set("Content-Security-Policy",
                        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
                        "connect-src 'self'; frame-ancestors 'none'");
    (void)r.headers.set("X-Content-Type-Options", "nosniff");
    (void)r.headers.set("Cache-Control", "no-store");
    return r;
}

} // namespace

chat_web::chat_web(chat_room& room, asio::io_context& room_io) : room_(room), room_io_(room_io) {
    http::server_options options;
    options.threads = 1;
    server_ = std::make_unique<http::server>(std::move(options));
    server_->route("GET", "/", [](http::server_request&) {
        return page(chat_page_html, "text/html; charset=utf-8");
    });
    server_->route("GET", "/chat.js", [](http::server_request&) {
        return page(chat_page_script, "text/javascript; charset=utf-8");
    });
    ws::accept_options ws_options;
    ws_options.connection.max_message = max_chat_message;
    ws_options.connection.max_queued = max_queued_bytes;
    ws_options.connection.ping_interval = std::chrono::seconds(30); // phones drop quietly
    server_->websocket(
        "/ws",
        [this](ws::connection& c) -> asio::awaitable<void> { return session(c, room_, room_io_); },
        ws_options);
}

chat_web::~chat_web() {
    stop();
}

result<void> chat_web::listen(const net::endpoint& where) {
    return server_->listen(where);
}

std::string chat_web::local_address() const {
    return server_->local_address();
}

void chat_web::start() {
    thread_ = std::thread([this] { server_->run(); });
}

void chat_web::stop() {
    if (thread_.joinable()) {
        server_->stop();
        thread_.join();
    }
}

} // namespace netkit::cli
