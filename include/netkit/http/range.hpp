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

range_request parse_range(std::string_view header, std::uint64_t size,
                          std::size_t max_ranges = 16);

} // namespace netkit::http
