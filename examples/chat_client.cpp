// The lesson's client.py in C++: send what you type until you type "bye".
// Usage: chat_client [PORT [HOST]]   (defaults: 5000, this machine's name)
#include <netkit/net/blocking.hpp>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <string>

// Python's message.lower().strip()
std::string lower_strip(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    s.erase(0, s.find_first_not_of(" \t\r\n"));
    s.erase(s.find_last_not_of(" \t\r\n") + 1);
    return s;
}

int main(int argc, char** argv) {
    std::string port = argc > 1 ? argv[1] : "5000"; // the server's port
    std::string host = argc > 2 ? argv[2] : netkit::net::gethostname();
    auto client_socket = netkit::net::blocking::socket::connect(host + ":" + port);
    std::string message;
    std::cout << " -> " << std::flush;
    std::getline(std::cin, message); // take input
    while (lower_strip(message) != "bye") {
        client_socket.send(message);                // send message
        std::string data = client_socket.recv(1024); // receive the response
        std::cout << "Received from server: " << data << std::endl;
        std::cout << " -> " << std::flush;
        if (!std::getline(std::cin, message)) {
            break;
        }
    }
    client_socket.close();
}
