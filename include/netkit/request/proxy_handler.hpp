// urllib's ProxyHandler (order 100): sends requests of each scheme it has a
// proxy for through that proxy, unless no_proxy lets their host go direct.
//
//     request::proxy_handler env;                                  // getproxies()
//     request::proxy_handler some({{"http", "http://user:pw@127.0.0.1:3128"}});
//     request::proxy_handler none(std::map<std::string, std::string>{});   // no proxies
//
// As Python's: a proxy URL's user and password become a Basic
// Proxy-authorization header; an http request through an http proxy is
// sent to it whole (absolute form), an https one through a CONNECT tunnel
// (the proxy's credentials go with the CONNECT only); a proxy of another
// type than the request's opens the request again as that type.
#pragma once

#include <netkit/request/handler.hpp>

#include <map>
#include <string>

namespace netkit::request {

class proxy_handler : public handler {
public:
    /// The environment's proxies (getproxies()).
    proxy_handler();
    /// {scheme: proxy URL}; an empty map uses none.
    explicit proxy_handler(std::map<std::string, std::string> proxies);

    int handler_order() const override { return 100; }
    std::vector<std::string> hooks() const override;
    asio::awaitable<result<response_ptr>> open(std::string_view protocol, request& r) override;

    const std::map<std::string, std::string>& proxies() const noexcept { return proxies_; }

private:
    std::map<std::string, std::string> proxies_; // by lower-case scheme
};

} // namespace netkit::request
