// An open WebSocket connection's sending side: frames made, written at
// once or corked to the end of the loop's turn, and the writer coroutine
// for what the socket does not take.
#include <netkit/ws/engine/connection.hpp>
#include <netkit/ws/error.hpp>

#include <asio/buffer.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/post.hpp>
#include <asio/redirect_error.hpp>
#include <asio/use_awaitable.hpp>

#include <openssl/rand.h>

#include <array>
#include <span>
#include <stdexcept>

namespace netkit::ws {
namespace {

// Frames written in one gathered write: corked ones (a broadcast's small
// messages pile up), and the writer's (write_all copies up to 16 buffers
// without allocating).
constexpr std::size_t gather_limit = 64;
constexpr std::size_t writer_gather_limit = 16;

masking_key random_mask() {
    masking_key key{};
    // RFC 6455 §5.3: unpredictable, from a strong source of entropy.
    // OpenSSL's DRBG gives that without a system call a frame.
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
        throw std::runtime_error("no random bytes for a WebSocket mask");
    }
    return key;
}

} // namespace

bool connection::compresses(opcode type, std::size_t size) const noexcept {
    return deflater_ && !is_control(type) && size >= options_.compress_min;
}

std::string connection::encode(opcode type, std::string_view payload) {
    frame_header h;
    h.op = type;
    h.masked = agreed_.side == role::client;
    if (h.masked) {
        h.mask = random_mask();
    }
    std::string frame;
    if (compresses(type, payload.size())) {
        std::string compressed;
        deflater_->compress(payload, compressed);
        h.rsv1 = true;
        append_frame(frame, h, compressed);
    } else {
        append_frame(frame, h, payload);
    }
    return frame;
}

// Two ways out. send() writes at once what the socket takes, when nothing
// waits before it: most messages leave so, with no queue, coroutine or
// timer. queue(), queue_frame() and the frames read() answers with are
// corked: they wait for the end of this turn of the event loop, and what
// piled up by then (a broadcast's messages, say) goes in one gathered
// write. Either way, what the socket does not take waits for the writer.

bool connection::nothing_waiting() const noexcept {
    return !writing_ && (!queue_ || queue_->empty());
}

// The socket's answer to a write at once: the bytes it took, or the
// connection ends.
result<std::size_t> connection::wrote(result<std::size_t> sent) {
    if (!sent) {
        write_error_ = sent.error();
        abort();
        return sent.error();
    }
    written_total_ += *sent;
    return *sent;
}

// A frame with nothing waiting before it goes now, as far as the socket
// takes it (a socket that is full is the rare case); the rest is queued.
result<std::size_t> connection::write_at_once(std::span<const asio::const_buffer> frame) {
    auto sent = wrote(stream_.try_write_some(frame));
    if (sent) {
        enqueued_total_ += *sent; // (enqueue() counts the rest)
    }
    return sent;
}

// A frame whose bytes the caller owns, `head` then `body`: only what the
// socket does not take is copied.
result<void> connection::write_now(std::string_view head, std::string_view body) {
    const std::array buffers{asio::buffer(head), asio::buffer(body)};
    auto sent = write_at_once(buffers);
    if (!sent) {
        return sent.error();
    }
    std::string rest;
    if (*sent < head.size()) {
        rest.append(head.substr(*sent)).append(body);
    } else {
        rest.append(body.substr(*sent - head.size()));
    }
    return enqueue(queued{std::move(rest), nullptr});
}

// A frame made here: its rest is queued as it is, not copied.
result<void> connection::write_now(queued frame) {
    const std::array buffer{asio::buffer(frame.bytes())};
    auto sent = write_at_once(buffer);
    if (!sent) {
        return sent.error();
    }
    frame.skip += *sent;
    return enqueue(std::move(frame));
}

result<void> connection::push(queued frame, bool control) {
    if (done_ || (close_sent_ && !control)) {
        return error::closed;
    }
    if (auto kept = enqueue(std::move(frame)); !kept) {
        return kept;
    }
    if (!flush_posted_ && !writing_) {
        flush_posted_ = true;
        asio::post(stream_.get_executor(), [self = shared_from_this()] { self->flush(); });
    }
    return {};
}

result<void> connection::enqueue(queued frame) {
    const std::size_t size = frame.bytes().size();
    if (size == 0) {
        return {};
    }
    if (queued_bytes_ + size > options_.max_queued && queue_ && !queue_->empty()) {
        abort(); // it does not read: a close frame would only wait behind the rest
        return error::queue_full;
    }
    queued_bytes_ += size;
    enqueued_total_ += size;
    if (!queue_) {
        // Made at the first frame that waits: thousands of idle
        // connections hold none.
        queue_ = std::make_unique<std::deque<queued>>();
    }
    queue_->push_back(std::move(frame));
    return {};
}

