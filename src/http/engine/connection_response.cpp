// Writing responses: the head, gathered text (at once when the socket takes
// it, else as it makes room), files with sendfile, error answers to malformed
// requests, and the access log line.
#include "http/engine/detail/connection.hpp"
#include "http/engine/detail/server_answers.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/http/date.hpp>
#include <netkit/http/status.hpp>

#include <asio/buffer.hpp>

#include <array>
#include <span>

namespace netkit::http::detail {
namespace {

using namespace std::string_view_literals;

// Files at least this large are sent as bulk (see the low-water mark below);
// smaller ones leave the socket's defaults alone, as they fit its buffer.
constexpr std::uint64_t bulk_file_size = 1024 * 1024;

// The status line, Server and Date: the lines every response starts with.
void append_start_lines(std::string& out, int status, std::string_view reason,
                        std::string_view server) {
    out += "HTTP/1.1 "sv;
    append_decimal(out, static_cast<std::uint64_t>(status));
    out += ' ';
    if (!reason.empty()) {
        out += reason;
    } else if (auto phrase = reason_phrase(status); !phrase.empty()) {
        out += phrase;
    } else {
        out += "Unknown"sv;
    }
    out += "\r\n"sv;
    if (!server.empty()) {
        out += "Server: "sv;
        out += server;
        out += "\r\n"sv;
    }
    out += "Date: "sv;
    out += current_http_date();
    out += "\r\n"sv;
}

// The same lines with the standard reason phrase, formatted once a second
// for the status this thread sent last (nearly always 200).
std::string_view start_lines(int status, std::string_view server) {
    struct cached {
        int status = 0;
        std::string server;
        std::string date;
        std::string text;
    };
    thread_local cached last;
    const std::string_view date = current_http_date();
    if (status != last.status || server != last.server || date != last.date) {
        last.status = status;
        last.server.assign(server);
        last.date.assign(date);
        last.text.clear();
        append_start_lines(last.text, status, {}, server);
    }
    return last.text;
}

// The part of `buffers` a write of `written` bytes left, the first buffer
// advanced past what went out.
std::span<const asio::const_buffer> unwritten(std::span<asio::const_buffer> buffers,
                                              std::size_t written) noexcept {
    std::size_t first = 0;
    while (first < buffers.size() && written >= buffers[first].size()) {
        written -= buffers[first++].size();
    }
    if (first < buffers.size()) {
        buffers[first] += written;
    }
    return buffers.subspan(first);
}

} // namespace

void connection::compose_head(const server_response& r) {
    const bool no_content = status_has_no_content(r.status);
    std::string& out = out_;
    out.clear();
    out.reserve(256 + (r.shared_fields ? r.shared_fields->text().size() : 0));
    if (r.reason.empty()) {
        out += start_lines(r.status, state_.options.server_header);
    } else {
        append_start_lines(out, r.status, r.reason, state_.options.server_header);
    }
    for (const auto& f : r.headers) {
        // Framing is the server's business: it knows what it sends.
        if (iequals(f.name, "Content-Length") || iequals(f.name, "Transfer-Encoding")) {
            continue;
        }
        if (iequals(f.name, "Connection")) {
            closing_ = closing_ || iequals(f.value, "close");
            continue;
        }
        out += f.name;
        out += ": "sv;
        out += f.value;
        out += "\r\n"sv;
    }
    if (r.shared_fields) {
        out += r.shared_fields->text();
    }
    if (!no_content) {
        out += "Content-Length: "sv;
        append_decimal(out, r.body_size());
        out += "\r\n"sv;
    }
    if (r.status == 101) {
        out += "Connection: Upgrade\r\n"sv; // the handler's Upgrade field names the protocol
    } else if (closing_) {
        out += "Connection: close\r\n"sv;
    } else if (parser_.head().version_minor == 0) {
        out += "Connection: keep-alive\r\n"sv;
    }
    out += "\r\n"sv;

    enter(phase::sending);
}

std::size_t
connection::gather_text(const server_response& r, bool head_only,
                        std::span<asio::const_buffer, gather_limit> gather) const noexcept {
    std::size_t count = 0;
    gather[count++] = asio::buffer(out_);
    if (head_only || status_has_no_content(r.status)) {
        return count;
    }
    if (!r.body.empty()) {
        gather[count++] = asio::buffer(r.body);
    }
    for (const auto& part : r.parts) {
        if (count == gather.size()) {
            return 0;
        }
        if (const auto* text = std::get_if<std::string>(&part)) {
            gather[count++] = asio::buffer(*text);
        } else if (const auto* shared = std::get_if<shared_text>(&part)) {
            gather[count++] = asio::buffer(**shared);
        } else {
            return 0; // a file: send() goes through sendfile
        }
    }
    return count;
}

connection::early_send connection::send_now(const server_response& r, bool head_only) {
    std::array<asio::const_buffer, gather_limit> gather;
    const std::size_t count = gather_text(r, head_only, gather);
    if (count == 0) {
        return {early_send::unfinished, 0};
    }
    const auto buffers = std::span<const asio::const_buffer>(gather.data(), count);
    // When the connection closes after this response, its end goes with it.
    const auto written = stream_.try_write_some(buffers, closing_);
    if (!written) {
        return {early_send::failed, 0};
    }
    if (*written == asio::buffer_size(buffers)) {
        last_active_ = clock::now();
        return {early_send::sent, *written};
    }
    return {early_send::unfinished, *written};
}

asio::awaitable<bool> connection::send(const server_response& r, bool head_only, std::size_t skip) {
    const bool with_body = !head_only && !status_has_no_content(r.status);
    // A response all in memory goes out gathered, less the `skip` bytes
    // send_now() wrote. Otherwise text goes out gathered with the head, a
    // file part with sendfile after what precedes it (send_now() wrote
    // nothing of such a response).
    std::array<asio::const_buffer, gather_limit> gather;
    if (const std::size_t all = gather_text(r, head_only, gather); all > 0) {
        const auto rest = unwritten(std::span(gather.data(), all), skip);
        const auto finished = co_await stream_.write_all(rest);
        last_active_ = clock::now();
        co_return finished.has_value();
    }
    std::size_t count = 0;
    gather[count++] = asio::buffer(out_);
    if (with_body && !r.body.empty()) {
        gather[count++] = asio::buffer(r.body);
    }
    const std::size_t parts = with_body ? r.parts.size() : 0;
    for (std::size_t i = 0; i <= parts; ++i) {
        const file_part* file = nullptr;
        if (i < parts) {
            const auto& part = r.parts[i];
            if (const auto* text = std::get_if<std::string>(&part)) {
                gather[count++] = asio::buffer(*text);
            } else if (const auto* shared = std::get_if<shared_text>(&part)) {
                gather[count++] = asio::buffer(**shared);
            } else {
                file = &std::get<file_part>(part);
            }
        }
        const bool last = i == parts;
        if (file) {
            // A large file goes with at most 32 KiB queued unsent, so that this
            // thread hands it to TCP as the client makes room rather than the
            // client's ACKs pushing it out on the client's core. Measured by
            // hand with curl on loopback: 1 GiB went from about 3.9 to 5.8
            // GB/s (medians of ten), and steadier; bench/http_server.py's runs
            // show the same step against lighttpd.
            const bool bulk = file->length >= bulk_file_size;
            if (bulk) {
                (void)stream_.set_unsent_low_water(32 * 1024);
            }
            // What precedes the file rides in its first segments.
            const auto sent = co_await stream_.send_file(
                std::span<const asio::const_buffer>(gather.data(), count), file->file->get(),
                file->offset, file->length);
            if (bulk) {
                (void)stream_.set_unsent_low_water(0); // the system's default again
            }
            count = 0;
            if (!sent) {
                co_return false;
            }
            enter(phase::sending); // progress: the send deadline starts again
        } else if (count > 0 && (last || count == gather.size())) {
            const auto written = co_await stream_.write_all(
                std::span<const asio::const_buffer>(gather.data(), count));
            count = 0;
            if (!written) {
                co_return false;
            }
        }
    }
    last_active_ = clock::now();
    co_return true;
}

asio::awaitable<void> connection::reject(int status, std::string message) {
    // The request line as sent, for the log (http.server logs it too).
    const auto first = unparsed();
    const auto line = first.substr(0, std::min(first.find("\r\n"), first.find('\n')));
    auto r = error_response(status, message);
    closing_ = true;
    log(line, r, false);
    compose_head(r);
    co_await send(r, false, 0);
}

void connection::log(std::string_view request_line, const server_response& r, bool head_only) {
    if (state_.options.access_log) {
        log_access(state_, remote_address(), request_line, r, head_only);
    }
}

} // namespace netkit::http::detail
