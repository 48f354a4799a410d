// The lesson's client.py in C++: send what you type until you type "bye".
// Usage: chat_client [HOST [PORT]]   (defaults: this machine's name, 5000)
#include <netkit/core/ascii.hpp>
#include <netkit/sync/socket.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    std::string host = argc > 1 ? argv[1] : netkit::sync::gethostname();
    std::string port = argc > 2 ? argv[2] : "5000"; // the server's port
    auto client_socket = netkit::sync::socket::connect(host + ":" + port);
    std::string message;
    std::cout << " -> " << std::flush; // take input
    while (std::getline(std::cin, message) && !netkit::iequals(netkit::trim(message), "bye")) {
        client_socket.send(message);                 // send message
        std::string data = client_socket.recv(1024); // receive the response
        std::cout << "Received from server: " << data << std::endl;
        std::cout << " -> " << std::flush;
    }
    client_socket.close();          // close the connection
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
