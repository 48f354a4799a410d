// One accepted connection: reads requests, hands each to its handler, writes
// the responses, in order, until either side ends it.
//
// Timeouts are deadlines the thread's sweeper checks (server.cpp) rather than
// a timer raced against every read: a request costs no timer operations, and
// the deadline says which phase ran late:
//   idle          no request in progress: options.idle_timeout
//   reading_head  part of a head arrived: options.header_timeout from its
//                 first byte, however slowly the rest trickles in (slowloris)
//   busy          a handler running or a body being read: options.io_timeout
//                 from the last progress
//   sending       a response being written: options.send_timeout from the
//                 last progress (a client that stopped reading)
//   upgraded      handed over after a 101 (a WebSocket): no deadline of the
//                 server's; the new protocol keeps its own
#pragma once

#include "http/engine/detail/coarse_clock.hpp"
#include "http/engine/detail/request_source.hpp"
#include "http/engine/detail/server_state.hpp"

#include <netkit/core/read_buffer.hpp>
#include <netkit/http/engine/server.hpp>
#include <netkit/http/parser.hpp>
#include <netkit/net/stream.hpp>

#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace netkit::http::detail {

class http2_session;
struct http2_upgraded_request;

class connection final : public request_source {
public:
    using clock = coarse_clock;
    enum class phase { idle, reading_head, busy, sending, upgraded };

    connection(server_state& state, connection_list& list, net::stream s);
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection();

    /// Serves what needs no waiting, before run(): the first request when
    /// it is already there (a new connection's usually is) and its answer
    /// fits the socket, and the close when the client said it was its last.
    /// True when that was all and the connection is closed; false when
    /// run() must go on from where this stopped. The socket is then
    /// registered with the event loop only when something waits (see
    /// net::stream): a client that opens a connection for one request costs
    /// neither a coroutine nor the loop's bookkeeping.
    bool serve_first_at_once();
    asio::awaitable<void> run();

    // For the thread's sweeper.
    phase current_phase() const noexcept { return phase_; }
    /// Serving a request (its handler, its body or its response), as opposed
    /// to waiting for one.
    bool working() const noexcept { return phase_ != phase::idle && phase_ != phase::reading_head; }
    bool upgraded() const noexcept { return phase_ == phase::upgraded; }
    clock::time_point deadline() const noexcept { return deadline_; }
    clock::time_point last_active() const noexcept { return last_active_; }
    /// Frees what an idle connection need not keep between requests; false
    /// when there was nothing to free.
    bool trim() noexcept;
    /// Ends the connection now: its pending read or write is canceled. An
    /// upgraded connection is asked to end by its new protocol's on_stop.
    void close() noexcept;
    /// The server stops: an idle connection closes now, a working one once
    /// its response is sent; an HTTP/2 one says GOAWAY and finishes the
    /// streams it has begun.
    void stop() noexcept;
    /// close() was called: the connection ends on the loop's next turns.
    bool closed() const noexcept { return closed_; }

    // For server_request.
    bool request_has_body() const noexcept override;
    /// The client's address, found when first asked for (by a handler, or
    /// the log): a server that asks for none makes no system call for it.
    std::string_view remote_address() override;
    asio::awaitable<result<std::string_view>> read_body_some() override;

private:
    friend class http2_session;

