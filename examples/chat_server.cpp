// The lesson's server.py in C++: wait for one client, then take turns.
// Usage: chat_server [PORT [HOST]]   (defaults: 5000, this machine's name)
#include <netkit/sync/socket.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    std::string port = argc > 1 ? argv[1] : "5000"; // a port above 1024
    std::string host = argc > 2 ? argv[2] : netkit::sync::gethostname();
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
}
