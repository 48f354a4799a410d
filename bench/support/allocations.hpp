// Every heap allocation in a benchmark binary is counted (operator new is
// replaced in allocations.cpp), so that each benchmark can report what it
// costs in allocations.
#pragma once

#include <cstdint>

namespace netkit::bench {

std::uint64_t allocations_so_far() noexcept;

} // namespace netkit::bench
