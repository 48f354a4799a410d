// tls_connection: TLS over a TCP socket, with OpenSSL writing to the socket
// itself and reading from one buffer that the socket fills.
//
// Asio's ssl::stream joins OpenSSL to the socket through a BIO pair: every
// record is copied into the pair, out of it into Asio's buffer, and then to
// the kernel, and each read or write is a composed operation of several
// steps. Here a record goes from OpenSSL's buffer to the kernel in one
// send(2) (the records of a larger write, up to four, together in one), and
// what the socket brings is read (by Asio, so that its reactor
// knows the socket's state) into one buffer that OpenSSL reads from. One
// reader and one writer may use a connection at once, as with Asio's stream.
//
// A server context that asks for kernel TLS (tls_server_config::kernel_tls)
// gets OpenSSL's own socket BIO for writing instead, which is the one OpenSSL
// hands the keys to the kernel through: where the kernel takes them, it
// encrypts, and files go with SSL_sendfile.
#pragma once

#include <netkit/core/result.hpp>

#include "net/detail/spare_block.hpp"

#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <system_error>

namespace netkit::net::detail {

class tls_connection {
public:
    /// Takes the socket; `context` is the SSL_CTX the connection is made from.
    tls_connection(asio::ip::tcp::socket socket, SSL_CTX* context);
    ~tls_connection();
    tls_connection(const tls_connection&) = delete;
    tls_connection& operator=(const tls_connection&) = delete;

    SSL* native_handle() const noexcept { return ssl_; }
    /// Whether the kernel encrypts what this connection sends (kTLS, when
    /// the context asked for it and the kernel took the keys): files can
    /// then go with SSL_sendfile.
    bool kernel_encrypts() const noexcept;
    asio::ip::tcp::socket& socket() noexcept { return socket_; }
    const asio::ip::tcp::socket& socket() const noexcept { return socket_; }

    /// The handshake, as a client or a server. The error is OpenSSL's (in
    /// tls_category) or the socket's.
    asio::awaitable<std::error_code> handshake(bool server, std::chrono::milliseconds timeout);
    /// Decrypts what has come, at least one byte: asio::error::eof after the
    /// peer's close_notify, error::tls_truncated when the connection ends
    /// without one.
    asio::awaitable<result<std::size_t>> read_some(asio::mutable_buffer buffer,
                                                   std::chrono::milliseconds timeout);
    /// Encrypts and sends records from the front of `buffers` (small
    /// buffers gathered into one record) while the socket takes them, at
    /// least one, and returns how many bytes they held.
    asio::awaitable<result<std::size_t>> write_some(std::span<const asio::const_buffer> buffers,
                                                    std::chrono::milliseconds timeout);
    /// write_some without waiting: 0 when the socket is full. The record
    /// made then waits in OpenSSL, and the next write must offer the same
    /// bytes (as write_some or write_all of the same buffers does).
    result<std::size_t> try_write_some(std::span<const asio::const_buffer> buffers);
    /// Whether more writes follow at once (the slices of a file): their
    /// records, like all but the last of one write, go with MSG_MORE, and
    /// the kernel fills whole segments from several records and pushes them
    /// once instead of one small push a record. The last write must be made
    /// with this off.
    void set_more_to_come(bool more) noexcept { more_to_come_ = more; }
    /// Sends close_notify and waits for the peer's.
    asio::awaitable<std::error_code> shutdown(std::chrono::milliseconds timeout);

private:
    // What the last OpenSSL call needs before it can go on.
    enum class need { nothing, input, room };
    struct outcome {
        need wait = need::nothing;
        std::error_code error;
    };
    outcome after(int ssl_return);
    /// One call of `call(bytes)` (an OpenSSL operation: 1 when done): what
    /// it needs next (need::nothing and no error: done, `bytes` set).
    template <class Call> outcome attempt(Call& call, std::size_t& bytes);
    /// Calls `call(bytes)` (an OpenSSL operation: 1 when done) until it is
    /// done or fails, reading or waiting for room as it needs.
    template <class Call>
    asio::awaitable<result<std::size_t>> drive(Call call, std::chrono::milliseconds timeout);
    /// Reads from the socket into input_ (need::input), or waits until the
    /// socket takes more (need::room). An error here is the caller's to
    /// return (a time limit, a cancellation); the socket's own end or error
    /// is left for OpenSSL to see through the BIO.
    asio::awaitable<std::error_code> wait(need what, std::chrono::milliseconds timeout);
    /// The bytes of the record that begins `skip` bytes into `buffers`:
    /// what is handed to OpenSSL, the same on every retry.
    std::span<const char> record_from(std::span<const asio::const_buffer> buffers,
                                      std::size_t skip);
    /// SSL_write of each record of `buffers` in turn until they are all
    /// written (1) or the socket is full: 1 if some were written (`n` says
    /// how many bytes), OpenSSL's return (or -1, see after()) otherwise.
    int write_records(std::span<const asio::const_buffer> buffers, std::size_t& n);
    /// write_records for more than one record: up to batch_records of them
    /// into batch_, sent with one send(2).
    int write_batch(std::span<const asio::const_buffer> buffers, std::size_t total, std::size_t& n);
    enum class flushed { all, blocked, failed };
    /// Sends what batch_ holds until it has all gone (or there was none),
    /// the socket is full, or it fails (output_error_ says why).
    flushed send_batch();
    /// send_batch() for the write path: 1 when all has gone; -1 otherwise,
    /// with blocked_ or send_failed_ set for after().
    int batch_gone();
    /// One send(2) that does not wait: the bytes the socket took, 0 when
    /// it is full, -1 when it failed (output_error_ says why).
    long send_now(const char* data, std::size_t size, bool more);

