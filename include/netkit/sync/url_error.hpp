// urllib.error for C++: what urlopen raises, in Python's hierarchy.
//
//     try { netkit::sync::urlopen(url); }
//     catch (const netkit::sync::http_error& e) {    // HTTPError: a response with status >= 400
//         e.code(); e.reason(); e.headers(); e.body();
//     } catch (const netkit::sync::url_error& e) {   // URLError: no response at all
//         if (e.reason() == netkit::condition::timed_out) retry();
//         std::cerr << e.what();   // "<urlopen error http://h/: Connection refused>"
//     }
//
// As in Python, url_error is an OSError (sync::socket_error, whose code() is
// the reason), and http_error is a url_error. Python gives the two `reason`s
// different meanings, and so does this: url_error::reason() is the
// underlying error (compare it with netkit::condition or std::errc: resolve,
// refused, certificate, timed out), http_error::reason() the reason phrase;
// http_error::code() is the status.
#pragma once

#include <netkit/http/fields.hpp>
#include <netkit/sync/error.hpp>

#include <memory>
#include <string>
#include <system_error>

namespace netkit::sync {

/// The codes a url_error carries when no lower layer failed.
enum class url_error_code {
    http_status = 1,   ///< the server answered with a status of 400 or more
    content_too_short, ///< the body ended before its Content-Length
};
const std::error_category& url_error_category() noexcept;
inline std::error_code make_error_code(url_error_code e) noexcept {
    return {static_cast<int>(e), url_error_category()};
}

/// urllib.error.URLError: urlopen got no response (name not resolved,
/// connection refused, certificate not trusted, timed out, ...).
class url_error : public socket_error {
public:
    /// `detail` names what failed and why ("http://h/: Connection refused").
    url_error(std::error_code reason, std::string detail);
    /// The underlying error.
    std::error_code reason() const noexcept { return code(); }
    /// "<urlopen error DETAIL>", as Python prints a URLError.
    const char* what() const noexcept override { return what_.c_str(); }

protected:
    url_error(std::error_code reason, std::string detail, std::string what);

private:
    std::string what_;
};

class url_response;

/// urllib.error.HTTPError: a status the handlers did not take (a 404, a
/// redirect that may not be followed). It is a url_error and also the
/// response: status, reason phrase, headers, URL, and the body, read from
/// the connection on first use.
class http_error : public url_error {
public:
    explicit http_error(url_response r);
    /// The status (HTTPError.code; hides socket_error's code()).
    int code() const noexcept;
    int getcode() const noexcept { return code(); }
    /// The reason phrase (HTTPError.reason; hides url_error's reason()).
    const std::string& reason() const noexcept;
    const http::fields& headers() const noexcept;
    const http::fields& info() const noexcept { return headers(); }
    const std::string& url() const noexcept;
    const std::string& geturl() const noexcept { return url(); }
    /// The body, whole (read on the first call; empty if it cannot be read).
    const std::string& body() const;
    std::string read() const { return body(); }

private:
    struct state;
    std::shared_ptr<state> state_; // shared: exceptions are copied
};

} // namespace netkit::sync

template <> struct std::is_error_code_enum<netkit::sync::url_error_code> : std::true_type {};
