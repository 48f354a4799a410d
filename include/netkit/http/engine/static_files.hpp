// Serving a directory: what `python -m http.server` does, made fast and safe.
//
//     netkit::http::server s;
//     s.mount("/", netkit::http::static_files({.root = "public", .upload = true}).value());
//
// GET and HEAD of files (Content-Type from the MIME table, Content-Length,
// Last-Modified, a strong ETag), index.html / index.htm for a directory,
// "/dir" redirected to "/dir/", a directory listing (HTML, or JSON for
// `Accept: application/json`, sortable by name, size or time), 304 for
// If-None-Match and If-Modified-Since, Range (one range, several as
// multipart/byteranges, 416, If-Range), and precompressed siblings
// (file.br, file.zst, file.gz) for clients that accept them.
//
// Paths never leave the root: the request path is mapped by
// map_request_path() (request_path.hpp), and every file is opened beneath
// the root with openat2(RESOLVE_BENEATH), so a symbolic link that leads
// outside is refused by the kernel.
//
// With `upload`, PUT stores a file and the listing page's form POSTs
// multipart/form-data into its directory. A write goes to a temporary file
// beside the target and is renamed into place only when complete; an
// existing file is replaced only with `overwrite`.
#pragma once

#include <netkit/http/engine/server.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace netkit::http {

struct static_files_options {
    std::string root = ".";
    bool listing = true;
    bool precompressed = true;
    bool upload = false;
    bool overwrite = false;
    /// The largest upload accepted, checked while it streams in.
    std::uint64_t max_upload = std::uint64_t(1) << 30;
    /// Open files and their metadata are reused for this long: a change on
    /// disk is seen within it.
    std::chrono::milliseconds cache_validity = std::chrono::seconds(1);
    /// Files up to this size are kept in memory while cached and sent in one
    /// write with the head; larger ones go out with sendfile(2).
    std::size_t small_file = 16 * 1024;
};

/// A handler serving `options.root`: at once, but for uploads, which wait for
/// their bodies. The error (ENOENT, ENOTDIR, EACCES) when the root cannot be
/// opened.
result<split_handler> static_files(static_files_options options);

} // namespace netkit::http
