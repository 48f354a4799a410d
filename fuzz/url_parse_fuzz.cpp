// The strict RFC 3986 parser on any bytes: no crash; what it accepts
// normalizes to a valid reference whose normal form is itself (idempotent),
// and resolves against a base to a valid URI.
#include <netkit/url/url.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    netkit::url::parse_error where;
    auto u = netkit::url::parse_uri_reference(input, &where);
    if (!u) {
        if (where.position > input.size()) {
            std::abort(); // an error points into the input
        }
        return 0;
    }
    (void)u->port_number();
    const std::string normal = netkit::url::normalize(*u);
    auto reparsed = netkit::url::parse_uri_reference(normal);
    if (!reparsed || netkit::url::normalize(*reparsed) != normal) {
        std::abort(); // normalization yields a valid, already normal reference
    }
    static const auto base = netkit::url::parse_uri("http://a/b/c/d;p?q").value();
    auto target = netkit::url::resolve(base, *u);
    if (!target) {
        std::abort(); // a valid reference resolves against a valid base
    }
    return 0;
}
