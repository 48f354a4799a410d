#include <netkit/url/error.hpp>
#include <netkit/url/idna.hpp>

#include <idn2.h>

#include <cstdlib>
#include <memory>

namespace netkit::url {
namespace {

struct free_deleter {
    void operator()(char* p) const noexcept { idn2_free(p); }
};

// Non-transitional UTS #46 processing: ß stays ß, as IDNA 2008 wants.
constexpr int flags = IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT;

int convert_to_ascii(std::string_view host, std::unique_ptr<char, free_deleter>& out) {
    const std::string input(host); // libidn2 wants a NUL-terminated string
    if (input.find('\0') != std::string::npos) {
        return IDN2_DISALLOWED;
    }
    char* converted = nullptr;
    const int rc = idn2_to_ascii_8z(input.c_str(), &converted, flags);
    out.reset(converted);
    return rc;
}

} // namespace

result<std::string> to_ascii_host(std::string_view host) {
    std::unique_ptr<char, free_deleter> out;
    if (convert_to_ascii(host, out) != IDN2_OK) {
        return error::idna_failure;
    }
    return std::string(out.get());
}

result<std::string> to_unicode_host(std::string_view host) {
    // Through the ASCII form first, so that the Unicode form is validated too.
    auto ascii = to_ascii_host(host);
    if (!ascii) {
        return ascii.error();
    }
    char* converted = nullptr;
    const int rc = idn2_to_unicode_8z8z(ascii->c_str(), &converted, 0);
    std::unique_ptr<char, free_deleter> out(converted);
    if (rc != IDN2_OK) {
        return error::idna_failure;
    }
    return std::string(out.get());
}

std::string idna_failure_reason(std::string_view host) {
    std::unique_ptr<char, free_deleter> out;
    const int rc = convert_to_ascii(host, out);
    return rc == IDN2_OK ? std::string() : std::string(idn2_strerror(rc));
}

} // namespace netkit::url
