#include <netkit/request/auth_handlers.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/core/base64.hpp>
#include <netkit/request/error.hpp>
#include <netkit/request/opener.hpp>
#include <netkit/url/split.hpp>

#include <algorithm>

namespace netkit::request {

// HTTPPasswordMgr.reduce_uri: a URI, or a bare "host[:port]", as the
// authority and path it covers; the scheme's default port filled in when
// asked.
password_manager::reduced_uri password_manager::reduce_uri(std::string_view uri,
                                                           bool default_port) {
    std::string scheme, authority, path = "/";
    bool has_scheme = false;
    if (auto parts = url::try_urlsplit(uri); parts && !parts->netloc().empty()) {
        scheme = std::string(parts->scheme());
        has_scheme = true;
        authority = std::string(parts->netloc());
        if (!parts->path().empty()) {
            path = std::string(parts->path());
        }
    } else {
        authority = std::string(uri);
    }
    // _splitport: "host:digits" (an empty port is none).
    bool has_port = false;
    if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
        const std::string_view port = std::string_view(authority).substr(colon + 1);
        has_port = !port.empty() && std::all_of(port.begin(), port.end(), is_digit);
        if (port.empty() || has_port) {
            if (!has_port) {
                authority.resize(colon); // "host:" has no port
            }
        }
    }
    if (default_port && !has_port && has_scheme) {
        if (scheme == "http") {
            authority += ":80";
        } else if (scheme == "https") {
            authority += ":443";
        }
    }
    return {authority, path};
}

bool password_manager::is_suburi(const reduced_uri& base, const reduced_uri& test) {
    if (base == test) {
        return true;
    }
    if (base.first != test.first) {
        return false;
    }
    std::string prefix = base.second;
    if (!prefix.ends_with('/')) {
        prefix += '/';
    }
    return test.second.starts_with(prefix);
}

void password_manager::add_password(std::optional<std::string> realm,
                                    const std::vector<std::string>& uris, std::string user,
                                    std::string password) {
    auto& entries = passwords_[realm];
    for (const bool default_port : {true, false}) {
        std::vector<reduced_uri> reduced;
        for (const auto& uri : uris) {
            reduced.push_back(reduce_uri(uri, default_port));
        }
        const auto same = std::find_if(entries.begin(), entries.end(),
                                       [&](const entry& e) { return e.uris == reduced; });
        if (same != entries.end()) {
            same->who = {user, password};
        } else {
            entries.push_back({std::move(reduced), {user, password}});
        }
    }
}

std::optional<http::credentials>
password_manager::find_user_password(const std::optional<std::string>& realm,
                                     std::string_view authuri) const {
    const auto found = passwords_.find(realm);
    if (found == passwords_.end()) {
        return std::nullopt;
    }
    for (const bool default_port : {true, false}) {
        const reduced_uri asked = reduce_uri(authuri, default_port);
        for (const entry& e : found->second) {
            for (const auto& uri : e.uris) {
                if (is_suburi(uri, asked)) {
                    return e.who;
                }
            }
        }
    }
    return std::nullopt;
}

std::optional<http::credentials>
password_manager_with_default_realm::find_user_password(const std::optional<std::string>& realm,
                                                        std::string_view authuri) const {
    if (auto who = password_manager::find_user_password(realm, authuri)) {
        return who;
    }
    return password_manager::find_user_password(std::nullopt, authuri);
}

void password_manager_with_prior_auth::add_password(std::optional<std::string> realm,
                                                    const std::vector<std::string>& uris,
                                                    std::string user, std::string password,
                                                    bool is_authenticated) {
    update_authenticated(uris, is_authenticated);
    if (realm) { // a default for requests sent before any challenge
        password_manager::add_password(std::nullopt, uris, user, password);
    }
    password_manager::add_password(std::move(realm), uris, std::move(user), std::move(password));
}

void password_manager_with_prior_auth::update_authenticated(const std::vector<std::string>& uris,
                                                            bool is_authenticated) {
    for (const bool default_port : {true, false}) {
        for (const auto& uri : uris) {
            const reduced_uri reduced = reduce_uri(uri, default_port);
            const auto same = std::find_if(authenticated_.begin(), authenticated_.end(),
                                           [&](const auto& e) { return e.first == reduced; });
            if (same != authenticated_.end()) {
                same->second = is_authenticated;
            } else {
                authenticated_.emplace_back(reduced, is_authenticated);
            }
        }
    }
}

