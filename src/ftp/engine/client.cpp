// The control connection: connecting, TLS, login, commands and replies.
#include <netkit/ftp/command.hpp>
#include <netkit/ftp/engine/client.hpp>
#include <netkit/ftp/error.hpp>
#include <netkit/net/connect.hpp>
#include <netkit/net/endpoint.hpp>
#include <netkit/net/error.hpp>

#include <asio/error.hpp>

namespace netkit::ftp {

client::client(asio::any_io_executor ex, client_options options)
    : executor_(std::move(ex)), options_(std::move(options)) {}

client::~client() {
    close();
}

bool client::is_connected() const noexcept {
    return control_ && control_->is_open();
}

void client::close() noexcept {
    if (control_) {
        control_->close();
        control_.reset();
    }
    buffer_.clear();
    protect_data_ = false;
}

void client::trace(std::string_view kind, std::string_view line) const {
    if (options_.trace) {
        std::string out(kind);
        out += line;
        options_.trace(out);
    }
}

result<net::tls_context> client::tls_context() {
    if (!options_.tls) {
        // The system's trust store, verified.
        auto made = net::tls_context::client();
        if (!made) {
            return made.error();
        }
        options_.tls = std::move(*made);
    }
    return *options_.tls;
}

asio::awaitable<result<reply>> client::connect(std::string host, std::uint16_t port) {
    close();
    host_ = std::move(host);
    net::connect_options how;
    how.timeout = options_.timeout;
    how.source = options_.source;
    if (options_.tls_mode == security::implicit_tls) {
        auto context = tls_context();
        if (!context) {
            co_return context.error();
        }
        how.tls = std::move(*context);
        how.tls_host = host_;
    }
    const net::endpoint where(host_, port);
    auto s = co_await net::connect(where, how);
    if (!s) {
        co_return s.error();
    }
    control_.emplace(std::move(*s));
    control_->set_timeout(options_.timeout);
    if (const auto* tcp = control_->tcp()) {
        std::error_code ec;
        peer_ = net::unmapped(tcp->remote_endpoint(ec).address());
        local_ = net::unmapped(tcp->local_endpoint(ec).address());
    }
    auto hello = co_await read_reply();
    if (hello) {
        welcome_ = *hello;
    }
    co_return hello;
}

asio::awaitable<result<void>> client::send_line(std::string_view line) {
    if (!control_) {
        co_return error::not_connected;
    }
    auto formatted = command_line(line);
    if (!formatted) {
        co_return formatted.error();
    }
    trace("> ", masked(line));
    co_return co_await control_->write_all(asio::buffer(*formatted));
}

asio::awaitable<result<reply>> client::read_reply_unchecked() {
    if (!control_) {
        co_return error::not_connected;
    }
    reply_reader reader;
    for (;;) {
        auto n = co_await control_->read_until(buffer_, "\n", max_reply_line + 2);
        if (!n) {
            if (n.error() == net::error::line_too_long) {
                co_return error::reply_line_too_long;
            }
            co_return n.error();
        }
        std::string_view line(buffer_.data(), *n - 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        trace("< ", line);
        auto done = reader.feed(line);
        if (!done) {
            // Kept so that the error can show what the server sent.
            last_reply_ = reply{0, std::string(line.substr(0, 200))};
            buffer_.erase(0, *n);
            co_return done.error();
        }
        buffer_.erase(0, *n);
        if (*done) {
            last_reply_ = reader.take();
            co_return last_reply_;
        }
    }
}

asio::awaitable<result<reply>> client::read_reply() {
    auto r = co_await read_reply_unchecked();
    if (r) {
        if (auto checked = check_reply(*r); !checked) {
            co_return checked.error();
        }
    }
    co_return r;
}

asio::awaitable<result<reply>> client::command(std::string_view line) {
    auto sent = co_await send_line(line);
    if (!sent) {
        co_return sent.error();
    }
    co_return co_await read_reply();
}

asio::awaitable<result<reply>> client::void_command(std::string_view line) {
    auto r = co_await command(line);
    if (r) {
        if (auto complete = check_completion(*r); !complete) {
            co_return complete.error();
        }
    }
    co_return r;
}

asio::awaitable<result<reply>> client::secure_control() {
    auto r = co_await command("AUTH TLS");
    if (!r) {
        co_return r.error();
    }
    if (r->code != 234) {
        co_return error::unexpected_reply;
    }
    if (!buffer_.empty()) {
        // Bytes that came in the clear after 234 would be read as if they had
        // come over TLS: an injection (CVE-2011-0411's kind). Refuse.
        close();
        co_return error::bad_reply;
    }
    auto context = tls_context();
    if (!context) {
        co_return context.error();
    }
    auto secured =
        co_await net::stream::tls_connect(std::move(*control_), std::move(*context), host_);
    if (!secured) {
        close();
        co_return secured.error();
    }
    control_.emplace(std::move(*secured));
    control_->set_timeout(options_.timeout);
    co_return r;
}

asio::awaitable<result<reply>> client::protect_data(bool private_data) {
    auto r = co_await void_command("PBSZ 0");
    if (!r) {
        co_return r;
    }
    r = co_await void_command(private_data ? "PROT P" : "PROT C");
    if (r) {
        protect_data_ = private_data;
    }
    co_return r;
}

asio::awaitable<result<reply>> client::login(std::string user, std::string password,
                                             std::string account) {
    if (!control_) {
        co_return error::not_connected;
    }
    // ftplib's defaults: anonymous, with "anonymous@" as the password.
    if (user.empty()) {
        user = "anonymous";
    }
    if (user == "anonymous" && (password.empty() || password == "-")) {
        password += "anonymous@";
    }
    const bool secure = options_.tls_mode == security::explicit_tls;
    if (secure && !control_->is_tls()) {
        auto tls = co_await secure_control();
        if (!tls) {
            co_return tls;
        }
    }
    auto r = co_await command("USER " + user);
    if (r && r->kind() == 3) {
        r = co_await command("PASS " + password);
    }
    if (r && r->kind() == 3) {
        r = co_await command("ACCT " + account);
    }
    if (!r) {
        co_return r;
    }
    if (r->kind() != 2) {
        co_return error::unexpected_reply;
    }
    // Data connections are protected too, with either kind of FTPS; servers
    // want PROT P for that even on implicit connections (curl sends it too).
    if (options_.tls_mode != security::none && !protect_data_) {
        const reply logged_in = *r;
        auto prot = co_await protect_data(true);
        if (!prot) {
            co_return prot;
        }
        last_reply_ = logged_in;
        co_return logged_in;
    }
    co_return r;
}

asio::awaitable<result<reply>> client::read_abort_reply(bool transfer_cut) {
    auto r = co_await read_reply_unchecked();
    if (!r) {
        co_return r;
    }
    const bool expected = r->code == 225 || r->code == 226 || (transfer_cut && r->code == 426);
    if (!expected) {
        co_return error::bad_reply;
    }
    co_return r;
}

asio::awaitable<result<reply>> client::abort() {
    // ftplib's abort: one reply, 426 or 225/226 (RFC 959 §4.1.3).
    auto sent = co_await send_line("ABOR");
    if (!sent) {
        co_return sent.error();
    }
    co_return co_await read_abort_reply(true);
}

asio::awaitable<result<reply>> client::abort_transfer() {
    // With a transfer started there are two replies: the transfer's own end
    // (426 if ABOR cut it, 226 if it had finished anyway), then ABOR's 225/226.
    auto sent = co_await send_line("ABOR");
    if (!sent) {
        co_return sent.error();
    }
    auto transfer_end = co_await read_reply_unchecked();
    if (!transfer_end) {
        co_return transfer_end;
    }
    co_return co_await read_abort_reply(false);
}

asio::awaitable<result<reply>> client::quit() {
    auto r = co_await void_command("QUIT");
    close();
    co_return r;
}

} // namespace netkit::ftp
