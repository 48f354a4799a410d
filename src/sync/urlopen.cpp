#include <netkit/sync/urlopen.hpp>

#include <netkit/sync/client.hpp>

namespace netkit::sync {

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
    http::client_response r;
    try {
        r = data ? web.post(url, std::move(*data), "application/x-www-form-urlencoded")
                 : web.get(url);
    } catch (const http_exception&) {
        throw; // a broken response: http.client's exception, as in Python
    } catch (const socket_error& e) {
        throw url_error(e.code(), e.what()); // no response: URLError
    }
    if (r.status >= 400) {
        throw http_error(std::move(r));
    }
    return r;
}

} // namespace netkit::sync
