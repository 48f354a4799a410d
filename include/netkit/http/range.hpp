// Range requests (RFC 9110 §14): which bytes of a representation to send.
//
//     auto r = netkit::http::parse_range("bytes=0-99,-100", 1000);
//     // r.status == range_status::satisfiable, r.ranges == {{0, 99}, {900, 999}}
//
// Overlapping or adjacent ranges are merged and sorted (§14.2 allows it, and
// it defeats the many-overlapping-ranges attack); a header with more than
// `max_ranges` ranges after merging is ignored, as an invalid one is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace netkit::http {

struct byte_range {
    std::uint64_t first = 0;
    std::uint64_t last = 0; ///< inclusive
    std::uint64_t size() const noexcept { return last - first + 1; }
    friend bool operator==(const byte_range&, const byte_range&) = default;
};

enum class range_status {
    ignore,        ///< not a valid bytes range: send the whole representation (200)
    satisfiable,   ///< send `ranges` (206)
    unsatisfiable, ///< no range overlaps the representation (416)
};

struct range_request {
    range_status status = range_status::ignore;
    std::vector<byte_range> ranges;
};

range_request parse_range(std::string_view header, std::uint64_t size, std::size_t max_ranges = 16);

/// A Content-Range field (RFC 9110 §14.4): "bytes 0-99/1000", "bytes
/// 0-99/*", or "bytes */1000" (the answer to an unsatisfiable range).
struct content_range {
    std::optional<byte_range> range;              ///< none for "bytes */N"
    std::optional<std::uint64_t> complete_length; ///< none for "/*"
    friend bool operator==(const content_range&, const content_range&) = default;
};

/// nullopt for anything but a well-formed bytes Content-Range (first <= last,
/// last below a known complete length).
std::optional<content_range> parse_content_range(std::string_view value);

} // namespace netkit::http
