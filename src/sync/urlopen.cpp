#include <netkit/sync/urlopen.hpp>

#include <netkit/sync/client.hpp>

#include "sync/detail/urllib.hpp"

namespace netkit::sync {

http::client_response urlopen(const std::string& url, std::optional<std::string> data,
                              std::chrono::milliseconds timeout,
                              std::shared_ptr<cookie::jar> cookies) {
    http::client_options options = detail::urllib_options();
    options.cookies = std::move(cookies);
    options.connect_timeout = timeout;
    options.read_timeout = timeout;
    client web(options);
    // urllib's default type for data it did not type.
    http::client_response r;
    try {
        r = data ? web.post(url, std::move(*data), "application/x-www-form-urlencoded")
                 : web.get(url);
    } catch (...) {
        detail::rethrow_as_urllib_error();
    }
    if (r.status >= 400) {
        throw http_error(std::move(r));
    }
    return r;
}

} // namespace netkit::sync
