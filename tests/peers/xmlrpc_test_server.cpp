// netkit's XML-RPC server with the methods tests/cli/test_xmlrpc.py calls
// (the same as tests/peers/xmlrpc_reference.py gives Python's server), and
// bench/xmlrpc/compare.py too (add, count):
//     xmlrpc_test_server [--allow-none] [--allow-i8] [--max-body BYTES]
// listens on a free loopback port and prints "listening PORT".
#include <netkit/http/engine/server.hpp>
#include <netkit/net/endpoint.hpp>
#include <netkit/xmlrpc/engine/server.hpp>

#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <chrono>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>

namespace xmlrpc = netkit::xmlrpc;

namespace {

struct point {
    int x = 0;
    int y = 0;
};

} // namespace

template <> struct netkit::xmlrpc::convert<point> : netkit::xmlrpc::struct_fields<point> {
    static constexpr auto fields = std::tuple{field("x", &point::x), field("y", &point::y)};
};

int main(int argc, char** argv) {
    xmlrpc::dispatcher_options rpc_options;
    xmlrpc::server_options http_options;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--allow-none") == 0) {
            rpc_options.allow_none = true;
        } else if (std::strcmp(argv[i], "--allow-i8") == 0) {
            rpc_options.allow_i8 = true;
        } else if (std::strcmp(argv[i], "--max-body") == 0 && i + 1 < argc) {
            http_options.max_body = std::stoul(argv[++i]);
        } else {
            std::cerr << "usage: xmlrpc_test_server [--allow-none] [--allow-i8] [--max-body N]\n";
            return 2;
        }
    }
    auto rpc = std::make_shared<xmlrpc::dispatcher>(rpc_options);
    rpc->register_function("echo", [](std::vector<xmlrpc::value>& args) {
        return xmlrpc::array(args.begin(), args.end());
    });
    rpc->register_function(
        "add", [](long long x, long long y) { return x + y; }, "add(x, y) => x + y, for ints");
    rpc->register_function("fail", [](int code, std::string text) -> int {
        throw xmlrpc::fault_error(code, std::move(text));
    });
    rpc->register_function("boom", []() -> int { throw std::runtime_error("boom"); });
    rpc->register_function("nap", [](int ms) -> asio::awaitable<int> {
        asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(ms));
        co_await timer.async_wait(asio::use_awaitable);
        co_return ms;
    });
    rpc->register_function("big",
                           [](int n) { return std::string(static_cast<std::size_t>(n), 'x'); });
    rpc->register_function("nothing", [] {});
    rpc->register_function(
        "count", [](const xmlrpc::array& items) { return static_cast<long long>(items.size()); });
    rpc->register_function(
        "mirror",
        [](point p) {
            return point{p.y, p.x};
        },
        "mirror({x, y}) => {y, x}");
    rpc->register_introspection_functions();
    rpc->register_multicall_functions();

    netkit::http::server_options serving;
    serving.threads = 1;
    netkit::http::server s(serving);
    xmlrpc::mount(s, rpc, http_options);
    if (auto listening = s.listen(netkit::net::parse_endpoint("127.0.0.1:0").value()); !listening) {
        std::cerr << "xmlrpc_test_server: " << listening.error().message() << "\n";
        return 1;
    }
    std::cout << "listening " << s.port() << std::endl;
    s.run();
}
