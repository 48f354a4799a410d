// urljoin on any pair of byte strings (the input split at its first NUL, or
// in half): no crash, and an absolute base gives an answer or a Python error.
#include <netkit/url/join.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    auto nul = input.find('\0');
    if (nul == std::string_view::npos) {
        nul = input.size() / 2;
    }
    const std::string_view base = input.substr(0, nul);
    const std::string_view ref = input.substr(std::min(input.size(), nul + 1));
    (void)netkit::url::try_urljoin(base, ref);
    (void)netkit::url::try_urljoin(base, ref, false);
    return 0;
}
