// The static handler's per-thread cache of open files, their metadata and
// formatted fields, and opening files beneath the root.
#include "http/engine/detail/static_files_internal.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/core/string_map.hpp>
#include <netkit/http/date.hpp>
#include <netkit/http/engine/system_mime_types.hpp>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace netkit::http::detail {

namespace {

using clock = coarse_clock;

// The ids of the roots alive now: a thread drops what it knew of the others.
std::mutex live_roots_mutex;
std::unordered_set<std::uint64_t> live_roots;
std::uint64_t next_root_id = 1;

std::uint64_t register_root() {
    std::lock_guard lock(live_roots_mutex);
    live_roots.insert(next_root_id);
    return next_root_id++;
}

} // namespace

// One cache per thread and root: no locks, and each event loop warms its own.
struct file_cache : string_map<cache_entry> {};
constexpr std::size_t max_cached_files = 4096;

static_root::static_root() : id(register_root()) {}

static_root::~static_root() {
    {
        std::lock_guard lock(live_roots_mutex);
        live_roots.erase(id);
    }
    if (root_fd >= 0) {
        ::close(root_fd);
    }
}

file_cache& static_root::thread_cache() const {
    // This thread's caches by root id. A root that died leaves its id here
    // (never looked up again: ids are not reused) until the thread next meets
    // a new root, when the ids of dead roots are dropped.
    thread_local std::unordered_map<std::uint64_t, file_cache*> mine;
    if (auto it = mine.find(id); it != mine.end()) {
        return *it->second;
    }
    file_cache* cache = nullptr;
    {
        std::lock_guard lock(caches_mutex_);
        cache = caches_.emplace_back(std::make_unique<file_cache>()).get();
    }
    {
        std::lock_guard lock(live_roots_mutex);
        std::erase_if(mine, [](const auto& known) { return !live_roots.contains(known.first); });
    }
    mine.emplace(id, cache);
    return *cache;
}