    asio::awaitable<bool> start_tls();
    // Reading a head: what the buffered bytes make of it, and reading until
    // they make a whole one (or the client leaves).
    enum class head_state { ready, incomplete, invalid, closed, http2 };
    head_state parse_buffered();
    asio::awaitable<head_state> read_rest_of_head();
    // Serving a request (connection_serve.cpp). serve_at_once() goes as far
    // as it can without waiting: for a request whose handler answers at once
    // and whose response the socket takes whole, the whole way, with no
    // coroutine frame (the common case; an idle connection then holds no
    // block recycled from a large frame). What must wait (the handler's
    // coroutine, room in the socket, an unread body) it leaves in waiting_
    // for serve_waiting().
    enum class served { kept, closed, must_wait };
    served serve_at_once();
    asio::awaitable<bool> serve_waiting();
    void describe(server_request& request);
    const split_handler* choose(server_request& request, server_response& response);
    asio::awaitable<result<std::size_t>> read_more();
    asio::mutable_buffer prepare_read();      // room for the next read
    void commit_read(std::size_t n) noexcept; // n bytes arrived in it
    asio::awaitable<void> finish_request();
    void finish_bodiless() noexcept;
    // Sending a response: its head is composed into out_, then send_now()
    // writes what the socket takes at once; send() writes the rest, waiting
    // for room, and sends files.
    static constexpr std::size_t gather_limit = 8;
    struct early_send {
        enum { sent, failed, unfinished } state;
        std::size_t written; // bytes send() must skip
    };
    void compose_head(const server_response& r);
    std::size_t gather_text(const server_response& r, bool head_only,
                            std::span<asio::const_buffer, gather_limit> gather) const noexcept;
    early_send send_now(const server_response& r, bool head_only);
    asio::awaitable<bool> send(const server_response& r, bool head_only, std::size_t skip);
    // Closing rules, the log line, the head, and what the socket takes now.
    early_send start_response(const server_request& request, server_response& response,
                              bool head_only);
    struct waiting_request {
        server_request request;
        server_response response;
        const split_handler* handler = nullptr; // set: its deferred part is still to run
        bool head_only = false;
        early_send sent{early_send::unfinished, 0};
    };
    asio::awaitable<void> reject(int status, std::string message);
    asio::awaitable<void> hand_over();
    // HTTP/2 on this connection (ALPN "h2", or the preface in clear text)
    // until it ends.
    asio::awaitable<void> serve_http2(const http2_upgraded_request* upgraded);
    // A request that asks to go on in HTTP/2 (Upgrade: h2c), and may: its
    // HTTP2-Settings, decoded; nullopt otherwise.
    std::optional<std::string> http2_upgrade_settings() const;
    // 101, then HTTP/2, whose stream 1 answers the request.
    asio::awaitable<void> upgrade_to_http2(std::string settings);
    bool close_at_once();
    asio::awaitable<void> close_gracefully();
    void enter(phase p) noexcept;
    void log(std::string_view request_line, const server_response& r, bool head_only);
    std::string_view unparsed() const noexcept { return input_.unread(); }

    server_state& state_;
    connection_list& list_;
    connection_list::iterator position_;
    net::stream stream_;
    std::string remote_; // see remote_address()

    // Input bytes: a buffer that starts small, grows for large heads and
    // bodies and is given back when the connection idles, so that thousands
    // of idle keep-alive connections cost little memory.
    read_buffer input_;

    parser parser_;
    std::string owned_head_; // a copy of a head whose body is read
    std::vector<field_view> owned_fields_;
    std::string out_;                          // the response head being written
    std::unique_ptr<waiting_request> waiting_; // what serve_at_once() could not finish
    upgrade_handler upgrade_;                  // a 101 sent: run() hands the stream over to this
    std::unique_ptr<upgraded_connection> upgraded_; // after a 101: the stream's new owner
    std::unique_ptr<http2_session> http2_;          // while the connection speaks HTTP/2
    std::optional<std::string> upgrade_settings_;   // serve_first_at_once() found Upgrade: h2c
    bool first_request_ = true; // nothing answered yet: the HTTP/2 preface may come
    phase phase_ = phase::idle;
    clock::time_point deadline_{};
    clock::time_point last_active_{};
    bool body_done_ = true;
    bool message_done_ = true; // the parser has reported message_complete
    bool expect_continue_ = false;
    bool closing_ = false;
    // The client said the last request was its last (Connection: close, or
    // HTTP/1.0 without keep-alive): it sends nothing more.
    bool client_done_ = false;
    bool closed_ = false;
    // serve_first_at_once() answered and kept the connection.
    bool answered_first_ = false;
};

} // namespace netkit::http::detail
