#include <netkit/request/response.hpp>

namespace netkit::request {

asio::awaitable<result<std::string_view>> bytes_reader::read_some() {
    if (given_) {
        co_return std::string_view();
    }
    given_ = true;
    co_return std::string_view(bytes_);
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
