// The twin of the SimpleXMLRPCServer example in Python's documentation:
// pow, add (a function under another name), mul (through an instance),
// introspection and multicall, at /RPC2 only.
//     xmlrpc_server [PORT]        (default: 8000, on localhost)
#include <netkit/sync/xmlrpc.hpp>

#include <cmath>
#include <iostream>
#include <string>

namespace xmlrpc = netkit::xmlrpc;

// Python's pow(): an int for ints (and an exponent that is not negative),
// a float otherwise.
xmlrpc::value python_pow(std::vector<xmlrpc::value>& args) {
    if (args.size() != 2) {
        throw xmlrpc::fault_error(1, "TypeError:pow expected 2 arguments, got " +
                                         std::to_string(args.size()));
    }
    const auto* x = args[0].get_if<std::int64_t>();
    const auto* y = args[1].get_if<std::int64_t>();
    if (x != nullptr && y != nullptr && *y >= 0) {
        std::int64_t r = 1;
        for (std::int64_t i = 0; i < *y; ++i) {
            r *= *x;
        }
        return r;
    }
    return std::pow(xmlrpc::from_value<double>(args[0]).value(),
                    xmlrpc::from_value<double>(args[1]).value());
}

int main(int argc, char** argv) {
    const std::string port = argc > 1 ? argv[1] : "8000";
    xmlrpc::server_options paths;
    paths.paths = {"/RPC2"}; // Restrict to a particular path.
    netkit::sync::xmlrpc_server server("127.0.0.1:" + port, {}, paths);
    server.register_introspection_functions();
    server.register_multicall_functions();

    // Register pow() function.
    server.register_function("pow", python_pow);

    // Register a function under a different name.
    server.register_function("add", [](xmlrpc::value x, xmlrpc::value y) -> xmlrpc::value {
        if (x.get_if<std::int64_t>() && y.get_if<std::int64_t>()) {
            return *x.get_if<std::int64_t>() + *y.get_if<std::int64_t>();
        }
        return xmlrpc::from_value<double>(x).value() + xmlrpc::from_value<double>(y).value();
    });

    // Register an instance: its methods are published too (here just 'mul').
    server.dispatcher().register_instance(
        [](std::string_view method,
           std::vector<xmlrpc::value>& args) -> asio::awaitable<xmlrpc::value> {
            if (method != "mul" || args.size() != 2) {
                throw xmlrpc::fault_error(1, "Exception:method \"" + std::string(method) +
                                                 "\" is not supported");
            }
            co_return xmlrpc::from_value<std::int64_t>(args[0]).value() *
                xmlrpc::from_value<std::int64_t>(args[1]).value();
        },
        {"mul"});

    // Run the server's main loop.
    std::cout << "Serving XML-RPC on localhost port " << server.port() << std::endl;
    server.serve_forever();
}
