// The floor for bench/http_server.py: a server that does nothing but what
// every HTTP/1.1 server must, one recv and one send a request, and answers
// every request with the same response (the file given, with a minimal head)
// without parsing it. No server can spend less CPU a request on this
// machine's kernel; the benchmark prints it beside the real ones so that the
// CPU figures can be read against it. Not a server to use: it assumes each
// request arrives whole in one read, as wrk's do.
//
// Usage: floor_server PORT FILE
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: floor_server PORT FILE\n");
        return 2;
    }
    std::ifstream file(argv[2], std::ios::binary);
    const std::string body{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    // A head of the usual fields and size (the Date is not kept current).
    const std::string response = "HTTP/1.1 200 OK\r\nServer: floor\r\n"
                                 "Date: Sun, 29 Nov 2026 06:00:00 GMT\r\n"
                                 "Content-Type: application/octet-stream\r\n"
                                 "Last-Modified: Sun, 29 Nov 2026 05:00:00 GMT\r\n"
                                 "ETag: \"a72241-18ec6e81e51652ee-400\"\r\n"
                                 "Accept-Ranges: bytes\r\nContent-Length: " +
                                 std::to_string(body.size()) + "\r\n\r\n" + body;

    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    const int on = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(std::atoi(argv[1])));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(listener, 4096) != 0) {
        std::perror("floor_server");
        return 1;
    }
    const int poller = ::epoll_create1(0);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = listener;
    ::epoll_ctl(poller, EPOLL_CTL_ADD, listener, &event);

    std::array<epoll_event, 128> ready;
    std::array<char, 4096> request;
    for (;;) {
        const int count = ::epoll_wait(poller, ready.data(), static_cast<int>(ready.size()), -1);
        for (int i = 0; i < count; ++i) {
            const int fd = ready[static_cast<std::size_t>(i)].data.fd;
            if (fd == listener) {
                const int client = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
                if (client >= 0) {
                    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
                    epoll_event e{};
                    e.events = EPOLLIN;
                    e.data.fd = client;
                    ::epoll_ctl(poller, EPOLL_CTL_ADD, client, &e);
                }
                continue;
            }
            if (::recv(fd, request.data(), request.size(), 0) <= 0) {
                ::close(fd);
                continue;
            }
            (void)::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
        }
    }
}
