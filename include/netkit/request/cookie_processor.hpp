// urllib's HTTPCookieProcessor: a jar's cookies go with each http and https
// request, and what each response sets goes into the jar (a redirect's too,
// before it is followed, as the processor runs before the error handlers).
//
//     auto jar = std::make_shared<netkit::cookie::cookiejar::cookie_jar>();   // Python's CookieJar
//     auto o = netkit::request::build_opener(
//         {std::make_shared<netkit::request::http_cookie_processor>(jar)});
//
// Either jar: Python's http.cookiejar rules (cookie::cookiejar::cookie_jar, for a
// program that must keep exactly the cookies it kept in Python), or
// netkit's RFC 6265bis jar (cookie::jar: today's browser rules).
#pragma once

#include <netkit/cookie/cookiejar.hpp>
#include <netkit/cookie/jar.hpp>
#include <netkit/request/handler.hpp>

#include <memory>

namespace netkit::request {

class http_cookie_processor : public handler {
public:
    /// A new CookieJar of Python's rules, as HTTPCookieProcessor() makes.
    http_cookie_processor();
    explicit http_cookie_processor(std::shared_ptr<cookie::cookiejar::cookie_jar> jar);
    explicit http_cookie_processor(std::shared_ptr<cookie::jar> jar);

    std::vector<std::string> hooks() const override {
        return {"http_request", "https_request", "http_response", "https_response"};
    }
    result<void> process_request(std::string_view protocol, request& r) override;
    asio::awaitable<result<response_ptr>> process_response(std::string_view protocol, request& r,
                                                           response_ptr resp) override;

    /// The jar of Python's rules (null when this processor keeps a cookie::jar).
    const std::shared_ptr<cookie::cookiejar::cookie_jar>& cookiejar() const noexcept {
        return python_;
    }
    const std::shared_ptr<cookie::jar>& jar() const noexcept { return rfc_; }

private:
    std::shared_ptr<cookie::cookiejar::cookie_jar> python_;
    std::shared_ptr<cookie::jar> rfc_;
};

} // namespace netkit::request
