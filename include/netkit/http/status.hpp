// HTTP status codes and their reason phrases: every code of Python's
// http.HTTPStatus, with the same phrases (RFC 9110 §15).
//
//     netkit::http::reason_phrase(404)   == "Not Found"
//     netkit::http::reason_phrase(799)   == ""   (unknown codes have none)
#pragma once

#include <string_view>

namespace netkit::http {

std::string_view reason_phrase(int status) noexcept;

/// 1xx, 204 and 304 responses never carry content (RFC 9110 §6.4.1).
constexpr bool status_has_no_content(int status) noexcept {
    return (status >= 100 && status < 200) || status == 204 || status == 304;
}

} // namespace netkit::http
