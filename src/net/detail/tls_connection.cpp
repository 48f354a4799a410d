#include "net/detail/tls_connection.hpp"

#include <netkit/net/error.hpp>

#include "net/detail/asio_compat.hpp"
#include "net/detail/deadline.hpp"
#include "net/detail/system_error.hpp"

#include <openssl/err.h>

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <new>
#include <utility>

namespace netkit::net::detail {
namespace {

// The largest record's ciphertext: 16 KiB of text, plus TLS 1.3's 256 bytes
// of expansion allowance and the 5-byte header, with room to spare.
constexpr std::size_t input_capacity = 17 * 1024;

tls_connection* owner(BIO* bio) {
    return static_cast<tls_connection*>(BIO_get_data(bio));
}

} // namespace

tls_connection::tls_connection(asio::ip::tcp::socket socket, SSL_CTX* context)
    : socket_(std::move(socket)), ssl_(SSL_new(context)),
      input_(std::make_unique_for_overwrite<char[]>(input_capacity)) {
    if (!ssl_) {
        throw std::bad_alloc();
    }
    BIO* bio = BIO_new(socket_bio());
    if (!bio) {
        SSL_free(ssl_);
        throw std::bad_alloc();
    }
    BIO_set_data(bio, this);
    BIO_set_init(bio, 1);
    if ((SSL_get_options(ssl_) & SSL_OP_ENABLE_KTLS) != 0) {
        writes_here_ = false;
        // OpenSSL passes the keys to the kernel only through its socket
        // BIO; it writes with plain write(2) and sendfile(2), which never
        // block on a non-blocking socket.
        std::error_code ignored;
        socket_.native_non_blocking(true, ignored);
        BIO* kernel = BIO_new_socket(socket_.native_handle(), BIO_NOCLOSE);
        if (!kernel) {
            BIO_free(bio);
            SSL_free(ssl_);
            throw std::bad_alloc();
        }
        SSL_set_bio(ssl_, bio, kernel); // the SSL owns both
    } else {
        SSL_set_bio(ssl_, bio, bio); // one BIO both ways: the SSL owns it
    }
    // Partial writes: SSL_write returns once a record is out, so write_some
    // can report progress. Moving buffers: a retried write may pass another
    // copy of the same bytes. Released buffers: an idle connection holds no
    // record buffers. Read-ahead: OpenSSL takes all that input_ holds at
    // once instead of a record's header, then its body.
    SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                           SSL_MODE_RELEASE_BUFFERS);
    SSL_set_read_ahead(ssl_, 1);
}

tls_connection::~tls_connection() {
    SSL_free(ssl_);
}

bool tls_connection::kernel_encrypts() const noexcept {
    return BIO_get_ktls_send(SSL_get_wbio(ssl_)) != 0;
}

BIO_METHOD* tls_connection::socket_bio() {
    static BIO_METHOD* const method = [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "netkit socket");
        BIO_meth_set_read(m, bio_read);
        BIO_meth_set_write(m, bio_write);
        BIO_meth_set_ctrl(m, bio_control);
        return m;
    }();
    return method;
}

int tls_connection::bio_read(BIO* bio, char* out, int size) {
    auto* self = owner(bio);
    BIO_clear_retry_flags(bio);
    const std::size_t available = self->input_end_ - self->input_begin_;
    if (available > 0) {
        const std::size_t n = std::min(available, static_cast<std::size_t>(size));
        std::memcpy(out, self->input_.get() + self->input_begin_, n);
        self->input_begin_ += n;
        return static_cast<int>(n);
    }
    if (self->input_error_ == asio::error::eof) {
        return 0;
    }
    if (self->input_error_) {
        return -1;
    }
    BIO_set_retry_read(bio); // wait() reads the socket, then OpenSSL is called again
    return -1;
}

