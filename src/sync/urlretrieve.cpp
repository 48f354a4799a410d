#include <netkit/sync/urlretrieve.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/sync/urlopen.hpp>

#include "sync/detail/partial_file.hpp"
#include "sync/detail/urllib.hpp"

#include <cstdlib>
#include <mutex>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace netkit::sync {

namespace {

constexpr std::int64_t block_size = 8 * 1024; // Python's bs

// The temporary files made for calls without a name, for urlcleanup().
std::mutex temporary_files_mutex;
std::vector<std::string> temporary_files;

std::string make_temporary_file() {
    const char* dir = std::getenv("TMPDIR");
    std::string name =
        std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/netkit-urlretrieve-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
        throw std::system_error(errno, std::system_category(), "cannot make a temporary file");
    }
    ::close(fd);
    const std::lock_guard lock(temporary_files_mutex);
    temporary_files.push_back(name);
    return name;
}

} // namespace

content_too_short_error::content_too_short_error(std::uint64_t got, std::uint64_t expected,
                                                 retrieved content)
    : url_error(url_error_code::content_too_short, "retrieval incomplete: got only " +
                                                       std::to_string(got) + " out of " +
                                                       std::to_string(expected) + " bytes"),
      content_(std::move(content)) {}

namespace {

// posixpath.normpath: what urlretrieve returns for a file: URL it need not copy.
std::string normpath(std::string_view path) {
    if (path.empty()) {
        return ".";
    }
    // One leading slash, or two kept as POSIX allows; three or more are one.
    const std::size_t slashes = path.find_first_not_of('/') == std::string_view::npos
                                    ? path.size()
                                    : path.find_first_not_of('/');
    const std::string lead = slashes == 0 ? "" : slashes == 2 ? "//" : "/";
    std::vector<std::string_view> parts;
    for (std::size_t at = 0; at <= path.size();) {
        auto slash = path.find('/', at);
        if (slash == std::string_view::npos) {
            slash = path.size();
        }
        const std::string_view part = path.substr(at, slash - at);
        at = slash + 1;
        if (part.empty() || part == ".") {
            continue;
        }
        if (part != ".." || (lead.empty() && parts.empty()) ||
            (!parts.empty() && parts.back() == "..")) {
            parts.push_back(part);
        } else if (!parts.empty()) {
            parts.pop_back();
        }
    }
    std::string out = lead;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += (i == 0 ? "" : "/");
        out += parts[i];
    }
    return out.empty() ? "." : out;
}

} // namespace

retrieved urlretrieve(const std::string& url, std::optional<std::string> filename,
                      report_hook reporthook, std::optional<std::string> data) {
    url_response r = urlopen(url, std::move(data));
    http::fields headers = r.info();
    // A file: URL without a name is not copied: its own path is the answer.
    const request asked(url);
    if (asked.type() == "file" && !filename) {
        const std::string_view path = std::string_view(url).substr(url.find(':') + 1);
        return {normpath(path), std::move(headers)};
    }
    const std::string path = filename ? *filename : make_temporary_file();
    detail::partial_file file(path);
    std::int64_t total = -1, read = 0, blocks = 0;
    if (const auto length = headers.get("Content-Length")) {
        total = static_cast<std::int64_t>(parse_decimal(trim(*length)).value_or(0));
    }
    if (reporthook) {
        reporthook(0, block_size, total);
    }
    const auto too_short = [&] {
        return content_too_short_error(static_cast<std::uint64_t>(read),
                                       static_cast<std::uint64_t>(total), {path, headers});
    };
    // Blocks of 8 KiB as Python's fp.read(bs) gives them (fewer bytes only
    // at the end), each written, then reported.
    std::string block;
    const auto flush = [&] {
        if (block.empty()) {
            return;
        }
        read += static_cast<std::int64_t>(block.size());
        if (!file.write(block)) {
            throw file.write_error();
        }
        block.clear();
        if (reporthook) {
            reporthook(++blocks, block_size, total);
        }
    };
    for (;;) {
        std::string piece;
        try {
            piece = r.read(static_cast<std::size_t>(block_size) - block.size());
        } catch (...) {
            flush(); // what came before the break
            if (total >= 0 && read < total) {
                throw too_short(); // the server closed before Content-Length bytes
            }
            detail::rethrow_as_urllib_error();
        }
        block += piece;
        if (piece.empty() || block.size() == static_cast<std::size_t>(block_size)) {
            flush();
        }
        if (piece.empty()) {
            break;
        }
    }
    if (total >= 0 && read < total) {
        throw too_short();
    }
    file.commit();
    return {path, std::move(headers)};
}

void urlcleanup() {
    const std::lock_guard lock(temporary_files_mutex);
    for (const std::string& name : temporary_files) {
        std::remove(name.c_str());
    }
    temporary_files.clear();
}

} // namespace netkit::sync
