// spare_block: a block of memory a thread takes for a while and gives back,
// kept for the thread's next taker instead of freed.
//
// A block of tens of KiB freed at the top of the heap after each response
// made glibc give the memory back and take it again, page faults included,
// every time (a 64 KiB file over HTTPS cost 110 us of CPU instead of 72).
// Each thread keeps a few blocks of each size; a block given back on
// another thread than the one that took it stays with that thread.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace netkit::net::detail {

template <std::size_t Size> class spare_block {
public:
    static constexpr std::size_t size = Size;

    spare_block() = default;
    ~spare_block() { give_back(); }
    spare_block(const spare_block&) = delete;
    spare_block& operator=(const spare_block&) = delete;

    /// Takes a block, a kept one if the thread has one (none if held already).
    void take() {
        if (bytes_) {
            return;
        }
        auto& kept = spares();
        if (kept.empty()) {
            bytes_ = std::make_unique_for_overwrite<char[]>(Size);
        } else {
            bytes_ = std::move(kept.back());
            kept.pop_back();
        }
    }
    /// Gives the block back: kept for the thread's next take(), or freed.
    void give_back() noexcept {
        if (!bytes_) {
            return;
        }
        auto& kept = spares();
        if (kept.size() < kept_at_most) {
            try {
                kept.push_back(std::move(bytes_));
            } catch (...) { // (no room to keep it: it is freed)
            }
        }
        bytes_.reset();
    }
    bool held() const noexcept { return bytes_ != nullptr; }
    char* data() const noexcept { return bytes_.get(); }

private:
    static constexpr std::size_t kept_at_most = 4;
    static std::vector<std::unique_ptr<char[]>>& spares() {
        thread_local std::vector<std::unique_ptr<char[]>> kept;
        return kept;
    }
    std::unique_ptr<char[]> bytes_;
};

} // namespace netkit::net::detail
