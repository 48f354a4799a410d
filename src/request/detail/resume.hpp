// "Range: bytes=N-" on a file: or ftp: request: the tail from N, as curl -C
// asks for it (REST N for FTP). A netkit extension: Python's handlers
// ignore the field. The answer carries Content-Range, as HTTP's 206 does.
#pragma once

#include <netkit/core/ascii.hpp>
#include <netkit/http/fields.hpp>
#include <netkit/request/request.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace netkit::request::detail {

/// N of a "bytes=N-" Range field; nullopt without one (or another form).
inline std::optional<std::uint64_t> resume_offset(const request& r) {
    const auto range = r.get_header("Range");
    if (!range) {
        return std::nullopt;
    }
    std::string_view spec = trim(*range);
    if (!istarts_with(spec, "bytes=") || !spec.ends_with('-')) {
        return std::nullopt;
    }
    return parse_decimal(spec.substr(6, spec.size() - 7));
}

/// Content-Range for the tail from `offset` of `size` bytes (size -1: unknown).
inline void add_content_range(http::fields& headers, std::uint64_t offset, long long size) {
    const std::string total = size >= 0 ? std::to_string(size) : "*";
    const std::string last =
        size > 0 ? std::to_string(static_cast<std::uint64_t>(size) - 1) : std::string("*");
    (void)headers.add("Content-Range",
                      "bytes " + std::to_string(offset) + "-" + last + "/" + total);
}

} // namespace netkit::request::detail
