// The lesson's file server (http.server + socketserver), in C++:
//     file_server [PORT] [DIRECTORY]      (defaults: 8000, the current directory)
#include <netkit/http/engine/server.hpp>
#include <netkit/http/engine/static_files.hpp>
#include <netkit/net/endpoint.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    const std::string port = argc > 1 ? argv[1] : "8000";
    const std::string directory = argc > 2 ? argv[2] : ".";

    netkit::http::server httpd;
    httpd.mount("/", netkit::http::static_files({.root = directory}).value());
    httpd.listen(netkit::net::parse_endpoint(port).value()).value();
    std::cout << "serving at port " << httpd.port() << std::endl;
    httpd.run();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
