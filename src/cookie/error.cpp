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
