#include <netkit/http/engine/client_connection.hpp>

#include <netkit/core/error.hpp>
#include <netkit/http/serializer.hpp>

#include "http/engine/detail/http2_client.hpp"

#include <asio/buffer.hpp>
#include <asio/error.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace netkit::http {
namespace {

constexpr std::size_t read_size = 256 * 1024;

} // namespace

std::string host_field(std::string_view host, std::uint16_t port, std::uint16_t default_port) {
    std::string out = host.find(':') != std::string_view::npos ? "[" + std::string(host) + "]"
                                                               : std::string(host);
    if (port != default_port) {
        out += ":" + std::to_string(port);
    }
    return out;
}

client_connection::client_connection(net::stream s, parser_limits limits)
    : stream_(std::move(s)), parser_(parser::response, limits) {}

client_connection::client_connection(std::unique_ptr<detail::http2_client_stream> stream)
    : h2_(std::move(stream)), parser_(parser::response, {}) {}

client_connection::client_connection(client_connection&&) noexcept = default;
client_connection& client_connection::operator=(client_connection&&) noexcept = default;
client_connection::~client_connection() = default;

asio::awaitable<result<void>> client_connection::end_body() {
    if (h2_) {
        co_return co_await h2_->end_body();
    }
    co_return result<void>{};
}

void client_connection::set_trace(std::function<void(std::string_view)> trace) {
    if (h2_) {
        h2_->set_trace(trace);
    }
    trace_ = std::move(trace);
}

void client_connection::set_timeout(std::chrono::milliseconds limit) noexcept {
    if (h2_) {
        h2_->set_timeout(limit);
    } else {
        stream_->set_timeout(limit);
    }
}

void client_connection::trace_head(std::string_view direction, std::string_view head) const {
    if (!trace_) {
        return;
    }
    std::string line;
    for (std::size_t at = 0; at < head.size();) {
        auto end = head.find('\n', at);
        end = end == std::string_view::npos ? head.size() : end;
        auto text = head.substr(at, end - at);
        if (text.ends_with('\r')) {
            text.remove_suffix(1);
        }
        at = end + 1;
        if (text.empty()) {
            break; // the blank line that ends the head
        }
        line.assign(direction).append(text);
        trace_(line);
    }
}

asio::awaitable<result<void>> client_connection::send(const request& r) {
    if (h2_) {
        co_return h2_->send_head(r, false);
    }
    auto head = serialize_head(r);
    if (!head) {
        co_return head.error();
    }
    trace_head("> ", *head);
    // Head and body in one writev.
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(*head), asio::buffer(r.body)};
    auto written = co_await stream_->write_all(std::span<const asio::const_buffer>(buffers));
    if (!written) {
        failed_ = true;
    }
    co_return written;
}

std::string client_connection::take_unread() {
    std::string bytes(input_.unread());
    input_.consume(bytes.size());
    return bytes;
}

parser::step client_connection::next_step() {
    auto step = parser_.feed(input_.unread());
    if (step.event == parse_event::need_more && eof_) {
        step = parser_.finish(); // ends a close-delimited body, or fails
    }
    return step;
}

asio::awaitable<result<void>> client_connection::write_head(result<std::string> head) {
    if (!head) {
        co_return head.error();
    }
    trace_head("> ", *head);
    auto written = co_await stream_->write_all(asio::buffer(*head));
    if (!written) {
        failed_ = true;
    }
    co_return written;
}

asio::awaitable<result<void>> client_connection::send_head(const request& r) {
    if (h2_) {
        co_return h2_->send_head(r, true); // end_body() ends it
    }
    co_return co_await write_head(serialize_head(r));
}

asio::awaitable<result<void>> client_connection::send_head(const request& r,
                                                           std::uint64_t body_size) {
    if (h2_) {
        h2_body_left_ = body_size;
        auto sent = h2_->send_head(r, body_size > 0);
        co_return sent;
    }
    co_return co_await write_head(serialize_head(r, body_size));
}

asio::awaitable<result<void>> client_connection::send_body(std::string_view bytes) {
    if (h2_) {
        auto queued = co_await h2_->send_body(bytes);
        h2_body_left_ -= std::min<std::uint64_t>(h2_body_left_, bytes.size());
        if (queued && h2_body_left_ == 0) {
            queued = co_await h2_->end_body();
        }
        co_return queued;
    }
    auto written = co_await stream_->write_all(asio::buffer(bytes));
    if (!written) {
        failed_ = true;
    }
    co_return written;
}

