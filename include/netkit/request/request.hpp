// urllib.request.Request for C++: what an opener opens. A URL, data (a POST
// when there is some), headers, and what the cookie and redirect handlers
// need to know about where the request came from.
//
//     netkit::request::request r("http://127.0.0.1:8000/api", R"({"a":1})");
//     r.add_header("Content-Type", "application/json");   // kept as "Content-type"
//     r.get_method();          // "POST"
//     r.host();                // "127.0.0.1:8000"
//     r.selector();            // "/api"
//
// Header names are kept as Python keeps them, capitalized ("Content-type",
// "User-agent"), and sent title-cased ("Content-Type"). One difference from
// Python, on purpose: has_header, get_header and remove_header find a name
// in any case ("Content-Type" finds "Content-type"), where Python finds
// only the capitalized spelling.
#pragma once

#include <netkit/cookie/cookiejar.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netkit::request {

using header_pairs = std::vector<std::pair<std::string, std::string>>;

class request : public cookie::cookiejar::request_like {
public:
    /// `url` must have a scheme ("http:", "file:", "data:", ...); without
    /// one it throws std::invalid_argument ("unknown url type: 'x'", as
    /// Python's ValueError). A fragment is kept apart from the URL sent.
    explicit request(std::string_view url, std::optional<std::string> data = std::nullopt,
                     const header_pairs& headers = {},
                     std::optional<std::string> origin_req_host = std::nullopt,
                     bool unverifiable = false, std::optional<std::string> method = std::nullopt);

    /// The URL as given, fragment included; set_full_url parses it again.
    std::string full_url() const;
    void set_full_url(std::string_view url);
    /// The scheme, lower case ("http"); after set_proxy, the proxy's.
    const std::string& type() const noexcept { return type_; }
    /// "host[:port]" as in the URL (percent-decoded); after set_proxy, the proxy.
    const std::string& host() const noexcept { return host_; }
    /// The path and query sent ("/a?b"); the whole URL when sent to a proxy.
    const std::string& selector() const noexcept { return selector_; }
    const std::string& fragment() const noexcept { return fragment_; }

    const std::optional<std::string>& data() const noexcept { return data_; }
    /// New data drops a Content-length set for the old, as Python does.
    void set_data(std::optional<std::string> data);
    /// The method given, or POST when there is data, or GET.
    std::string get_method() const;
    const std::optional<std::string>& method() const noexcept { return method_; }
    void set_method(std::optional<std::string> method) { method_ = std::move(method); }

    void add_header(std::string_view name, std::string value);
    /// A header for this request only: not copied to where it is redirected.
    void add_unredirected_header(std::string name, std::string value) override;
    bool has_header(std::string_view name) const override;
    std::optional<std::string> get_header(std::string_view name) const override;
    std::string get_header(std::string_view name, std::string_view default_value) const;
    void remove_header(std::string_view name);
    /// The unredirected headers, then the others (which win), in order.
    header_pairs header_items() const;
    const header_pairs& headers() const noexcept { return headers_; }
    const header_pairs& unredirected_headers() const noexcept { return unredirected_; }

    std::string get_full_url() const override { return full_url(); }
    std::string origin_req_host() const override { return origin_req_host_; }
    bool unverifiable() const override { return unverifiable_; }

    /// Sends it through the proxy "host:port" of scheme `proxy_type`: an
    /// https request goes through a tunnel to its own host, any other
    /// becomes a request of the proxy's type for the whole URL.
    void set_proxy(std::string host, std::string proxy_type);
    bool has_proxy() const noexcept { return selector_ == url_; }
    /// The origin an https request tunnels to through a proxy, else empty.
    const std::string& tunnel_host() const noexcept { return tunnel_host_; }

    /// The time limit for each step of opening and reading (nullopt: the
    /// handler's own).
    std::optional<std::chrono::milliseconds> timeout;
    /// The URLs a redirect handler has followed to get here, with counts.
    std::map<std::string, int> redirect_dict;

private:
    void parse();

    std::string url_; // without the fragment
    std::string fragment_;
    std::string type_;
    std::string host_;
    std::string selector_;
    std::string tunnel_host_;
    std::optional<std::string> data_;
    std::optional<std::string> method_;
    std::string origin_req_host_;
    bool unverifiable_ = false;
    header_pairs headers_;
    header_pairs unredirected_;
};

/// http.cookiejar's request_host: the URL's host (or its Host header)
/// without the port, lower case.
std::string request_host(const request& r);

} // namespace netkit::request
