// Writing lines to stdout so that they appear at once, even through a pipe
// (a test or another program reads them as they come).
#pragma once

#include <cerrno>
#include <cstdio>
#include <string_view>

namespace netkit::cli {

inline void print_line(std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

/// False when stdout did not take the bytes, errno saying why: a reader that
/// went away (EPIPE: SIGPIPE is ignored, so that this is an error to report,
/// as curl's 23, not a silent death or a silent success), a full disk.
inline bool print_raw(std::string_view text) {
    errno = 0;
    const bool whole = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
    return std::fflush(stdout) == 0 && whole;
}

} // namespace netkit::cli
