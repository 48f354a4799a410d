// The lesson's GET over HTTPS: request "/", print the status and the header
// list as Python prints them (http.client.HTTPSConnection("www.imdb.com")).
//     get_example [HOST] [PORT]     (HOST may carry the port, as in Python)
// The certificate is checked against the system's trust store, which
// SSL_CERT_FILE replaces, for netkit as for Python.
#include <netkit/sync/http_connection.hpp>
#include <netkit/url/repr.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    using netkit::url::python_latin1_repr; // http.client reads fields as ISO-8859-1
    const std::string host = argc > 1 ? argv[1] : "www.imdb.com";
    const auto port = argc > 2 ? std::optional<std::uint16_t>(std::stoi(argv[2])) : std::nullopt;

    netkit::sync::https_connection con_obj(host, port);
    con_obj.request("GET", "/");
    auto response = con_obj.getresponse();

    std::cout << "Status: " << response.status << "\n";

    std::string headers_list;
    for (const auto& [name, value] : response.getheaders()) {
        headers_list += headers_list.empty() ? "" : ", ";
        headers_list += "(" + python_latin1_repr(name) + ", " + python_latin1_repr(value) + ")";
    }
    std::cout << "Headers: [" << headers_list << "]\n";

    con_obj.close();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