std::optional<bool>
password_manager_with_prior_auth::is_authenticated(std::string_view authuri) const {
    for (const bool default_port : {true, false}) {
        const reduced_uri asked = reduce_uri(authuri, default_port);
        for (const auto& [uri, authenticated] : authenticated_) {
            if (is_suburi(uri, asked)) {
                return authenticated;
            }
        }
    }
    return std::nullopt;
}

namespace {

struct basic_challenge {
    std::string scheme;
    std::optional<std::string> realm;
};

// AbstractBasicAuthHandler._parse_realm: every "SCHEME realm=..." of a
// field, each at its start or after a ',', as Python's pattern
//   (?:^|,)[ \t]*([^ \t,]+)[ \t]+realm=(["']?)([^"']*)\2   (ignoring case)
// finds them; with none, the field's first word and no realm.
std::vector<basic_challenge> parse_realms(std::string_view field) {
    std::vector<basic_challenge> out;
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    std::size_t at = 0;
    bool at_start = true;
    while (at <= field.size()) {
        std::size_t i = at;
        if (!at_start) {
            i = field.find(',', at);
            if (i == std::string_view::npos) {
                break;
            }
            ++i;
        }
        at_start = false;
        const std::size_t start = i;
        while (i < field.size() && blank(field[i])) {
            ++i;
        }
        const std::size_t scheme_start = i;
        while (i < field.size() && !blank(field[i]) && field[i] != ',') {
            ++i;
        }
        const std::size_t scheme_end = i;
        std::size_t gap = i;
        while (gap < field.size() && blank(field[gap])) {
            ++gap;
        }
        if (scheme_end == scheme_start || gap == scheme_end ||
            !istarts_with(field.substr(gap), "realm=")) {
            at = start;
            continue;
        }
        i = gap + 6;
        std::string realm;
        const char quote = i < field.size() && (field[i] == '"' || field[i] == '\'') ? field[i] : 0;
        const auto closing = quote ? field.find(quote, i + 1) : std::string_view::npos;
        if (quote && closing != std::string_view::npos &&
            field.substr(i + 1, closing - i - 1).find_first_of("\"'") == std::string_view::npos) {
            realm = std::string(field.substr(i + 1, closing - i - 1));
            i = closing + 1;
        } else if (!quote) { // unquoted: up to the next quote, commas included
            const auto end = field.find_first_of("\"'", i);
            realm = std::string(field.substr(i, end == std::string_view::npos ? end : end - i));
            i = end == std::string_view::npos ? field.size() : end;
        } // else an unclosed quote: an empty realm, the quote left unread
        out.push_back({std::string(field.substr(scheme_start, scheme_end - scheme_start)), realm});
        at = i;
    }
    if (out.empty()) {
        const auto word = trim(field);
        out.push_back(
            {std::string(word.substr(0, word.find_first_of(" \t\r\n\f\v"))), std::nullopt});
    }
    return out;
}

} // namespace

abstract_basic_auth_handler::abstract_basic_auth_handler(
    std::shared_ptr<password_manager> passwords, int status, std::string challenge_header,
    std::string auth_header)
    : passwords_(passwords ? std::move(passwords) : std::make_shared<password_manager>()),
      status_(status), challenge_header_(std::move(challenge_header)),
      auth_header_(std::move(auth_header)) {}

std::vector<std::string> abstract_basic_auth_handler::hooks() const {
    return {"http_error_" + std::to_string(status_), "http_request", "https_request",
            "http_response", "https_response"};
}

// With a prior-auth manager, credentials go before any challenge.
result<void> abstract_basic_auth_handler::process_request(std::string_view, request& r) {
    const auto* prior = dynamic_cast<const password_manager_with_prior_auth*>(passwords_.get());
    if (!prior || !prior->is_authenticated(r.full_url()).value_or(false) ||
        r.has_header("Authorization")) {
        return {};
    }
    if (const auto who = passwords_->find_user_password(std::nullopt, r.full_url())) {
        r.add_unredirected_header("Authorization",
                                  http::basic_authorization(*who)); // Python's header, for both
    }
    return {};
}

asio::awaitable<result<response_ptr>>
abstract_basic_auth_handler::process_response(std::string_view, request& r, response_ptr resp) {
    if (auto* prior = dynamic_cast<password_manager_with_prior_auth*>(passwords_.get())) {
        prior->update_authenticated({r.full_url()}, resp->status >= 200 && resp->status < 300);
    }
    co_return std::move(resp);
}

