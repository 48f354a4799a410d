#include <netkit/sync/client.hpp>

#include "sync/detail/partial_file.hpp"
#include "sync/detail/throw_error.hpp"

#include <netkit/core/error.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/run.hpp>
#include <netkit/sync/error.hpp>

#include <asio/io_context.hpp>

#include <cerrno>
#include <cstdio>
#include <system_error>

namespace netkit::sync {

client::client(http::client_options options)
    : io_(std::make_unique<asio::io_context>(1)),
      engine_(std::make_unique<http::client>(std::move(options))) {}

client::~client() = default;

http::client_response client::request(http::client_request r) {
    const std::string url = r.url;
    auto answer = net::run_to_result(*io_, engine_->request(std::move(r)));
    if (!answer) {
        detail::throw_error(answer.error(), url);
    }
    return std::move(*answer);
}

http::client_response client::send(std::string method, std::string url, std::string body,
                                   std::string_view content_type) {
    auto r = http::make_request(std::move(method), std::move(url), std::move(body), content_type);
    if (!r) {
        throw std::invalid_argument("bad Content-Type: " + r.error().message());
    }
    return request(std::move(*r));
}

http::client_response client::get(std::string url) {
    return send("GET", std::move(url), {}, {});
}

http::client_response client::head(std::string url) {
    return send("HEAD", std::move(url), {}, {});
}

http::client_response client::del(std::string url) {
    return send("DELETE", std::move(url), {}, {});
}

http::client_response client::post(std::string url, std::string body,
                                   std::string_view content_type) {
    return send("POST", std::move(url), std::move(body), content_type);
}

http::client_response client::put(std::string url, std::string body,
                                  std::string_view content_type) {
    return send("PUT", std::move(url), std::move(body), content_type);
}

http::client_response client::patch(std::string url, std::string body,
                                    std::string_view content_type) {
    return send("PATCH", std::move(url), std::move(body), content_type);
}

http::client_response client::download(std::string url, const std::string& path) {
    detail::partial_file file(path);
    http::client_request get;
    get.url = std::move(url);
    get.on_body = [&](std::string_view piece) {
        return file.write(piece); // a full disk stops the transfer
    };
    http::client_response r;
    try {
        r = request(std::move(get));
    } catch (...) {
        file.discard();
        if (file.failed()) {
            throw file.write_error(); // what stopped the transfer
        }
        throw;
    }
    file.commit();
    return r;
}

http::client_response get(std::string url) {
    client web;
    return web.get(std::move(url));
}

http::client_response post(std::string url, std::string body, std::string_view content_type) {
    client web;
    return web.post(std::move(url), std::move(body), content_type);
}

} // namespace netkit::sync
