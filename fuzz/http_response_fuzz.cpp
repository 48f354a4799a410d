// The response parser on any bytes: as the request target, for responses
// (a close-delimited body ends at the end of the input).
#include "http_message.hpp"

#include <netkit/http/status.hpp>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace netkit;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto whole = fuzz::parse(http::parser::response, input, input.size());
    const auto split = fuzz::parse(http::parser::response, input, size / 2);
    if (whole != split) {
        std::abort();
    }
    for (const auto& m : whole) {
        if (!m.complete || (m.status >= 100 && m.status < 200)) {
            continue;
        }
        const std::string again = fuzz::serialize(m, http::parser::response);
        auto reparsed =
            fuzz::parse(http::parser::response, again, again.size(), fuzz::reparse_limits());
        if (reparsed.size() != 1) {
            std::abort();
        }
        if (m.reason.empty()) {
            reparsed[0].reason.clear();
        }
        if (reparsed[0] != m) {
            std::abort();
        }
    }
    return 0;
}
