// A line of a cookies.txt (a file from anywhere): no crash, and a cookie
// read from it writes out as a line that reads back as the same cookie.
#include <netkit/cookie/netscape.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto line = netkit::cookie::parse_netscape_line(input);
    if (!line.value) {
        return 0;
    }
    const auto written = netkit::cookie::format_netscape_line(*line.value);
    if (!written) {
        return 0; // a value a line cannot hold (a tab came in a field: impossible, or a CR)
    }
    const auto again = netkit::cookie::parse_netscape_line(*written);
    const auto& a = *line.value;
    if (!again.value || again.value->name != a.name || again.value->value != a.value ||
        again.value->domain != a.domain || again.value->path != a.path ||
        again.value->host_only != a.host_only || again.value->expiry != a.expiry ||
        again.value->secure_only != a.secure_only || again.value->http_only != a.http_only) {
        std::abort();
    }
    return 0;
}
