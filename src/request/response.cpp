#include <netkit/request/response.hpp>

#include <algorithm>
#include <cstring>
#include <utility>

namespace netkit::request {

asio::awaitable<result<std::string_view>> bytes_reader::next() {
    if (given_) {
        co_return std::string_view();
    }
    given_ = true;
    co_return std::string_view(bytes_);
}

asio::awaitable<result<std::string_view>> body_reader::read_some() {
    if (!carry_.empty()) {
        co_return std::exchange(carry_, std::string_view());
    }
    co_return co_await next();
}

asio::awaitable<result<std::size_t>> body_reader::read_into(std::span<char> out) {
    if (carry_.empty() && !out.empty()) {
        auto piece = co_await next();
        if (!piece) {
            co_return piece.error();
        }
        carry_ = *piece; // valid until the next read_some(), which only this makes
    }
    const std::size_t n = std::min(out.size(), carry_.size());
    if (n > 0) { // (an empty view's data may be null, which memcpy may not get)
        std::memcpy(out.data(), carry_.data(), n);
        carry_.remove_prefix(n);
    }
    co_return n;
}

response::response(std::string url, int status, std::string reason, http::fields headers,
                   std::unique_ptr<body_reader> body)
    : url(std::move(url)), status(status), reason(std::move(reason)), headers(std::move(headers)),
      body_(std::move(body)) {}

asio::awaitable<result<std::string_view>> response::read_some() {
    if (!body_) {
        co_return std::string_view();
    }
    co_return co_await body_->read_some();
}

asio::awaitable<result<std::size_t>> response::read_into(std::span<char> out) {
    if (!body_) {
        co_return std::size_t{0};
    }
    co_return co_await body_->read_into(out);
}

asio::awaitable<result<std::string>> read_all(response& r) {
    std::string out;
    for (;;) {
        auto piece = co_await r.read_some();
        if (!piece) {
            co_return piece.error();
        }
        if (piece->empty()) {
            co_return out;
        }
        out.append(*piece);
    }
}

} // namespace netkit::request