int tls_connection::bio_write(BIO* bio, const char* data, int size) {
    auto* self = owner(bio);
    BIO_clear_retry_flags(bio);
    if (!self->socket_.is_open()) {
        self->output_error_ = std::make_error_code(std::errc::bad_file_descriptor);
        return -1;
    }
    auto& batch = self->batch_;
    const auto length = static_cast<std::size_t>(size);
    if (self->batching_) {
        if (batch.size + length > batch_capacity) {
            BIO_set_retry_write(bio); // the batch is full: it goes first
            return -1;
        }
        std::memcpy(batch.bytes.data() + batch.size, data, length);
        batch.size += length;
        return size;
    }
    // Records go out in order: a batch the socket has not taken all of
    // (a writer waiting for room) goes before this one.
    long n = -1;
    switch (self->send_batch()) {
    case flushed::all: n = self->send_now(data, length, self->more_to_come_); break;
    case flushed::blocked: n = 0; break;
    case flushed::failed: break; // (output_error_ says it to after())
    }
    if (n == 0) {
        BIO_set_retry_write(bio);
        return -1;
    }
    return static_cast<int>(n);
}

long tls_connection::send_now(const char* data, std::size_t size, bool more) {
    // MSG_NOSIGNAL: a peer that has gone is an error to report, not a
    // SIGPIPE that ends the program embedding us.
    const int flags = MSG_NOSIGNAL | MSG_DONTWAIT | (more ? MSG_MORE : 0);
    for (;;) {
        const ssize_t n = ::send(socket_.native_handle(), data, size, flags);
        if (n >= 0) {
            return n;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return 0;
        }
        if (errno != EINTR) {
            output_error_ = std::error_code(errno, std::system_category());
            return -1;
        }
    }
}

long tls_connection::bio_control(BIO*, int command, long, void*) {
    // Every record is sent as it is written: nothing to flush. Anything else
    // (kTLS, descriptors) this BIO does not offer.
    return command == BIO_CTRL_FLUSH ? 1 : 0;
}

tls_connection::outcome tls_connection::after(int ssl_return) {
    // A batch of records the socket has not taken, or could not take: ours
    // to say, not OpenSSL's (its last call may have been a read).
    if (std::exchange(blocked_, false)) {
        return {need::room, {}};
    }
    if (std::exchange(send_failed_, false)) {
        return {need::nothing, output_error_};
    }
    switch (SSL_get_error(ssl_, ssl_return)) {
    case SSL_ERROR_WANT_READ: return {need::input, {}};
    case SSL_ERROR_WANT_WRITE: return {need::room, {}};
    case SSL_ERROR_ZERO_RETURN: return {need::nothing, asio::error::eof}; // the peer's close_notify
    case SSL_ERROR_SSL: {
        const unsigned long code = ERR_get_error();
        ERR_clear_error();
        if (ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
            return {need::nothing, error::tls_truncated};
        }
        return {need::nothing, {static_cast<int>(code), tls_category()}};
    }
    default: // SSL_ERROR_SYSCALL: the socket's error, or its end
        ERR_clear_error();
        if (output_error_) {
            return {need::nothing, output_error_};
        }
        if (last_errno_ != 0 && last_errno_ != EAGAIN && last_errno_ != EWOULDBLOCK) {
            return {need::nothing, std::error_code(last_errno_, std::system_category())};
        }
        if (input_error_ && input_error_ != asio::error::eof) {
            return {need::nothing, input_error_};
        }
        return {need::nothing, error::tls_truncated};
    }
}

asio::awaitable<std::error_code> tls_connection::wait(need what,
                                                      std::chrono::milliseconds timeout) {
    if (what == need::room) {
        auto [ec] = co_await with_deadline(
            socket_.async_wait(asio::socket_base::wait_write, use_nothrow), timeout);
        co_return ec;
    }
    if (reading_) {
        // A write that must read (a TLS 1.2 renegotiation) while the reader
        // waits for the socket: two reads of one socket cannot share it.
        co_return std::make_error_code(std::errc::operation_in_progress);
    }
    // OpenSSL took everything before it asked for more.
    if (input_begin_ == input_end_) {
        input_begin_ = input_end_ = 0;
    } else if (input_begin_ > 0) {
        std::memmove(input_.get(), input_.get() + input_begin_, input_end_ - input_begin_);
        input_end_ -= input_begin_;
        input_begin_ = 0;
    }
    reading_ = true;
    auto [ec, n] = co_await with_deadline(
        socket_.async_read_some(
            asio::buffer(input_.get() + input_end_, input_capacity - input_end_), use_nothrow),
        timeout);
    reading_ = false;
    if (ec == error::timed_out || ec == std::errc::operation_canceled) {
        co_return ec;
    }
    if (ec) {
        input_error_ = ec;
        co_return std::error_code();
    }
    input_end_ += n;
    co_return std::error_code();
}

