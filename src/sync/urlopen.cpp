#include <netkit/sync/urlopen.hpp>

#include "sync/detail/throw_error.hpp"
#include "sync/detail/urllib.hpp"

#include <netkit/core/error.hpp>
#include <netkit/net/run.hpp>
#include <netkit/request/error.hpp>
#include <netkit/request/urllib_helpers.hpp>
#include <netkit/url/error.hpp>

#include <asio/io_context.hpp>

#include <cstring>
#include <exception>
#include <mutex>
#include <utility>

namespace netkit::sync {

namespace {

// What Python raises when an opener fails: URLError with urllib's message
// (the scheme, the file), ValueError for a data: URL that does not parse,
// http.client's exceptions for a broken response, URLError for the network.
// What an error message names of the request (not the request itself: its
// data need not be copied for a message that is seldom made).
struct asked_for {
    std::string type;
    std::string selector;
    std::string url;
};

[[noreturn]] void throw_open_error(const std::error_code& ec, const asked_for& r,
                                   const std::string& detail) {
    if (!detail.empty()) {
        throw url_error(ec, detail); // a handler's own words
    }
    if (ec.category() == netkit::request::error_category()) {
        if (ec == netkit::request::error::unsupported_auth_scheme) {
            throw url::value_error(ec, ec.message()); // Python's ValueError
        }
        if (ec == netkit::request::error::unknown_url_type) {
            throw url_error(ec, "unknown url type: " + r.type);
        }
        throw url_error(ec, ec.message());
    }
    if (ec.category() == std::generic_category()) { // a local file, as OSError prints
        const std::string path = netkit::request::url2pathname(r.selector);
        throw url_error(ec, "[Errno " + std::to_string(ec.value()) + "] " +
                                std::strerror(ec.value()) + ": '" + path + "'");
    }
    if (ec.category() == url::error_category() || ec.category() == core_category()) {
        throw url::value_error(ec, ec.message());
    }
    try {
        detail::throw_error(ec, r.url);
    } catch (...) {
        detail::rethrow_as_urllib_error();
    }
}

std::mutex installed_mutex;
std::shared_ptr<opener> installed; // install_opener's

std::shared_ptr<opener> current_opener() {
    {
        const std::lock_guard lock(installed_mutex);
        if (installed) {
            return installed;
        }
    }
    // Each thread its own default opener (and so its own pool): an opener
    // is used by one thread at a time.
    thread_local std::shared_ptr<opener> default_opener = build_opener();
    return default_opener;
}

} // namespace

url_response::url_response(std::shared_ptr<asio::io_context> io, netkit::request::response_ptr r)
    // The head is taken from the response, which keeps only its body.
    : status(r->status), reason(std::move(r->reason)), url(std::move(r->url)), version(r->version),
      headers(std::move(r->headers)), io_(std::move(io)), body_(std::move(r)) {}

url_response::url_response(url_response&&) noexcept = default;
url_response& url_response::operator=(url_response&&) noexcept = default;

url_response::~url_response() {
    body_.reset(); // its connection goes before the io_context it runs on
}

std::optional<std::string> url_response::getheader(std::string_view name) const {
    const auto all = headers.get_all(name);
    if (all.empty()) {
        return std::nullopt;
    }
    std::string joined;
    for (const auto& value : all) {
        joined += joined.empty() ? "" : ", ";
        joined += value;
    }
    return joined;
}

// The next piece of the body into piece_ (a view into the body reader's own
// buffer, valid until the next read from it: the one copy is the caller's);
// false at the end. A break after some bytes of a call is raised with the
// next call, as Python's read(n) returns what came before it.
bool url_response::next_piece(bool have_bytes) {
    if (deferred_) {
        std::rethrow_exception(std::exchange(deferred_, nullptr));
    }
    if (!body_) {
        return false;
    }
    auto piece = net::run_to_result(*io_, body_->read_some());
    if (!piece) {
        body_.reset();
        try {
            detail::throw_error(piece.error(), url);
        } catch (...) {
            if (!have_bytes) {
                throw;
            }
            deferred_ = std::current_exception();
            return false;
        }
    }
    if (piece->empty()) {
        body_.reset(); // read to its end: the connection is back in the pool
        return false;
    }
    piece_ = *piece;
    return true;
}

std::string url_response::read() {
    return read(std::string::npos);
}

// As http.client's read(n): n bytes, fewer only at the end.
std::string url_response::read(std::size_t n) {
    std::string out;
    while (out.size() < n) {
        if (piece_.empty() && !next_piece(!out.empty())) {
            break;
        }
        const std::size_t take = std::min(n - out.size(), piece_.size());
        if (out.empty() && n != std::string::npos && take < n) {
            out.reserve(n);
        }
        out.append(piece_.substr(0, take));
        piece_.remove_prefix(take);
    }
    return out;
}

std::size_t url_response::readinto(std::span<char> out) {
    if (deferred_) {
        std::rethrow_exception(std::exchange(deferred_, nullptr));
    }
    std::size_t n = std::min(out.size(), piece_.size()); // what read() or readline() left
    if (n > 0) { // (an empty view's data may be null, which memcpy may not get)
        std::memcpy(out.data(), piece_.data(), n);
        piece_.remove_prefix(n);
    }
    while (n < out.size() && body_) {
        auto got = net::run_to_result(*io_, body_->read_into(out.subspan(n)));
        if (!got) {
            body_.reset();
            if (n > 0) { // as read(n): the bytes first, the break with the next call
                try {
                    detail::throw_error(got.error(), url);
                } catch (...) {
                    deferred_ = std::current_exception();
                }
                return n;
            }
            detail::throw_error(got.error(), url);
        }
        if (*got == 0) {
            body_.reset(); // read to its end: the connection is back in the pool
            break;
        }
        n += *got;
    }
    return n;
}

std::string url_response::readline(std::size_t limit) {
    std::string out;
    const std::size_t most = limit == 0 ? std::string::npos : limit;
    while (out.size() < most) {
        if (piece_.empty() && !next_piece(!out.empty())) {
            break;
        }
        const auto newline = piece_.find('\n');
        const std::size_t take = std::min(
            most - out.size(), newline == std::string_view::npos ? piece_.size() : newline + 1);
        out.append(piece_.substr(0, take));
        piece_.remove_prefix(take);
        if (out.back() == '\n') {
            break;
        }
    }
    return out;
}

std::vector<std::string> url_response::readlines(std::size_t hint) {
    std::vector<std::string> out;
    std::size_t total = 0;
    for (std::string line = readline(); !line.empty(); line = readline()) {
        total += line.size();
        out.push_back(std::move(line));
        if (hint != 0 && total >= hint) {
            break;
        }
    }
    return out;
}

void url_response::close() {
    piece_ = {};
    body_.reset();
    deferred_ = nullptr;
}

url_response::line_iterator& url_response::line_iterator::operator++() {
    line_ = response_->readline();
    if (line_.empty()) {
        response_ = nullptr;
    }
    return *this;
}

opener::opener(std::vector<std::shared_ptr<netkit::request::handler>> handlers)
    : io_(std::make_shared<asio::io_context>(1)),
      chain_(netkit::request::build_opener(std::move(handlers))) {}

opener::~opener() {
    // Pooled connections and FTP sessions go before the io_context they run
    // on, even in a handler the caller still holds.
    chain_->close();
    chain_.reset();
}

url_response opener::open(std::string_view url, std::optional<std::string> data,
                          std::optional<std::chrono::milliseconds> timeout) {
    return open(request(url), std::move(data), timeout);
}

url_response opener::open(request r, std::optional<std::string> data,
                          std::optional<std::chrono::milliseconds> timeout) {
    if (data) {
        r.set_data(std::move(data));
    }
    if (timeout) {
        r.timeout = timeout;
    }
    const asked_for asked{r.type(), r.selector(), r.full_url()}; // for a message, should it fail
    auto answer = net::run_to_result(*io_, chain_->open(std::move(r)));
    if (!answer) {
        throw_open_error(answer.error(), asked, chain_->failure_detail());
    }
    const bool raised = (*answer)->raised; // HTTPError, by the default error handler
    url_response out(io_, std::move(*answer));
    if (raised) {
        throw http_error(std::move(out));
    }
    return out;
}

std::shared_ptr<opener>
build_opener(std::vector<std::shared_ptr<netkit::request::handler>> handlers) {
    return std::make_shared<opener>(std::move(handlers));
}

void install_opener(std::shared_ptr<opener> o) {
    const std::lock_guard lock(installed_mutex);
    installed = std::move(o);
}

url_response urlopen(std::string_view url, std::optional<std::string> data,
                     std::optional<std::chrono::milliseconds> timeout) {
    return current_opener()->open(url, std::move(data), timeout);
}

url_response urlopen(request r, std::optional<std::string> data,
                     std::optional<std::chrono::milliseconds> timeout) {
    return current_opener()->open(std::move(r), std::move(data), timeout);
}

} // namespace netkit::sync
