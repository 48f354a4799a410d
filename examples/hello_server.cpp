// A JSON endpoint: GET /hello/NAME answers {"hello": "NAME"}.
//     hello_server [PORT]
#include <netkit/http/engine/server.hpp>
#include <netkit/json/value.hpp>
#include <netkit/url/quote.hpp>

#include <iostream>

int main(int argc, char** argv) try {
    netkit::http::server server;
    server.route("GET", "/hello/{name}", [](netkit::http::server_request& request) {
        const netkit::json::value reply(
            netkit::json::object{{"hello", netkit::url::unquote(request.param("name"))}});
        return netkit::http::server_response(200, reply.dump() + "\n", "application/json");
    });
    server.listen(netkit::net::parse_endpoint(argc > 1 ? argv[1] : "8000").value()).value();
    std::cout << "serving at port " << server.port() << std::endl;
    server.run();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
