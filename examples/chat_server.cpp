// The lesson's server.py in C++: wait for one client, then take turns.
// Usage: chat_server [HOST [PORT]]   (defaults: this machine's name, 5000)
#include <netkit/sync/socket.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    std::string host = argc > 1 ? argv[1] : netkit::sync::gethostname();
    std::string port = argc > 2 ? argv[2] : "5000"; // a port above 1024
    auto server_socket = netkit::sync::server_socket::listen(host + ":" + port);
    auto [conn, address] = server_socket.accept(); // accept a new connection
    std::cout << "Connection from: " << address << std::endl;
    for (;;) {
        std::string data = conn.recv(1024); // at most 1024 bytes at a time
        if (data.empty()) {
            break; // the client has gone
        }
        std::cout << "from connected user: " << data << std::endl;
        std::cout << " -> " << std::flush;
        if (!std::getline(std::cin, data)) {
            break;
        }
        conn.send(data); // send data to the client
    }
    conn.close();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
