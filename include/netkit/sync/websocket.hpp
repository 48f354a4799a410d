// The blocking face of WebSocket clients, shaped like Python's
// websockets.sync.client:
//
//     auto ws = netkit::sync::websocket::connect("ws://localhost:8765/");
//     ws.send("Hello world!");
//     auto m = ws.recv();          // std::nullopt once the server has closed
//     ws.close();
//
// Failures throw socket_error (connect, TLS, a refused handshake: its what()
// names the URL and the reason); a protocol error of the server's throws
// socket_error with the ws::error code, after the connection is closed.
#pragma once

#include <netkit/sync/error.hpp>
#include <netkit/ws/engine/client.hpp>
#include <netkit/ws/engine/connection.hpp>

#include <asio/io_context.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::sync {

class websocket {
public:
    static websocket connect(const std::string& url, ws::connect_options options = {});

    websocket(websocket&&) noexcept;
    websocket& operator=(websocket&&) noexcept;
    ~websocket();

    void send(std::string_view text);
    void send_binary(std::string_view bytes);
    /// The next message; std::nullopt once the closing handshake is done
    /// (close_status() says the server's code).
    std::optional<ws::message> recv();
    /// The closing handshake (1000 unless told), waiting for its end.
    void close(std::uint16_t code = ws::close_code::normal, std::string_view reason = {});
    const ws::close_reason& close_status() const;
    const std::string& subprotocol() const;

private:
    websocket(std::unique_ptr<asio::io_context> io, std::shared_ptr<ws::connection> c,
              std::string url);

    std::unique_ptr<asio::io_context> io_;
    std::shared_ptr<ws::connection> connection_;
    std::string url_;
};

} // namespace netkit::sync
