#include <netkit/sync/client.hpp>

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
    const std::string partial = path + ".part";
    std::FILE* out = std::fopen(partial.c_str(), "wb");
    if (!out) {
        throw std::system_error(errno, std::system_category(), "cannot write '" + partial + "'");
    }
    bool write_failed = false;
    http::client_request get;
    get.url = std::move(url);
    get.on_body = [&](std::string_view piece) {
        write_failed = std::fwrite(piece.data(), 1, piece.size(), out) != piece.size();
        return !write_failed; // a full disk stops the transfer
    };
    // A failed write (a full disk stopped the transfer) or close: no file.
    const auto cannot_write = [&] {
        std::remove(partial.c_str());
        return std::system_error(std::make_error_code(std::errc::io_error),
                                 "cannot write '" + path + "'");
    };
    http::client_response r;
    try {
        r = request(std::move(get));
    } catch (...) {
        std::fclose(out);
        if (write_failed) {
            throw cannot_write();
        }
        std::remove(partial.c_str());
        throw;
    }
    if (std::fclose(out) != 0 || write_failed) {
        throw cannot_write();
    }
    if (std::rename(partial.c_str(), path.c_str()) != 0) {
        const int e = errno;
        std::remove(partial.c_str());
        throw std::system_error(e, std::system_category(), "cannot rename '" + partial + "'");
    }
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
