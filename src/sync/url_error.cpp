#include <netkit/sync/url_error.hpp>

#include <netkit/http/status.hpp>
#include <netkit/sync/urlopen.hpp>

#include <mutex>
#include <optional>

namespace netkit::sync {

namespace {

class url_error_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.urllib"; }
    std::string message(int value) const override {
        switch (static_cast<url_error_code>(value)) {
        case url_error_code::http_status: return "the server answered with an error status";
        case url_error_code::content_too_short: return "the body ended before its Content-Length";
        }
        return "unknown netkit.urllib error";
    }
};

std::string status_line(int status, std::string_view reason) {
    return "HTTP Error " + std::to_string(status) + ": " +
           std::string(reason.empty() ? http::reason_phrase(status) : reason);
}

} // namespace

const std::error_category& url_error_category() noexcept {
    static const url_error_category_impl instance;
    return instance;
}

url_error::url_error(std::error_code reason, std::string detail)
    : url_error(reason, detail, "<urlopen error " + detail + ">") {}

url_error::url_error(std::error_code reason, std::string detail, std::string what)
    : socket_error(reason, detail), what_(std::move(what)) {}

struct http_error::state {
    int status = 0;
    std::string reason;
    http::fields headers;
    std::string url;
    std::optional<url_response> stream; // the body still to read
    std::string body;
    std::mutex reading;
};

http_error::http_error(url_response r)
    : url_error(url_error_code::http_status, status_line(r.status, r.reason),
                status_line(r.status, r.reason)),
      state_(std::make_shared<state>()) {
    state_->status = r.status;
    state_->reason = r.reason;
    state_->headers = r.headers;
    state_->url = r.url;
    state_->stream.emplace(std::move(r));
}

int http_error::code() const noexcept {
    return state_->status;
}

const std::string& http_error::reason() const noexcept {
    return state_->reason;
}

const http::fields& http_error::headers() const noexcept {
    return state_->headers;
}

const std::string& http_error::url() const noexcept {
    return state_->url;
}

const std::string& http_error::body() const {
    const std::lock_guard lock(state_->reading);
    if (state_->stream) {
        try {
            state_->body = state_->stream->read();
        } catch (const std::exception&) {
            // A body that breaks off reads as empty: the error was the status.
        }
        state_->stream.reset();
    }
    return state_->body;
}

} // namespace netkit::sync
