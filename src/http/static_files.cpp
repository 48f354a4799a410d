#include <netkit/http/static_files.hpp>

#include "http/detail/coarse_clock.hpp"
#include "http/detail/static_files_internal.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/http/date.hpp>
#include <netkit/http/mime.hpp>
#include <netkit/http/range.hpp>
#include <netkit/http/request_path.hpp>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <random>
#include <system_error>
#include <unordered_map>

namespace netkit::http {
namespace detail {

static_root::~static_root() {
    if (root_fd >= 0) {
        ::close(root_fd);
    }
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
            relative.empty() ? "." : relative.substr(at, slash == std::string::npos ? slash : slash - at);
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

} // namespace detail

namespace {

using clock = detail::coarse_clock;
using detail::open_beneath;
using detail::static_root;

// What a file is, learned once and reused for cache_validity.
struct file_info {
    std::shared_ptr<const file_handle> file;
    std::uint64_t size = 0;
    std::int64_t mtime = 0; // seconds
    std::string etag;
    std::string last_modified;
    shared_text content; // small files, read on first GET
    // The fields of a full response, in wire form (see server_response::fields_text).
    shared_text fields_text;
};

// The representation to send for a request: the file, or a precompressed
// sibling of it.
struct sibling {
    std::string_view coding; // "br", "zstd", "gzip"
    std::string_view suffix; // ".br", ".zst", ".gz"
};
constexpr std::array<sibling, 3> siblings{{{"br", ".br"}, {"zstd", ".zst"}, {"gzip", ".gz"}}};

struct cache_entry {
    clock::time_point expires;
    file_info info;
    std::string content_type;
    std::array<std::optional<file_info>, siblings.size()> compressed;
    bool any_sibling = false;
};

// One cache per thread: no locks, and each event loop warms its own.
struct cache_key_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};
using file_cache = std::unordered_map<std::string, cache_entry, cache_key_hash, std::equal_to<>>;
constexpr std::size_t max_cached_files = 4096;

file_cache& cache_for(const static_root& root) {
    thread_local std::unordered_map<const static_root*, file_cache> caches;
    return caches[&root];
}

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
        for (const auto& [e, type] : {std::pair<std::string_view, std::string_view>{".gz", "application/gzip"},
                                      {".Z", "application/octet-stream"},
                                      {".bz2", "application/x-bzip2"},
                                      {".xz", "application/x-xz"}}) {
            if (ext == e || lower_copy(ext) == e) {
                return std::string(type);
            }
        }
    }
    const auto guess = mime_types::system().guess_type(name);
    return guess.type.empty() ? "application/octet-stream" : std::string(guess.type);
}

// The fields of a full response, formatted once for every response that
// sends this representation.
void format_fields(file_info& info, const cache_entry& entry, std::string_view coding) {
    std::string text = "Content-Type: " + entry.content_type + "\r\n";
    if (!coding.empty()) {
        text += "Content-Encoding: " + std::string(coding) + "\r\n";
    }
    if (entry.any_sibling) {
        text += "Vary: Accept-Encoding\r\n";
    }
    text += "Last-Modified: " + info.last_modified + "\r\nETag: " + info.etag +
            "\r\nAccept-Ranges: bytes\r\n";
    info.fields_text = std::make_shared<const std::string>(std::move(text));
}

enum class lookup { found, not_found, directory, not_regular };

struct opened {
    lookup kind = lookup::not_found;
    cache_entry* entry = nullptr;
    int dir_fd = -1; // for lookup::directory, owned by the caller
};

opened open_file(const static_root& root, const std::string& relative) {
    auto& cache = cache_for(root);
    const auto now = clock::now();
    if (auto it = cache.find(relative); it != cache.end()) {
        if (it->second.expires > now) {
            return {lookup::found, &it->second, -1};
        }
        cache.erase(it);
    }
    const int fd = open_beneath(root, relative, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        return {};
    }
    struct stat st{};
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
            struct stat sst{};
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

// Does Accept-Encoding allow `coding` (RFC 9110 §12.5.3)?
bool accepts(std::string_view accept_encoding, std::string_view coding) {
    std::optional<bool> star;
    while (!accept_encoding.empty()) {
        const auto comma = accept_encoding.find(',');
        auto item = trim(accept_encoding.substr(0, comma));
        accept_encoding = comma == std::string_view::npos ? std::string_view{}
                                                          : accept_encoding.substr(comma + 1);
        const auto semi = item.find(';');
        const auto name = trim(item.substr(0, semi));
        bool allowed = true;
        if (semi != std::string_view::npos) {
            auto param = trim(item.substr(semi + 1));
            if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
                const auto q = trim(param.substr(2));
                allowed = !q.empty() && q.find_first_not_of("0.") != std::string_view::npos;
            }
        }
        if (iequals(name, coding)) {
            return allowed;
        }
        if (name == "*") {
            star = allowed;
        }
    }
    return star.value_or(false);
}

