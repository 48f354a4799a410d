// A hash map keyed by strings that is searched with a string_view, without
// making a std::string for each lookup (C++20's transparent lookup).
//
//     netkit::string_map<int> m;
//     m.find(std::string_view("key"));   // no allocation
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace netkit {

struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

template <class T>
using string_map = std::unordered_map<std::string, T, string_hash, std::equal_to<>>;

} // namespace netkit
