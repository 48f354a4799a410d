// urllib.request.urlretrieve for every scheme urlopen opens: the body to a
// file, a report hook as Python calls it, and ContentTooShortError when
// fewer bytes came than Content-Length promised.
//
//     auto [file, headers] = netkit::sync::urlretrieve(url, "page.html");
//     netkit::sync::urlretrieve(url, "big.iso", [](auto block, auto block_size, auto total) {
//         std::cout << block * block_size << " of " << total << "\r";
//     });
//     netkit::sync::urlcleanup();   // the temporary files of calls without a name
//
// As Python's, a file: URL without a file name is not copied: its own path
// comes back. Unlike Python, a file is written beside its name ("NAME.part")
// and renamed only when whole: a failed or short transfer never leaves a
// partial file under the name (Python leaves it).
#pragma once

#include <netkit/http/fields.hpp>
#include <netkit/sync/url_error.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace netkit::sync {

struct retrieved {
    std::string filename;
    http::fields headers;
};

/// reporthook(block_number, block_size, total_size): once before the body
/// (block 0), then after each block of 8 KiB read; total_size is -1 when the
/// server gives no Content-Length.
using report_hook = std::function<void(std::int64_t, std::int64_t, std::int64_t)>;

/// urllib.error.ContentTooShortError: the body ended before Content-Length
/// bytes; content() is what Python's carries, the file name and headers (the
/// file itself is gone).
class content_too_short_error : public url_error {
public:
    content_too_short_error(std::uint64_t got, std::uint64_t expected, retrieved content);
    const retrieved& content() const noexcept { return content_; }

private:
    retrieved content_;
};

/// urlopen(`url`, `data`) into `filename`, or into a temporary file when
/// none is given (urlcleanup() removes those). Throws what urlopen throws
/// (http_error, url_error, ...), and content_too_short_error.
retrieved urlretrieve(const std::string& url, std::optional<std::string> filename = std::nullopt,
                      report_hook reporthook = {}, std::optional<std::string> data = std::nullopt);

/// Removes the temporary files urlretrieve made.
void urlcleanup();

} // namespace netkit::sync
