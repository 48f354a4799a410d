// Uploads: PUT of one file, and the listing form's multipart/form-data POST.
// Bytes go to a temporary file beside the target, renamed into place only
// when the whole body has arrived; renameat2(RENAME_NOREPLACE) makes "never
// replace an existing file" atomic. Anything unfinished is removed.
#include "http/engine/detail/static_files_internal.hpp"

#include <netkit/http/multipart.hpp>
#include <netkit/net/unique_fd.hpp>

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <random>
#include <string>

namespace netkit::http::detail {
namespace {

// A file being written under a temporary name in its directory.
class pending_file {
public:
    pending_file(int dir_fd) : dir_fd_(dir_fd) {
        thread_local std::mt19937_64 random{std::random_device{}()};
        for (int attempt = 0; attempt < 8 && !fd_; ++attempt) {
            temp_ = ".netkit-upload-" + std::to_string(random()) + ".part";
            fd_ = net::unique_fd(
                ::openat(dir_fd_, temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
            if (!fd_ && errno != EEXIST) {
                break;
            }
        }
        error_ = fd_ ? 0 : errno;
    }
    pending_file(const pending_file&) = delete;
    pending_file& operator=(const pending_file&) = delete;
    ~pending_file() {
        fd_.close();
        if (!committed_) {
            ::unlinkat(dir_fd_, temp_.c_str(), 0);
        }
    }

    bool ok() const noexcept { return static_cast<bool>(fd_); }
    /// Why it could not be made (errno), when not ok().
    int error() const noexcept { return error_; }

    bool write(std::string_view data) {
        while (!data.empty()) {
            const ssize_t n = ::write(fd_.get(), data.data(), data.size());
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return false;
            }
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    /// Durably in place under `name`; EEXIST when it exists and `replace` is false.
    int commit(const std::string& name, bool replace) {
        if (::fdatasync(fd_.get()) != 0 || fd_.close() != 0) {
            return errno;
        }
        const unsigned flags = replace ? 0 : RENAME_NOREPLACE;
        if (::renameat2(dir_fd_, temp_.c_str(), dir_fd_, name.c_str(), flags) != 0) {
            return errno;
        }
        committed_ = true;
        return 0;
    }

private:
    int dir_fd_;
    int error_ = 0;
    net::unique_fd fd_;
    std::string temp_;
    bool committed_ = false;
};

// A name a client may store under: one path segment, no tricks.
bool acceptable_name(std::string_view name) {
    if (name.empty() || name == "." || name == ".." || name.size() > 255) {
        return false;
    }
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
            return false;
        }
    }
    return name.substr(0, 15) != ".netkit-upload-";
}

// Why an upload could not be stored (errno), as its status: a name taken, a
// full disk (507), no descriptor left (503, passing), no permission (403).
server_response storage_error(int error, std::string_view name) {
    switch (error) {
    case EEXIST:
        return error_response(409, "File exists: " + std::string(name) +
                                       " (the server does not overwrite files)");
    case EISDIR:
    case ENOTEMPTY: return error_response(409, "A directory has that name: " + std::string(name));
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return error_response(507, "Cannot write the file: " + std::string(std::strerror(error)));
    case EMFILE:
    case ENFILE: return out_of_descriptors();
    case EACCES:
    case EPERM:
    case EROFS:
        return error_response(403, "Cannot write into this directory: " +
                                       std::string(std::strerror(error)));
    default: return error_response(500, "Cannot store file: " + std::string(std::strerror(error)));
    }
}

std::string parent_of(const std::string& relative) {
    const auto slash = relative.rfind('/');
    return slash == std::string::npos ? std::string() : relative.substr(0, slash);
}

std::string leaf_of(const std::string& relative) {
    const auto slash = relative.rfind('/');
    return slash == std::string::npos ? relative : relative.substr(slash + 1);
}

server_response too_large(const static_root& root) {
    auto r = error_response(413, "Upload larger than " + std::to_string(root.options.max_upload) +
                                     " bytes");
    r.close = true; // the rest of the body is not read
    return r;
}

} // namespace

asio::awaitable<server_response> store_put(const static_root& root, server_request& request,
                                           const std::string& relative) {
    const std::string name = leaf_of(relative);
    if (!acceptable_name(name)) {
        co_return error_response(400, "Bad file name");
    }
    if (request.head().framing == body_framing::content_length &&
        request.head().content_length > root.options.max_upload) {
        co_return too_large(root);
    }
    const int dir_fd = open_beneath(root, parent_of(relative), O_RDONLY | O_DIRECTORY);
    if (dir_fd < 0) {
        co_return error_response(409, "No such directory for " + name);
    }
    const net::unique_fd close_dir(dir_fd);
    struct stat existing {};
    const bool exists = ::fstatat(dir_fd, name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0;
    if (exists && (S_ISDIR(existing.st_mode) || !root.options.overwrite)) {
        // Say so before the client sends the body (it may be waiting on 100 Continue).
        co_return storage_error(S_ISDIR(existing.st_mode) ? EISDIR : EEXIST, name);
    }
    pending_file file(dir_fd);
    if (!file.ok()) {
        co_return storage_error(file.error(), name);
    }
    std::uint64_t received = 0;
    for (;;) {
        auto chunk = co_await request.read_some();
        if (!chunk) {
            auto r = error_response(400, "Upload interrupted: " + chunk.error().message());
            r.close = true;
            co_return r;
        }
        if (chunk->empty()) {
            break;
        }
        received += chunk->size();
        if (received > root.options.max_upload) {
            co_return too_large(root);
        }
        if (!file.write(*chunk)) {
            auto r = storage_error(errno, name);
            r.close = true;
            co_return r;
        }
    }
    if (const int e = file.commit(name, root.options.overwrite); e != 0) {
        co_return storage_error(e, name);
    }
    forget_cached(root, relative);
    server_response r(exists ? 200 : 201, (exists ? "Replaced " : "Created ") + relative + "\n");
    if (!exists) {
        (void)r.headers.set("Location", request.path());
    }
    co_return r;
}

asio::awaitable<server_response> store_form(const static_root& root, server_request& request,
                                            const std::string& relative) {
    const auto type = request.header("Content-Type");
    const auto boundary = type ? multipart_boundary(*type) : std::nullopt;
    if (!boundary) {
        co_return error_response(415, "Expected multipart/form-data with a boundary");
    }
    if (request.head().framing == body_framing::content_length &&
        request.head().content_length > root.options.max_upload) {
        co_return too_large(root);
    }
    const int dir_fd = open_beneath(root, relative, O_RDONLY | O_DIRECTORY);
    if (dir_fd < 0) {
        co_return error_response(404, "File not found");
    }
    const net::unique_fd close_dir(dir_fd);

    multipart_parser parser(*boundary);
    std::string pending; // bytes the parser has not consumed yet
    std::unique_ptr<pending_file> file;
    std::string file_name;
    std::vector<std::string> stored;
    std::uint64_t received = 0;
    bool body_ended = false;
    for (;;) {
        auto step = parser.feed(pending);
        switch (step.event) {
        case multipart_event::part_begin:
            if (parser.part().filename) {
                // Browsers send the base name; strip any path a client adds.
                std::string name = *parser.part().filename;
                if (const auto cut = name.find_last_of("/\\"); cut != std::string::npos) {
                    name.erase(0, cut + 1);
                }
                if (name.empty() && parser.part().filename->empty()) {
                    break; // an empty file input: nothing chosen
                }
                if (!acceptable_name(name)) {
                    auto r = error_response(400, "Bad file name");
                    r.close = true;
                    co_return r;
                }
                file = std::make_unique<pending_file>(dir_fd);
                if (!file->ok()) {
                    auto r = storage_error(file->error(), name);
                    r.close = true; // the rest of the form is not read
                    co_return r;
                }
                file_name = std::move(name);
            }
            break;
        case multipart_event::part_data:
            if (file && !file->write(step.data)) {
                auto r = storage_error(errno, file_name);
                r.close = true;
                co_return r;
            }
            break;
        case multipart_event::part_end:
            if (file) {
                if (const int e = file->commit(file_name, root.options.overwrite); e != 0) {
                    auto r = storage_error(e, file_name);
                    r.close = true;
                    co_return r;
                }
                forget_cached(root, relative.empty() ? file_name : relative + "/" + file_name);
                stored.push_back(file_name);
                file.reset();
            }
            break;
        case multipart_event::error: {
            auto r = error_response(400, std::string(parser.error()));
            r.close = true;
            co_return r;
        }
        case multipart_event::done: break;
        case multipart_event::need_more: break;
        }
        pending.erase(0, step.consumed);
        if (step.event == multipart_event::done) {
            break;
        }
        if (step.event != multipart_event::need_more) {
            continue;
        }
        if (body_ended) {
            // The body ended and the parser still wants more: finish() turns
            // that into the error that names it (no closing boundary).
            const auto end = parser.finish();
            auto r = error_response(400, end.event == multipart_event::error
                                             ? std::string(parser.error())
                                             : std::string("Form ended early"));
            r.close = true;
            co_return r;
        }
        auto chunk = co_await request.read_some();
        if (!chunk) {
            auto r = error_response(400, "Upload interrupted: " + chunk.error().message());
            r.close = true;
            co_return r;
        }
        received += chunk->size();
        if (received > root.options.max_upload) {
            co_return too_large(root);
        }
        body_ended = chunk->empty();
        pending.append(*chunk);
    }
    // A browser's form gets the listing back; other clients get the names.
    const auto accept = request.header("Accept");
    if (accept && accept->find("text/html") != std::string_view::npos) {
        server_response r(303);
        (void)r.headers.set("Location", std::string(request.path()));
        co_return r;
    }
    std::string text;
    for (const auto& name : stored) {
        text += "Created " + (relative.empty() ? name : relative + "/" + name) + "\n";
    }
    co_return server_response(stored.empty() ? 200 : 201, text.empty() ? "No file\n" : text);
}

} // namespace netkit::http::detail
