// netkit's own HTTP server on 127.0.0.1, run on a thread of its own for the
// length of a test: add routes, start(), use base(); stopped when destroyed.
#pragma once

#include <netkit/http/engine/server.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace netkit::test {

class local_server {
public:
    explicit local_server(http::server_options options = one_thread())
        : server_(std::make_unique<http::server>(std::move(options))) {}
    local_server(const local_server&) = delete;
    local_server& operator=(const local_server&) = delete;
    ~local_server() {
        if (runner_.joinable()) {
            server_->stop();
            runner_.join();
        }
    }

    http::server* operator->() { return server_.get(); }

    void start() {
        if (!server_->listen(net::endpoint("127.0.0.1", 0))) {
            throw std::runtime_error("the test server cannot listen");
        }
        runner_ = std::thread([this] { server_->run(); });
    }
    /// "http://127.0.0.1:PORT"
    std::string base() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

    static http::server_options one_thread() {
        http::server_options options;
        options.threads = 1;
        return options;
    }

private:
    std::unique_ptr<http::server> server_;
    std::thread runner_;
};

} // namespace netkit::test
