#include "kept_on_signal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <csignal>
#include <cstring>
#include <mutex>

namespace netkit::cli {
namespace {

// What the handler needs, made ready beforehand: a signal handler may only
// make system calls (utimensat, stat, write), so the path, the time and the
// message are plain bytes here. A few slots: fetch's parallel transfers
// write several files at once.
struct watched_file {
    std::atomic<bool> taken{false};
    std::atomic<bool> armed{false};
    bool stamped = false;
    timespec modified{};
    char path[PATH_MAX] = {};
    char message[PATH_MAX + 96] = {};
    std::size_t message_size = 0;
};
watched_file watched[16];

extern "C" void keep_partial_files(int signal_number) {
    for (auto& file : watched) {
        if (!file.armed.load(std::memory_order_acquire)) {
            continue;
        }
        if (file.stamped) {
            set_modification_time(file.path, file.modified);
        }
        struct stat st {};
        if (::stat(file.path, &st) == 0 && st.st_size > 0) {
            (void)!::write(STDERR_FILENO, file.message, file.message_size);
        }
    }
    // Die of the signal as if it had not been caught (the shell's 130 or
    // 143): it is blocked while this runs, and taken on return.
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

// Caught only where nobody chose otherwise (a job started in the background
// by a shell without job control ignores SIGINT, and must go on doing so).
void install_once() {
    static std::once_flag installed;
    std::call_once(installed, [] {
        for (const int signal_number : {SIGINT, SIGTERM}) {
            struct sigaction now {};
            if (::sigaction(signal_number, nullptr, &now) == 0 && now.sa_handler == SIG_DFL) {
                struct sigaction wanted {};
                wanted.sa_handler = keep_partial_files;
                sigemptyset(&wanted.sa_mask);
                sigaddset(&wanted.sa_mask, SIGINT);
                sigaddset(&wanted.sa_mask, SIGTERM);
                (void)::sigaction(signal_number, &wanted, nullptr);
            }
        }
    });
}

} // namespace

void set_modification_time(const char* path, const timespec& when) noexcept {
    const timespec times[2] = {{0, UTIME_OMIT}, when};
    (void)::utimensat(AT_FDCWD, path, times, 0);
}

void kept_on_signal::watch(const std::string& path, std::optional<timespec> modified,
                           std::string_view message) {
    forget();
    if (path.size() >= sizeof watched[0].path || message.size() > sizeof watched[0].message) {
        return;
    }
    for (int i = 0; i < static_cast<int>(std::size(watched)); ++i) {
        auto& file = watched[i];
        if (file.taken.exchange(true)) {
            continue;
        }
        file.stamped = modified.has_value();
        file.modified = modified.value_or(timespec{});
        std::memcpy(file.path, path.c_str(), path.size() + 1);
        std::memcpy(file.message, message.data(), message.size());
        file.message_size = message.size();
        install_once();
        file.armed.store(true, std::memory_order_release);
        slot_ = i;
        return;
    }
}

void kept_on_signal::forget() noexcept {
    if (slot_ >= 0) {
        watched[slot_].armed.store(false, std::memory_order_release);
        watched[slot_].taken.store(false, std::memory_order_release);
        slot_ = -1;
    }
}

} // namespace netkit::cli
