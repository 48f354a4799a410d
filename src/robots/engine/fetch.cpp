#include <netkit/robots/engine/fetch.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/http/engine/client.hpp>
#include <netkit/http/error.hpp>
#include <netkit/url/split.hpp>

#include <algorithm>

namespace netkit::robots {

namespace {

// An answer that could not be had is asked for again sooner than a file.
constexpr std::chrono::seconds unreachable_max_age = std::chrono::minutes(10);

// How long Cache-Control lets an answer be kept, within `cap`.
std::chrono::seconds max_age_of(const http::fields& headers, std::chrono::seconds cap) {
    const auto value = headers.get("Cache-Control");
    if (!value) {
        return cap;
    }
    std::string_view rest = *value;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view directive = trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (iequals(directive, "no-store") || iequals(directive, "no-cache")) {
            return std::chrono::seconds(0);
        }
        if (istarts_with(directive, "max-age=")) {
            if (const auto n = parse_decimal(directive.substr(8))) {
                return std::min(cap, std::chrono::seconds(static_cast<std::int64_t>(
                                         std::min<std::uint64_t>(*n, 400ULL * 24 * 3600))));
            }
        }
    }
    return cap;
}

} // namespace

result<std::string> robots_url_for(std::string_view url) {
    const auto split = url::try_urlsplit(url);
    if (!split) {
        return split.error();
    }
    const std::string scheme(split->scheme());
    std::string_view netloc = split->netloc();
    if ((scheme != "http" && scheme != "https") || netloc.empty()) {
        return make_error_code(http::error::unsupported_url);
    }
    if (const auto at = netloc.rfind('@'); at != std::string_view::npos) {
        netloc.remove_prefix(at + 1); // no credentials in the robots.txt URL
    }
    return scheme + "://" + std::string(netloc) + "/robots.txt";
}

decision fetched::decide(std::string_view user_agent, std::string_view url) const {
    if (result == outcome::parsed) {
        return rules.decide(user_agent, url);
    }
    decision d;
    d.allowed = result == outcome::unavailable;
    d.why = d.allowed ? decision::reason::file_unavailable : decision::reason::site_unreachable;
    d.text = status != 0 ? std::to_string(status) : error;
    return d;
}

std::string fetched::describe() const {
    const std::string answer = status != 0 ? " (" + std::to_string(status) + ")" : "";
    switch (result) {
    case outcome::parsed: return "parsed" + answer + " " + url;
    case outcome::unavailable:
        return "unavailable" + answer + " " + url + ": everything allowed" +
               (error.empty() ? "" : " (" + error + ")");
    case outcome::unreachable:
        return "unreachable" + answer + " " + url + ": nothing allowed" +
               (error.empty() ? "" : " (" + error + ")");
    }
    return url;
}

asio::awaitable<fetched> fetch(std::string url, fetch_options options) {
    fetched f;
    auto robots_url = robots_url_for(url);
    if (!robots_url) {
        f.url = url;
        f.error = "not an http(s) URL with a host: " + robots_url.error().message();
        co_return f;
    }
    f.url = *robots_url;

    http::client_options client_options;
    client_options.total_timeout = options.timeout;
    client_options.connect_timeout = options.timeout;
    client_options.read_timeout = options.timeout;
    client_options.max_redirects = options.max_redirects;
    client_options.decode = true; // gzip and the others, decoded as they come
    client_options.tls = options.tls;
    (void)client_options.default_headers.set("User-Agent", options.user_agent);
    http::client web(std::move(client_options));

    // The first size_limit bytes are kept; past them the transfer stops.
    std::string body;
    bool cut = false;
    int status = 0;
    http::fields headers;
    http::client_request request;
    request.url = f.url;
    request.on_head = [&](const http::client_response& head) {
        status = head.status;
        headers = head.headers;
    };
    request.on_body = [&](std::string_view piece) {
        const std::size_t room =
            options.size_limit + 1 - std::min(body.size(), options.size_limit + 1);
        body.append(piece.substr(0, room));
        cut = body.size() > options.size_limit;
        return !cut;
    };
    auto response = co_await web.request(std::move(request));
    f.status = status;
    if (!response && !cut) {
        const std::error_code e = response.error();
        f.error = e.message();
        // §2.3.1.2: past five redirects the file MAY be taken as unavailable.
        const bool redirects =
            e == http::error::too_many_redirects || e == http::error::redirect_loop;
        f.result = redirects ? fetched::outcome::unavailable : fetched::outcome::unreachable;
        f.max_age = redirects ? options.max_age : std::min(options.max_age, unreachable_max_age);
        co_return f;
    }
    if (status >= 200 && status < 300) {
        f.result = fetched::outcome::parsed;
        f.rules = robots_txt::parse(body, options.size_limit);
        f.max_age = max_age_of(headers, options.max_age);
    } else if (status >= 500) {
        f.result = fetched::outcome::unreachable;
        f.max_age = std::min(options.max_age, unreachable_max_age);
    } else {
        f.result = fetched::outcome::unavailable; // 4xx, or a 3xx not followed
        f.max_age = max_age_of(headers, options.max_age);
    }
    co_return f;
}

} // namespace netkit::robots
