// A whole file read into memory, for the command's small inputs (a request
// body, a robots.txt).
#pragma once

#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace netkit::cli {

/// The bytes of the file at `path`; nullopt when it cannot be opened.
inline std::optional<std::string> read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace netkit::cli
