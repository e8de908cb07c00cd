// The allocator unit tests use, in every profile. The test programs are hosted (GoogleTest),
// but the libraries under test may be built for the no-heap profile, which has no default
// allocator; so tests pass this one explicitly. It is test-harness code, never linked into a
// library or an image.
#pragma once

#include <cstdlib>

#include <wrt/foundation/allocator.hpp>

namespace wrt::test {

class TestHeap final : public AllocatorImpl<TestHeap> {
 public:
  void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
    // aligned_alloc wants a size that is a multiple of the alignment.
    std::size_t align = alignment < 16 ? 16 : alignment;
    return std::aligned_alloc(align, (size + align - 1) & ~(align - 1));
  }
  void do_deallocate(void* pointer, std::size_t, std::size_t) noexcept { std::free(pointer); }
};

inline Allocator& allocator() {
  static TestHeap heap;
  return heap;
}

}  // namespace wrt::test
