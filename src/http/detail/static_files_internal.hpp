// The parts of the static file handler (static_files*.cpp) share this.
#pragma once

#include <netkit/http/server.hpp>
#include <netkit/http/static_files.hpp>

#include <sys/stat.h>

#include <string>
#include <string_view>

namespace netkit::http::detail {

struct static_root {
    static_files_options options;
    int root_fd = -1; // O_PATH descriptor of the root directory
    ~static_root();
};

/// openat2(RESOLVE_BENEATH) below the root: -1 with errno set when the path
/// does not exist or would leave the root (EXDEV), as any open fails.
int open_beneath(const static_root& root, const std::string& relative, int flags);

/// html.escape(text, quote=True), with bytes that are not UTF-8 shown as U+FFFD.
std::string html_escape(std::string_view text);

/// The directory listing of the open directory `dir_fd` (`relative` below the root).
server_response directory_listing(const static_root& root, int dir_fd,
                                  const std::string& relative, const server_request& request);

/// PUT of a file, and the listing form's multipart POST into a directory.
asio::awaitable<server_response> store_put(const static_root& root, server_request& request,
                                           const std::string& relative);
asio::awaitable<server_response> store_form(const static_root& root, server_request& request,
                                            const std::string& relative);

/// Forgets what this thread cached about `relative` (after an upload).
void forget_cached(const static_root& root, const std::string& relative);

} // namespace netkit::http::detail
