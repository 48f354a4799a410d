// netkit::json::parse on any bytes (it reads `netkit url --batch`'s stdin):
// no crash, and what it reads writes out as text that reads back the same.
#include <netkit/json/value.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto v = netkit::json::parse(input);
    if (v) {
        const auto again = netkit::json::parse(v->dump());
        if (!again || !(*again == *v)) {
            std::abort();
        }
    }
    return 0;
}
