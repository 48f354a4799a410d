// Where a downloaded body goes (netkit fetch, netkit ftp get): stdout, or a
// file that appears under its name only once whole.
#pragma once

#include "kept_on_signal.hpp"
#include "output.hpp"

#include <netkit/http/date.hpp>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::cli {

// Where a body goes: stdout, or FILE.part renamed to FILE once whole (a
// failed download never leaves a half file under the final name). A transfer
// the network cut keeps FILE.part, for -C - to continue; a resume with a 206
// appends to the partial file it continues (FILE.part, or FILE itself when
// another tool, curl, left it there).
class body_output {
public:
    /// `resume_from`: the partial file a resume continues (partial_of()'s
    /// path), empty when not resuming.
    body_output(std::string file, std::string resume_from = {})
        : file_(std::move(file)), resume_from_(std::move(resume_from)) {}

    /// A partial download and its size.
    struct partial_file {
        std::string path;
        std::uint64_t size = 0;
    };
    /// The partial download of FILE that -C - continues: FILE itself when it
    /// is there, else the FILE.part a cut transfer left; nullopt when
    /// neither holds a byte.
    static std::optional<partial_file> partial_of(const std::string& file) {
        for (std::string candidate : {file, file + ".part"}) {
            std::error_code ec;
            const auto size = std::filesystem::file_size(candidate, ec);
            if (!ec && size > 0) {
                return partial_file{std::move(candidate), size};
            }
        }
        return std::nullopt;
    }

    /// Called with the response head: decides where the body goes. A partial
    /// file is stamped with `last_modified` if a signal stops netkit.
    bool open(int status, std::optional<std::string_view> last_modified = std::nullopt) {
        if (file_.empty()) {
            return true;
        }
        appending_ = !resume_from_.empty() && status == 206;
        // A device or a pipe (-o /dev/null) is written as it is: a .part
        // beside it would be renamed over it.
        std::error_code ec;
        const auto kind = std::filesystem::status(file_, ec).type();
        direct_ = kind != std::filesystem::file_type::not_found &&
                  kind != std::filesystem::file_type::regular;
        target_ = appending_ ? resume_from_ : direct_ ? file_ : file_ + ".part";
        errno = 0;
        out_.open(target_, std::ios::binary | (appending_ ? std::ios::app : std::ios::trunc));
        if (out_ && !direct_) {
            kept_.watch(target_, server_time(last_modified),
                        "netkit: stopped by a signal; " + part_kept(target_) +
                            (last_modified ? ": -C - continues it\n" : "\n"));
        }
        return note_failure();
    }
    /// False when the bytes could not be written (a full disk): the
    /// transfer stops there.
    bool write(std::string_view bytes) {
        if (file_.empty()) {
            if (!print_raw(bytes) && error_.empty()) {
                error_ = errno != 0 ? std::strerror(errno) : "write failed";
            }
            return error_.empty();
        }
        if (out_.is_open()) {
            errno = 0;
            out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        }
        return note_failure();
    }
    /// The body is not wanted, or could not be written: drop the partial
    /// file (a resumed one keeps what it had, and what arrived).
    void abandon() {
        kept_.forget();
        if (out_.is_open() && !appending_ && !direct_) {
            out_.close();
            std::filesystem::remove(target_);
        }
    }
    /// The network cut the transfer (`why`): the partial file stays for -C -
    /// (as FILE.part, or the file a resume appended to), stamped with the
    /// response's Last-Modified so that the resume asks If-Range with it.
    /// Returns the message to report: `why`, and where the part received is
    /// when one is kept (not for stdout, a device, or no byte written).
    std::string cut_short(std::string why, std::optional<std::string_view> last_modified) {
        kept_.forget();
        if (!out_.is_open() || direct_) {
            return why;
        }
        out_.close();
        std::error_code ec;
        if (std::filesystem::file_size(target_, ec) == 0 || ec) {
            std::filesystem::remove(target_, ec);
            return why;
        }
        stamp(target_, last_modified);
        return why + " (" + part_kept(target_) + ": -C - continues it)";
    }
    /// The body is whole: into place, stamped with Last-Modified (so that a
    /// later -C - can ask If-Range with it).
    bool finish(std::optional<std::string_view> last_modified) {
        if (file_.empty() || !out_.is_open()) {
            return true;
        }
        kept_.forget();
        errno = 0;
        out_.close();
        if (!note_failure()) {
            abandon();
            return false;
        }
        if (direct_) {
            return true;
        }
        if (target_ != file_) {
            std::filesystem::rename(target_, file_);
        }
        stamp(file_, last_modified);
        return true;
    }

    /// Why writing failed ("No such file or directory", "No space left on
    /// device", "Broken pipe"); empty while all is well.
    const std::string& error() const noexcept { return error_; }
    /// The message for a failure: where, and why.
    std::string failure() const {
        return (file_.empty() ? std::string("cannot write to standard output")
                              : "cannot write '" + file_ + "'") +
               ": " + (error_.empty() ? "write failed" : error_);
    }

private:
    // The server's Last-Modified as a file time; nullopt without a date.
    static std::optional<timespec> server_time(std::optional<std::string_view> last_modified) {
        const auto t = last_modified ? http::parse_http_date(*last_modified) : std::nullopt;
        if (!t) {
            return std::nullopt;
        }
        return timespec{t->time_since_epoch().count(), 0};
    }
    // A file's modification time set to the server's Last-Modified.
    static void stamp(const std::string& path, std::optional<std::string_view> last_modified) {
        if (const auto t = server_time(last_modified)) {
            set_modification_time(path.c_str(), *t);
        }
    }
    // Where a kept partial download is, in the words of every message.
    static std::string part_kept(const std::string& path) {
        return "the part received is in '" + path + "'";
    }

    // True while the stream is good; otherwise remembers why (errno, as
    // the failed open or write left it).
    bool note_failure() {
        if (out_) {
            return true;
        }
        if (error_.empty()) {
            error_ = errno != 0 ? std::strerror(errno) : "write failed";
        }
        return false;
    }

    std::string file_;
    std::string resume_from_;
    std::string error_; // why writing failed
    bool appending_ = false;
    bool direct_ = false;
    std::string target_;
    std::ofstream out_;
    kept_on_signal kept_; // the partial file, while a signal would leave it
};

} // namespace netkit::cli
