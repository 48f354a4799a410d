// A Set-Cookie line from a hostile server, through the parser and the jar:
// no crash, and the jar never holds more than its limits, nor a cookie
// whose name and value pass 4096 bytes.
#include <netkit/cookie/jar.hpp>
#include <netkit/cookie/set_cookie.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    static netkit::cookie::jar jar({.max_cookies_per_site = 8, .max_cookies = 32});
    static const auto request =
        netkit::cookie::request_info::from_url("https://www.example.com/a/b").value();
    const auto now = std::chrono::sys_days(std::chrono::year(2026) / 1 / 1);
    // Each line of the input is one Set-Cookie field.
    for (std::size_t start = 0; start <= input.size();) {
        const auto end = std::min(input.find('\n', start), input.size());
        (void)jar.set_cookie(input.substr(start, end - start), request, now);
        start = end + 1;
    }
    if (jar.size() > 32) {
        std::abort();
    }
    for (const auto* c : jar.all()) {
        if (c->name.size() + c->value.size() > netkit::cookie::max_name_value_bytes) {
            std::abort();
        }
    }
    (void)jar.cookie_header(request, now);
    return 0;
}
