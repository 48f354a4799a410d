#include "url/detail/unicode.hpp"

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>

#include <cstdlib>
#include <memory>

namespace netkit::url::detail {
namespace {

struct free_deleter {
    void operator()(std::uint8_t* p) const noexcept { std::free(p); }
};

const std::uint8_t* bytes(std::string_view s) {
    return reinterpret_cast<const std::uint8_t*>(s.data());
}

} // namespace

std::string unicode_lower(std::string_view utf8) {
    size_t length = 0;
    std::unique_ptr<std::uint8_t, free_deleter> lowered(
        u8_tolower(bytes(utf8), utf8.size(), nullptr, nullptr, nullptr, &length));
    if (!lowered) {
        return std::string(utf8); // out of memory or invalid input: leave as is
    }
    return std::string(reinterpret_cast<const char*>(lowered.get()), length);
}

std::string nfkc(std::string_view utf8) {
    size_t length = 0;
    std::unique_ptr<std::uint8_t, free_deleter> normal(
        u8_normalize(UNINORM_NFKC, bytes(utf8), utf8.size(), nullptr, &length));
    if (!normal) {
        return std::string(utf8);
    }
    return std::string(reinterpret_cast<const char*>(normal.get()), length);
}

bool is_printable(char32_t code_point) {
    if (code_point == U' ') {
        return true;
    }
    const uc_general_category_t not_printable = uc_general_category_or(
        uc_general_category_or(uc_general_category_or(UC_CATEGORY_Cc, UC_CATEGORY_Cf),
                               uc_general_category_or(UC_CATEGORY_Cs, UC_CATEGORY_Co)),
        uc_general_category_or(uc_general_category_or(UC_CATEGORY_Cn, UC_CATEGORY_Zl),
                               uc_general_category_or(UC_CATEGORY_Zp, UC_CATEGORY_Zs)));
    return !uc_is_general_category(code_point, not_printable);
}

} // namespace netkit::url::detail
