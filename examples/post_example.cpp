// The lesson's POST: {"text": "Hello World !!"} as JSON to httpbin's /post
// over HTTPS, and the echo printed (http.client.HTTPSConnection('www.httpbin.org')).
//     post_example [HOST] [PORT]    (HOST may carry the port, as in Python)
// The certificate is checked against the system's trust store, which
// SSL_CERT_FILE replaces, for netkit as for Python.
#include <netkit/json/value.hpp>
#include <netkit/sync/http_connection.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    const std::string host = argc > 1 ? argv[1] : "www.httpbin.org";
    const auto port = argc > 2 ? std::optional<std::uint16_t>(std::stoi(argv[2])) : std::nullopt;

    netkit::sync::https_connection con_obj(host, port);
    const netkit::sync::header_list headers_list = {{"Content-type", "application/json"}};
    const netkit::json::value post_text(netkit::json::object{{"text", "Hello World !!"}});
    const std::string json_data = post_text.dump(netkit::json::python_dumps);
    con_obj.request("POST", "/post", json_data, headers_list);
    auto response = con_obj.getresponse();
    std::cout << response.read() << "\n";
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
