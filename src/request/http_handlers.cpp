#include <netkit/request/http_handlers.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/request/error.hpp>
#include <netkit/request/opener.hpp>

namespace netkit::request {

namespace {

// The body of an HTTP response, read from its connection as asked.
class http_body : public body_reader {
public:
    explicit http_body(http::client_stream stream) : stream_(std::move(stream)) {}
    asio::awaitable<result<std::string_view>> next() override {
        co_return co_await stream_.read_some();
    }
    asio::awaitable<result<std::size_t>> read_into(std::span<char> out) override {
        co_return co_await stream_.read_into(out); // straight from the socket
    }

private:
    http::client_stream stream_;
};

// str.title() for a header name: "content-type" -> "Content-Type".
std::string title(std::string_view name) {
    std::string out(name);
    bool start = true;
    for (char& c : out) {
        c = start ? to_upper(c) : to_lower(c);
        start = !is_alpha(c);
    }
    return out;
}

// The host of "http://host:port/path" (a proxied request's selector).
std::string_view host_of(std::string_view url) {
    const auto slashes = url.find("//");
    if (slashes == std::string_view::npos) {
        return {};
    }
    url.remove_prefix(slashes + 2);
    return url.substr(0, url.find_first_of("/?#"));
}

} // namespace

abstract_http_handler::abstract_http_handler(net::tls_client_config tls) : tls_(std::move(tls)) {
    close();
}

void abstract_http_handler::close() {
    http::client_options options;
    options.follow_redirects = false; // the redirect handler's work
    options.tls = tls_;
    client_ = std::make_unique<http::client>(std::move(options)); // the old pool goes
}

// do_request_: what every HTTP request carries before it is opened.
result<void> abstract_http_handler::process_request(std::string_view, request& r) {
    if (r.host().empty()) {
        return make_error_code(error::no_host_given);
    }
    if (const auto& data = r.data()) {
        if (!r.has_header("Content-type")) {
            r.add_unredirected_header("Content-type", "application/x-www-form-urlencoded");
        }
        if (!r.has_header("Transfer-encoding")) {
            r.add_unredirected_header("Content-length", std::to_string(data->size()));
        }
    }
    if (!r.has_header("Host")) {
        r.add_unredirected_header("Host", std::string(r.has_proxy() ? host_of(r.selector())
                                                                    : std::string_view(r.host())));
    }
    for (const auto& [name, value] : parent().addheaders) {
        if (!r.has_header(name)) {
            r.add_unredirected_header(name, value);
        }
    }
    return {};
}

// do_open: one exchange, its body left on the connection for the reader.
asio::awaitable<result<response_ptr>> abstract_http_handler::open(std::string_view, request& r) {
    if (r.host().empty()) {
        co_return make_error_code(error::no_host_given);
    }
    http::client_request out;
    out.method = r.get_method();
    // The URL asked for (without its fragment): through a proxy, the proxy
    // is where it goes.
    out.url = r.full_url();
    if (!r.fragment().empty()) {
        out.url.resize(out.url.size() - r.fragment().size() - 1);
    }
    if (r.has_proxy() || !r.tunnel_host().empty()) {
        out.proxy = r.host();
    }
    // The unredirected headers win over the others, as in do_open; names
    // are sent title-cased.
    for (const auto& [name, value] : r.unredirected_headers()) {
        if (auto added = out.headers.add(title(name), value); !added) {
            co_return added.error();
        }
    }
    for (const auto& [name, value] : r.headers()) {
        if (!out.headers.contains(name)) {
            if (auto added = out.headers.add(title(name), value); !added) {
                co_return added.error();
            }
        }
    }
    if (!out.headers.contains("Accept-Encoding")) {
        (void)out.headers.add("Accept-Encoding", "identity"); // http.client's putrequest
    }
    if (r.data()) {
        out.body = *r.data();
    }
    if (r.timeout) {
        out.timeout = *r.timeout;
    }
    auto stream = co_await client_->open(std::move(out));
    if (!stream) {
        co_return stream.error();
    }
    auto& head = stream->head(); // taken: the stream keeps only the body
    auto resp = std::make_unique<response>(r.full_url(), head.status, std::move(head.reason),
                                           std::move(head.headers), nullptr);
    resp->version = 10 * head.version_major + head.version_minor; // 11, or 20 over HTTP/2
    resp->set_body(std::make_unique<http_body>(std::move(*stream)));
    co_return std::move(resp);
}

asio::awaitable<result<response_ptr>>
http_error_processor::process_response(std::string_view, request& r, response_ptr resp) {
    if (resp->status >= 200 && resp->status < 300) {
        co_return std::move(resp);
    }
    co_return co_await parent().error(r, std::move(resp));
}

asio::awaitable<result<response_ptr>> http_default_error_handler::http_error(int, request&,
                                                                             response_ptr& resp) {
    resp->raised = true;
    co_return std::move(resp);
}

} // namespace netkit::request
