// data: URLs (what urlopen and netkit fetch take from a user or a page) on
// any bytes: no crash, and a media type whenever the URL is read.
#include <netkit/url/data_url.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto d = netkit::url::parse_data_url(input);
    if (d && d->media_type.empty()) {
        std::abort(); // Python's default, text/plain;charset=US-ASCII, at least
    }
    return 0;
}
