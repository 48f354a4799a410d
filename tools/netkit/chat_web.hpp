// netkit chat server --web PORT: the room's web page, and browsers in the
// room over WebSocket. The page (at "/") asks for a name and opens the
// socket ("/ws"); its first message is the name, each later one a line. The
// server sends {"line": "alice: hi"} for what the room says and {"roster":
// [names]} when someone joins or leaves.
//
// The web server runs on a thread of its own; the room stays on the chat
// server's: everything that touches it is posted there.
#pragma once

#include "chat_room.hpp"

#include <netkit/core/result.hpp>
#include <netkit/net/endpoint.hpp>

#include <asio/io_context.hpp>

#include <memory>
#include <string>
#include <thread>

namespace netkit::http {
class server;
}

namespace netkit::cli {

class chat_web {
public:
    chat_web(chat_room& room, asio::io_context& room_io);
    ~chat_web();

    result<void> listen(const net::endpoint& where);
    std::string local_address() const;
    void start();
    /// Says "going away" (1001) to every browser and waits for the thread.
    void stop();

private:
    chat_room& room_;
    asio::io_context& room_io_;
    std::unique_ptr<http::server> server_;
    std::thread thread_;
};

/// The page, and its script (served apart, so that the page's policy can
/// forbid inline scripts).
extern const char* const chat_page_html;
extern const char* const chat_page_script;

} // namespace netkit::cli
