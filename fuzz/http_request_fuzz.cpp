// The request parser on any bytes: no crash; the same messages whatever the
// split; and a message that parses re-serializes to bytes that parse to the
// same message.
#include "http_message.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace netkit;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto whole = fuzz::parse(http::parser::request, input, input.size());
    const auto split = fuzz::parse(http::parser::request, input, size / 2);
    if (whole != split) {
        std::abort();
    }
    for (const auto& m : whole) {
        if (!m.complete) {
            continue;
        }
        const std::string again = fuzz::serialize(m, http::parser::request);
        const auto reparsed =
            fuzz::parse(http::parser::request, again, again.size(), fuzz::reparse_limits());
        if (reparsed.size() != 1 || reparsed[0] != m) {
            std::abort();
        }
    }
    return 0;
}
