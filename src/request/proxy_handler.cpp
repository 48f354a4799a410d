#include <netkit/request/proxy_handler.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/core/base64.hpp>
#include <netkit/request/opener.hpp>
#include <netkit/request/urllib_helpers.hpp>
#include <netkit/url/error.hpp>
#include <netkit/url/quote.hpp>

#include <optional>

namespace netkit::request {

namespace {

struct proxy_parts {
    std::string type; // empty: the request's own
    std::optional<std::string> user;
    std::optional<std::string> password;
    std::string hostport;
};

// urllib's _parse_proxy: "type://user:password@host:port/" or "host:port".
result<proxy_parts> parse_proxy(std::string_view proxy) {
    proxy_parts out;
    std::string_view authority = proxy;
    const auto colon = proxy.find_first_of(":/");
    if (colon != std::string_view::npos && colon > 0 && proxy[colon] == ':' &&
        proxy.substr(colon + 1).starts_with("/")) {
        const std::string_view rest = proxy.substr(colon + 1);
        if (!rest.starts_with("//")) {
            return make_error_code(url::error::bad_host); // "proxy URL with no authority"
        }
        out.type = lower_copy(proxy.substr(0, colon));
        const auto end = rest.find('/', 2);
        authority = rest.substr(2, end == std::string_view::npos ? end : end - 2);
    }
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        const std::string_view userinfo = authority.substr(0, at);
        const auto split = userinfo.find(':');
        out.user = std::string(userinfo.substr(0, split));
        if (split != std::string_view::npos) {
            out.password = std::string(userinfo.substr(split + 1));
        }
        authority = authority.substr(at + 1);
    }
    out.hostport = std::string(authority);
    return out;
}

} // namespace

proxy_handler::proxy_handler() : proxy_handler(getproxies()) {}

proxy_handler::proxy_handler(std::map<std::string, std::string> proxies) {
    for (auto& [type, url] : proxies) {
        proxies_[lower_copy(type)] = std::move(url);
    }
}

std::vector<std::string> proxy_handler::hooks() const {
    std::vector<std::string> out;
    for (const auto& [type, url] : proxies_) {
        out.push_back(type + "_open");
    }
    return out;
}

// ProxyHandler.proxy_open.
asio::awaitable<result<response_ptr>> proxy_handler::open(std::string_view protocol, request& r) {
    const auto found = proxies_.find(std::string(protocol));
    if (found == proxies_.end()) {
        co_return response_ptr();
    }
    const std::string original_type = r.type();
    auto proxy = parse_proxy(found->second);
    if (!proxy) {
        co_return proxy.error();
    }
    const std::string proxy_type = proxy->type.empty() ? original_type : proxy->type;
    if (!r.host().empty() && proxy_bypass(r.host())) {
        co_return response_ptr();
    }
    if (proxy->user && proxy->password) {
        const std::string pair = url::unquote(*proxy->user) + ":" + url::unquote(*proxy->password);
        r.add_header("Proxy-authorization", "Basic " + base64_encode(pair));
    }
    r.set_proxy(url::unquote(proxy->hostport), proxy_type);
    if (original_type == proxy_type || original_type == "https") {
        co_return response_ptr(); // the request's own handler opens it, through the proxy
    }
    co_return co_await parent().open(r); // as a request of the proxy's type
}

} // namespace netkit::request
