// Address space reserved up front and made usable in steps: what a linear memory grows into
// without ever moving (hosted profile: mmap and mprotect). Where the profile has no virtual
// memory (WRT_HAS_VIRTUAL_MEMORY is 0), reserve() returns null and callers use an allocator.
#pragma once

#include <cstddef>

#include <wrt/platform.hpp>

namespace wrt::virtual_memory {

inline constexpr bool kAvailable = WRT_HAS_VIRTUAL_MEMORY;

// Reserves `bytes` of address space, inaccessible, costing no memory; null when refused.
[[nodiscard]] void* reserve(std::size_t bytes) noexcept;
// Makes [at, at + bytes) of a reservation readable and writable; its pages read as zero until
// written and cost memory only once touched. `at` and `bytes` are multiples of 64 KiB from the
// reservation's start. False when refused (the range stays as it was).
[[nodiscard]] bool commit(void* at, std::size_t bytes) noexcept;
// Gives a whole reservation back.
void release(void* base, std::size_t bytes) noexcept;

}  // namespace wrt::virtual_memory
