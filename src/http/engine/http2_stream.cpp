#include "http/engine/detail/http2_stream.hpp"

#include "http/engine/detail/http2_session.hpp"

#include <netkit/core/ascii.hpp>

#include <asio/redirect_error.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <nghttp2/nghttp2.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace netkit::http::detail {
namespace {

// RFC 9113 §6.5.2: a field's size is its name's and its value's octets
// and 32 more.
constexpr std::size_t field_overhead = 32;
// A DATA frame's largest payload unless the client allows more (RFC 9113
// §4.2), and what a large file is read ahead by.
constexpr std::uint64_t frame_size = 16 * 1024;
constexpr std::size_t read_ahead = 128 * 1024;

std::uint64_t part_size(const body_part& part) noexcept {
    if (const auto* text = std::get_if<std::string>(&part)) {
        return text->size();
    }
    if (const auto* shared = std::get_if<shared_text>(&part)) {
        return (*shared)->size();
    }
    return std::get<file_part>(part).length;
}

// Appends `n` bytes of the open file from `offset` to `out`.
bool append_from_file(std::string& out, int fd, std::uint64_t offset, std::size_t n) {
    const std::size_t before = out.size();
    out.resize(before + n);
    std::size_t done = 0;
    while (done < n) {
        const auto got =
            ::pread(fd, out.data() + before + done, n - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            out.resize(before); // a file cut short or unreadable under us
            return false;
        }
        done += static_cast<std::size_t>(got);
    }
    return true;
}

} // namespace

http2_stream::http2_stream(http2_session& session) : session_(session) {
    // Typical heads fit these (a browser's, with cookies, may grow them).
    text_.reserve(512);
    spans_.reserve(16);
}

void http2_stream::open(std::int32_t id) {
    id_ = id;
    text_.clear();
    spans_.clear();
    method_ = path_ = authority_ = span{};
    list_size_ = 0;
    fields_.clear();
    request_ = server_request{};
    response_ = server_response{};
    incoming_.clear();
    handed_.clear();
    body_follows_ = body_ended_ = closed_ = expect_continue_ = responded_ = false;
    body_size_ = planned_ = 0;
    part_ = -1;
    part_offset_ = 0;
    ahead_.reset(); // (a large file's buffer is not kept for the next stream)
    ahead_part_ = -1;
    ahead_from_ = ahead_size_ = 0;
}

http2_stream::~http2_stream() = default;

bool http2_stream::add_field(std::string_view name, std::string_view value) {
    const auto& limits = session_.state().options.limits;
    list_size_ += name.size() + value.size() + field_overhead;
    if (list_size_ > limits.max_header_section || spans_.size() >= limits.max_fields) {
        return false;
    }
    const span n{text_.size(), name.size()};
    text_ += name;
    const span v{text_.size(), value.size()};
    text_ += value;
    if (name == ":method") {
        method_ = v;
    } else if (name == ":path") {
        path_ = v;
    } else if (name == ":authority") {
        authority_ = v;
    } else if (!name.starts_with(':')) {
        spans_.emplace_back(n, v); // (:scheme and :protocol serve no handler)
    }
    return true;
}

bool http2_stream::head_done(bool body_follows) {
    const auto& limits = session_.state().options.limits;
    const bool whole = list_size_ <= limits.max_header_section && spans_.size() < limits.max_fields;
    auto view = [&](span s) { return std::string_view(text_).substr(s.at, s.size); };
    bool has_host = false;
    fields_.clear();
    fields_.reserve(spans_.size() + 1);
    for (const auto& [name, value] : spans_) {
        fields_.push_back(field_view{view(name), view(value)});
        has_host = has_host || view(name) == "host";
    }
    // RFC 9113 §8.3.1: :authority stands for Host, which handlers look for.
    if (!has_host && authority_.size > 0) {
        fields_.push_back(field_view{"host", view(authority_)});
    }
    message_head head;
    head.method = view(method_);
    head.target = head.method == "CONNECT" ? view(authority_) : view(path_);
    head.form = head.method == "CONNECT" ? target_form::authority
                : head.target == "*"     ? target_form::asterisk
                                         : target_form::origin;
    head.version_major = 2;
    head.version_minor = 0;
    head.fields = fields_;
    body_follows_ = body_follows;
    body_ended_ = !body_follows;
    if (!body_follows) {
        head.framing = body_framing::none;
    } else if (const auto* length = head.find("content-length")) {
        head.framing = body_framing::content_length; // nghttp2 checked it, and holds DATA to it
        head.content_length = parse_decimal(length->value).value_or(0);
    } else {
        head.framing = body_framing::chunked; // a body of a length nobody said: read to its end
    }
    if (const auto* expect = head.find("expect")) {
        expect_continue_ = body_follows && iequals(expect->value, "100-continue");
    }
    request_.head_ = head;
    request_.source_ = this;
    request_.tls_ = session_.is_tls();
    request_.split_target();
    return whole;
}

