#include <netkit/http/engine/client_connection.hpp>
#include <netkit/http/engine/client_target.hpp>
#include <netkit/http/error.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

namespace netkit::http {

result<url_target> split_target(std::string_view url, std::string_view plain_scheme,
                                std::string_view tls_scheme) {
    auto parts = url::try_urlsplit(url);
    if (!parts) {
        return make_error_code(error::unsupported_url);
    }
    const auto scheme = parts->scheme();
    if (scheme != plain_scheme && scheme != tls_scheme) {
        return make_error_code(error::unsupported_url);
    }
    const auto host = parts->hostname();
    const auto port = parts->try_port();
    if (!host || host->empty() || !port) {
        return make_error_code(error::unsupported_url);
    }
    url_target t;
    t.tls = scheme == tls_scheme;
    t.scheme = std::string(scheme);
    t.host = *host;
    const std::uint16_t default_port = t.tls ? 443 : 80;
    t.port = port->value_or(default_port);
    t.request_target = parts->path().empty() ? "/" : std::string(parts->path());
    if (!parts->query().empty()) {
        t.request_target += "?" + std::string(parts->query());
    }
    t.host_header = host_field(t.host, t.port, default_port);
    if (const auto user = parts->username()) {
        const auto password = parts->password();
        t.user_info =
            credentials{url::unquote(*user), password ? url::unquote(*password) : std::string()};
    }
    return t;
}

result<proxy_address> parse_proxy(std::string_view proxy) {
    const std::string proxy_url = proxy.find("://") == std::string_view::npos
                                      ? "http://" + std::string(proxy)
                                      : std::string(proxy);
    auto parts = url::try_urlsplit(proxy_url);
    if (!parts || parts->scheme() != "http") {
        return make_error_code(error::bad_proxy);
    }
    const auto host = parts->hostname();
    const auto port = parts->try_port();
    if (!host || host->empty() || !port) {
        return make_error_code(error::bad_proxy);
    }
    proxy_address out;
    out.host = *host;
    out.port = port->value_or(80);
    if (const auto user = parts->username()) {
        const auto password = parts->password();
        out.authorization =
            basic_authorization({url::unquote(*user), password ? url::unquote(*password) : ""});
    }
    return out;
}

asio::awaitable<result<net::stream>> connect_tunnel(net::stream to_proxy, std::string host,
                                                    std::uint16_t port, std::string authorization,
                                                    std::function<void(std::string_view)> trace) {
    client_connection proxy(std::move(to_proxy));
    proxy.set_trace(std::move(trace));
    request connect;
    connect.method = "CONNECT";
    connect.target = host_field(host, port);
    (void)connect.headers.add("Host", connect.target);
    if (!authorization.empty()) {
        (void)connect.headers.add("Proxy-Authorization", authorization);
    }
    if (auto sent = co_await proxy.send(connect); !sent) {
        co_return sent.error();
    }
    const auto answer = co_await proxy.read_head(true); // a 2xx to CONNECT has no body
    if (!answer) {
        co_return answer.error();
    }
    if (answer->status / 100 != 2) {
        co_return make_error_code(error::proxy_refused);
    }
    co_return std::move(proxy).release();
}

} // namespace netkit::http