namespace {

// Where openat2 is missing (kernels before 5.6, valgrind, some container
// seccomp profiles): one component at a time with O_NOFOLLOW, so that a
// symbolic link anywhere on the path is refused rather than followed.
int open_without_links(int root_fd, const std::string& relative, int flags) {
    int dir = ::fcntl(root_fd, F_DUPFD_CLOEXEC, 0);
    std::size_t at = 0;
    while (dir >= 0) {
        const auto slash = relative.find('/', at);
        const std::string part =
            relative.empty() ? "."
                             : relative.substr(at, slash == std::string::npos ? slash : slash - at);
        if (slash == std::string::npos) {
            const int fd = ::openat(dir, part.c_str(), flags | O_NOFOLLOW | O_CLOEXEC);
            const int saved = errno;
            ::close(dir);
            errno = saved;
            return fd;
        }
        const int next = ::openat(dir, part.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        const int saved = errno;
        ::close(dir);
        errno = saved;
        dir = next;
        at = slash + 1;
    }
    return -1;
}

} // namespace

int open_beneath(const static_root& root, const std::string& relative, int flags) {
    static std::atomic<bool> has_openat2{true};
    if (has_openat2.load(std::memory_order_relaxed)) {
        open_how how{};
        how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
        how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
        const char* path = relative.empty() ? "." : relative.c_str();
        for (;;) {
            const long fd = ::syscall(SYS_openat2, root.root_fd, path, &how, sizeof how);
            if (fd >= 0 || errno != EINTR) {
                if (fd < 0 && (errno == ENOSYS || errno == EPERM)) {
                    break; // not on this system: below, without it
                }
                return static_cast<int>(fd);
            }
        }
        has_openat2.store(false, std::memory_order_relaxed);
    }
    return open_without_links(root.root_fd, relative, flags);
}

namespace {

std::string etag_of(const struct stat& st, std::string_view coding) {
    // Strong: the bytes change whenever the size, the modification time (to
    // the nanosecond) or the inode does.
    const auto ns = static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ull +
                    static_cast<unsigned long long>(st.st_mtim.tv_nsec);
    char text[80];
    const int n = std::snprintf(text, sizeof text, "\"%llx-%llx-%llx",
                                static_cast<unsigned long long>(st.st_ino), ns,
                                static_cast<unsigned long long>(st.st_size));
    std::string out(text, static_cast<std::size_t>(n));
    if (!coding.empty()) {
        out += '-';
        out += coding;
    }
    out += '"';
    return out;
}

file_info describe(int fd, const struct stat& st, std::string_view coding) {
    file_info info;
    info.file = std::make_shared<const file_handle>(fd);
    info.size = static_cast<std::uint64_t>(st.st_size);
    info.mtime = st.st_mtim.tv_sec;
    info.etag = etag_of(st, coding);
    info.last_modified = format_http_date(clock_time(std::chrono::seconds(info.mtime)));
    return info;
}

// SimpleHTTPRequestHandler.guess_type: its own table for compressed files,
// then mimetypes, then application/octet-stream.
std::string content_type_of(std::string_view relative) {
    const auto slash = relative.rfind('/');
    const auto name = relative.substr(slash == std::string_view::npos ? 0 : slash + 1);
    const auto dot = name.rfind('.');
    if (dot != std::string_view::npos && dot > 0) {
        const auto ext = name.substr(dot);
        for (const auto& [e, type] :
             {std::pair<std::string_view, std::string_view>{".gz", "application/gzip"},
              {".Z", "application/octet-stream"},
              {".bz2", "application/x-bzip2"},
              {".xz", "application/x-xz"}}) {
            if (ext == e || lower_copy(ext) == e) {
                return std::string(type);
            }
        }
    }
    const auto guess = system_mime_types().guess_type(name);
    return guess.type.empty() ? "application/octet-stream" : std::string(guess.type);
}

// The fields of a full response, formatted once for every response that
// sends this representation.
void format_fields(file_info& info, const cache_entry& entry, std::string_view coding) {
    http::fields f;
    // A type the system's table gives with a control character in it is
    // refused here, and the response goes without it.
    (void)f.add("Content-Type", entry.content_type);
    if (!coding.empty()) {
        (void)f.add("Content-Encoding", coding);
    }
    if (entry.any_sibling) {
        (void)f.add("Vary", "Accept-Encoding");
    }
    (void)f.add("Last-Modified", info.last_modified);
    (void)f.add("ETag", info.etag);
    (void)f.add("Accept-Ranges", "bytes");
    info.fields = std::make_shared<const wire_fields>(f);
}

} // namespace

opened open_file(const static_root& root, const std::string& relative) {
    auto& cache = root.thread_cache();
    const auto now = clock::now();
    if (auto it = cache.find(relative); it != cache.end()) {
        if (it->second.expires > now) {
            return {lookup::found, &it->second, -1};
        }
        cache.erase(it);
    }
    int fd = open_beneath(root, relative, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0 && (errno == EMFILE || errno == ENFILE) && !cache.empty()) {
        // Out of descriptors: the cache's open files are the ones to give up.
        cache.clear();
        fd = open_beneath(root, relative, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    }
    if (fd < 0) {
        return {errno == EMFILE || errno == ENFILE ? lookup::unavailable : lookup::not_found};
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return {};
    }
    if (S_ISDIR(st.st_mode)) {
        return {lookup::directory, nullptr, fd};
    }
    if (!S_ISREG(st.st_mode)) { // a FIFO would block every reader; devices are not files
        ::close(fd);
        return {lookup::not_regular, nullptr, -1};
    }
    cache_entry entry;
    entry.expires = now + root.options.cache_validity;
    entry.info = describe(fd, st, {});
    entry.content_type = content_type_of(relative);
    if (root.options.precompressed) {
        for (std::size_t i = 0; i < siblings.size(); ++i) {
            const int sfd = open_beneath(root, relative + std::string(siblings[i].suffix),
                                         O_RDONLY | O_NONBLOCK | O_NOCTTY);
            if (sfd < 0) {
                continue;
            }
            struct stat sst {};
            // A sibling older than the file is stale: never serve it.
            if (::fstat(sfd, &sst) != 0 || !S_ISREG(sst.st_mode) || sst.st_mtime < st.st_mtime) {
                ::close(sfd);
                continue;
            }
            entry.compressed[i] = describe(sfd, sst, siblings[i].coding);
            entry.any_sibling = true;
        }
    }
    format_fields(entry.info, entry, {});
    for (std::size_t i = 0; i < siblings.size(); ++i) {
        if (entry.compressed[i]) {
            format_fields(*entry.compressed[i], entry, siblings[i].coding);
        }
    }
    if (cache.size() >= max_cached_files) {
        std::erase_if(cache, [&](const auto& kv) { return kv.second.expires <= now; });
        if (cache.size() >= max_cached_files) {
            cache.clear();
        }
    }
    auto [it, added] = cache.insert_or_assign(relative, std::move(entry));
    return {lookup::found, &it->second, -1};
}

// Reads a small file once into memory, so that later responses are a single
// write of head and body.
void load_small(file_info& info, std::size_t small_file) {
    if (info.content || info.size > small_file) {
        return;
    }
    auto text = std::make_shared<std::string>(info.size, '\0');
    std::size_t done = 0;
    while (done < info.size) {
        const ssize_t n = ::pread(info.file->get(), text->data() + done, info.size - done,
                                  static_cast<off_t>(done));
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            return; // it changed under us: send from the file instead
        }
        done += static_cast<std::size_t>(n);
    }
    info.content = std::move(text);
}

void forget_cached(const static_root& root, const std::string& relative) {
    auto& cache = root.thread_cache();
    cache.erase(relative);
    for (const auto& s : siblings) {
        if (relative.size() > s.suffix.size() &&
            std::string_view(relative).substr(relative.size() - s.suffix.size()) == s.suffix) {
            cache.erase(relative.substr(0, relative.size() - s.suffix.size()));
        }
    }
}

} // namespace netkit::http::detail
