// Asio reports kernel errors in its own "asio.system" category, which does not
// map to std::errc: `ec == std::errc::connection_refused` would be false. Every
// error leaving net/ goes through to_std so that callers can compare with the
// standard names (std::errc::operation_canceled for a canceled operation).
#pragma once

#include <asio/error.hpp>

#include <system_error>

namespace netkit::net::detail {

inline std::error_code to_std(const std::error_code& ec) noexcept {
    if (ec.category() == asio::error::get_system_category()) {
        return {ec.value(), std::system_category()};
    }
    return ec;
}

} // namespace netkit::net::detail
