// The parts of the static file handler (static_files*.cpp) share this.
#pragma once

#include <netkit/http/engine/server.hpp>
#include <netkit/http/engine/static_files.hpp>

#include "http/engine/detail/coarse_clock.hpp"

#include <sys/stat.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::http::detail {

struct file_cache;

// A served directory. Each thread that serves from it keeps a cache of open
// files (no locks on the way of a request); the caches belong to the root, so
// that its files are closed when it goes, and threads find theirs by `id`, a
// number no later root is given again (an address could be).
struct static_root {
    static_files_options options;
    int root_fd = -1; // O_PATH descriptor of the root directory
    const std::uint64_t id;

    static_root();
    static_root(const static_root&) = delete;
    static_root& operator=(const static_root&) = delete;
    ~static_root();

    /// The calling thread's cache of this root, made on its first use.
    file_cache& thread_cache() const;

private:
    mutable std::mutex caches_mutex_;
    mutable std::vector<std::unique_ptr<file_cache>> caches_;
};

// What a file is, learned once and reused for cache_validity.
struct file_info {
    std::shared_ptr<const file_handle> file;
    std::uint64_t size = 0;
    std::int64_t mtime = 0; // seconds
    std::string etag;
    std::string last_modified;
    shared_text content; // small files, read on first GET
    // The fields of a full response (see server_response::shared_fields).
    std::shared_ptr<const wire_fields> fields;
};

// The representation to send for a request: the file, or a precompressed
// sibling of it.
struct sibling {
    std::string_view coding; // "br", "zstd", "gzip"
    std::string_view suffix; // ".br", ".zst", ".gz"
};
constexpr std::array<sibling, 3> siblings{{{"br", ".br"}, {"zstd", ".zst"}, {"gzip", ".gz"}}};

struct cache_entry {
    coarse_clock::time_point expires;
    file_info info;
    std::string content_type;
    std::array<std::optional<file_info>, siblings.size()> compressed;
    bool any_sibling = false;
};

// unavailable: the process is out of file descriptors (EMFILE, ENFILE), even
// after the cache let go of its own: a 503, never a 404 for a file that is there.
enum class lookup { found, not_found, directory, not_regular, unavailable };

struct opened {
    lookup kind = lookup::not_found;
    cache_entry* entry = nullptr;
    int dir_fd = -1; // for lookup::directory, owned by the caller
};

/// The process has no file descriptor left to open a file with: a passing
/// state (connections end, the cache lets go), so 503 and a retry soon, as
/// the server's own busy answer says.
server_response out_of_descriptors();

/// The file at `relative`, from this thread's cache or opened now (with its
/// precompressed siblings); for a directory, an open descriptor instead.
opened open_file(const static_root& root, const std::string& relative);

/// Reads a small file once into memory, so that later responses are a single
/// write of head and body.
void load_small(file_info& info, std::size_t small_file);

/// openat2(RESOLVE_BENEATH) below the root: -1 with errno set when the path
/// does not exist or would leave the root (EXDEV), as any open fails.
int open_beneath(const static_root& root, const std::string& relative, int flags);

/// The directory listing of the open directory `dir_fd` (`relative` below the root).
server_response directory_listing(const static_root& root, int dir_fd, const std::string& relative,
                                  const server_request& request);

/// PUT of a file, and the listing form's multipart POST into a directory.
asio::awaitable<server_response> store_put(const static_root& root, server_request& request,
                                           const std::string& relative);
asio::awaitable<server_response> store_form(const static_root& root, server_request& request,
                                            const std::string& relative);

/// Forgets what this thread cached about `relative` (after an upload).
void forget_cached(const static_root& root, const std::string& relative);

} // namespace netkit::http::detail
