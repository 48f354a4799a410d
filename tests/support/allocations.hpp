// Counts heap allocations made by this thread (the test binary replaces the
// global operator new), for tests that promise "no allocation".
#pragma once

#include <cstdint>

namespace netkit::test {

std::uint64_t allocations_so_far() noexcept;

} // namespace netkit::test