    static BIO_METHOD* socket_bio();
    static int bio_read(BIO* bio, char* out, int size);
    static int bio_write(BIO* bio, const char* data, int size);
    static long bio_control(BIO* bio, int command, long number, void* pointer);

    asio::ip::tcp::socket socket_;
    SSL* ssl_ = nullptr;
    // What the socket brought that OpenSSL has not taken yet: room for one
    // whole record, so that one receive usually carries one.
    std::unique_ptr<char[]> input_;
    std::size_t input_begin_ = 0;
    std::size_t input_end_ = 0;
    std::error_code input_error_; // the socket's end (eof) or error, for OpenSSL to see
    std::error_code output_error_;
    int last_errno_ = 0; // after the last OpenSSL call: the kTLS socket BIO's errors
    // Small buffers gathered into one record (a response head and its body).
    std::unique_ptr<char[]> gathered_;
    // The records of one write of several, sent with one send(2); what the
    // socket has not taken yet stays here, and goes before any record after.
    static constexpr std::size_t record_size = 16 * 1024; // the largest record's text
    static constexpr std::size_t batch_records = 5;       // a 64 KiB file slice behind a head
    // A record adds at most SSL3_RT_MAX_ENCRYPTED_OVERHEAD to its text, and
    // its 5-byte header.
    static constexpr std::size_t batch_capacity =
        batch_records * (record_size + SSL3_RT_MAX_ENCRYPTED_OVERHEAD + SSL3_RT_HEADER_LENGTH);
    struct record_batch {
        spare_block<batch_capacity> bytes; // held only while records wait in it
        std::size_t size = 0;
        std::size_t sent = 0;
        bool more = false; // sent with MSG_MORE
    };
    record_batch batch_;
    std::size_t batched_ = 0;  // the text of the batch that waits, for its write to report
    bool batching_ = false;    // OpenSSL's records go into batch_
    bool blocked_ = false;     // batch_ waits for room
    bool send_failed_ = false; // batch_ could not be sent: output_error_ says why
    bool writes_here_ = true;  // this BIO writes (not OpenSSL's socket BIO, for kTLS)
    bool reading_ = false;     // a read is waiting for the socket
    bool more_to_come_ = false;
};

} // namespace netkit::net::detail