asio::awaitable<result<void>> client_connection::send_file_body(int fd, std::uint64_t offset,
                                                                std::uint64_t length) {
    if (h2_) {
        // Read and queued a piece at a time: the frames copy it anyway.
        std::string piece;
        while (length > 0) {
            piece.resize(static_cast<std::size_t>(std::min<std::uint64_t>(length, 64 * 1024)));
            const auto got = ::pread(fd, piece.data(), piece.size(), static_cast<off_t>(offset));
            if (got <= 0) {
                co_return std::make_error_code(std::errc::io_error); // the file ended early
            }
            piece.resize(static_cast<std::size_t>(got));
            offset += piece.size();
            length -= piece.size();
            if (auto sent = co_await send_body(piece); !sent) {
                co_return sent;
            }
        }
        co_return result<void>{};
    }
    auto sent = co_await stream_->send_file(fd, offset, length);
    if (!sent) {
        failed_ = true;
    }
    co_return sent;
}

asio::awaitable<result<bool>> client_connection::await_continue(std::chrono::milliseconds wait,
                                                                bool head_request) {
    if (h2_) {
        co_return true; // (flow control paces the body; an early answer resets the stream)
    }
    const auto usual = stream_->timeout();
    stream_->set_timeout(wait);
    auto head = co_await read_head_or_interim(head_request);
    stream_->set_timeout(usual);
    if (!head) {
        if (head.error() == condition::timed_out) {
            failed_ = false; // only the wait ran out: the connection is fine
            co_return true;  // the server says nothing: send the body anyway
        }
        co_return head.error();
    }
    if (head->status == 100) {
        co_return true;
    }
    early_ = std::move(*head);
    co_return false;
}

asio::awaitable<result<std::size_t>> client_connection::fill() {
    // Room for a full read after the unparsed bytes; the block grows only
    // when they fill most of it (a large head).
    const auto room = input_.prepare(read_size / 2, read_size);
    auto n = co_await stream_->read_some(asio::buffer(room.data(), room.size()));
    if (n) {
        input_.commit(*n);
    }
    if (!n && n.error() == asio::error::eof) {
        eof_ = true;
    }
    co_return n;
}

asio::awaitable<result<void>> client_connection::more_input() {
    if (eof_) { // the parser wanted more, and there is no more
        failed_ = true;
        co_return make_error_code(error::unexpected_eof);
    }
    auto n = co_await fill();
    if (!n && !eof_) {
        failed_ = true;
        co_return n.error();
    }
    co_return result<void>{};
}

asio::awaitable<result<response_head>> client_connection::read_head(bool head_request) {
    if (h2_) {
        auto head = co_await h2_->read_head(head_request);
        body_done_ = !head || h2_->complete();
        co_return head;
    }
    if (early_) {
        auto head = std::move(*early_);
        early_.reset();
        co_return head;
    }
    for (;;) {
        auto head = co_await read_head_or_interim(head_request);
        if (!head || head->status != 100) {
            co_return head;
        }
    }
}

asio::awaitable<result<response_head>> client_connection::read_head_or_interim(bool head_request) {
    for (;;) {
        if (head_request) {
            parser_.expect_no_body();
        }
        const auto step = next_step();
        if (step.event == parse_event::error) {
            failed_ = true;
            co_return parser_.error_code();
        }
        if (step.event == parse_event::need_more) {
            input_.consume(step.consumed);
            const auto more = co_await more_input();
            if (!more) {
                co_return more.error();
            }
            continue;
        }
        if (step.event != parse_event::head) {
            input_.consume(step.consumed); // the end of an interim response
            continue;
        }
        trace_head("< ", input_.unread().substr(0, step.consumed));
        const auto& h = parser_.head();
        // RFC 9112 §6.3: both framings "ought to be handled as an error" (a
        // response splitting attempt): a client has no reason to guess.
        if (h.find("Content-Length") && h.find("Transfer-Encoding")) {
            failed_ = true;
            co_return make_error_code(error::te_and_content_length);
        }
        // A body still gzipped (say) under its chunks: fail rather than hand
        // over bytes that are not the body.
        if (h.transfer_coded) {
            failed_ = true;
            co_return make_error_code(error::unknown_transfer_coding);
        }
        response_head out;
        out.status = h.status;
        out.reason = std::string(h.reason);
        out.version_minor = h.version_minor;
        for (const auto& f : h.fields) {
            if (auto added = out.headers.add(f.name, f.value); !added) {
                failed_ = true;
                co_return added.error();
            }
        }
        out.framing = h.framing;
        out.content_length = h.content_length;
        out.keep_alive = h.keep_alive;
        input_.consume(step.consumed);
        if (out.status == 100) {
            co_return out; // the caller decides (await_continue, or skip it)
        }
        if (out.status > 100 && out.status < 200 && out.status != 101) {
            continue; // 102, 103: the final answer follows
        }
        keep_alive_ = out.keep_alive;
        body_done_ = false;
        co_return out;
    }
}

