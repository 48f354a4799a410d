// ftp_client's whole-file transfers: download() and upload().
#include <netkit/sync/ftp.hpp>

#include <netkit/net/unique_fd.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace netkit::sync {
namespace {

[[noreturn]] void throw_io(const std::string& what) {
    throw std::system_error(errno, std::system_category(), what);
}

} // namespace

std::string ftp_client::download(const std::string& remote, const std::string& local, bool resume,
                                 const std::function<void(std::uint64_t)>& progress) {
    std::uint64_t offset = 0;
    struct stat st {};
    const bool exists = ::stat(local.c_str(), &st) == 0;
    if (resume && exists && S_ISREG(st.st_mode)) {
        offset = static_cast<std::uint64_t>(st.st_size);
    }
    // A fresh download goes to a temporary name; a resumed one continues the
    // partial file the user asked to continue; a device or a pipe
    // (/dev/null) is written as it is: a temporary file renamed over it
    // would replace it.
    const bool device = exists && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
    const bool in_place = offset > 0 || device;
    const std::string target = in_place ? local : local + ".part";
    net::unique_fd out(
        ::open(target.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (offset > 0 ? 0 : O_TRUNC), 0644));
    if (!out) {
        throw_io("cannot write '" + target + "'");
    }
    std::uint64_t received = offset;
    auto count = [&](std::size_t n) {
        received += n;
        if (progress) {
            progress(received);
        }
    };
    std::string text;
    try {
        text = run_reply(
            engine_->retrieve_file("RETR " + remote,
                                   in_place ? std::optional<std::uint64_t>(offset) : std::nullopt,
                                   out.get(), offset, count),
            "RETR " + remote);
    } catch (...) {
        if (!in_place) {
            std::remove(target.c_str());
        }
        throw;
    }
    if (out.close() != 0) {
        const int e = errno;
        if (!in_place) {
            std::remove(target.c_str());
        }
        throw std::system_error(e, std::system_category(), "cannot write '" + target + "'");
    }
    if (!in_place && std::rename(target.c_str(), local.c_str()) != 0) {
        const int e = errno;
        std::remove(target.c_str());
        throw std::system_error(e, std::system_category(), "cannot rename '" + target + "'");
    }
    return text;
}

std::string ftp_client::upload(const std::string& local, const std::string& remote, bool resume) {
    net::unique_fd in(::open(local.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!in || ::fstat(in.get(), &st) != 0) {
        throw_io("cannot read '" + local + "'");
    }
    if (!S_ISREG(st.st_mode)) {
        // Checked before STOR: the server would otherwise keep an empty file.
        throw std::invalid_argument("'" + local + "' is not a regular file");
    }
    const auto length = static_cast<std::uint64_t>(st.st_size);
    std::uint64_t offset = 0;
    if (resume) {
        try {
            offset = size(remote).value_or(0);
        } catch (const ftp_error_perm&) {
            offset = 0; // not on the server yet: send it all
        }
        if (offset > length) {
            throw ftp_error(
                "cannot resume: '" + remote + "' on the server is larger than '" + local + "'", 0);
        }
    }
    return run_reply(
        engine_->store_file("STOR " + remote,
                            offset > 0 ? std::optional<std::uint64_t>(offset) : std::nullopt,
                            in.get(), offset, length - offset),
        "STOR " + remote);
}

} // namespace netkit::sync