// RFC 9110 §13.1.2: does If-None-Match list this entity tag (weak comparison)?
bool none_match(std::string_view header, std::string_view etag) {
    if (trim(header) == "*") {
        return true;
    }
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto tag = trim(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        if (tag.substr(0, 2) == "W/") {
            tag.remove_prefix(2);
        }
        if (tag == etag) {
            return true;
        }
    }
    return false;
}

std::string make_boundary() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    static constexpr char digits[] = "0123456789abcdef";
    std::string b = "netkit-";
    auto bits = random();
    for (int i = 0; i < 16; ++i, bits >>= 4) {
        b += digits[bits & 15];
    }
    return b;
}

std::string content_range(std::uint64_t first, std::uint64_t last, std::uint64_t size) {
    return "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size);
}

// The bytes [offset, offset + length) of a representation: from memory for a
// small cached file, else from the file.
body_part slice(file_info& info, std::uint64_t offset, std::uint64_t length) {
    if (info.content) {
        if (offset == 0 && length == info.size) {
            return info.content;
        }
        return info.content->substr(offset, length);
    }
    return file_part{info.file, offset, length};
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
        const ssize_t n = ::pread(info.file->fd(), text->data() + done, info.size - done,
                                  static_cast<off_t>(done));
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            return; // it changed under us: send from the file instead
        }
        done += static_cast<std::size_t>(n);
    }
    info.content = std::move(text);
}

server_response serve_file(const static_root& root, cache_entry& entry, server_request& request) {
    const bool get = request.method() == "GET";
    const auto accept_encoding = request.header("Accept-Encoding");
    file_info* chosen = &entry.info;
    std::string_view coding;
    if (accept_encoding) {
        for (std::size_t i = 0; i < siblings.size(); ++i) {
            if (entry.compressed[i] && accepts(*accept_encoding, siblings[i].coding)) {
                chosen = &*entry.compressed[i];
                coding = siblings[i].coding;
                break;
            }
        }
    }
    server_response r;
    // Conditional requests, in RFC 9110 §13.2.2's order. A 304 carries the
    // validators, not the representation's metadata (§15.4.5).
    bool not_modified = false;
    if (const auto inm = request.header("If-None-Match")) {
        not_modified = none_match(*inm, chosen->etag);
    } else if (const auto ims = request.header("If-Modified-Since")) {
        const auto since = parse_http_date(*ims);
        not_modified = since && chosen->mtime <= since->time_since_epoch().count();
    }
    if (not_modified) {
        r.status = 304;
        (void)r.headers.add("ETag", chosen->etag);
        (void)r.headers.add("Last-Modified", chosen->last_modified);
        if (entry.any_sibling) {
            (void)r.headers.add("Vary", "Accept-Encoding");
        }
        return r;
    }

    range_request ranges;
    if (const auto range = request.header("Range"); range && get) {
        bool current = true;
        if (const auto if_range = request.header("If-Range")) {
            // An entity tag must match strongly; a date must be exactly Last-Modified.
            current = *if_range == chosen->etag || *if_range == chosen->last_modified;
        }
        if (current) {
            ranges = parse_range(*range, chosen->size);
        }
    }
    if (ranges.status == range_status::unsatisfiable) {
        auto e = error_response(416, "Requested Range Not Satisfiable");
        (void)e.headers.set("Content-Range", "bytes */" + std::to_string(chosen->size));
        return e;
    }
    if (get) {
        load_small(*chosen, root.options.small_file);
    }
    if (ranges.status == range_status::ignore) {
        r.fields_text = chosen->fields_text;
        if (chosen->size > 0) {
            r.parts.push_back(slice(*chosen, 0, chosen->size));
        }
        return r;
    }
    r.status = 206;
    auto& h = r.headers;
    if (ranges.ranges.size() == 1) {
        const auto& one = ranges.ranges.front();
        r.fields_text = chosen->fields_text;
        (void)h.add("Content-Range", content_range(one.first, one.last, chosen->size));
        r.parts.push_back(slice(*chosen, one.first, one.size()));
        return r;
    }
    // Several ranges: multipart/byteranges (RFC 9110 §14.6).
    const std::string boundary = make_boundary();
    (void)h.add("Content-Type", "multipart/byteranges; boundary=" + boundary);
    (void)h.add("Last-Modified", chosen->last_modified);
    (void)h.add("ETag", chosen->etag);
    if (!coding.empty()) {
        (void)h.add("Content-Encoding", coding);
    }
    for (const auto& one : ranges.ranges) {
        r.parts.emplace_back("\r\n--" + boundary + "\r\nContent-Type: " + entry.content_type +
                             "\r\nContent-Range: " + content_range(one.first, one.last, chosen->size) +
                             "\r\n\r\n");
        r.parts.push_back(slice(*chosen, one.first, one.size()));
    }
    r.parts.emplace_back("\r\n--" + boundary + "--\r\n");
    return r;
}

