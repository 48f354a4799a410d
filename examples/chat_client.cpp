// The lesson's client.py in C++: send what you type until you type "bye".
// Usage: chat_client [PORT [HOST]]   (defaults: 5000, this machine's name)
#include <netkit/core/ascii.hpp>
#include <netkit/sync/socket.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    std::string port = argc > 1 ? argv[1] : "5000"; // the server's port
    std::string host = argc > 2 ? argv[2] : netkit::sync::gethostname();
    auto client_socket = netkit::sync::socket::connect(host + ":" + port);
    std::string message;
    std::cout << " -> " << std::flush; // take input
    while (std::getline(std::cin, message) && !netkit::iequals(netkit::trim(message), "bye")) {
        client_socket.send(message);                 // send message
        std::string data = client_socket.recv(1024); // receive the response
        std::cout << "Received from server: " << data << std::endl;
        std::cout << " -> " << std::flush;
    }
    client_socket.close(); // close the connection
}
