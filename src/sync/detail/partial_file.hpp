// A download's file, written beside its name ("NAME.part") and renamed into
// place only when whole: a failed or short transfer never leaves a partial
// file under the name (what sync::client::download and urlretrieve share).
#pragma once

#include <cerrno>
#include <cstdio>
#include <string>
#include <string_view>
#include <system_error>

namespace netkit::sync::detail {

class partial_file {
public:
    /// Opens NAME.part; throws std::system_error when it cannot.
    explicit partial_file(std::string path) : path_(std::move(path)), partial_(path_ + ".part") {
        out_ = std::fopen(partial_.c_str(), "wb");
        if (out_ == nullptr) {
            throw std::system_error(errno, std::system_category(),
                                    "cannot write '" + partial_ + "'");
        }
    }
    partial_file(const partial_file&) = delete;
    partial_file& operator=(const partial_file&) = delete;
    /// Not committed: the partial file goes.
    ~partial_file() { discard(); }

    /// Appends `piece`; false once a write has failed (a full disk), which
    /// is the answer a body sink gives to stop the transfer.
    bool write(std::string_view piece) {
        failed_ = failed_ || std::fwrite(piece.data(), 1, piece.size(), out_) != piece.size();
        return !failed_;
    }
    bool failed() const noexcept { return failed_; }

    /// Removes the partial file.
    void discard() noexcept {
        if (out_ != nullptr) {
            std::fclose(out_);
            out_ = nullptr;
        }
        if (!committed_) {
            std::remove(partial_.c_str());
        }
    }
    /// The error of a write or close that failed, naming the file.
    std::system_error write_error() const {
        return std::system_error(std::make_error_code(std::errc::io_error),
                                 "cannot write '" + path_ + "'");
    }
    /// Closes the file and renames it into place; throws when either fails
    /// (the partial file then goes).
    void commit() {
        const bool closed = std::fclose(out_) == 0;
        out_ = nullptr;
        if (!closed || failed_) {
            discard();
            throw write_error();
        }
        if (std::rename(partial_.c_str(), path_.c_str()) != 0) {
            const int e = errno;
            discard();
            throw std::system_error(e, std::system_category(), "cannot rename '" + partial_ + "'");
        }
        committed_ = true;
    }

private:
    std::string path_;
    std::string partial_;
    std::FILE* out_ = nullptr;
    bool failed_ = false;
    bool committed_ = false;
};

} // namespace netkit::sync::detail
