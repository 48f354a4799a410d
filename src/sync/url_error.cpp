#include <netkit/sync/url_error.hpp>

#include <netkit/http/status.hpp>

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

std::string status_line(const http::client_response& r) {
    return "HTTP Error " + std::to_string(r.status) + ": " +
           (r.reason.empty() ? std::string(http::reason_phrase(r.status)) : r.reason);
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

http_error::http_error(http::client_response r)
    : url_error(url_error_code::http_status, status_line(r), status_line(r)),
      response_(std::move(r)) {}

} // namespace netkit::sync