// The end of the turn: the corked frames in gathered writes, as far as the
// socket takes them; the writer for the rest.
void connection::flush() {
    flush_posted_ = false;
    while (!writing_ && !done_ && queue_ && !queue_->empty()) {
        std::array<asio::const_buffer, gather_limit> buffers;
        const std::size_t count = gather(buffers);
        auto sent = wrote(stream_.try_write_some(std::span(buffers.data(), count)));
        if (!sent || !pop_written(*sent)) {
            break; // the socket is full, or the connection ended
        }
    }
    if (!done_ && queue_ && !queue_->empty()) {
        start_writer();
    }
    wake();
}

std::size_t connection::gather(std::span<asio::const_buffer> buffers) const {
    std::size_t count = 0;
    for (; count < queue_->size() && count < buffers.size(); ++count) {
        buffers[count] = asio::buffer((*queue_)[count].bytes());
    }
    return count;
}

// Takes `n` written bytes off the front of the queue: whether the frames
// offered went whole (none was cut short, and some went).
bool connection::pop_written(std::size_t n) {
    if (n == 0) {
        return false;
    }
    queued_bytes_ -= n;
    while (n > 0) {
        auto& front = queue_->front();
        const std::size_t size = front.bytes().size();
        if (n < size) {
            front.skip += n;
            return false;
        }
        n -= size;
        queue_->pop_front();
    }
    return true;
}

result<void> connection::queue(std::string_view data, opcode type) {
    return push(queued{encode(type, data), nullptr}, false);
}

result<void> connection::queue_frame(std::shared_ptr<const std::string> frame) {
    return push(queued{{}, std::move(frame)}, false);
}

result<void> connection::ping(std::string_view payload) {
    if (payload.size() > max_control_payload) {
        return error::control_too_long;
    }
    return push(queued{encode(opcode::ping, payload), nullptr}, true);
}

asio::awaitable<result<void>> connection::send(std::string_view data, opcode type) {
    if (done_ || close_sent_) {
        co_return make_error_code(error::closed);
    }
    result<void> sent;
    if (!nothing_waiting()) {
        sent = enqueue(queued{encode(type, data), nullptr});
    } else if (agreed_.side == role::server && !compresses(type, data.size())) {
        // A server's plain frame is a header and the bytes as given: written
        // from the caller's buffer.
        frame_header h;
        h.op = type;
        h.length = data.size();
        char head[max_frame_header];
        sent = write_now(std::string_view(head, write_frame_header(h, head)), data);
    } else {
        sent = write_now(queued{encode(type, data), nullptr});
    }
    if (!sent) {
        co_return sent;
    }
    if (nothing_waiting()) {
        co_return result<void>{};
    }
    start_writer();
    co_return co_await wait_written(enqueued_total_);
}

void connection::start_writer() {
    if (writing_ || done_) {
        return;
    }
    writing_ = true;
    asio::co_spawn(stream_.get_executor(), write_queue(shared_from_this()), asio::detached);
}

// The one writer, for what the socket did not take at once: frames in
// order, as many in one gathered write as are waiting. A write that makes
// no progress for send_timeout cuts the connection.
asio::awaitable<void> connection::write_queue(std::shared_ptr<connection> self) {
    asio::steady_timer watchdog(stream_.get_executor());
    while (!queue_->empty() && !done_) {
        std::array<asio::const_buffer, writer_gather_limit> buffers;
        const std::size_t count = gather(buffers);
        std::size_t bytes = 0;
        for (std::size_t i = 0; i < count; ++i) {
            bytes += buffers[i].size();
        }
        watchdog.expires_after(options_.send_timeout);
        watchdog.async_wait([weak = std::weak_ptr<connection>(self)](std::error_code ec) {
            if (auto c = weak.lock(); c && !ec) {
                c->abort(); // no progress: the peer stopped reading
            }
        });
        auto written = co_await stream_.write_all(std::span(buffers.data(), count));
        watchdog.cancel();
        if (!written) {
            write_error_ = written.error();
            abort();
            break;
        }
        written_total_ += bytes;
        pop_written(bytes);
        wake();
    }
    writing_ = false;
    wake();
}

void connection::wake() noexcept {
    progress_.cancel();
}

asio::awaitable<result<void>> connection::wait_written(std::uint64_t until) {
    while (written_total_ < until) {
        if (done_) {
            co_return write_error_ ? write_error_ : make_error_code(error::closed);
        }
        // (The timer stays set to never: wake() cancels the waits, and
        // setting it again here would cancel the other waiters'.)
        std::error_code ignored;
        co_await progress_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
    co_return result<void>{};
}

} // namespace netkit::ws
