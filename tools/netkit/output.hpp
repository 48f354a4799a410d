// Writing lines to stdout so that they appear at once, even through a pipe
// (a test or another program reads them as they come).
#pragma once

#include <cstdio>
#include <string_view>

namespace netkit::cli {

inline void print_line(std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

inline void print_raw(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

} // namespace netkit::cli
