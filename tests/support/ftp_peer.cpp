#include "support/ftp_peer.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace netkit::test {
namespace {

bool send_all(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

std::string with_crlf(const std::string& text) {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t nl = text.find('\n', start);
        out += text.substr(start, nl - start) + "\r\n";
        if (nl == std::string::npos) {
            break;
        }
        start = nl + 1;
    }
    return out;
}

} // namespace

ftp_peer::ftp_peer(std::string greeting, std::function<std::string(const std::string&)> respond)
    : greeting_(std::move(greeting)), respond_(std::move(respond)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof(address);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(listen_fd_, 4) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        throw std::runtime_error("ftp_peer: cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
}

ftp_peer::~ftp_peer() {
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    thread_.join();
}

std::vector<std::string> ftp_peer::received() {
    std::lock_guard lock(mutex_);
    return received_;
}

void ftp_peer::serve() {
    pollfd waiting{listen_fd_, POLLIN, 0};
    if (::poll(&waiting, 1, 10000) <= 0) {
        return;
    }
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
        return;
    }
    send_all(fd, with_crlf(greeting_));
    std::string buffer;
    char chunk[4096];
    for (;;) {
        pollfd readable{fd, POLLIN, 0};
        if (::poll(&readable, 1, 10000) <= 0) {
            break;
        }
        const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
        if (n <= 0) {
            break;
        }
        buffer.append(chunk, static_cast<std::size_t>(n));
        bool closing = false;
        for (std::size_t nl = buffer.find("\r\n"); nl != std::string::npos && !closing;
             nl = buffer.find("\r\n")) {
            const std::string line = buffer.substr(0, nl);
            buffer.erase(0, nl + 2);
            {
                std::lock_guard lock(mutex_);
                received_.push_back(line);
            }
            const std::string reply = respond_(line);
            if (reply == "\x04") {
                closing = true;
            } else if (!reply.empty()) {
                send_all(fd, with_crlf(reply));
            }
        }
        if (closing) {
            break;
        }
    }
    ::close(fd);
}

} // namespace netkit::test
