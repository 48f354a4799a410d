// A progress line for transfers on a terminal (netkit fetch, netkit ftp).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace netkit::cli {

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
        const double seconds =
            std::max(0.001, std::chrono::duration<double>(now - started_).count());
        const double rate = static_cast<double>(done_) / seconds;
        std::string line = "\r" + size_text(static_cast<double>(done_));
        if (total_ && *total_ > 0) {
            char pct[16];
            std::snprintf(pct, sizeof pct, " (%3.0f%%)",
                          100.0 * static_cast<double>(done_) / static_cast<double>(*total_));
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
