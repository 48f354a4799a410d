// Where netkit fetch writes a body, and the progress line it draws on a
// terminal.
#pragma once

#include "output.hpp"

#include <netkit/http/date.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::cli {

// Where a body goes: stdout, or FILE.part renamed to FILE once whole (a
// failed download never leaves a half file under the final name), or, when
// resuming with a 206, appended to FILE itself.
class body_output {
public:
    body_output(std::string file, bool resuming) : file_(std::move(file)), resuming_(resuming) {}

    /// Called with the response head: decides where the body goes.
    bool open(int status) {
        if (file_.empty()) {
            return true;
        }
        appending_ = resuming_ && status == 206;
        // A device or a pipe (-o /dev/null) is written as it is: a .part
        // beside it would be renamed over it.
        std::error_code ec;
        const auto kind = std::filesystem::status(file_, ec).type();
        direct_ = kind != std::filesystem::file_type::not_found &&
                  kind != std::filesystem::file_type::regular;
        target_ = appending_ || direct_ ? file_ : file_ + ".part";
        out_.open(target_, std::ios::binary | (appending_ ? std::ios::app : std::ios::trunc));
        return static_cast<bool>(out_);
    }
    void write(std::string_view bytes) {
        if (file_.empty()) {
            print_raw(bytes);
        } else if (out_.is_open()) {
            out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        }
    }
    /// The transfer failed: drop the partial file (a resumed file keeps what
    /// it had, and what arrived).
    void abandon() {
        if (out_.is_open() && !appending_ && !direct_) {
            out_.close();
            std::filesystem::remove(target_);
        }
    }
    /// The body is whole: into place, stamped with Last-Modified (so that a
    /// later -C - can ask If-Range with it).
    bool finish(std::optional<std::string_view> last_modified) {
        if (file_.empty() || !out_.is_open()) {
            return true;
        }
        out_.close();
        if (!out_) {
            abandon();
            return false;
        }
        if (direct_) {
            return true;
        }
        if (!appending_) {
            std::filesystem::rename(target_, file_);
        }
        if (const auto t = last_modified ? http::parse_http_date(*last_modified) : std::nullopt) {
            const timespec times[2] = {{0, UTIME_OMIT}, {t->time_since_epoch().count(), 0}};
            ::utimensat(AT_FDCWD, file_.c_str(), times, 0);
        }
        return true;
    }

private:
    std::string file_;
    bool resuming_;
    bool appending_ = false;
    bool direct_ = false;
    std::string target_;
    std::ofstream out_;
};

// A progress line on a terminal: bytes, rate and, when the size is known,
// the percentage and time left; redrawn at most ten times a second.
class progress_bar {
public:
    explicit progress_bar(bool enabled) : enabled_(enabled) {}
    void start(std::optional<std::uint64_t> total) {
        total_ = total;
        started_ = std::chrono::steady_clock::now();
    }
    void add(std::size_t n) {
        done_ += n;
        const auto now = std::chrono::steady_clock::now();
        if (enabled_ && now - drawn_ >= std::chrono::milliseconds(100)) {
            draw(now);
            drawn_ = now;
        }
    }
    void finish() {
        if (enabled_) {
            draw(std::chrono::steady_clock::now());
            std::fputc('\n', stderr);
        }
    }

private:
    static std::string size_text(double bytes) {
        static constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (bytes >= 1024 && unit < 4) {
            bytes /= 1024;
            ++unit;
        }
        char text[32];
        std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
        return text;
    }
    void draw(std::chrono::steady_clock::time_point now) {
        const double seconds = std::max(0.001, std::chrono::duration<double>(now - started_).count());
        const double rate = static_cast<double>(done_) / seconds;
        std::string line = "\r" + size_text(static_cast<double>(done_));
        if (total_ && *total_ > 0) {
            char pct[16];
            std::snprintf(pct, sizeof pct, " (%3.0f%%)", 100.0 * static_cast<double>(done_) / static_cast<double>(*total_));
            line += " of " + size_text(static_cast<double>(*total_)) + pct;
        }
        line += "  " + size_text(rate) + "/s";
        if (total_ && rate > 0 && *total_ > done_) {
            const auto left = static_cast<long long>(static_cast<double>(*total_ - done_) / rate);
            char eta[32];
            std::snprintf(eta, sizeof eta, "  ETA %lld:%02lld", left / 60, left % 60);
            line += eta;
        }
        line += "   ";
        std::fputs(line.c_str(), stderr);
        std::fflush(stderr);
    }

    bool enabled_;
    std::optional<std::uint64_t> total_;
    std::uint64_t done_ = 0;
    std::chrono::steady_clock::time_point started_{}, drawn_{};
};

} // namespace netkit::cli
