// Several GETs at once, as a browser makes them: over HTTP/2 they go as
// streams of one connection (the server offers h2 by ALPN); over HTTP/1.1,
// on connections of their own. Prints, for each URL in the order given, its
// status, the HTTP version it came by, and its body's size.
//     http2_get URL...
// The certificate is checked against the system's trust store, which
// SSL_CERT_FILE replaces.
#include <netkit/http/engine/client.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string> urls(argv + 1, argv + argc);
    asio::io_context io;
    netkit::http::client web; // HTTP/2 when the server offers it
    std::vector<std::optional<netkit::result<netkit::http::client_response>>> answers(urls.size());
    std::size_t left = urls.size();
    for (std::size_t i = 0; i < urls.size(); ++i) {
        asio::co_spawn(
            io,
            [&, i]() -> asio::awaitable<void> {
                answers[i] = co_await web.get(urls[i]);
                if (--left == 0) {
                    io.stop(); // (the connection would stay open for more)
                }
            },
            asio::detached);
    }
    io.run();
    int failed = 0;
    for (std::size_t i = 0; i < urls.size(); ++i) {
        const auto& r = *answers[i];
        if (!r) {
            std::cerr << urls[i] << ": " << r.error().message() << "\n";
            failed = 1;
            continue;
        }
        const std::string version = r->version_major == 2 ? "HTTP/2" : "HTTP/1.1";
        std::cout << urls[i] << " " << r->status << " " << version << " " << r->body.size()
                  << " bytes\n";
    }
    return failed;
}