template <class Call> tls_connection::outcome tls_connection::attempt(Call& call, std::size_t& n) {
    ERR_clear_error();
    errno = 0;
    const int r = call(n);
    last_errno_ = errno;
    return r == 1 ? outcome{} : after(r);
}

template <class Call>
asio::awaitable<result<std::size_t>> tls_connection::drive(Call call,
                                                           std::chrono::milliseconds timeout) {
    for (;;) {
        if (!socket_.is_open()) {
            co_return std::make_error_code(std::errc::bad_file_descriptor);
        }
        std::size_t n = 0;
        const auto step = attempt(call, n);
        if (step.error) {
            co_return step.error;
        }
        if (step.wait == need::nothing) {
            co_return n;
        }
        if (auto ec = co_await wait(step.wait, timeout)) {
            co_return ec;
        }
    }
}

asio::awaitable<std::error_code> tls_connection::handshake(bool server,
                                                           std::chrono::milliseconds timeout) {
    if (server) {
        SSL_set_accept_state(ssl_);
    } else {
        SSL_set_connect_state(ssl_);
    }
    auto done = co_await drive([&](std::size_t&) { return SSL_do_handshake(ssl_); }, timeout);
    co_return done ? std::error_code() : done.error();
}

asio::awaitable<result<std::size_t>> tls_connection::read_some(asio::mutable_buffer buffer,
                                                               std::chrono::milliseconds timeout) {
    // Not a coroutine itself: the caller awaits drive()'s frame directly.
    return drive(
        [this, buffer](std::size_t& n) {
            return buffer.size() == 0 ? 1 : SSL_read_ex(ssl_, buffer.data(), buffer.size(), &n);
        },
        timeout);
}

std::span<const char> tls_connection::record_from(std::span<const asio::const_buffer> buffers,
                                                  std::size_t skip) {
    std::size_t first = 0;
    while (first < buffers.size() && buffers[first].size() <= skip) {
        skip -= buffers[first].size();
        ++first;
    }
    if (first == buffers.size()) {
        return {};
    }
    const auto front = buffers[first] + skip;
    if (front.size() >= record_size || first + 1 == buffers.size()) {
        return {static_cast<const char*>(front.data()), std::min(front.size(), record_size)};
    }
    // A head and a small body make one record and one send, not two.
    if (!gathered_) {
        gathered_ = std::make_unique_for_overwrite<char[]>(record_size);
    }
    std::size_t size = 0;
    for (auto piece = front; size < record_size;) {
        const std::size_t n = std::min(piece.size(), record_size - size);
        if (n > 0) { // (an empty buffer's data may be null: no memcpy then)
            std::memcpy(gathered_.get() + size, piece.data(), n);
        }
        size += n;
        if (++first == buffers.size()) {
            break;
        }
        piece = buffers[first];
    }
    return {gathered_.get(), size};
}

int tls_connection::write_records(std::span<const asio::const_buffer> buffers, std::size_t& n) {
    // A batch that waited for room: sent, it is this write's progress.
    if (batch_gone() != 1) {
        return -1;
    }
    if (batched_ > 0) {
        n = std::exchange(batched_, 0);
        return 1;
    }
    const std::size_t total = asio::buffer_size(buffers);
    if (writes_here_ && total > record_size) {
        return write_batch(buffers, total, n);
    }
    // OpenSSL makes one record a call (partial-write mode). Every record
    // but the last of all goes with MSG_MORE, so that the kernel fills whole
    // segments from several records and pushes them once.
    const bool more_after = more_to_come_;
    n = 0;
    for (;;) {
        const auto record = record_from(buffers, n);
        if (record.empty()) {
            return 1;
        }
        more_to_come_ = more_after || n + record.size() < total;
        std::size_t written = 0;
        const int r = SSL_write_ex(ssl_, record.data(), record.size(), &written);
        more_to_come_ = more_after;
        if (r != 1) {
            // A full socket after some records: those are done, and the one
            // it could not take waits in OpenSSL for the next write, which
            // begins with its bytes.
            return n > 0 && SSL_get_error(ssl_, r) == SSL_ERROR_WANT_WRITE ? 1 : r;
        }
        n += written;
    }
}

