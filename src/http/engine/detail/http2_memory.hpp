// The memory nghttp2 asks for, kept for reuse within one connection: each
// request makes it allocate and free a handful of small blocks (the stream,
// the frames queued, the fields' copies), the same sizes again and again.
// Freed blocks go on a list of their size class and serve the next request;
// a list keeps a bounded number, the rest go back to malloc. One
// connection's, used from its thread only.
#pragma once

#include <nghttp2/nghttp2.h>

#include <array>
#include <cstddef>

namespace netkit::http::detail {

class http2_memory {
public:
    http2_memory() = default;
    http2_memory(const http2_memory&) = delete;
    http2_memory& operator=(const http2_memory&) = delete;
    ~http2_memory();

    /// For nghttp2_session_*_new3(): allocations go through this pool,
    /// which must outlive the session.
    nghttp2_mem* nghttp2() noexcept { return &mem_; }

private:
    static void* allocate(std::size_t size, void* self);
    static void release(void* block, void* self);
    static void* allocate_zeroed(std::size_t count, std::size_t size, void* self);
    static void* reallocate(void* block, std::size_t size, void* self);

    // Size classes of 64 bytes to 2 KiB; larger blocks are malloc's.
    static constexpr std::size_t classes = 6;
    static constexpr std::size_t kept_per_class = 256;
    struct free_block {
        free_block* next;
    };
    struct list {
        free_block* first = nullptr;
        std::size_t count = 0;
    };
    std::array<list, classes> free_{};
    nghttp2_mem mem_{this, allocate, release, allocate_zeroed, reallocate};
};

} // namespace netkit::http::detail
