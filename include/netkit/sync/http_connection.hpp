// http.client for C++: HTTPConnection, HTTPSConnection and their responses,
// blocking, with Python's names.
//
//     netkit::sync::https_connection conn("www.python.org");
//     conn.request("GET", "/");
//     auto r = conn.getresponse();
//     std::cout << r.status << ' ' << r.reason << '\n';   // 200 OK
//     for (const auto& [name, value] : r.getheaders()) ...
//     std::string body = r.read();
//
// As in Python: the connection opens on the first request (and again after
// the server closed it); Host, Accept-Encoding: identity and Content-Length
// are added unless given; a response must be read before the next request.
// Failures throw: sync::socket_error / sync::timeout_error for the network and
// TLS (the message names the host), http_exception for a broken response.
#pragma once

#include <netkit/http/engine/client_connection.hpp>
#include <netkit/net/tls.hpp>
#include <netkit/sync/error.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace asio {
class io_context;
}

namespace netkit::sync {

using header_list = std::vector<std::pair<std::string, std::string>>;

class http_connection;

/// http.client.HTTPResponse: a response read as the caller asks (read(n),
/// readline()) from the connection it arrived on, with Python's names
/// (version as 11 or 10, getheader joining repeated fields): a face of its
/// own, not a message held whole (http::response).
class http_response {
public:
    int status = 0;
    std::string reason;
    int version = 11; ///< 11 for HTTP/1.1, 10 for HTTP/1.0, as http.client says

    /// The field named `name` (case-insensitive), several joined by ", " as
    /// http.client joins them; nullopt when absent.
    std::optional<std::string> getheader(std::string_view name) const;
    std::string getheader(std::string_view name, std::string_view default_value) const;
    /// Every field, in order.
    header_list getheaders() const;

    /// The rest of the body.
    std::string read();
    /// Up to `n` bytes of the body; empty at its end.
    std::string read(std::size_t n);
    /// One line, up to and including its "\n", at most `limit` bytes (0: no
    /// limit); empty at the end of the body.
    std::string readline(std::size_t limit = 0);
    /// The remaining lines; with a `hint`, it stops once the lines returned
    /// reach that many bytes.
    std::vector<std::string> readlines(std::size_t hint = 0);

private:
    friend class http_connection;
    http_connection* connection_ = nullptr;
    http::fields headers_;
    std::string pending_; // body bytes read but not yet returned
    bool done_ = false;
};

class http_connection {
public:
    /// `host` may carry the port ("localhost:8080", "[::1]:8080").
    explicit http_connection(std::string host, std::optional<std::uint16_t> port = std::nullopt,
                             std::chrono::milliseconds timeout = std::chrono::seconds(30));
    http_connection(const http_connection&) = delete;
    http_connection& operator=(const http_connection&) = delete;
    virtual ~http_connection();

    /// Sends a request. No body (nullopt, Python's None) is not the same as
    /// an empty one: POST, PUT and PATCH get Content-Length: 0 either way,
    /// other methods only for an empty body.
    void request(std::string_view method, std::string_view url,
                 std::optional<std::string_view> body = std::nullopt,
                 const header_list& headers = {});
    /// The request request() would send, without sending it.
    http::request prepare(std::string_view method, std::string_view url,
                          std::optional<std::string_view> body = std::nullopt,
                          const header_list& headers = {}) const;
    http_response getresponse();
    void close();

protected:
    http_connection(std::string host, std::optional<std::uint16_t> port,
                    std::chrono::milliseconds timeout, std::uint16_t default_port,
                    std::optional<net::tls_context> tls);

private:
    friend class http_response;
    void connect();
    std::string read_some(); // "" at the end of the body
    std::string where() const;

    std::string host_;
    std::uint16_t port_;
    std::uint16_t default_port_;
    std::chrono::milliseconds timeout_;
    std::optional<net::tls_context> tls_;
    std::unique_ptr<asio::io_context> io_;
    std::unique_ptr<http::client_connection> connection_;
    bool head_request_ = false;
    bool awaiting_response_ = false;
};

class https_connection : public http_connection {
public:
    /// Verification on, against the system's trust store unless `tls` says
    /// otherwise (a CA file; `verify = false` only when asked).
    explicit https_connection(std::string host, std::optional<std::uint16_t> port = std::nullopt,
                              net::tls_client_config tls = {},
                              std::chrono::milliseconds timeout = std::chrono::seconds(30));
};

} // namespace netkit::sync
