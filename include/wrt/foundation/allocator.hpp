// Where WRT's memory comes from.
//
// Every growable structure in WRT allocates through an Allocator. Which one is the default
// depends on the profile:
//   hosted              the global heap (malloc/free)
//   freestanding-alloc  the allocator the embedder installs with set_default_allocator()
//   freestanding        none: there is no default, and code that would use one does not compile;
//                       the embedder passes an Arena (a fixed buffer) explicitly.
// Allocation failure is a null pointer, turned into ErrorCode::out_of_memory by the caller.
#pragma once

#include <cstddef>

#include <wrt/platform.hpp>

namespace wrt {

class Allocator {
 public:
  // Returns memory of at least `size` bytes aligned to `alignment` (a power of two), or
  // nullptr. `size` is never 0.
  virtual void* allocate(std::size_t size, std::size_t alignment) noexcept = 0;
  // Returns memory obtained from allocate() with the same size and alignment.
  virtual void deallocate(void* pointer, std::size_t size, std::size_t alignment) noexcept = 0;
  // Grows or shrinks a block of trivially copyable bytes, moving it if needed. Returns the new
  // block, or nullptr with the old block untouched. The default allocates, copies, frees;
  // allocators that can extend in place (the heap, an arena's last block) override it.
  virtual void* reallocate(void* pointer, std::size_t old_size, std::size_t new_size,
                           std::size_t alignment) noexcept;

  Allocator() = default;
  Allocator(const Allocator&) = delete;
  Allocator& operator=(const Allocator&) = delete;

 protected:
  // Not virtual on purpose: a virtual destructor would make every allocator reference
  // operator delete, which a no-heap image must not contain. Allocators are never deleted
  // through this interface.
  ~Allocator() = default;
};

#if WRT_PROFILE_HOSTED
// The global heap.
Allocator& heap_allocator() noexcept;
#endif

#if WRT_PROFILE_FREESTANDING_ALLOC
// Installs the allocator that default_allocator() returns. Until one is installed, every
// allocation fails cleanly (out of memory). The allocator must outlive every use of WRT.
void set_default_allocator(Allocator& allocator) noexcept;
#endif

#if WRT_HAS_DEFAULT_ALLOCATOR
Allocator& default_allocator() noexcept;
#endif

}  // namespace wrt
