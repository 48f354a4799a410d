#include <netkit/cookie/error.hpp>

#include <string>

namespace netkit::cookie {
namespace {

class category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.cookie"; }

    std::string message(int value) const override {
        switch (static_cast<error>(value)) {
        case error::not_a_cookie_file:
            return "not a cookies.txt file (Netscape format: 7 fields separated by tabs a line)";
        case error::bad_name:
            return "a cookie name must be a token (no spaces, separators or controls)";
        case error::bad_value: return "a cookie value may not hold a control character or ';'";
        case error::bad_attribute_value:
            return "a cookie attribute may not hold a control character or ';'";
        case error::too_long:
            return "a cookie's name and value may not pass 4096 bytes, nor an attribute 1024";
        case error::secure_prefix: return "a __Secure- cookie needs Secure";
        case error::host_prefix: return "a __Host- cookie needs Secure and Path=/, and no Domain";
        case error::same_site_none_insecure: return "SameSite=None needs Secure";
        }
        return "unknown cookie error";
    }

    std::error_condition default_error_condition(int) const noexcept override {
        return condition::bad_input;
    }
};

} // namespace

const std::error_category& error_category() noexcept {
    static const category_impl instance;
    return instance;
}

} // namespace netkit::cookie