asio::awaitable<result<std::string_view>> client_connection::read_body_some() {
    if (h2_ && carry_.empty()) {
        auto piece = co_await h2_->read_body_some();
        body_done_ = piece && piece->empty();
        co_return piece;
    }
    if (!carry_.empty()) { // what read_body_into had no room for
        co_return std::exchange(carry_, std::string_view());
    }
    for (;;) {
        if (body_done_) {
            co_return std::string_view{};
        }
        const auto step = next_step();
        input_.consume(step.consumed); // need_more may have used bytes too (a chunk's CRLF)
        switch (step.event) {
        case parse_event::body: co_return step.data;
        case parse_event::message_complete: body_done_ = true; co_return std::string_view{};
        case parse_event::error: failed_ = true; co_return parser_.error_code();
        case parse_event::head:
        case parse_event::need_more: break;
        }
        const auto more = co_await more_input();
        if (!more) {
            co_return more.error();
        }
    }
}

asio::awaitable<result<std::size_t>> client_connection::read_body_into(std::span<char> out) {
    if (h2_) {
        // The frames are in memory already: copied out of them.
        if (carry_.empty()) {
            auto piece = co_await h2_->read_body_some();
            if (!piece) {
                co_return piece.error();
            }
            carry_ = *piece;
        }
        const std::size_t n = std::min(out.size(), carry_.size());
        std::memcpy(out.data(), carry_.data(), n);
        carry_.remove_prefix(n);
        body_done_ = n == 0;
        co_return n;
    }
    if (out.empty()) {
        co_return std::size_t{0};
    }
    // What an earlier parsed step left (its bytes stay in the buffer, which
    // is not refilled until they are taken).
    if (!carry_.empty()) {
        const std::size_t n = std::min(out.size(), carry_.size());
        std::memcpy(out.data(), carry_.data(), n);
        carry_.remove_prefix(n);
        body_done_ = n == 0;
        co_return n;
    }
    for (;;) {
        const std::uint64_t room = body_done_ || failed_ ? 0 : parser_.direct_body_room();
        if (room == 0 || (eof_ && input_.unread().empty())) {
            // Framing to parse (a chunk-size line, the end of the body or of
            // the connection): the usual way.
            auto piece = co_await read_body_some();
            if (!piece) {
                co_return piece.error();
            }
            const std::size_t n = std::min(out.size(), piece->size());
            if (n > 0) { // (the body's end is an empty view, maybe of no data at all)
                std::memcpy(out.data(), piece->data(), n);
                carry_ = piece->substr(n);
            }
            co_return n;
        }
        const std::size_t want =
            static_cast<std::size_t>(std::min<std::uint64_t>(room, out.size()));
        const std::string_view buffered = input_.unread();
        std::size_t n = 0;
        if (!buffered.empty()) {
            n = std::min(want, buffered.size());
            std::memcpy(out.data(), buffered.data(), n);
            input_.consume(n);
        } else {
            auto got = co_await stream_->read_some(asio::buffer(out.data(), want));
            if (!got) {
                if (got.error() != asio::error::eof) {
                    failed_ = true;
                    co_return got.error();
                }
                eof_ = true; // the parser says whether the body may end here
                continue;
            }
            n = *got;
        }
        if (const auto e = parser_.take_direct_body(n); e != error{}) {
            failed_ = true;
            co_return make_error_code(e);
        }
        co_return n;
    }
}

} // namespace netkit::http
