// One HTTP/2 connection of the server (RFC 9113), framed by nghttp2: netkit
// reads and writes the bytes, turns each stream into a server_request for the
// same handlers HTTP/1.1 serves, and keeps the policy: limits, time limits
// (through the connection's phases, which the thread's sweeper checks) and
// the defences against floods, which nghttp2 leaves to its user.
//
// Two loops share the connection: one reads and feeds nghttp2 what comes,
// one writes what nghttp2 has to send, woken whenever there is more (a
// frame received, a handler done). Handlers that answer at once run inside
// the read loop; the others run as coroutines of their own, one a stream.
#pragma once

#include "http/engine/detail/connection.hpp"
#include "http/engine/detail/http2_memory.hpp"
#include "http/engine/detail/http2_stream.hpp"

#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct nghttp2_session;

namespace netkit::http::detail {

/// An HTTP/1.1 request that asked to go on in HTTP/2 (Upgrade: h2c): the
/// session answers it on stream 1.
struct http2_upgraded_request {
    std::string settings; ///< its HTTP2-Settings, decoded
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> fields;
};

class http2_session {
public:
    /// The client's preface; a clear-text connection that starts with it
    /// speaks HTTP/2 (prior knowledge).
    static constexpr std::string_view preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    http2_session(connection& owner, net::stream& stream);
    http2_session(const http2_session&) = delete;
    http2_session& operator=(const http2_session&) = delete;
    ~http2_session();

    /// Serves the connection until either side ends it, and every handler it
    /// started has returned. `early`: bytes already read from the client;
    /// `upgraded`: the request that upgraded it, or nullptr.
    asio::awaitable<void> run(std::string_view early, const http2_upgraded_request* upgraded);

    // For the streams.
    server_state& state() noexcept { return owner_.state_; }
    std::string_view remote_address() { return owner_.remote_address(); }
    bool is_tls() const noexcept { return stream_.is_tls(); }
    nghttp2_session* native() noexcept { return session_; }
    /// Something for the write loop: a response, a window update.
    void wake_writer() noexcept;
    /// A stream made progress (bytes of a request or a response): the
    /// connection's time limit starts again.
    void progressed() noexcept;
    /// A handler's answer is ready: its HEADERS (and DATA) go out.
    void respond(http2_stream& s);
    /// 100 Continue, to a client that waits for it before its body.
    void send_continue(std::int32_t id);

private:
    friend struct http2_callbacks;

    asio::awaitable<void> read_loop();
    asio::awaitable<void> write_loop();
    // Whether the loops have anything left to do.
    bool finished() const noexcept;
    /// Feeds nghttp2 what arrived; false when the connection must end.
    bool receive(std::string_view bytes);
    /// Ends the connection at once with GOAWAY(`code`): a client that
    /// broke the protocol or flooded the server.
    void fail(std::uint32_t code) noexcept;
    void go_away_when_stopping() noexcept;
    // A request's head has arrived (`whole`: within the limits): choose
    // its handler and start it.
    void start(http2_stream& s, bool whole);
    asio::awaitable<void> run_handler(http2_stream& s, const split_handler* target);
    http2_stream& open_stream(std::int32_t id);
    void closed(http2_stream& s);
    // Stream 1, from an upgraded request; false when its settings do not do.
    bool answer_upgraded(const http2_upgraded_request& request);
    // A stream closed and no handler running: its object serves again.
    void recycle(http2_stream& s);
    connection::phase phase() const noexcept;
    void follow_streams() noexcept;
    // Token buckets against floods (rapid reset, PING and SETTINGS floods):
    // false once a client spent its budget.
    struct budget {
        double tokens;
        double burst;
        double per_second;
        coarse_clock::time_point last;
        bool spend(coarse_clock::time_point now) noexcept;
    };

    connection& owner_;
    net::stream& stream_;
    http2_memory memory_; // (outlives session_: it is deleted in ~http2_session)
    nghttp2_session* session_ = nullptr;
    // The streams open, and the closed ones whose handlers still run;
    // closed ones kept for the next streams.
    std::vector<std::unique_ptr<http2_stream>> streams_;
    std::vector<std::unique_ptr<http2_stream>> spare_;
    std::size_t open_streams_ = 0;
    std::string out_; // frames for the next write
    asio::steady_timer writer_wake_;
    asio::steady_timer handlers_done_;
    std::size_t handlers_running_ = 0;
    std::size_t responding_ = 0; // streams whose response is under way
    bool reading_ = true;        // the read loop goes on
    bool writing_ = false;       // a write is in progress
    bool going_away_ = false;
    bool failed_ = false;
    // Stream 1 of a connection upgraded from HTTP/1.1, answered once the
    // client's preface has come.
    http2_stream* upgraded_ = nullptr;
    bool upgraded_whole_ = false;
    // The header block being received: its frames and bytes (CONTINUATION floods).
    std::size_t block_frames_ = 0;
    std::size_t block_bytes_ = 0;
    budget resets_;
    budget control_frames_;
};

} // namespace netkit::http::detail
