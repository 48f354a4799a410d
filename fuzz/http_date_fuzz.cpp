// The HTTP date parser on any bytes: no crash, and a date it reads
// formats to an IMF-fixdate that reads back as the same time.
#include <netkit/http/date.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto t = netkit::http::parse_http_date(input);
    if (t) {
        const auto again = netkit::http::parse_http_date(netkit::http::format_http_date(*t));
        if (!again || *again != *t) {
            std::abort();
        }
    }
    return 0;
}