std::string http2_stream::request_line() const {
    std::string line;
    line.reserve(request_.method().size() + request_.target().size() + 10);
    line.append(request_.method()).append(" ").append(request_.target()).append(" HTTP/2.0");
    return line;
}

void http2_stream::receive_body(std::string_view bytes) {
    incoming_ += bytes;
    wake_reader();
}

void http2_stream::end_body() noexcept {
    body_ended_ = true;
    wake_reader();
}

std::size_t http2_stream::close() noexcept {
    closed_ = true;
    wake_reader();
    // What arrived and nobody will read: the connection's window gets it
    // back (what the handler holds comes back at its next read, or once
    // the handler is done).
    const std::size_t unread = incoming_.size() + (handler_running_ ? 0 : handed_.size());
    incoming_.clear();
    if (!handler_running_) {
        handed_.clear();
    }
    return unread;
}

std::size_t http2_stream::handler_done() noexcept {
    handler_running_ = false;
    const std::size_t held = closed_ ? handed_.size() : 0;
    if (closed_) {
        handed_.clear();
    }
    return held;
}

void http2_stream::wake_reader() noexcept {
    if (arrived_) {
        arrived_->cancel();
    }
}

bool http2_stream::request_has_body() const noexcept {
    return body_follows_;
}

std::string_view http2_stream::remote_address() {
    return session_.remote_address();
}

asio::awaitable<result<std::string_view>> http2_stream::read_body_some() {
    if (!handed_.empty()) {
        // The handler is done with these: the client may send as many more.
        nghttp2_session_consume(session_.native(), id_, handed_.size());
        handed_.clear();
        session_.wake_writer();
    }
    if (expect_continue_ && !closed_) {
        expect_continue_ = false; // RFC 9110 §10.1.1: the client waits for this
        session_.send_continue(id_);
    }
    for (;;) {
        if (!incoming_.empty()) {
            std::swap(handed_, incoming_);
            co_return std::string_view(handed_);
        }
        if (body_ended_) {
            co_return std::string_view{};
        }
        if (closed_) {
            co_return make_error_code(error::stream_reset);
        }
        if (!arrived_) {
            arrived_.emplace(co_await asio::this_coro::executor);
        }
        arrived_->expires_at(asio::steady_timer::time_point::max());
        std::error_code ignored;
        co_await arrived_->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
}

// A large file is read a read-ahead at a time, not a frame at a time: one
// pread for eight DATA frames (and no zeroed room for each).
bool http2_stream::append_read_ahead(std::string& out, const file_part& file, std::size_t& take) {
    const bool buffered = ahead_part_ == part_ && part_offset_ >= ahead_from_ &&
                          part_offset_ < ahead_from_ + ahead_size_;
    if (!buffered) {
        if (!ahead_) {
            ahead_ = std::make_unique<char[]>(read_ahead);
        }
        const auto want = static_cast<std::size_t>(
            std::min<std::uint64_t>(read_ahead, file.length - part_offset_));
        std::size_t got = 0;
        while (got < want) {
            const auto n = ::pread(file.file->get(), ahead_.get() + got, want - got,
                                   static_cast<off_t>(file.offset + part_offset_ + got));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                return false; // a file cut short or unreadable under us
            }
            got += static_cast<std::size_t>(n);
        }
        ahead_part_ = part_;
        ahead_from_ = part_offset_;
        ahead_size_ = got;
    }
    take = static_cast<std::size_t>(
        std::min<std::uint64_t>(take, ahead_from_ + ahead_size_ - part_offset_));
    out.append(ahead_.get() + (part_offset_ - ahead_from_), take);
    return true;
}

bool http2_stream::copy_body(std::string& out, std::size_t n) {
    while (n > 0) {
        if (part_ >= static_cast<std::ptrdiff_t>(response_.parts.size())) {
            return false; // asked for more than the body holds
        }
        const std::uint64_t size =
            part_ < 0 ? response_.body.size() : part_size(response_.parts[part_]);
        if (part_offset_ == size) {
            ++part_;
            part_offset_ = 0;
            continue;
        }
        auto take = static_cast<std::size_t>(std::min<std::uint64_t>(n, size - part_offset_));
        if (part_ < 0) {
            out.append(response_.body, part_offset_, take);
        } else if (const auto* text = std::get_if<std::string>(&response_.parts[part_])) {
            out.append(*text, part_offset_, take);
        } else if (const auto* shared = std::get_if<shared_text>(&response_.parts[part_])) {
            out.append(**shared, part_offset_, take);
        } else if (const auto& file = std::get<file_part>(response_.parts[part_]);
                   file.length <= frame_size) {
            if (!append_from_file(out, file.file->get(), file.offset + part_offset_, take)) {
                return false;
            }
        } else if (!append_read_ahead(out, file, take)) {
            return false;
        }
        part_offset_ += take;
        n -= take;
    }
    return true;
}

} // namespace netkit::http::detail
