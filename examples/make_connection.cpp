// The lesson's first socket script: create a socket, look up a host, connect.
// Usage: make_connection HOST PORT
#include <netkit/sync/socket.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: make_connection HOST PORT\n";
        return 2;
    }
    const std::string host = argv[1];
    const std::string port = argv[2];
    try {
        auto s = netkit::sync::socket::connect(host + ":" + port);
        std::cout << "Socket created and connected to " << host << " (" << s.getpeername()
                  << ") on port " << port << std::endl;
    } catch (const netkit::sync::socket_error& e) {
        std::cout << "Socket connection failed: " << e.what() << std::endl;
        return 1;
    }
}
