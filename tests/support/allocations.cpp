#include "support/allocations.hpp"

#include <cstdlib>
#include <new>

namespace {
thread_local std::uint64_t count = 0;
}

void* operator new(std::size_t size) {
    ++count;
    if (void* p = std::malloc(size ? size : 1)) {
        return p;
    }
    throw std::bad_alloc();
}

// (The nothrow form too, which std::stable_sort's buffer uses: every form
// that is freed with free() must be allocated with malloc(), or
// AddressSanitizer reports the mismatch.)
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    ++count;
    return std::malloc(size ? size : 1);
}

void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}

void operator delete(void* p) noexcept {
    std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

namespace netkit::test {

std::uint64_t allocations_so_far() noexcept {
    return count;
}

} // namespace netkit::test
