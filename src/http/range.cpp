#include <netkit/http/range.hpp>

#include <netkit/core/ascii.hpp>

#include <algorithm>
#include <limits>
#include <optional>

namespace netkit::http {

range_request parse_range(std::string_view header, std::uint64_t size, std::size_t max_ranges) {
    range_request out;
    header = trim(header);
    constexpr std::string_view unit = "bytes=";
    if (header.size() < unit.size()) {
        return out;
    }
    for (std::size_t i = 0; i < unit.size(); ++i) {
        const char c = header[i];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != unit[i]) {
            return out;
        }
    }
    header.remove_prefix(unit.size());

    // One range-spec into `ranges` (when it overlaps the representation);
    // false when it is not valid syntax.
    std::vector<byte_range> ranges;
    auto add = [&](std::string_view spec) {
        const auto dash = spec.find('-');
        if (dash == std::string_view::npos) {
            return false;
        }
        const auto first_text = spec.substr(0, dash);
        const auto last_text = spec.substr(dash + 1);
        if (first_text.empty()) { // suffix-range: the last N bytes
            const auto suffix = parse_decimal(last_text);
            if (!suffix)
                return false;
            if (*suffix > 0 && size > 0) {
                ranges.push_back({size - std::min(*suffix, size), size - 1});
            }
            return true;
        }
        const auto first = parse_decimal(first_text);
        if (!first)
            return false;
        std::uint64_t last = std::numeric_limits<std::uint64_t>::max();
        if (!last_text.empty()) {
            const auto parsed = parse_decimal(last_text);
            if (!parsed || *parsed < *first)
                return false;
            last = *parsed;
        }
        if (*first < size) {
            ranges.push_back({*first, std::min(last, size - 1)});
        }
        return true;
    };
    std::size_t specs = 0;
    for (;;) {
        const auto comma = header.find(',');
        // §5.6.1: empty list elements are allowed and ignored.
        if (const auto spec = trim(header.substr(0, comma)); !spec.empty()) {
            ++specs;
            if (!add(spec)) {
                return out;
            }
        }
        if (comma == std::string_view::npos) {
            break;
        }
        header.remove_prefix(comma + 1);
    }
    if (specs == 0) {
        return out;
    }
    if (ranges.empty()) {
        out.status = range_status::unsatisfiable;
        return out;
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const byte_range& a, const byte_range& b) { return a.first < b.first; });
    std::vector<byte_range> merged;
    for (const auto& r : ranges) {
        if (!merged.empty() && r.first <= merged.back().last + 1) {
            merged.back().last = std::max(merged.back().last, r.last);
        } else {
            merged.push_back(r);
        }
    }
    if (merged.size() > max_ranges) {
        return out;
    }
    out.status = range_status::satisfiable;
    out.ranges = std::move(merged);
    return out;
}

std::optional<content_range> parse_content_range(std::string_view value) {
    value = trim(value);
    if (value.size() < 6 || !iequals(value.substr(0, 6), "bytes ")) {
        return std::nullopt;
    }
    value.remove_prefix(6);
    const auto slash = value.find('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    const auto spec = value.substr(0, slash);
    const auto length = value.substr(slash + 1);
    content_range out;
    if (length != "*") {
        out.complete_length = parse_decimal(length);
        if (!out.complete_length) {
            return std::nullopt;
        }
    }
    if (spec == "*") {
        // unsatisfied-range = "*/" complete-length
        return out.complete_length ? std::optional(out) : std::nullopt;
    }
    const auto dash = spec.find('-');
    if (dash == std::string_view::npos) {
        return std::nullopt;
    }
    const auto first = parse_decimal(spec.substr(0, dash));
    const auto last = parse_decimal(spec.substr(dash + 1));
    if (!first || !last || *first > *last ||
        (out.complete_length && *last >= *out.complete_length)) {
        return std::nullopt;
    }
    out.range = byte_range{*first, *last};
    return out;
}

} // namespace netkit::http
