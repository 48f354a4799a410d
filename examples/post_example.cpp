// The lesson's POST: JSON to httpbin's /post, and the echo printed.
//     post_example HOST [PORT]
#include <netkit/json/value.hpp>
#include <netkit/sync/http_connection.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    const std::string host = argc > 1 ? argv[1] : "httpbin.org";
    const auto port = argc > 2 ? std::optional<std::uint16_t>(std::stoi(argv[2])) : std::nullopt;

    netkit::sync::http_connection conn(host, port);
    const netkit::json::value foo(
        netkit::json::object{{"text", "Hello world github/linguist#1 **cool**, and #1!"}});
    conn.request("POST", "/post", foo.dump(), {{"Content-type", "application/json"}});
    auto response = conn.getresponse();
    std::cout << response.status << " " << response.reason << "\n";
    std::cout << response.read() << "\n";
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