server_response redirect_to_directory(const server_request& request) {
    // As http.server (and Apache) do: the same path with a slash, query kept.
    server_response r(301);
    std::string location(request.path());
    location += '/';
    if (!request.query().empty()) {
        location += '?';
        location += request.query();
    }
    (void)r.headers.set("Location", location);
    return r;
}

asio::awaitable<server_response> serve(std::shared_ptr<const static_root> root,
                                       server_request& request) {
    const auto method = request.method();
    const bool reading = method == "GET" || method == "HEAD";
    const bool writing = root->options.upload && (method == "PUT" || method == "POST");
    if (!reading && !writing) {
        co_return error_response(501, "Unsupported method ('" + std::string(method) + "')");
    }
    if (request.mount_path().empty()) {
        co_return redirect_to_directory(request);
    }
    const auto mapped = map_request_path(request.mount_path());
    if (!mapped) {
        co_return error_response(404, "File not found");
    }
    if (method == "PUT") {
        co_return co_await detail::store_put(*root, request, mapped->relative);
    }
    auto found = open_file(*root, mapped->relative);
    if (found.kind == lookup::directory) {
        const int dir_fd = found.dir_fd;
        struct closer {
            int fd;
            ~closer() { ::close(fd); }
        } close_dir{dir_fd};
        if (!mapped->trailing_slash) {
            co_return redirect_to_directory(request);
        }
        if (method == "POST") {
            co_return co_await detail::store_form(*root, request, mapped->relative);
        }
        const std::string prefix = mapped->relative.empty() ? "" : mapped->relative + "/";
        for (const char* index : {"index.html", "index.htm"}) {
            auto page = open_file(*root, prefix + index);
            if (page.kind == lookup::found) {
                co_return serve_file(*root, *page.entry, request);
            }
            if (page.dir_fd >= 0) {
                ::close(page.dir_fd);
            }
        }
        if (!root->options.listing) {
            co_return error_response(403, "Directory listing is off");
        }
        co_return detail::directory_listing(*root, dir_fd, mapped->relative, request);
    }
    if (method == "POST") {
        co_return error_response(405, "Upload into a directory (its path ends in /)");
    }
    if (found.kind == lookup::not_regular) {
        co_return error_response(403, "Not a regular file");
    }
    // "/file.txt/" names a directory that is not there (http.server: 404).
    if (found.kind == lookup::not_found || mapped->trailing_slash) {
        co_return error_response(404, "File not found");
    }
    co_return serve_file(*root, *found.entry, request);
}

} // namespace

namespace detail {

void forget_cached(const static_root& root, const std::string& relative) {
    auto& cache = cache_for(root);
    cache.erase(relative);
    for (const auto& s : siblings) {
        if (relative.size() > s.suffix.size() &&
            std::string_view(relative).substr(relative.size() - s.suffix.size()) == s.suffix) {
            cache.erase(relative.substr(0, relative.size() - s.suffix.size()));
        }
    }
}

} // namespace detail

handler static_files(static_files_options options) {
    auto root = std::make_shared<static_root>();
    root->root_fd = ::open(options.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root->root_fd < 0) {
        throw std::system_error(errno, std::system_category(),
                                "cannot serve directory '" + options.root + "'");
    }
    root->options = std::move(options);
    return [root = std::shared_ptr<const static_root>(root)](server_request& request) {
        return serve(root, request);
    };
}

} // namespace netkit::http
