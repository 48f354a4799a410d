#include "http/engine/detail/http2_memory.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

namespace netkit::http::detail {
namespace {

// Each block starts with a header saying its class (or that it is malloc's
// own), kept at the alignment malloc gives.
constexpr std::size_t header = alignof(std::max_align_t);
constexpr std::size_t smallest = 64;
constexpr std::size_t unpooled = static_cast<std::size_t>(-1);

std::size_t class_of(std::size_t size) noexcept {
    std::size_t c = 0;
    for (std::size_t room = smallest; room < size; room *= 2) {
        ++c;
    }
    return c;
}

std::size_t room_of(std::size_t c) noexcept {
    return smallest << c;
}

std::size_t& class_slot(void* block) noexcept {
    return *reinterpret_cast<std::size_t*>(static_cast<char*>(block) - header);
}

} // namespace

http2_memory::~http2_memory() {
    for (auto& l : free_) {
        while (l.first) {
            auto* next = l.first->next;
            std::free(reinterpret_cast<char*>(l.first) - header);
            l.first = next;
        }
    }
}

void* http2_memory::allocate(std::size_t size, void* self) {
    auto& pool = *static_cast<http2_memory*>(self);
    const std::size_t c = class_of(size);
    if (c >= classes) {
        auto* raw = static_cast<char*>(std::malloc(header + size));
        if (!raw) {
            return nullptr;
        }
        *reinterpret_cast<std::size_t*>(raw) = unpooled;
        return raw + header;
    }
    auto& l = pool.free_[c];
    if (l.first) {
        auto* block = l.first;
        l.first = block->next;
        --l.count;
        return block;
    }
    auto* raw = static_cast<char*>(std::malloc(header + room_of(c)));
    if (!raw) {
        return nullptr;
    }
    *reinterpret_cast<std::size_t*>(raw) = c;
    return raw + header;
}

void http2_memory::release(void* block, void* self) {
    if (!block) {
        return;
    }
    auto& pool = *static_cast<http2_memory*>(self);
    const std::size_t c = class_slot(block);
    if (c == unpooled || pool.free_[c].count >= kept_per_class) {
        std::free(static_cast<char*>(block) - header);
        return;
    }
    auto* kept = static_cast<free_block*>(block);
    kept->next = pool.free_[c].first;
    pool.free_[c].first = kept;
    ++pool.free_[c].count;
}

void* http2_memory::allocate_zeroed(std::size_t count, std::size_t size, void* self) {
    if (size != 0 && count > static_cast<std::size_t>(-1) / size) {
        return nullptr;
    }
    void* block = allocate(count * size, self);
    if (block) {
        std::memset(block, 0, count * size);
    }
    return block;
}

void* http2_memory::reallocate(void* block, std::size_t size, void* self) {
    if (!block) {
        return allocate(size, self);
    }
    const std::size_t c = class_slot(block);
    const std::size_t room = c == unpooled ? 0 : room_of(c);
    if (c != unpooled && size <= room) {
        return block; // it fits where it is
    }
    if (c == unpooled) {
        auto* raw =
            static_cast<char*>(std::realloc(static_cast<char*>(block) - header, header + size));
        return raw ? raw + header : nullptr;
    }
    void* moved = allocate(size, self);
    if (moved) {
        std::memcpy(moved, block, room);
        release(block, self);
    }
    return moved;
}

} // namespace netkit::http::detail
