// An open WebSocket connection (RFC 6455), as a server's handler or
// ws::connect() gets it: read messages as a coroutine, send at any time
// from any coroutine of its thread, close with a code.
//
//     for (;;) {
//         auto m = co_await c.read();
//         if (!m) break;                            // closed, or failed: c.close_status()
//         co_await c.send(m->data, m->type);        // echo
//     }
//
// Pings are answered by read() as they arrive; keep-alive pings go out on
// their own when `ping_interval` is set. Sends go through a queue, written
// in order: send() waits until its message is written (back-pressure for
// one producer); queue() does not wait (broadcasts), and a peer that lets
// more than `max_queued` bytes pile up is cut off.
#pragma once

#include <netkit/core/read_buffer.hpp>
#include <netkit/core/result.hpp>
#include <netkit/net/stream.hpp>
#include <netkit/ws/close.hpp>
#include <netkit/ws/frame.hpp>
#include <netkit/ws/permessage_deflate.hpp>
#include <netkit/ws/reader.hpp>

#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace netkit::ws {

struct message {
    opcode type = opcode::text; ///< text or binary
    std::string data;
    bool is_text() const noexcept { return type == opcode::text; }
};

struct connection_options {
    /// The largest message read (after inflation): 1009 past it.
    std::uint64_t max_message = 16 * 1024 * 1024;
    /// Bytes waiting to be written to a peer that does not read: past this
    /// the connection is cut (its peer is not reading; a close frame would
    /// wait behind the rest).
    std::size_t max_queued = 16 * 1024 * 1024;
    /// A write that makes no progress this long cuts the connection.
    std::chrono::milliseconds send_timeout = std::chrono::seconds(60);
    /// A ping this often, and a pong due before the next (else close 1011);
    /// zero: none. Pongs are read by read(), so a peer is judged only while
    /// a read() waits (a session should keep one waiting, as it must to
    /// answer the peer's pings).
    std::chrono::milliseconds ping_interval{0};
    /// How long the closing handshake may take once begun.
    std::chrono::milliseconds close_timeout = std::chrono::seconds(10);
    /// With permessage-deflate agreed: messages shorter than this go
    /// uncompressed (RFC 7692 lets each message choose).
    std::size_t compress_min = 64;
    /// zlib's level for what this side compresses.
    int compress_level = 6;
};

/// What the opening handshake settled.
struct handshake_result {
    role side = role::server;
    std::string subprotocol;
    std::optional<deflate_params> deflate;
    /// A server's view of the request: its target ("/chat?room=1"), its
    /// Origin field (browsers send one) and the client's address.
    std::string target;
    std::string origin;
    std::string remote_address;
};

class connection : public std::enable_shared_from_this<connection> {
public:
    /// Takes over `stream` once the opening handshake is done; `early` holds
    /// bytes that came after the handshake (the first frames). A connection
    /// lives in a shared_ptr (its writer and timers hold it while they run).
    static std::shared_ptr<connection> create(net::stream stream, handshake_result agreed,
                                              const connection_options& options,
                                              std::string early = {});
    /// (For create(), through make_shared.)
    connection(net::stream stream, handshake_result agreed, const connection_options& options,
               std::string early);
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    /// The next message. Errors: error::closed after the closing handshake
    /// (close_status() says the peer's code), a protocol error (the
    /// connection was closed with its code), or the stream's error.
    asio::awaitable<result<message>> read();
    /// Queues a message and waits until it is written.
    asio::awaitable<result<void>> send(std::string_view data, opcode type = opcode::text);
    /// Queues a message without waiting; error::queue_full (the connection
    /// is then cut) past max_queued, error::closed once closing.
    result<void> queue(std::string_view data, opcode type = opcode::text);
    /// Queues an already made frame (ws::append_frame, unmasked: a server's),
    /// shared by every connection of a broadcast.
    result<void> queue_frame(std::shared_ptr<const std::string> frame);
    /// Sends a ping; its pong comes back through read().
    result<void> ping(std::string_view payload = {});
    /// Starts the closing handshake and waits (close_timeout at most) for
    /// it to end; a read() in progress ends with error::closed. (Two
    /// overloads, not default arguments: g++ 12 miscompiles a coroutine's
    /// class-type default argument.)
    asio::awaitable<void> close();
    asio::awaitable<void> close(std::uint16_t code, std::string_view reason);
    /// Starts the closing handshake without waiting (from a server stopping).
    void start_close(std::uint16_t code, std::string_view reason = {});
    /// Cuts the connection at once, with no closing handshake.
    void abort() noexcept;

    bool is_open() const noexcept { return !close_sent_ && !done_; }
    /// The peer's close frame (code close_code::abnormal if none came).
    const close_reason& close_status() const noexcept { return peer_close_; }
    const std::string& subprotocol() const noexcept { return agreed_.subprotocol; }
    /// What the opening handshake settled, and (on a server) what it asked.
    const handshake_result& handshake() const noexcept { return agreed_; }
    bool compressed() const noexcept { return agreed_.deflate.has_value(); }
    role side() const noexcept { return agreed_.side; }
    std::size_t queued_bytes() const noexcept { return queued_bytes_; }
    asio::any_io_executor get_executor() { return stream_.get_executor(); }
    net::stream& stream() noexcept { return stream_; }

private:
    struct queued {
        std::string own;
        std::shared_ptr<const std::string> shared;
        std::size_t skip = 0; // bytes already written
        std::string_view bytes() const noexcept {
            return std::string_view(shared ? *shared : own).substr(skip);
        }
    };
    bool compresses(opcode type, std::size_t size) const noexcept;
    std::string encode(opcode type, std::string_view payload);
    bool nothing_waiting() const noexcept;
    result<std::size_t> wrote(result<std::size_t> sent);
    result<std::size_t> write_at_once(std::span<const asio::const_buffer> frame);
    result<void> write_now(std::string_view head, std::string_view body);
    result<void> write_now(queued frame);
    result<void> push(queued frame, bool control);
    result<void> enqueue(queued frame);
    void flush();
    std::size_t gather(std::span<asio::const_buffer> buffers) const;
    bool pop_written(std::size_t n);
    void start_writer();
    asio::awaitable<void> write_queue(std::shared_ptr<connection> self);
    asio::awaitable<result<void>> wait_written(std::uint64_t until);
    result<std::size_t> receive_now(std::span<char>& fresh);
    asio::awaitable<result<void>> fail(std::error_code why);
    asio::awaitable<void> finish_closing();
    asio::awaitable<void> linger();
    void arm_close_timer();
    asio::awaitable<void> keep_alive(std::shared_ptr<connection> held);
    void wake() noexcept;

    net::stream stream_;
    handshake_result agreed_;
    connection_options options_;
    reader reader_;
    std::optional<deflater> deflater_;
    read_buffer input_;
    std::unique_ptr<std::deque<queued>> queue_; // (a deque allocates as it is made)
    std::size_t queued_bytes_ = 0;
    std::uint64_t enqueued_total_ = 0; // bytes ever queued, and written: send() waits
    std::uint64_t written_total_ = 0;  // for the second to pass its frame's end
    std::error_code write_error_;
    asio::steady_timer progress_; // canceled to wake those waiting on the writer
    asio::steady_timer close_timer_;
    close_reason peer_close_{close_code::abnormal, {}};
    std::string peer_close_reason_;
    bool writing_ = false;
    bool flush_posted_ = false;
    bool reading_ = false;
    bool close_sent_ = false;
    bool close_received_ = false;
    bool awaiting_pong_ = false;
    bool done_ = false; // the stream is closed
};

} // namespace netkit::ws
