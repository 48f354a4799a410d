// Counts heap allocations made by this thread (the test and benchmark
// binaries replace the global operator new), for tests that promise "no
// allocation" and benchmarks that report allocations per operation.
#pragma once

#include <cstdint>

namespace netkit::test {

std::uint64_t allocations_so_far() noexcept;

} // namespace netkit::test
