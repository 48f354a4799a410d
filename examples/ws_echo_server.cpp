// A WebSocket echo server: every message comes back as it came (text as
// text, binary as binary), at ws://HOST:PORT/.
//     ws_echo_server [PORT [--no-compress]]
#include <netkit/http/engine/server.hpp>
#include <netkit/ws/engine/server.hpp>

#include <iostream>
#include <string_view>

asio::awaitable<void> echo(netkit::ws::connection& c) {
    for (;;) {
        auto message = co_await c.read();
        if (!message) {
            co_return; // the client closed, or broke the protocol
        }
        co_await c.send(message->data, message->type);
    }
}

int main(int argc, char** argv) try {
    netkit::http::server server;
    netkit::ws::accept_options options; // permessage-deflate when a client offers it
    if (argc > 2 && std::string_view(argv[2]) == "--no-compress") {
        options.deflate.reset();
    }
    server.websocket("/", echo, options);
    server.listen(netkit::net::parse_endpoint(argc > 1 ? argv[1] : "8765").value()).value();
    std::cout << "serving WebSocket echo at port " << server.port() << std::endl;
    server.run();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
