// A WebSocket client: sends each line typed (until "bye") and prints what
// the server sends back, as Python's websockets.sync.client would.
//     ws_client [URL]   (default: ws://localhost:8765/)
#include <netkit/core/ascii.hpp>
#include <netkit/sync/websocket.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    auto websocket = netkit::sync::websocket::connect(argc > 1 ? argv[1] : "ws://localhost:8765/");
    std::string line;
    std::cout << " -> " << std::flush;
    while (std::getline(std::cin, line) && !netkit::iequals(netkit::trim(line), "bye")) {
        websocket.send(line);
        auto reply = websocket.recv();
        if (!reply) {
            break; // the server closed
        }
        std::cout << "Received from server: " << reply->data << std::endl;
        std::cout << " -> " << std::flush;
    }
    websocket.close();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
