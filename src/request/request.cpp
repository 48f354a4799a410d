#include <netkit/request/request.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

#include <algorithm>
#include <stdexcept>

namespace netkit::request {

namespace {

// Python's str.capitalize for ASCII names: "content-TYPE" -> "Content-type".
std::string capitalize(std::string_view name) {
    std::string out = lower_copy(name);
    if (!out.empty()) {
        out[0] = to_upper(out[0]);
    }
    return out;
}

// urllib's unwrap: "<URL:http://h/>" -> "http://h/".
std::string_view unwrap(std::string_view url) {
    url = trim(url);
    if (url.size() >= 2 && url.front() == '<' && url.back() == '>') {
        url = trim(url.substr(1, url.size() - 2));
    }
    if (url.starts_with("URL:")) {
        url = trim(url.substr(4));
    }
    return url;
}

auto find_in(header_pairs& items, std::string_view name) {
    return std::find_if(items.begin(), items.end(),
                        [&](const auto& item) { return iequals(item.first, name); });
}

auto find_in(const header_pairs& items, std::string_view name) {
    return std::find_if(items.begin(), items.end(),
                        [&](const auto& item) { return iequals(item.first, name); });
}

// A dict's item assignment: the value replaced in place, or added at the end.
void put(header_pairs& items, std::string name, std::string value) {
    if (auto found = find_in(items, name); found != items.end()) {
        found->second = std::move(value);
    } else {
        items.emplace_back(std::move(name), std::move(value));
    }
}

} // namespace

request::request(std::string_view url, std::optional<std::string> data, const header_pairs& headers,
                 std::optional<std::string> origin_req_host, bool unverifiable,
                 std::optional<std::string> method)
    : data_(std::move(data)), unverifiable_(unverifiable) {
    set_full_url(url);
    for (const auto& [name, value] : headers) {
        add_header(name, value);
    }
    origin_req_host_ = origin_req_host ? std::move(*origin_req_host) : request_host(*this);
    if (method && !method->empty()) {
        method_ = std::move(method);
    }
}

std::string request::full_url() const {
    return fragment_.empty() ? url_ : url_ + "#" + fragment_;
}

void request::set_full_url(std::string_view url) {
    url = unwrap(url);
    // _splittag: the last '#' starts the fragment.
    const auto hash = url.rfind('#');
    url_ = std::string(url.substr(0, hash));
    fragment_ = hash == std::string_view::npos ? std::string() : std::string(url.substr(hash + 1));
    parse();
}

// _splittype, then _splithost, as Request._parse does.
void request::parse() {
    const std::string_view url = url_;
    const auto colon = url.find_first_of(":/");
    if (colon == 0 || colon == std::string_view::npos || url[colon] != ':') {
        throw std::invalid_argument("unknown url type: '" + full_url() + "'");
    }
    type_ = lower_copy(url.substr(0, colon));
    const std::string_view rest = url.substr(colon + 1);
    tunnel_host_.clear();
    if (!rest.starts_with("//")) {
        host_.clear();
        selector_ = std::string(rest);
        return;
    }
    const auto end = rest.find_first_of("/?#", 2);
    const std::string_view host = rest.substr(2, end == std::string_view::npos ? end : end - 2);
    std::string path(end == std::string_view::npos ? std::string_view() : rest.substr(end));
    if (!path.empty() && path.front() != '/') {
        path.insert(0, "/");
    }
    host_ = url::unquote(host);
    selector_ = std::move(path);
}

void request::set_data(std::optional<std::string> data) {
    if (data != data_) {
        data_ = std::move(data);
        remove_header("Content-length");
    }
}

std::string request::get_method() const {
    if (method_) {
        return *method_;
    }
    return data_ ? "POST" : "GET";
}

void request::add_header(std::string_view name, std::string value) {
    put(headers_, capitalize(name), std::move(value));
}

void request::add_unredirected_header(std::string name, std::string value) {
    put(unredirected_, capitalize(name), std::move(value));
}

bool request::has_header(std::string_view name) const {
    return find_in(headers_, name) != headers_.end() ||
           find_in(unredirected_, name) != unredirected_.end();
}

std::optional<std::string> request::get_header(std::string_view name) const {
    if (auto found = find_in(headers_, name); found != headers_.end()) {
        return found->second;
    }
    if (auto found = find_in(unredirected_, name); found != unredirected_.end()) {
        return found->second;
    }
    return std::nullopt;
}

std::string request::get_header(std::string_view name, std::string_view default_value) const {
    return get_header(name).value_or(std::string(default_value));
}

void request::remove_header(std::string_view name) {
    if (auto found = find_in(headers_, name); found != headers_.end()) {
        headers_.erase(found);
    }
    if (auto found = find_in(unredirected_, name); found != unredirected_.end()) {
        unredirected_.erase(found);
    }
}

header_pairs request::header_items() const {
    header_pairs out = unredirected_;
    for (const auto& [name, value] : headers_) {
        put(out, name, value);
    }
    return out;
}

void request::set_proxy(std::string host, std::string proxy_type) {
    if (type_ == "https" && tunnel_host_.empty()) {
        tunnel_host_ = host_;
    } else {
        type_ = std::move(proxy_type);
        selector_ = url_;
    }
    host_ = std::move(host);
}

std::string request_host(const request& r) {
    const std::string url = r.full_url();
    std::string host;
    if (auto parts = url::try_urlparse(url)) {
        host = std::string(parts->netloc());
    }
    if (host.empty()) {
        host = r.get_header("Host", "");
    }
    // _cut_port_re: ":digits" at the end.
    const auto colon = host.rfind(':');
    if (colon != std::string::npos && colon + 1 < host.size() &&
        std::all_of(host.begin() + static_cast<std::ptrdiff_t>(colon) + 1, host.end(), is_digit)) {
        host.resize(colon);
    }
    return lower_copy(host);
}

} // namespace netkit::request
