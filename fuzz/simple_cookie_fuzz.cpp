// http.cookies' SimpleCookie.load on any text (a server reads Cookie
// headers with it): no crash, nothing but cookie_error thrown, and what it
// reads, written out by output(), reads back with the same values.
#include <netkit/cookie/simple_cookie.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    netkit::cookie::simple_cookie jar;
    try {
        jar.load(input);
    } catch (const netkit::cookie::cookie_error&) {
        return 0;
    }
    // Each morsel's "key=coded_value" loads back to the same value.
    for (const auto& [key, m] : jar) {
        netkit::cookie::simple_cookie again;
        try {
            again.load(m.key() + "=" + m.coded_value());
        } catch (const netkit::cookie::cookie_error&) {
            std::abort();
        }
        const auto* back = again.find(key);
        if (back == nullptr || back->value() != m.value()) {
            std::abort();
        }
    }
    return 0;
}
