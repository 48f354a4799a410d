// urllib's authentication: password managers and the Basic and Digest
// handlers for servers (401) and proxies (407), with Python's rules.
//
//     auto passwords = std::make_shared<netkit::request::password_manager_with_default_realm>();
//     passwords->add_password(std::nullopt, "http://127.0.0.1:8000/private/", "user", "pw");
//     auto o = netkit::sync::build_opener(
//         {std::make_shared<netkit::request::http_basic_auth_handler>(passwords),
//          std::make_shared<netkit::request::http_digest_auth_handler>(passwords)});
//
// A password is found by realm and by URI: a URI given covers the paths
// below it, on the same authority (scheme's default port filled in or not,
// both ways, as Python's reduce_uri). The prior-auth manager sends Basic
// credentials before any challenge to URIs marked authenticated, and marks
// them by the status each answer has.
//
// Where this differs from Python: a Digest challenge with an algorithm or
// qop netkit does not answer (MD5-sess, auth-int) is left to the next
// handler (Python raises ValueError or URLError).
#pragma once

#include <netkit/http/engine/auth.hpp>
#include <netkit/request/handler.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netkit::request {

/// HTTPPasswordMgr: credentials by realm and URI.
class password_manager {
public:
    virtual ~password_manager() = default;
    /// For `realm` (nullopt: any realm, for the default-realm managers) and
    /// each of `uris` ("http://host/path", or "host:port").
    virtual void add_password(std::optional<std::string> realm,
                              const std::vector<std::string>& uris, std::string user,
                              std::string password);
    void add_password(std::optional<std::string> realm, const std::string& uri, std::string user,
                      std::string password) {
        add_password(std::move(realm), std::vector<std::string>{uri}, std::move(user),
                     std::move(password));
    }
    /// The credentials for `realm` that cover `authuri`; nullopt when none.
    virtual std::optional<http::credentials>
    find_user_password(const std::optional<std::string>& realm, std::string_view authuri) const;

protected:
    using reduced_uri = std::pair<std::string, std::string>; // authority, path
    static reduced_uri reduce_uri(std::string_view uri, bool default_port);
    static bool is_suburi(const reduced_uri& base, const reduced_uri& test);

private:
    struct entry {
        std::vector<reduced_uri> uris;
        http::credentials who;
    };
    std::map<std::optional<std::string>, std::vector<entry>> passwords_;
};

/// HTTPPasswordMgrWithDefaultRealm: the realm asked for, then the
/// credentials given for any realm (nullopt).
class password_manager_with_default_realm : public password_manager {
public:
    std::optional<http::credentials> find_user_password(const std::optional<std::string>& realm,
                                                        std::string_view authuri) const override;
};

/// HTTPPasswordMgrWithPriorAuth: remembers which URIs took the credentials,
/// so that Basic goes with the first request to them.
class password_manager_with_prior_auth : public password_manager_with_default_realm {
public:
    using password_manager::add_password;
    void add_password(std::optional<std::string> realm, const std::vector<std::string>& uris,
                      std::string user, std::string password) override {
        add_password(std::move(realm), uris, std::move(user), std::move(password), false);
    }
    void add_password(std::optional<std::string> realm, const std::vector<std::string>& uris,
                      std::string user, std::string password, bool is_authenticated);
    void update_authenticated(const std::vector<std::string>& uris, bool is_authenticated);
    /// Whether `authuri` is below a URI marked authenticated; nullopt when
    /// no URI covers it.
    std::optional<bool> is_authenticated(std::string_view authuri) const;

private:
    std::vector<std::pair<reduced_uri, bool>> authenticated_; // in the order given
};

/// AbstractBasicAuthHandler: answers a Basic challenge once per
/// credentials, and sends them first with a prior-auth manager.
class abstract_basic_auth_handler : public handler {
public:
    std::vector<std::string> hooks() const override;
    result<void> process_request(std::string_view protocol, request& r) override;
    asio::awaitable<result<response_ptr>> process_response(std::string_view protocol, request& r,
                                                           response_ptr resp) override;
    asio::awaitable<result<response_ptr>> http_error(int code, request& r,
                                                     response_ptr& resp) override;
    password_manager& passwords() const noexcept { return *passwords_; }

protected:
    abstract_basic_auth_handler(std::shared_ptr<password_manager> passwords, int status,
                                std::string challenge_header, std::string auth_header);

private:
    std::shared_ptr<password_manager> passwords_;
    int status_;                   // 401 or 407
    std::string challenge_header_; // WWW-Authenticate or Proxy-Authenticate
    std::string auth_header_;      // Authorization or Proxy-authorization
};

/// HTTPBasicAuthHandler (a server's 401).
class http_basic_auth_handler : public abstract_basic_auth_handler {
public:
    /// A new HTTPPasswordMgr when none is given.
    explicit http_basic_auth_handler(std::shared_ptr<password_manager> passwords = nullptr);
};

/// ProxyBasicAuthHandler (a proxy's 407).
class proxy_basic_auth_handler : public abstract_basic_auth_handler {
public:
    explicit proxy_basic_auth_handler(std::shared_ptr<password_manager> passwords = nullptr);
};

/// AbstractDigestAuthHandler (order 490: before Basic).
class abstract_digest_auth_handler : public handler {
public:
    int handler_order() const override { return 490; }
    std::vector<std::string> hooks() const override;
    asio::awaitable<result<response_ptr>> http_error(int code, request& r,
                                                     response_ptr& resp) override;
    password_manager& passwords() const noexcept { return *passwords_; }

protected:
    abstract_digest_auth_handler(std::shared_ptr<password_manager> passwords, int status,
                                 std::string challenge_header, std::string auth_header);

private:
    std::shared_ptr<password_manager> passwords_;
    int status_;
    std::string challenge_header_;
    std::string auth_header_;
    int retried_ = 0;
    std::uint32_t nonce_count_ = 0;
    std::string last_nonce_;
};

/// HTTPDigestAuthHandler (a server's 401).
class http_digest_auth_handler : public abstract_digest_auth_handler {
public:
    explicit http_digest_auth_handler(std::shared_ptr<password_manager> passwords = nullptr);
};

/// ProxyDigestAuthHandler (a proxy's 407).
class proxy_digest_auth_handler : public abstract_digest_auth_handler {
public:
    explicit proxy_digest_auth_handler(std::shared_ptr<password_manager> passwords = nullptr);
};

} // namespace netkit::request
