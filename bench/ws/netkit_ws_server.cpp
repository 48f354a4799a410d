// netkit's side of bench/ws/compare.py: on one thread, /echo sends every
// message back and /room passes it to every other member (ws::room), as
// bench/ws/node_ws_server.js, uws_server.js and python_server.py do.
//     netkit_ws_server PORT
#include <netkit/http/engine/server.hpp>
#include <netkit/ws/engine/room.hpp>
#include <netkit/ws/engine/server.hpp>

#include <sys/resource.h>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) try {
    // As `netkit serve` does: the open-file limit to its hard maximum.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        (void)::setrlimit(RLIMIT_NOFILE, &files);
    }
    netkit::http::server_options options;
    options.threads = 1;
    options.max_connections = 20000; // the idle run holds 10,000
    netkit::http::server server(std::move(options));
    server.websocket("/echo", [](netkit::ws::connection& c) -> asio::awaitable<void> {
        for (;;) {
            auto m = co_await c.read();
            if (!m) {
                co_return;
            }
            co_await c.send(m->data, m->type);
        }
    });
    netkit::ws::room everyone;
    server.websocket("/room", [&everyone](netkit::ws::connection& c) { return everyone.relay(c); });
    server.listen(netkit::net::endpoint("127.0.0.1", argc > 1 ? std::atoi(argv[1]) : 0)).value();
    std::cout << "listening on 127.0.0.1:" << server.port() << std::endl;
    server.run();
} catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
}
