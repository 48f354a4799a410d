// The twin of the ServerProxy example in Python's documentation: pow, add
// and mul, the methods the server lists, and a multicall.
//     xmlrpc_client [URL]        (default: http://localhost:8000/RPC2)
#include <netkit/sync/xmlrpc.hpp>

#include <iostream>
#include <string>

namespace xmlrpc = netkit::xmlrpc;

int main(int argc, char** argv) {
    const std::string url = argc > 1 ? argv[1] : "http://localhost:8000/RPC2";
    try {
        netkit::sync::server_proxy s(url);
        std::cout << s.call<long long>("pow", 2, 3) << "\n"; // Returns 2**3 = 8
        std::cout << s.call<long long>("add", 2, 3) << "\n"; // Returns 5
        std::cout << s.call<long long>("mul", 5, 2) << "\n"; // Returns 5*2 = 10

        // Print list of available methods, as Python prints a list.
        std::string names;
        for (const std::string& name : s.list_methods()) {
            names += (names.empty() ? "'" : ", '") + name + "'";
        }
        std::cout << "[" << names << "]\n";

        // Several calls in one request.
        const auto results = s.multicall({{"add", {7, 3}}, {"pow", {7, 3}}, {"mul", {7, 3}}});
        std::cout << "7+3=" << xmlrpc::from_value<long long>(results[0].result).value()
                  << ", 7**3=" << xmlrpc::from_value<long long>(results[1].result).value()
                  << ", 7*3=" << xmlrpc::from_value<long long>(results[2].result).value() << "\n";
    } catch (const xmlrpc::fault_error& f) { // xmlrpc.client.Fault
        std::cerr << "Fault " << f.code() << ": " << f.string() << "\n";
        return 1;
    } catch (const std::exception& e) { // ProtocolError, OSError, ...
        std::cerr << e.what() << "\n";
        return 1;
    }
}
