// Request targets mapped to paths below the served root (what decides which
// file a stranger reads) on any bytes: no crash; what is accepted stays
// below the root (no "..", "." or empty segment, no NUL or backslash, not
// absolute); and the path, quoted again as a target, maps to itself.
#include <netkit/http/request_path.hpp>
#include <netkit/url/quote.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view target(reinterpret_cast<const char*>(data), size);
    const auto mapped = netkit::http::map_request_path(target);
    if (!mapped) {
        return 0;
    }
    const std::string& path = mapped->relative;
    if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos ||
        (!path.empty() && (path.front() == '/' || path.back() == '/'))) {
        std::abort();
    }
    std::string_view rest = path;
    while (!path.empty()) {
        const auto slash = rest.find('/');
        const auto segment = rest.substr(0, slash);
        if (segment.empty() || segment == "." || segment == "..") {
            std::abort(); // a segment that climbs, stays or doubles a slash
        }
        if (slash == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(slash + 1);
    }
    const auto again = netkit::http::map_request_path("/" + netkit::url::quote(path, "/"));
    if (!again || again->relative != path) {
        std::abort(); // the path, quoted, is not the same file
    }
    return 0;
}
