// urllib.request for C++, blocking: urlopen, Request, build_opener,
// install_opener. Every scheme (http, https, file, data), Python's handler
// chain underneath (request/opener.hpp), and a response that streams.
//
//     auto r = netkit::sync::urlopen("http://127.0.0.1:8000/page.html");
//     r.status;                         // 200 (getcode())
//     r.info().get("Content-Type");     // the headers
//     std::string all = r.read();       // or read(65536), readline(), for (auto& line : r)
//
//     netkit::sync::request post("http://127.0.0.1:8000/api", R"({"a":1})");
//     post.add_header("Content-Type", "application/json");
//     auto answer = netkit::sync::urlopen(post);
//
//     auto o = netkit::sync::build_opener(
//         {std::make_shared<netkit::request::http_cookie_processor>()});
//     o->open("http://127.0.0.1:8000/login").read();
//
// As Python's: redirects followed (HTTPRedirectHandler's rules), the
// environment's proxies used, data makes the request a POST. Failures
// throw urllib.error's types (url_error.hpp): http_error for a status the
// handlers did not take (a 404; its body read on demand), url_error when
// there was no response (refused, not resolved, certificate, time limit,
// unknown scheme, missing file); a data: URL that does not parse throws
// url::value_error (Python's ValueError), a response that breaks HTTP
// http_exception. The body is never held whole by the response: read(n)
// takes n bytes from the connection as it goes, and a connection read to
// its end returns to the opener's pool for the next request.
#pragma once

#include <netkit/http/fields.hpp>
#include <netkit/request/handler.hpp>
#include <netkit/request/opener.hpp>
#include <netkit/request/request.hpp>
#include <netkit/request/response.hpp>
#include <netkit/sync/url_error.hpp>

#include <chrono>
#include <cstddef>
#include <exception>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace asio {
class io_context;
}

namespace netkit::sync {

/// urllib.request.Request.
using request = netkit::request::request;

/// What urlopen returns: http.client.HTTPResponse for http(s), addinfourl
/// for the other schemes, as one blocking type.
class url_response {
public:
    url_response(std::shared_ptr<asio::io_context> io, netkit::request::response_ptr r);
    url_response(url_response&&) noexcept;
    url_response& operator=(url_response&&) noexcept;
    ~url_response();

    int status = 0;     ///< 0 where Python's is None (file:, data:)
    std::string reason; ///< the reason phrase (Python's reason and msg)
    std::string url;    ///< the URL that answered, after redirects
    int version = 0;    ///< 11, 10 for HTTP; 0 otherwise
    http::fields headers;

    int getcode() const noexcept { return status; }
    const std::string& geturl() const noexcept { return url; }
    const http::fields& info() const noexcept { return headers; }
    /// A field (repeated ones joined by ", ", as http.client's getheader).
    std::optional<std::string> getheader(std::string_view name) const;

    /// The rest of the body.
    std::string read();
    /// `n` bytes, fewer only at the end of the body (empty there).
    std::string read(std::size_t n);
    /// http.client's readinto: up to out.size() bytes into `out` (fewer
    /// only at the end; 0 there). A buffer used again and again makes the
    /// fastest loop: the bytes come from the socket straight into it.
    std::size_t readinto(std::span<char> out);
    /// One line with its "\n" (at most `limit` bytes, 0: no limit); empty at the end.
    std::string readline(std::size_t limit = 0);
    /// The remaining lines; with a `hint`, it stops once they reach that many bytes.
    std::vector<std::string> readlines(std::size_t hint = 0);
    /// Stops reading: a connection not read to its end is closed, not pooled.
    void close();
    bool closed() const noexcept { return !body_; }

    /// for (const std::string& line : response): the lines, as Python iterates.
    class line_iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = std::string;
        using difference_type = std::ptrdiff_t;
        using pointer = const std::string*;
        using reference = const std::string&;
        line_iterator() = default;
        explicit line_iterator(url_response* r) : response_(r) { ++*this; }
        reference operator*() const { return line_; }
        line_iterator& operator++();
        void operator++(int) { ++*this; }
        bool operator==(const line_iterator& other) const { return response_ == other.response_; }

    private:
        url_response* response_ = nullptr;
        std::string line_;
    };
    line_iterator begin() { return line_iterator(this); }
    line_iterator end() { return {}; }

private:
    bool next_piece(bool have_bytes); // false at the end

    std::shared_ptr<asio::io_context> io_; // outlives the body's connection
    netkit::request::response_ptr body_;
    std::string_view piece_;      // unread bytes of the body reader's last piece
    std::exception_ptr deferred_; // a break, raised after the bytes before it
};

/// OpenerDirector, blocking: its handlers' I/O runs on an io_context of its
/// own. One opener is used by one thread at a time.
class opener {
public:
    /// build_opener's defaults, less the kinds `handlers` replace, then `handlers`.
    explicit opener(std::vector<std::shared_ptr<netkit::request::handler>> handlers = {});
    opener(const opener&) = delete;
    opener& operator=(const opener&) = delete;
    ~opener();

    url_response open(std::string_view url, std::optional<std::string> data = std::nullopt,
                      std::optional<std::chrono::milliseconds> timeout = std::nullopt);
    url_response open(request r, std::optional<std::string> data = std::nullopt,
                      std::optional<std::chrono::milliseconds> timeout = std::nullopt);

    /// The handler chain (add_handler, addheaders).
    netkit::request::opener& chain() noexcept { return *chain_; }

private:
    std::shared_ptr<asio::io_context> io_;
    std::shared_ptr<netkit::request::opener> chain_;
};

std::shared_ptr<opener>
build_opener(std::vector<std::shared_ptr<netkit::request::handler>> handlers = {});
/// The opener urlopen uses from now on, in every thread (nullptr: back to
/// the default, which each thread has its own of).
void install_opener(std::shared_ptr<opener> o);

/// Opens `url` (POST `data` when given) with the installed opener.
url_response urlopen(std::string_view url, std::optional<std::string> data = std::nullopt,
                     std::optional<std::chrono::milliseconds> timeout = std::nullopt);
url_response urlopen(request r, std::optional<std::string> data = std::nullopt,
                     std::optional<std::chrono::milliseconds> timeout = std::nullopt);

} // namespace netkit::sync
