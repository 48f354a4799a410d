#include <netkit/request/cookie_processor.hpp>

#include <netkit/core/ascii.hpp>

namespace netkit::request {

http_cookie_processor::http_cookie_processor()
    : python_(std::make_shared<cookie::cookiejar::cookie_jar>()) {}

http_cookie_processor::http_cookie_processor(std::shared_ptr<cookie::cookiejar::cookie_jar> jar)
    : python_(std::move(jar)) {}

http_cookie_processor::http_cookie_processor(std::shared_ptr<cookie::jar> jar)
    : rfc_(std::move(jar)) {}

result<void> http_cookie_processor::process_request(std::string_view, request& r) {
    if (python_) {
        python_->add_cookie_header(r);
        return {};
    }
    if (auto where = cookie::request_info::from_url(r.full_url())) {
        std::string line = rfc_->cookie_header(*where);
        if (!line.empty() && !r.has_header("Cookie")) {
            r.add_unredirected_header("Cookie", std::move(line));
        }
    }
    return {};
}

asio::awaitable<result<response_ptr>>
http_cookie_processor::process_response(std::string_view, request& r, response_ptr resp) {
    if (python_) {
        // The jar reads only these two (a copy of every field would be waste).
        cookie::cookiejar::header_list fields;
        for (const auto& f : resp->headers) {
            if (iequals(f.name, "Set-Cookie") || iequals(f.name, "Set-Cookie2")) {
                fields.emplace_back(f.name, f.value);
            }
        }
        python_->extract_cookies(fields, r);
    } else if (auto where = cookie::request_info::from_url(r.full_url())) {
        for (const auto& line : resp->headers.get_all("Set-Cookie")) {
            rfc_->set_cookie(line, *where);
        }
    }
    co_return std::move(resp);
}

} // namespace netkit::request
