#include <netkit/xmlrpc/engine/client.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/core/base64.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/xmlrpc/error.hpp>

#include "xmlrpc/engine/detail/gzip.hpp"

#include <stdexcept>

namespace netkit::xmlrpc {

namespace {

constexpr std::string_view user_agent = "netkit-xmlrpc";

} // namespace

namespace {

// As ServerProxy: a redirect is an answer (ProtocolError), not followed.
http::client_options without_redirects(http::client_options options) {
    options.follow_redirects = false;
    return options;
}

} // namespace

client::client(std::string url, client_options options)
    : options_(std::move(options)), http_(without_redirects(options_.http)) {
    // As ServerProxy splits it: the scheme, the host (user-info and all) up
    // to '/', '?' or '#', and the rest, "/RPC2" when there is none.
    const auto colon = url.find(':');
    const std::string scheme = colon == std::string::npos ? "" : lower_copy(url.substr(0, colon));
    if (scheme != "http" && scheme != "https") {
        throw std::invalid_argument("unsupported XML-RPC protocol: " + url);
    }
    std::string_view rest = std::string_view(url).substr(colon + 1);
    if (!rest.starts_with("//")) {
        throw std::invalid_argument("no host in the XML-RPC URL: " + url);
    }
    rest.remove_prefix(2);
    const auto host_end = rest.find_first_of("/?#");
    std::string_view host = rest.substr(0, host_end);
    std::string path(host_end == std::string_view::npos ? "" : rest.substr(host_end));
    if (path.empty()) {
        path = "/RPC2";
    }
    if (const auto at = host.rfind('@'); at != std::string_view::npos) {
        authorization_ = "Basic " + base64_encode(url::unquote_to_bytes(host.substr(0, at)));
        host.remove_prefix(at + 1);
    }
    if (host.empty()) {
        throw std::invalid_argument("no host in the XML-RPC URL: " + url);
    }
    url_ = scheme + "://" + std::string(host) + path;
}

asio::awaitable<result<reply>> client::call(std::string method, std::vector<value> params) {
    auto xml = dumps_call(method, params, options_.writing);
    if (!xml) {
        co_return xml.error();
    }
    if (options_.keep_documents) {
        last_request_ = *xml;
    }
    http::client_request r;
    r.method = "POST";
    r.url = url_;
    (void)r.headers.add("User-Agent", user_agent);
    (void)r.headers.add("Content-Type", "text/xml");
    if (options_.accept_gzip) {
        (void)r.headers.add("Accept-Encoding", "gzip");
    }
    if (!authorization_.empty()) {
        (void)r.headers.add("Authorization", authorization_);
    }
    if (options_.gzip_threshold != 0 && xml->size() >= options_.gzip_threshold) {
        (void)r.headers.add("Content-Encoding", "gzip");
        r.body = detail::gzip(*xml);
    } else {
        r.body = std::move(*xml);
    }
    auto answer = co_await http_.request(std::move(r));
    if (!answer) {
        co_return answer.error();
    }
    reply out;
    out.status = answer->status;
    out.reason = answer->reason;
    out.headers = answer->headers;
    if (answer->status != 200) {
        co_return out; // Python's ProtocolError
    }
    std::string body = std::move(answer->body);
    if (const auto coding = answer->headers.get("Content-Encoding");
        coding && iequals(trim(*coding), "gzip")) {
        auto decoded = detail::gunzip(body, options_.reading.max_size);
        if (!decoded) {
            co_return decoded.error();
        }
        body = std::move(*decoded);
    }
    if (options_.keep_documents) {
        last_response_ = body;
    }
    auto doc = loads(body, options_.reading);
    if (!doc) {
        co_return doc.error();
    }
    if (doc->fault) {
        out.fault = std::move(doc->fault);
    } else if (doc->params.size() != 1) {
        co_return error::not_xmlrpc; // a response holds one value
    } else {
        out.result = std::move(doc->params[0]);
    }
    co_return out;
}

asio::awaitable<result<client::multicall_reply>> client::multicall(std::vector<call_spec> calls) {
    array list;
    list.reserve(calls.size());
    for (call_spec& c : calls) {
        list.emplace_back(structure{{"methodName", std::move(c.method)},
                                    {"params", array(std::make_move_iterator(c.params.begin()),
                                                     std::make_move_iterator(c.params.end()))}});
    }
    std::vector<value> params{value(std::move(list))};
    auto answer = co_await call("system.multicall", std::move(params));
    if (!answer) {
        co_return answer.error();
    }
    multicall_reply out;
    if (!answer->ok()) {
        out.whole = std::move(*answer);
        co_return out;
    }
    // Each result a one-element array, each failure a fault struct.
    const array* results = answer->result.get_if<array>();
    if (results == nullptr || results->size() != calls.size()) {
        co_return error::not_xmlrpc;
    }
    for (const value& item : *results) {
        reply one;
        one.status = answer->status;
        one.reason = answer->reason;
        if (const array* single = item.get_if<array>(); single != nullptr && single->size() == 1) {
            one.result = (*single)[0];
        } else if (item.get_if<structure>() != nullptr) {
            one.fault = as_fault(item);
            if (!one.fault) {
                co_return error::bad_fault;
            }
        } else {
            co_return error::not_xmlrpc;
        }
        out.calls.push_back(std::move(one));
    }
    out.whole = std::move(*answer);
    co_return out;
}

} // namespace netkit::xmlrpc
