// urlsplit / urlparse on any bytes: no crash, every accessor usable, and
// urlunsplit(urlsplit(x)) stable after one round.
#include <netkit/url/split.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    for (bool fragments : {true, false}) {
        auto r = netkit::url::try_urlsplit(input, "https", fragments);
        if (!r) {
            continue;
        }
        (void)r->username();
        (void)r->password();
        (void)r->hostname();
        (void)r->try_port();
        const std::string once = r->geturl();
        auto again = netkit::url::try_urlsplit(once, "https", fragments);
        if (!again || again->geturl() != once) {
            std::abort(); // urlunsplit(urlsplit(x)) must be a fixed point
        }
        auto p = netkit::url::try_urlparse(input, {}, fragments);
        if (p) {
            (void)p->params();
            (void)p->geturl();
        }
    }
    return 0;
}
