// What an opener returns: Python's addinfourl / HTTPResponse as one type.
// The status and head at once, the body as it is read (never held whole by
// the response itself), whatever the scheme.
//
//     auto r = co_await opener.open(request::request("http://127.0.0.1:8000/"));
//     if (r) {
//         (*r)->status;                      // 200 (0 for file:, data:, ftp:, Python's None)
//         (*r)->headers.get("Content-Type");
//         for (;;) {
//             auto piece = co_await (*r)->read_some();    // empty: the end
//             if (!piece || piece->empty()) break;
//         }
//     }
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/http/fields.hpp>

#include <asio/awaitable.hpp>

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace netkit::request {

/// Where a response's body comes from: a connection, a file, bytes. A
/// reader writes next(); read_into() is there for one that can fill the
/// caller's buffer itself (a socket), skipping a copy.
class body_reader {
public:
    virtual ~body_reader() = default;
    /// The next bytes; an empty view at the end. Valid until the next call.
    asio::awaitable<result<std::string_view>> read_some();
    /// Up to out.size() bytes into `out`; 0 at the end. This one copies
    /// from next(); the two ways may be mixed.
    virtual asio::awaitable<result<std::size_t>> read_into(std::span<char> out);

protected:
    /// The next bytes from the source; an empty view at the end.
    virtual asio::awaitable<result<std::string_view>> next() = 0;

private:
    std::string_view carry_; // what read_into had no room for
};

/// A body held in memory (a data: URL, a rewritten response).
class bytes_reader : public body_reader {
public:
    explicit bytes_reader(std::string bytes) : bytes_(std::move(bytes)) {}
    asio::awaitable<result<std::string_view>> next() override;

private:
    std::string bytes_;
    bool given_ = false;
};

class response {
public:
    response(std::string url, int status, std::string reason, http::fields headers,
             std::unique_ptr<body_reader> body);

    /// The URL that answered (after redirects: the last one).
    std::string url;
    /// The status, 0 where Python's is None (file:, data:, ftp:).
    int status = 0;
    std::string reason;
    http::fields headers;
    /// 11 for HTTP/1.1, 10 for HTTP/1.0 (http.client's version); 0 otherwise.
    int version = 0;
    /// http_error_default made this an HTTPError: what the opener returns
    /// is an error to raise, not a response to use (no later response
    /// hook sees it, as none sees a raised HTTPError in Python).
    bool raised = false;

    /// The next bytes of the body; an empty view at its end (and after
    /// close()). Valid until the next call.
    asio::awaitable<result<std::string_view>> read_some();
    /// Up to out.size() bytes of the body into `out`; 0 at its end (and
    /// after close()).
    asio::awaitable<result<std::size_t>> read_into(std::span<char> out);
    /// Ends reading: a connection not read to its end is closed.
    void close() noexcept { body_.reset(); }
    /// Replaces the body (a handler that rewrites a response).
    void set_body(std::unique_ptr<body_reader> body) { body_ = std::move(body); }

private:
    std::unique_ptr<body_reader> body_;
};

using response_ptr = std::unique_ptr<response>;

/// The rest of the body, whole (a redirect's, before it is followed; a
/// handler that rewrites one).
asio::awaitable<result<std::string>> read_all(response& r);

} // namespace netkit::request
