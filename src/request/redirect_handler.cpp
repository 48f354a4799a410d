#include <netkit/request/redirect_handler.hpp>

#include <netkit/request/opener.hpp>
#include <netkit/url/join.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

namespace netkit::request {

namespace {

// Python's string.punctuation: what quote() leaves alone in a Location.
constexpr std::string_view punctuation = R"(!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~)";

constexpr std::string_view infinite_loop =
    "The HTTP server returned a redirect error that would lead to an infinite loop.\n"
    "The last 30x error message was:\n";

// Raises the 30x itself, as Python's HTTPError(url, code, msg, headers, fp).
response_ptr raise(response_ptr resp, std::string url, std::string reason) {
    resp->raised = true;
    resp->url = std::move(url);
    resp->reason = std::move(reason);
    return resp;
}

} // namespace

std::optional<request> http_redirect_handler::redirect_request(const request& r, int code,
                                                               const std::string& new_url) {
    const std::string method = r.get_method();
    const bool any = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    const bool to_get = code == 301 || code == 302 || code == 303;
    if (!((any && (method == "GET" || method == "HEAD")) || (to_get && method == "POST"))) {
        return std::nullopt;
    }
    std::string target = new_url;
    for (auto at = target.find(' '); at != std::string::npos; at = target.find(' ', at)) {
        target.replace(at, 1, "%20");
    }
    header_pairs kept;
    for (const auto& [name, value] : r.headers()) {
        if (name != "Content-length" && name != "Content-type") {
            kept.emplace_back(name, value);
        }
    }
    return request(target, std::nullopt, kept, r.origin_req_host(), true,
                   method == "HEAD" ? "HEAD" : "GET");
}

asio::awaitable<result<response_ptr>> http_redirect_handler::http_error(int code, request& r,
                                                                        response_ptr& resp) {
    auto location = resp->headers.get("Location");
    if (!location) {
        location = resp->headers.get("URI");
    }
    if (!location) {
        co_return response_ptr(); // nothing to follow: the default handler raises it
    }
    std::string new_url(*location);
    auto parts = url::try_urlparse(new_url);
    if (!parts) {
        co_return parts.error();
    }
    const std::string_view scheme = parts->scheme();
    if (scheme != "http" && scheme != "https" && scheme != "ftp" && !scheme.empty()) {
        std::string reason =
            resp->reason + " - Redirection to url '" + new_url + "' is not allowed";
        co_return raise(std::move(resp), new_url, std::move(reason));
    }
    const std::string_view path =
        parts->path().empty() && !parts->netloc().empty() ? "/" : parts->path();
    new_url = url::urlunparse(scheme, parts->netloc(), path, parts->params(), parts->query(),
                              parts->fragment());
    new_url = url::quote_from_bytes(new_url, punctuation);
    auto joined = url::try_urljoin(r.full_url(), new_url);
    if (!joined) {
        co_return joined.error();
    }
    new_url = std::move(*joined);

    auto next = redirect_request(r, code, new_url);
    if (!next) {
        std::string reason = resp->reason;
        co_return raise(std::move(resp), r.full_url(), std::move(reason));
    }
    std::map<std::string, int> visited = r.redirect_dict;
    if (!visited.empty()) {
        const auto seen = visited.find(new_url);
        if ((seen != visited.end() && seen->second >= max_repeats) ||
            static_cast<int>(visited.size()) >= max_redirections) {
            std::string reason = std::string(infinite_loop) + resp->reason;
            co_return raise(std::move(resp), r.full_url(), std::move(reason));
        }
    }
    ++visited[new_url];
    next->redirect_dict = visited;
    r.redirect_dict = std::move(visited);
    next->timeout = r.timeout;
    // Read to its end, the connection can carry the next request.
    if (auto drained = co_await read_all(*resp); !drained) {
        co_return drained.error();
    }
    resp.reset();
    co_return co_await parent().open(std::move(*next));
}

} // namespace netkit::request