// http_error_auth_reqed, then retry_http_basic_auth.
asio::awaitable<result<response_ptr>> abstract_basic_auth_handler::http_error(int, request& r,
                                                                              response_ptr& resp) {
    // The server's authority and path, or the proxy's "host:port".
    const std::string host = status_ == 401 ? r.full_url() : r.host();
    std::optional<std::string> unsupported;
    for (const auto field : resp->headers.get_all(challenge_header_)) {
        for (const auto& [scheme, realm] : parse_realms(field)) {
            if (!iequals(scheme, "basic")) {
                unsupported = scheme;
                continue;
            }
            if (!realm) {
                continue;
            }
            // The first Basic challenge with a realm decides.
            const auto who = passwords_->find_user_password(realm, host);
            if (!who) {
                co_return response_ptr();
            }
            const std::string answer = http::basic_authorization(*who);
            if (r.get_header(auth_header_) == answer) {
                co_return response_ptr(); // these credentials were refused already
            }
            r.add_unredirected_header(auth_header_, answer);
            resp.reset(); // its connection closes: the challenge's body is not wanted
            co_return co_await parent().open(r);
        }
    }
    if (unsupported) {
        co_return make_error_code(error::unsupported_auth_scheme);
    }
    co_return response_ptr();
}

http_basic_auth_handler::http_basic_auth_handler(std::shared_ptr<password_manager> passwords)
    : abstract_basic_auth_handler(std::move(passwords), 401, "WWW-Authenticate", "Authorization") {}

proxy_basic_auth_handler::proxy_basic_auth_handler(std::shared_ptr<password_manager> passwords)
    : abstract_basic_auth_handler(std::move(passwords), 407, "Proxy-Authenticate",
                                  "Proxy-authorization") {}

abstract_digest_auth_handler::abstract_digest_auth_handler(
    std::shared_ptr<password_manager> passwords, int status, std::string challenge_header,
    std::string auth_header)
    : passwords_(passwords ? std::move(passwords) : std::make_shared<password_manager>()),
      status_(status), challenge_header_(std::move(challenge_header)),
      auth_header_(std::move(auth_header)) {}

std::vector<std::string> abstract_digest_auth_handler::hooks() const {
    return {"http_error_" + std::to_string(status_)};
}

// http_error_auth_reqed, retry_http_digest_auth and get_authorization.
asio::awaitable<result<response_ptr>> abstract_digest_auth_handler::http_error(int, request& r,
                                                                               response_ptr& resp) {
    if (retried_ > 5) { // it failed before and would fail again
        retried_ = 0;
        resp->raised = true;
        resp->status = 401;
        resp->reason = "digest auth failed";
        resp->url = r.full_url();
        resp->set_body(nullptr); // HTTPError(..., fp=None): no body
        co_return std::move(resp);
    }
    ++retried_;
    const auto field = resp->headers.get(challenge_header_); // the first one, as Python reads
    const auto challenge = http::parse_challenge(field ? *field : std::string_view());
    if (challenge.scheme != "digest") {
        retried_ = 0;
        if (!challenge.scheme.empty() && challenge.scheme != "basic") {
            co_return make_error_code(error::unsupported_auth_scheme);
        }
        co_return response_ptr(); // Basic: the Basic handler's
    }
    const auto realm = challenge.params.find("realm");
    const auto nonce = challenge.params.find("nonce");
    std::optional<http::credentials> who;
    if (realm != challenge.params.end() && nonce != challenge.params.end()) {
        who = passwords_->find_user_password(realm->second, r.full_url());
    }
    if (!who) {
        retried_ = 0;
        co_return response_ptr();
    }
    nonce_count_ = nonce->second == last_nonce_ ? nonce_count_ + 1 : 1;
    last_nonce_ = nonce->second;
    const auto answer =
        http::digest_authorization(challenge, *who, r.get_method(), r.selector(), nonce_count_);
    if (!answer) {
        retried_ = 0;
        co_return response_ptr(); // an algorithm or qop not answered: the next handler's
    }
    r.add_unredirected_header(auth_header_, *answer);
    resp.reset();
    auto retry = co_await parent().open(r);
    retried_ = 0;
    co_return retry;
}

http_digest_auth_handler::http_digest_auth_handler(std::shared_ptr<password_manager> passwords)
    : abstract_digest_auth_handler(std::move(passwords), 401, "WWW-Authenticate", "Authorization") {
}

proxy_digest_auth_handler::proxy_digest_auth_handler(std::shared_ptr<password_manager> passwords)
    : abstract_digest_auth_handler(std::move(passwords), 407, "Proxy-Authenticate",
                                   "Proxy-Authorization") {}

} // namespace netkit::request
