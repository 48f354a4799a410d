#include <netkit/sync/websocket.hpp>
#include <netkit/ws/error.hpp>

#include "sync/detail/throw_error.hpp"

namespace netkit::sync {

websocket websocket::connect(const std::string& url, ws::connect_options options) {
    auto io = std::make_unique<asio::io_context>(1);
    auto c = detail::run_blocking(*io, ws::connect(url, std::move(options)), "connect to " + url);
    return websocket(std::move(io), std::move(c), url);
}

websocket::websocket(std::unique_ptr<asio::io_context> io, std::shared_ptr<ws::connection> c,
                     std::string url)
    : io_(std::move(io)), connection_(std::move(c)), url_(std::move(url)) {}

websocket::websocket(websocket&&) noexcept = default;
websocket& websocket::operator=(websocket&&) noexcept = default;

websocket::~websocket() {
    if (connection_) {
        connection_->abort();
        connection_.reset();
        io_->restart();
        io_->poll(); // let the connection's writer see the end and let go of it
    }
}

void websocket::send(std::string_view text) {
    detail::run_blocking(*io_, connection_->send(text, ws::opcode::text), "send to " + url_);
}

void websocket::send_binary(std::string_view bytes) {
    detail::run_blocking(*io_, connection_->send(bytes, ws::opcode::binary), "send to " + url_);
}

std::optional<ws::message> websocket::recv() {
    auto outcome = net::run_to_result(*io_, connection_->read());
    if (!outcome) {
        if (outcome.error() == ws::error::closed) {
            return std::nullopt;
        }
        detail::throw_error(outcome.error(), "receive from " + url_);
    }
    return std::move(*outcome);
}

void websocket::close(std::uint16_t code, std::string_view reason) {
    const std::string why(reason);
    auto closing = [](std::shared_ptr<ws::connection> c, std::uint16_t code,
                      std::string why) -> asio::awaitable<result<void>> {
        co_await c->close(code, why);
        co_return result<void>{};
    };
    detail::run_blocking(*io_, closing(connection_, code, why), "close " + url_);
}

const ws::close_reason& websocket::close_status() const {
    return connection_->close_status();
}

const std::string& websocket::subprotocol() const {
    return connection_->subprotocol();
}

} // namespace netkit::sync
