#include <netkit/sync/http_connection.hpp>

#include "sync/detail/throw_error.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/net/connect.hpp>
#include <netkit/net/endpoint.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/run.hpp>
#include <netkit/sync/error.hpp>

#include <asio/io_context.hpp>

namespace netkit::sync {
namespace {

// The engine's coroutines run to completion on the connection's own
// io_context: how this blocking face is built on the coroutine face.
template <class T> result<T> run(asio::io_context& io, asio::awaitable<result<T>> op) {
    return net::run_to_result(io, std::move(op));
}

bool sends_body(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH";
}

} // namespace

std::optional<std::string> http_response::getheader(std::string_view name) const {
    // As http.client: several fields of one name come back joined by ", ".
    const auto values = headers_.get_all(name);
    if (values.empty()) {
        return std::nullopt;
    }
    std::string joined(values.front());
    for (std::size_t i = 1; i < values.size(); ++i) {
        joined += ", ";
        joined += values[i];
    }
    return joined;
}

std::string http_response::getheader(std::string_view name, std::string_view default_value) const {
    return getheader(name).value_or(std::string(default_value));
}

header_list http_response::getheaders() const {
    header_list out;
    for (const auto& f : headers_) {
        out.emplace_back(f.name, f.value);
    }
    return out;
}

std::string http_response::read() {
    std::string out = std::move(pending_);
    pending_.clear();
    while (!done_) {
        auto piece = connection_->read_some();
        if (piece.empty()) {
            done_ = true;
            break;
        }
        out += piece;
    }
    return out;
}

std::string http_response::read(std::size_t n) {
    while (pending_.size() < n && !done_) {
        auto piece = connection_->read_some();
        if (piece.empty()) {
            done_ = true;
            break;
        }
        pending_ += piece;
    }
    std::string out = pending_.substr(0, n);
    pending_.erase(0, out.size());
    return out;
}

std::string http_response::readline(std::size_t limit) {
    for (;;) {
        auto end = pending_.find('\n');
        if (end != std::string::npos || done_ || (limit > 0 && pending_.size() >= limit)) {
            std::size_t take = end == std::string::npos ? pending_.size() : end + 1;
            if (limit > 0) {
                take = std::min(take, limit);
            }
            std::string line = pending_.substr(0, take);
            pending_.erase(0, take);
            return line;
        }
        auto piece = connection_->read_some();
        if (piece.empty()) {
            done_ = true;
        }
        pending_ += piece;
    }
}

std::vector<std::string> http_response::readlines(std::size_t hint) {
    std::vector<std::string> lines;
    std::size_t total = 0;
    for (auto line = readline(); !line.empty(); line = readline()) {
        total += line.size();
        lines.push_back(std::move(line));
        if (hint > 0 && total >= hint) {
            break;
        }
    }
    return lines;
}

http_connection::http_connection(std::string host, std::optional<std::uint16_t> port,
                                 std::chrono::milliseconds timeout)
    : http_connection(std::move(host), port, timeout, 80, std::nullopt) {}

http_connection::http_connection(std::string host, std::optional<std::uint16_t> port,
                                 std::chrono::milliseconds timeout, std::uint16_t default_port,
                                 std::optional<net::tls_context> tls)
    : default_port_(default_port), timeout_(timeout), tls_(std::move(tls)),
      io_(std::make_unique<asio::io_context>(1)) {
    // As http.client: "host:port" in the host, unless the port is given.
    auto parsed = net::parse_endpoint(host, port.value_or(default_port));
    if (!parsed || parsed->is_unix()) {
        throw std::invalid_argument("bad host '" + host + "'" +
                                    (parsed ? std::string() : ": " + parsed.error().message()));
    }
    host_ = parsed->host;
    port_ = port.value_or(parsed->port);
}

http_connection::~http_connection() = default;

std::string http_connection::where() const {
    return std::string(tls_ ? "https://" : "http://") + http::host_field(host_, port_);
}

void http_connection::connect() {
    net::connect_options options;
    options.timeout = timeout_;
    options.tls = tls_;
    auto s = run(*io_, net::connect(net::endpoint(host_, port_), std::move(options)));
    if (!s) {
        detail::throw_error(s.error(), "cannot connect to " + where());
    }
    s->set_timeout(timeout_);
    connection_ = std::make_unique<http::client_connection>(std::move(*s));
}

void http_connection::close() {
    connection_.reset();
    awaiting_response_ = false;
}

http::request http_connection::prepare(std::string_view method, std::string_view url,
                                       std::optional<std::string_view> body,
                                       const header_list& headers) const {
    // http.client's order: the request line, Host and Accept-Encoding (unless
    // given), Content-Length (unless the caller frames the body), then the
    // caller's fields.
    http::request r;
    r.method = std::string(method);
    r.target = std::string(url);
    auto given = [&](std::string_view name) {
        for (const auto& [n, v] : headers) {
            if (iequals(n, name))
                return true;
        }
        return false;
    };
    if (!given("Host")) {
        (void)r.headers.add("Host", http::host_field(host_, port_, default_port_));
    }
    if (!given("Accept-Encoding")) {
        (void)r.headers.add("Accept-Encoding", "identity");
    }
    if (!given("Content-Length") && !given("Transfer-Encoding")) {
        // None: a length only for the methods that expect a body; text: its length.
        if (body) {
            (void)r.headers.add("Content-Length", std::to_string(body->size()));
        } else if (sends_body(method)) {
            (void)r.headers.add("Content-Length", "0");
        }
    }
    for (const auto& [name, value] : headers) {
        if (auto added = r.headers.add(name, value); !added) {
            throw std::invalid_argument("bad header '" + name + "': " + added.error().message());
        }
    }
    if (body) {
        r.body = std::string(*body);
    }
    return r;
}

void http_connection::request(std::string_view method, std::string_view url,
                              std::optional<std::string_view> body, const header_list& headers) {
    auto r = prepare(method, url, body, headers);
    if (!connection_ || !connection_->reusable()) {
        connect();
    }
    head_request_ = method == "HEAD";
    auto sent = run(*io_, connection_->send(r));
    if (!sent) {
        connection_.reset();
        detail::throw_error(sent.error(), "cannot send the request to " + where());
    }
    awaiting_response_ = true;
}

http_response http_connection::getresponse() {
    if (!awaiting_response_ || !connection_) {
        throw std::logic_error("getresponse() without a request (http.client's ResponseNotReady)");
    }
    awaiting_response_ = false;
    auto head = run(*io_, connection_->read_head(head_request_));
    if (!head) {
        connection_.reset();
        detail::throw_error(head.error(), "no valid response from " + where());
    }
    http_response r;
    r.connection_ = this;
    r.status = head->status;
    r.reason = head->reason;
    r.version = 10 + head->version_minor;
    r.headers_ = std::move(head->headers);
    return r;
}

std::string http_connection::read_some() {
    if (!connection_) {
        return {};
    }
    auto piece = run(*io_, connection_->read_body_some());
    if (!piece) {
        connection_.reset();
        detail::throw_error(piece.error(), "the response body from " + where() + " broke off");
    }
    std::string out(*piece);
    if (out.empty() && !connection_->reusable()) {
        connection_.reset(); // the server ends it: the next request reconnects
    }
    return out;
}

https_connection::https_connection(std::string host, std::optional<std::uint16_t> port,
                                   net::tls_client_config tls, std::chrono::milliseconds timeout)
    : http_connection(std::move(host), port, timeout, 443, net::tls_context::client(tls).value()) {}

} // namespace netkit::sync
