// The lesson's http.client.HTTPConnection('Enter_URL_name', 80, timeout=20):
// a connection object, printed. As in Python, nothing is sent yet (the
// connection opens on the first request), and what prints is the object's
// type and address, as Python's default repr() shows them.
//     make_connection [HOST] [PORT]
#include <netkit/sync/http_connection.hpp>

#include <chrono>
#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    const std::string host = argc > 1 ? argv[1] : "Enter_URL_name";
    const auto port = static_cast<std::uint16_t>(argc > 2 ? std::stoi(argv[2]) : 80);

    netkit::sync::http_connection con_obj(host, port, std::chrono::seconds(20));
    std::cout << "<netkit::sync::http_connection object at " << static_cast<const void*>(&con_obj)
              << ">\n";
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
