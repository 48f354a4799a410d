// Set-Cookie and Set-Cookie2 lines from a hostile server, through Python's
// CookieJar rules (cookiejar::cookie_jar): no crash, no exception out of
// extract_cookies or add_cookie_header, the jar's count agreeing with its
// cookies, and no session cookie left after clear_session_cookies.
#include <netkit/cookie/cookiejar.hpp>
#include <netkit/cookie/cookiejar_policy.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace cookiejar = netkit::cookie::cookiejar;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // RFC 2965 on, so that both kinds of header are read.
    auto policy = std::make_shared<cookiejar::default_cookie_policy>();
    policy->rfc2965 = true;
    cookiejar::cookie_jar jar(policy);
    jar.set_clock([] { return std::int64_t{1800000000}; });
    // Each line one header: Set-Cookie2 when it starts with '2', else Set-Cookie.
    cookiejar::header_list headers;
    for (std::size_t start = 0; start <= input.size();) {
        const auto end = std::min(input.find('\n', start), input.size());
        std::string_view line = input.substr(start, end - start);
        const bool rfc2965 = line.starts_with('2');
        headers.emplace_back(rfc2965 ? "Set-Cookie2" : "Set-Cookie",
                             std::string(rfc2965 ? line.substr(1) : line));
        start = end + 1;
    }
    const cookiejar::basic_request from("http://www.example.com:8080/a/b/c?q");
    jar.extract_cookies(headers, from);
    if (jar.cookies().size() != jar.size()) {
        std::abort();
    }
    cookiejar::basic_request next("http://www.example.com:8080/a/b/d");
    jar.add_cookie_header(next);
    jar.clear_session_cookies();
    jar.clear_expired_cookies();
    for (const auto& c : jar.cookies()) {
        if (c.discard) {
            std::abort(); // clear_session_cookies left one
        }
    }
    return 0;
}
