// The lesson's GET: connect, request a page, print the status and the
// header list (http.client.HTTPSConnection("www.python.org") in Python).
//     get_example HOST [PORT] [PATH] [CA_FILE]   (HTTPS when CA_FILE is given)
#include <netkit/sync/http_connection.hpp>

#include <iostream>
#include <memory>
#include <string>

int main(int argc, char** argv) try {
    const std::string host = argc > 1 ? argv[1] : "www.python.org";
    const auto port = argc > 2 ? std::optional<std::uint16_t>(std::stoi(argv[2])) : std::nullopt;
    const std::string path = argc > 3 ? argv[3] : "/";

    std::unique_ptr<netkit::sync::http_connection> conn;
    if (argc > 4) {
        conn = std::make_unique<netkit::sync::https_connection>(
            host, port, netkit::net::tls_client_config{.ca_file = argv[4]});
    } else {
        conn = std::make_unique<netkit::sync::http_connection>(host, port);
    }
    conn->request("GET", path);
    auto r1 = conn->getresponse();
    std::cout << r1.status << " " << r1.reason << "\n";
    for (const auto& [name, value] : r1.getheaders()) {
        std::cout << name << ": " << value << "\n";
    }
    std::cout << r1.read().size() << " bytes\n";
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
