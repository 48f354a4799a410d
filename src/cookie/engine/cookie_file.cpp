#include <netkit/cookie/engine/cookie_file.hpp>
#include <netkit/cookie/error.hpp>
#include <netkit/cookie/lwp.hpp>
#include <netkit/cookie/netscape.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <system_error>
#include <tuple>

namespace netkit::cookie {
namespace {

clock_time now_seconds() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

bool same(const cookie& a, const cookie& b) {
    return a.value == b.value && a.expiry == b.expiry && a.persistent == b.persistent &&
           a.secure_only == b.secure_only && a.http_only == b.http_only;
}

// The cookies oldest first: the order a file keeps them in, and the order
// they go back into a jar, so that cookies with paths of one length are sent
// in the order they were made (§5.8.3) after a save and a load.
std::vector<const cookie*> oldest_first(
    const std::map<std::tuple<std::string, std::string, std::string, bool>, cookie>& cookies) {
    std::vector<const cookie*> out;
    out.reserve(cookies.size());
    for (const auto& [k, c] : cookies) {
        out.push_back(&c);
    }
    std::stable_sort(out.begin(), out.end(), [](const cookie* a, const cookie* b) {
        return std::tie(a->creation_time, a->order) < std::tie(b->creation_time, b->order);
    });
    return out;
}

std::error_code last_error() {
    return {errno, std::system_category()};
}

// An exclusive lock on PATH.lock for as long as it lives: two processes
// saving one jar take turns (the jar file itself is replaced by rename, so
// it cannot carry the lock).
class save_lock {
public:
    explicit save_lock(const std::string& path)
        : fd_(::open((path + ".lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600)) {
        if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~save_lock() {
        if (fd_ >= 0) {
            ::close(fd_); // releases the lock
        }
    }
    save_lock(const save_lock&) = delete;
    save_lock& operator=(const save_lock&) = delete;
    bool held() const { return fd_ >= 0; }

private:
    int fd_;
};

} // namespace

cookie_file::key cookie_file::key_of(const cookie& c) {
    return {c.name, c.domain, c.path, c.host_only};
}

result<std::map<cookie_file::key, cookie>> cookie_file::read(std::vector<std::string>* warnings,
                                                             cookie_format* format) const {
    std::map<key, cookie> cookies;
    std::ifstream in(path_, std::ios::binary);
    if (!in) {
        if (errno == ENOENT) {
            return cookies; // no file yet: no cookies
        }
        return last_error();
    }
    std::string line;
    std::size_t number = 0;
    bool any_line_read = false;
    bool lwp = false;
    while (std::getline(in, line)) {
        ++number;
        if (number == 1 && is_lwp_header(line)) {
            lwp = true;
            any_line_read = true;
            continue;
        }
        std::vector<cookie> found;
        std::string problem;
        if (lwp) {
            auto parsed = parse_lwp_line(line);
            found = std::move(parsed.values);
            problem = std::move(parsed.problem);
        } else {
            auto parsed = parse_netscape_line(line);
            if (parsed.value) {
                found.push_back(std::move(*parsed.value));
            }
            problem = std::move(parsed.problem);
        }
        if (!problem.empty()) {
            if (!any_line_read) {
                // The first line is neither a comment nor a cookie: this is
                // not a cookie file (an HTML page, a binary file...).
                return make_error_code(error::not_a_cookie_file);
            }
            if (warnings) {
                warnings->push_back(path_ + ":" + std::to_string(number) + ": " + problem);
            }
        }
        any_line_read = any_line_read || !line.empty();
        for (auto& c : found) {
            c.order = number;
            cookies.insert_or_assign(key_of(c), std::move(c));
        }
    }
    if (in.bad()) {
        return last_error();
    }
    if (format) {
        *format = lwp ? cookie_format::lwp : cookie_format::netscape;
    }
    return cookies;
}

result<cookie_file> cookie_file::open(std::string path) {
    cookie_file file;
    file.path_ = std::move(path);
    auto cookies = file.read(&file.warnings_, &file.format_);
    if (!cookies) {
        return cookies.error();
    }
    file.base_ = std::move(*cookies);
    return file;
}

std::size_t cookie_file::load_into(jar& j, bool keep_session_cookies) const {
    const clock_time now = now_seconds();
    std::size_t loaded = 0;
    for (const cookie* in_file : oldest_first(base_)) {
        const cookie& c = *in_file;
        if (c.expiry <= now || (!c.persistent && !keep_session_cookies)) {
            continue;
        }
        cookie copy = c;
        copy.creation_time = copy.last_access_time = now;
        j.insert(std::move(copy));
        ++loaded;
    }
    return loaded;
}

result<void> cookie_file::save(const jar& j, bool keep_session_cookies) {
    const save_lock lock(path_);
    if (!lock.held()) {
        return last_error();
    }
    auto on_disk = read(nullptr, nullptr); // what another process may have saved since open()
    if (!on_disk) {
        return on_disk.error();
    }
    const clock_time now = now_seconds();
    std::map<key, cookie> merged;
    for (const cookie* c : j.all()) {
        if (c->expiry <= now || (!c->persistent && !keep_session_cookies)) {
            continue;
        }
        const key k = key_of(*c);
        const auto base = base_.find(k);
        if (base != base_.end() && same(base->second, *c)) {
            // Untouched here: the file's version stands, or its absence.
            if (const auto theirs = on_disk->find(k); theirs != on_disk->end()) {
                merged.insert_or_assign(k, theirs->second);
            }
            continue;
        }
        merged.insert_or_assign(k, *c);
    }
    for (auto& [k, theirs] : *on_disk) {
        const auto base = base_.find(k);
        const bool changed_elsewhere = base == base_.end() || !same(base->second, theirs);
        if (!merged.contains(k) && changed_elsewhere && theirs.expiry > now) {
            merged.insert_or_assign(k, std::move(theirs)); // added or changed by another process
        }
    }

    // Beside the old file, then renamed over it: a reader never sees half a
    // file, and a failure leaves the old one as it was.
    const std::string temporary = path_ + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        return last_error();
    }
    std::string text(format_ == cookie_format::lwp ? lwp_header : netscape_header);
    for (const cookie* c : oldest_first(merged)) {
        if (format_ == cookie_format::lwp) {
            text += format_lwp_line(*c) + '\n';
        } else if (auto line = format_netscape_line(*c)) {
            text += *line + '\n';
        }
    }
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const auto error = last_error();
            ::close(fd);
            ::unlink(temporary.c_str());
            return error;
        }
        written += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    const auto sync_error = last_error();
    if (::close(fd) != 0 || !synced) {
        const auto error = synced ? last_error() : sync_error;
        ::unlink(temporary.c_str());
        return error;
    }
    if (::rename(temporary.c_str(), path_.c_str()) != 0) {
        const auto error = last_error();
        ::unlink(temporary.c_str());
        return error;
    }
    base_ = std::move(merged);
    return {};
}

} // namespace netkit::cookie