// Several records: OpenSSL writes them one after the other into one buffer,
// which goes to the socket with one send(2) instead of one each. The copy
// costs less than the sends it saves: a 64 KiB file over HTTPS keep-alive
// went from 130.8 to 115.2 us of server CPU a request (bench/http/
// ab_netkit.py, medians of five rounds; h2o 119.8).
int tls_connection::write_batch(std::span<const asio::const_buffer> buffers, std::size_t total,
                                std::size_t& n) {
    batch_.bytes.take();
    batching_ = true;
    n = 0;
    int r = 1;
    for (std::size_t count = 0; count < batch_records; ++count) {
        const auto record = record_from(buffers, n);
        if (record.empty()) {
            break;
        }
        std::size_t written = 0;
        r = SSL_write_ex(ssl_, record.data(), record.size(), &written);
        if (r != 1) {
            break; // (the batch is full, or OpenSSL failed: its error comes next time)
        }
        n += written;
    }
    batching_ = false;
    batch_.more = more_to_come_ || n < total;
    if (n == 0) {
        const int sent = batch_gone(); // (an alert, say)
        return sent == 1 ? r : sent;
    }
    batched_ = n;
    if (batch_gone() != 1) {
        return -1; // the rest waits for room; the next call reports `n`
    }
    batched_ = 0;
    return 1;
}

tls_connection::flushed tls_connection::send_batch() {
    while (batch_.sent < batch_.size) {
        const long n =
            send_now(batch_.bytes.data() + batch_.sent, batch_.size - batch_.sent, batch_.more);
        if (n <= 0) {
            return n == 0 ? flushed::blocked : flushed::failed;
        }
        batch_.sent += static_cast<std::size_t>(n);
    }
    batch_.bytes.give_back();
    batch_.size = batch_.sent = 0;
    return flushed::all;
}

int tls_connection::batch_gone() {
    switch (send_batch()) {
    case flushed::all: return 1;
    case flushed::blocked: blocked_ = true; break;
    case flushed::failed: send_failed_ = true; break;
    }
    return -1;
}

asio::awaitable<result<std::size_t>>
tls_connection::write_some(std::span<const asio::const_buffer> buffers,
                           std::chrono::milliseconds timeout) {
    // A write that found the socket full is retried with the same bytes
    // until OpenSSL has sent the record it made of them.
    return drive([this, buffers](std::size_t& n) { return write_records(buffers, n); }, timeout);
}

result<std::size_t> tls_connection::try_write_some(std::span<const asio::const_buffer> buffers) {
    const auto record = record_from(buffers, 0);
    if (record.empty() || !socket_.is_open()) {
        return std::size_t(0);
    }
    if (batch_.sent < batch_.size) {
        return std::size_t(0); // (the write that left it finishes it first)
    }
    std::size_t n = 0;
    auto write = [&](std::size_t& written) {
        return SSL_write_ex(ssl_, record.data(), record.size(), &written);
    };
    const auto step = attempt(write, n);
    if (step.error) {
        return step.error;
    }
    // Not done (the socket is full): 0, and the record waits in OpenSSL.
    return step.wait == need::nothing ? n : std::size_t(0);
}

asio::awaitable<std::error_code> tls_connection::shutdown(std::chrono::milliseconds timeout) {
    auto done = co_await drive(
        [&](std::size_t&) {
            if (batch_gone() != 1) {
                return -1; // the last records before close_notify
            }
            int r = SSL_shutdown(ssl_);
            if (r == 0) {
                // close_notify is sent; a second call waits for the peer's.
                ERR_clear_error();
                r = SSL_shutdown(ssl_);
            }
            return r;
        },
        timeout);
    co_return done ? std::error_code() : done.error();
}

} // namespace netkit::net::detail
