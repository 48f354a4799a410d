// The chunked decoder on any bytes after a chunked request head: no crash,
// and the same body and outcome whether the input comes whole or in pieces.
#include "http_message.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace netkit;
    std::string input = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::size_t head = input.size();
    input.append(reinterpret_cast<const char*>(data), size);
    const auto whole = fuzz::parse(http::parser::request, input, input.size());
    for (std::size_t cut : {head + size / 3, head + size / 2, head + size - size / 4}) {
        if (fuzz::parse(http::parser::request, input, cut) != whole) {
            std::abort();
        }
    }
    return 0;
}
