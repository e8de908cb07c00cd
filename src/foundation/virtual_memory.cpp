// The platform end of <wrt/foundation/virtual_memory.hpp>: POSIX mmap/mprotect/munmap where
// the profile has an operating system, nothing elsewhere.
#include <wrt/foundation/virtual_memory.hpp>

#if WRT_HAS_VIRTUAL_MEMORY
#include <sys/mman.h>
#endif

namespace wrt::virtual_memory {

#if WRT_HAS_VIRTUAL_MEMORY

void* reserve(std::size_t bytes) noexcept {
  // MAP_NORESERVE: inaccessible pages are not counted against the commit limit.
  void* base = ::mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return base == MAP_FAILED ? nullptr : base;
}

bool commit(void* at, std::size_t bytes) noexcept { return ::mprotect(at, bytes, PROT_READ | PROT_WRITE) == 0; }

void release(void* base, std::size_t bytes) noexcept { ::munmap(base, bytes); }

#else

void* reserve(std::size_t) noexcept { return nullptr; }
bool commit(void*, std::size_t) noexcept { return false; }
void release(void*, std::size_t) noexcept {}

#endif

}  // namespace wrt::virtual_memory
