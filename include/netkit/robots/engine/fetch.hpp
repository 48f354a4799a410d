// Fetching robots.txt as RFC 9309 §2.3 says: a 2xx is parsed (at most the
// first 500 KiB), up to five redirects are followed, a 4xx means every URL
// may be fetched, a 5xx or no answer at all (refused, timed out, more
// redirects, a broken response) means none may; and how long the answer
// may be kept (Cache-Control's max-age or no-store, at most 24 hours).
//
//     auto site = co_await netkit::robots::fetch("https://example.com/some/page");
//     site.allowed("FooBot", "https://example.com/private/x");
//     site.describe();   // "parsed (200) https://example.com/robots.txt"
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/net/tls.hpp>
#include <netkit/robots/robots_txt.hpp>

#include <asio/awaitable.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace netkit::robots {

struct fetch_options {
    /// The whole fetch, redirects included.
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
    int max_redirects = 5;
    std::size_t size_limit = robots_txt::default_size_limit;
    /// Sent as User-Agent.
    std::string user_agent = "netkit-robots";
    /// How long an answer is kept at most (§2.4: 24 hours).
    std::chrono::seconds max_age = std::chrono::hours(24);
    net::tls_client_config tls{};
};

/// What fetching a site's robots.txt came to, and the rules then in force.
struct fetched {
    enum class outcome {
        parsed,      ///< a 2xx: its rules apply
        unavailable, ///< a 4xx (or too many redirects): every URL may be fetched
        unreachable, ///< a 5xx, or no answer: no URL may be fetched
    };
    outcome result = outcome::unreachable;
    std::string url;   ///< the robots.txt asked for
    int status = 0;    ///< the final status; 0 when there was no answer
    std::string error; ///< why there was no answer, or none usable
    robots_txt rules;  ///< outcome::parsed: the file's
    /// How long this may be kept before asking again.
    std::chrono::seconds max_age{0};

    decision decide(std::string_view user_agent, std::string_view url) const;
    bool allowed(std::string_view user_agent, std::string_view url) const {
        return decide(user_agent, url).allowed;
    }
    /// "parsed (200) URL", "unavailable (404) URL: everything allowed", ...
    std::string describe() const;
};

/// The robots.txt of the site `url` is on: "scheme://host[:port]/robots.txt".
result<std::string> robots_url_for(std::string_view url);

/// Fetches the robots.txt of the site of `url` (any URL on it).
asio::awaitable<fetched> fetch(std::string url, fetch_options options = {});

} // namespace netkit::robots
