// Request methods (RFC 9110 §9): the standard ones by name, and their
// properties. Any token is a valid method on the wire; these are the ones
// with defined semantics.
//
//     netkit::http::parse_method("GET")          // method::get
//     netkit::http::is_idempotent(method::put)   // true: safe to retry
#pragma once

#include <optional>
#include <string_view>

namespace netkit::http {

enum class method { get, head, post, put, delete_, connect, options, trace, patch };

/// Methods are case-sensitive (RFC 9110 §9.1): "get" is not GET.
std::optional<method> parse_method(std::string_view name) noexcept;
std::string_view to_string(method m) noexcept;

/// GET, HEAD, OPTIONS, TRACE (RFC 9110 §9.2.1).
bool is_safe(method m) noexcept;
/// The safe methods, PUT and DELETE (RFC 9110 §9.2.2): a client may retry them.
bool is_idempotent(method m) noexcept;

} // namespace netkit::http
