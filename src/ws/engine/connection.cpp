// An open WebSocket connection: the read loop (messages out, pings
// answered, the peer's close) and the closing handshake (RFC 6455 §7: the
// server closes the TCP connection first; a client waits for that, a
// while). connection_write.cpp sends.
#include <netkit/ws/engine/connection.hpp>
#include <netkit/ws/error.hpp>

#include <asio/buffer.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/error.hpp>
#include <asio/post.hpp>
#include <asio/redirect_error.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <array>
#include <span>

namespace netkit::ws {
namespace {

// An idle connection waits with a small buffer (thousands of them are held
// open); a frame under way reads in larger pieces.
constexpr std::size_t idle_buffer = 256;
constexpr std::size_t busy_buffer = 16 * 1024;

// The thread's buffer for the rest of a frame begun (see read()).
std::span<char> scratch() {
    constexpr std::size_t size = 64 * 1024;
    thread_local const std::unique_ptr<char[]> buffer(new char[size]);
    return {buffer.get(), size};
}

} // namespace

connection::connection(net::stream stream, handshake_result agreed,
                       const connection_options& options, std::string early)
    : stream_(std::move(stream)), agreed_(std::move(agreed)), options_(options),
      reader_({agreed_.side, options.max_message}), progress_(stream_.get_executor()),
      close_timer_(stream_.get_executor()) {
    stream_.set_timeout(std::chrono::milliseconds(0));
    if (agreed_.deflate) {
        const auto& p = *agreed_.deflate;
        const bool server = agreed_.side == role::server;
        deflater_.emplace(server ? p.server_max_window_bits : p.client_max_window_bits,
                          server ? p.server_no_context_takeover : p.client_no_context_takeover,
                          options_.compress_level);
        reader_.use_deflate(server ? p.client_no_context_takeover : p.server_no_context_takeover);
    }
    input_.append(early);
    progress_.expires_at(asio::steady_timer::time_point::max());
}

connection::~connection() = default;

std::shared_ptr<connection> connection::create(net::stream stream, handshake_result agreed,
                                               const connection_options& options,
                                               std::string early) {
    auto c = std::make_shared<connection>(std::move(stream), std::move(agreed), options,
                                          std::move(early));
    if (options.ping_interval.count() > 0) {
        asio::co_spawn(c->get_executor(), c->keep_alive(c), asio::detached);
    }
    return c;
}

// Reads a message. Every open connection has a read waiting (a server
// holds thousands), so a waiting read holds as little as it can. On TCP
// and Unix streams it takes what the socket holds with one recv into the
// thread's scratch buffer, and when nothing is there, waits for the socket
// to be readable without a buffer (wait_readable); frames are fed from the
// scratch, and only what a returned message leaves unread is kept in the
// connection's own buffer. (Nothing waits between a read into the scratch
// and the feeding: no other connection of the thread can use it
// meanwhile.) On TLS, whose reads go through the TLS connection's own
// buffers, an idle connection waits with a small buffer of its own and a
// frame under way reads in larger pieces.
asio::awaitable<result<message>> connection::read() {
    if (done_) {
        co_return make_error_code(error::closed);
    }
    reading_ = true;
    struct not_reading {
        bool& flag;
        ~not_reading() { flag = false; }
    } guard{reading_};
    std::span<char> fresh; // in the scratch buffer, not fed yet
    for (;;) {
        const bool from_fresh = !fresh.empty();
        const auto bytes = from_fresh ? fresh : input_.unread_mutable();
        if (!bytes.empty()) {
            auto step = reader_.feed(bytes);
            if (!step) {
                fresh = {};
                auto failed = co_await fail(step.error());
                co_return failed.error();
            }
            if (from_fresh) {
                fresh = fresh.subspan(step->consumed);
            } else {
                input_.consume(step->consumed);
            }
            if (step->what != event::ping && step->what != event::pong) {
                // Returning, or waiting: the scratch is not ours then.
                input_.append(std::string_view(fresh.data(), fresh.size()));
                fresh = {};
            }
            switch (step->what) {
            case event::message: {
                message m{reader_.message_type(), std::move(reader_.message())};
                reader_.message().clear();
                co_return m;
            }
            case event::ping:
                if (!close_sent_) {
                    (void)push(queued{encode(opcode::pong, reader_.control_payload()), nullptr},
                               true);
                }
                continue;
            case event::pong: awaiting_pong_ = false; continue;
            case event::close: {
                peer_close_reason_ = std::string(reader_.close_status().reason);
                peer_close_ = {reader_.close_status().code, peer_close_reason_};
                close_received_ = true;
                co_await finish_closing();
                co_return make_error_code(error::closed);
            }
            case event::need_more: break;
            }
        }
        if (input_.empty() && reader_.idle() && input_.capacity() > idle_buffer) {
            input_.release(); // a large message's buffer is not kept for the wait
        }
        // More bytes are needed.
        result<std::size_t> n = std::size_t(0);
        if (stream_.is_tls()) {
            const auto room =
                input_.prepare(idle_buffer, reader_.idle() && input_.empty() ? 0 : busy_buffer);
            n = co_await stream_.read_some(asio::buffer(room.data(), room.size()));
            if (n) {
                input_.commit(*n);
                continue;
            }
        } else {
            // The loop's other ready work goes first: a peer that keeps the
            // socket full must not hold the thread, and after the others'
            // turns the peer's next bytes are often here already (64
            // connections echoing: 1.1 recv a message, and 0.1 waits).
            co_await asio::post(asio::use_awaitable);
            n = receive_now(fresh);
            if (n && *n == 0) {
                auto ready = co_await stream_.wait_readable();
                if (ready) {
                    n = receive_now(fresh);
                } else {
                    n = ready.error();
                }
            }
            if (n) {
                continue;
            }
        }
        const bool ended = n.error() == asio::error::eof;
        abort();
        if (close_sent_ && ended) {
            co_return make_error_code(error::closed); // our close, answered by a cut
        }
        co_return ended ? make_error_code(error::no_close_frame) : n.error();
    }
}

// One recv of what the socket holds, without waiting: into the thread's
// scratch buffer (`fresh`) when the connection's own buffer holds nothing
// unread, else after those bytes (a frame header begun).
result<std::size_t> connection::receive_now(std::span<char>& fresh) {
    const auto room = input_.empty() ? scratch() : input_.prepare(busy_buffer);
    auto n = stream_.try_read_some(asio::buffer(room.data(), room.size()));
    if (n) {
        if (input_.empty()) {
            fresh = room.first(*n);
        } else {
            input_.commit(*n);
        }
    }
    return n;
}

// A protocol fault of the peer's: close with its code, and end.
asio::awaitable<result<void>> connection::fail(std::error_code why) {
    if (!close_sent_ && !done_) {
        close_sent_ = true;
        (void)push(queued{encode(opcode::close, close_payload(close_code_for(why), why.message())),
                          nullptr},
                   true);
        // The close frame goes out before the connection ends, but nothing
        // more is read as frames: the peer's bytes cannot be trusted to
        // frame anything.
        auto flushed = co_await wait_written(enqueued_total_);
        if (flushed) {
            co_await linger();
        }
    }
    abort();
    co_return why;
}

// Ends the sending side and drops what the peer still sends, until it ends
// its side or close_timeout passes: closing with its bytes unread would
// reset the connection, and a reset can destroy the close frame before the
// peer reads it (the "lingering close" of HTTP servers).
asio::awaitable<void> connection::linger() {
    arm_close_timer();
    if (auto half = co_await stream_.shutdown_send(); half) {
        std::array<char, 4096> rest;
        for (;;) {
            auto n = co_await stream_.read_some(asio::buffer(rest));
            if (!n) {
                break;
            }
        }
    }
    close_timer_.cancel();
}

// The peer's close frame came: answer it if we have not closed, let the
// answer go out, then end the TCP connection (a server at once, a client
// once the server has, or after close_timeout).
asio::awaitable<void> connection::finish_closing() {
    if (!close_sent_) {
        close_sent_ = true;
        // The peer's code goes back (no_status: an empty close frame).
        (void)push(queued{encode(opcode::close, close_payload(peer_close_.code)), nullptr}, true);
    }
    auto flushed = co_await wait_written(enqueued_total_);
    if (flushed && agreed_.side == role::client) {
        arm_close_timer();
        std::array<char, 256> rest;
        for (;;) {
            auto n = co_await stream_.read_some(asio::buffer(rest));
            if (!n) {
                break; // the server's end of the stream (or the timer's cut)
            }
        }
        close_timer_.cancel();
    }
    abort();
}

void connection::start_close(std::uint16_t code, std::string_view reason) {
    if (close_sent_ || done_) {
        return;
    }
    close_sent_ = true;
    (void)push(queued{encode(opcode::close, close_payload(code, reason)), nullptr}, true);
    // The peer has close_timeout to answer; the read() that sees its answer
    // ends the connection.
    arm_close_timer();
}

asio::awaitable<void> connection::close() {
    co_await close(close_code::normal, std::string_view());
}

asio::awaitable<void> connection::close(std::uint16_t code, std::string_view reason) {
    start_close(code, reason);
    if (reading_) {
        co_return; // the read in progress sees the answer, or the timer ends it
    }
    // Nobody reads: read here until the peer answers (its messages dropped).
    while (!done_) {
        auto m = co_await read();
        if (!m) {
            break;
        }
    }
}

// The closing handshake, or the linger after a fault, ends by
// close_timeout at the latest: then the connection is cut.
void connection::arm_close_timer() {
    close_timer_.expires_after(options_.close_timeout);
    close_timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
        if (auto c = weak.lock(); c && !ec) {
            c->abort();
        }
    });
}

void connection::abort() noexcept {
    if (done_) {
        return;
    }
    done_ = true;
    close_timer_.cancel();
    stream_.close();
    wake();
}

// (The unnamed parameter holds the connection while the loop waits.)
asio::awaitable<void> connection::keep_alive(std::shared_ptr<connection>) {
    asio::steady_timer timer(stream_.get_executor());
    while (!done_ && !close_sent_) {
        timer.expires_after(options_.ping_interval);
        std::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (done_ || close_sent_) {
            break;
        }
        // Pongs are read by read(): a peer is judged only while a read
        // waits, since a session that is not reading would not see one.
        if (awaiting_pong_ && reading_) {
            start_close(close_code_for(error::ping_timeout), "keepalive ping timeout");
            break;
        }
        if (!awaiting_pong_) {
            awaiting_pong_ = true;
            (void)ping();
        }
    }
}

} // namespace netkit::ws
