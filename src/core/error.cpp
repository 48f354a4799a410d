#include <netkit/core/error.hpp>

#include <string>

namespace netkit {
namespace {

class condition_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit"; }

    std::string message(int value) const override {
        switch (static_cast<condition>(value)) {
        case condition::timed_out: return "timed out";
        case condition::limit_exceeded: return "limit exceeded";
        case condition::protocol_violation: return "protocol violation";
        case condition::tls_failure: return "TLS failure";
        case condition::canceled: return "canceled";
        case condition::bad_input: return "bad input";
        }
        return "unknown netkit condition";
    }

    // Module categories map their own codes through default_error_condition;
    // this covers the standard codes that mean the same thing.
    bool equivalent(const std::error_code& code, int value) const noexcept override {
        if (code.category().default_error_condition(code.value()) ==
            std::error_condition(value, *this)) {
            return true;
        }
        switch (static_cast<condition>(value)) {
        case condition::timed_out: return code == std::errc::timed_out;
        case condition::canceled: return code == std::errc::operation_canceled;
        case condition::limit_exceeded:
            return code == std::errc::message_size || code == std::errc::value_too_large;
        default: return false;
        }
    }
};

class core_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.core"; }

    std::string message(int value) const override {
        switch (static_cast<core_error>(value)) {
        case core_error::unreported:
            return "the operation failed without saying why (an empty error code; please report "
                   "this as a netkit bug)";
        case core_error::base64_padding: return "Incorrect padding";
        case core_error::base64_length:
            return "Invalid base64-encoded string: number of data characters cannot be 1 more "
                   "than a multiple of 4";
        }
        return "unknown netkit.core error";
    }

    std::error_condition default_error_condition(int value) const noexcept override {
        switch (static_cast<core_error>(value)) {
        case core_error::base64_padding:
        case core_error::base64_length: return make_error_condition(condition::bad_input);
        default: return {value, *this};
        }
    }
};

} // namespace

const std::error_category& core_category() noexcept {
    static const core_category_impl instance;
    return instance;
}

const std::error_category& condition_category() noexcept {
    static const condition_category_impl instance;
    return instance;
}

} // namespace netkit
