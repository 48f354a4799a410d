#include <netkit/http/method.hpp>

#include <array>
#include <utility>

namespace netkit::http {
namespace {

constexpr std::array<std::pair<method, std::string_view>, 9> names{{
    {method::get, "GET"},
    {method::head, "HEAD"},
    {method::post, "POST"},
    {method::put, "PUT"},
    {method::delete_, "DELETE"},
    {method::connect, "CONNECT"},
    {method::options, "OPTIONS"},
    {method::trace, "TRACE"},
    {method::patch, "PATCH"},
}};

} // namespace

std::optional<method> parse_method(std::string_view name) noexcept {
    for (const auto& [m, text] : names) {
        if (text == name) {
            return m;
        }
    }
    return std::nullopt;
}

std::string_view to_string(method m) noexcept {
    for (const auto& [candidate, text] : names) {
        if (candidate == m) {
            return text;
        }
    }
    return {};
}

bool is_safe(method m) noexcept {
    return m == method::get || m == method::head || m == method::options || m == method::trace;
}

bool is_idempotent(method m) noexcept {
    return is_safe(m) || m == method::put || m == method::delete_;
}

} // namespace netkit::http
