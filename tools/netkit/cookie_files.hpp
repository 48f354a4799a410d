// The cookies.txt a command reads (fetch -b, cookies list): opened, its
// skipped lines warned about, its failure said once, the same way.
#pragma once

#include "exit_codes.hpp"

#include <netkit/cookie/engine/cookie_file.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <optional>
#include <string>
#include <system_error>

namespace netkit::cli {

/// The file, or nullopt after printing why not (exit_read_error is the
/// caller's code). A missing file is an empty jar unless `must_exist`.
inline std::optional<cookie::cookie_file> read_cookie_file(const std::string& path,
                                                           bool must_exist) {
    struct stat st {};
    if (must_exist && ::stat(path.c_str(), &st) != 0) {
        (void)fail(exit_read_error, "cannot read cookies from '" + path + "': " +
                                        std::error_code(errno, std::system_category()).message());
        return std::nullopt;
    }
    auto file = cookie::cookie_file::open(path);
    if (!file) {
        (void)fail(exit_read_error,
                   "cannot read cookies from '" + path + "': " + file.error().message());
        return std::nullopt;
    }
    for (const auto& warning : file->warnings()) {
        warn("skipped a line of " + warning);
    }
    return std::move(*file);
}

} // namespace netkit::cli
