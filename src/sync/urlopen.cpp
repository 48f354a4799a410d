#include <netkit/sync/urlopen.hpp>

#include <netkit/http/status.hpp>
#include <netkit/sync/client.hpp>

namespace netkit::sync {

http_error::http_error(http::client_response r)
    : std::runtime_error(
          "HTTP Error " + std::to_string(r.status) + ": " +
          (r.reason.empty() ? std::string(http::reason_phrase(r.status)) : r.reason)),
      response_(std::move(r)) {}

http::client_response urlopen(const std::string& url, std::optional<std::string> data,
                              std::chrono::milliseconds timeout,
                              std::shared_ptr<cookie::jar> cookies) {
    http::client_options options;
    options.cookies = std::move(cookies);
    options.connect_timeout = timeout;
    options.read_timeout = timeout;
    options.proxies = http::proxy_settings::from_environment();
    (void)options.default_headers.set("User-Agent", "netkit-urllib");
    client web(options);
    // urllib's default type for data it did not type.
    auto r =
        data ? web.post(url, std::move(*data), "application/x-www-form-urlencoded") : web.get(url);
    if (r.status >= 400) {
        throw http_error(std::move(r));
    }
    return r;
}

} // namespace netkit::sync
