#include <wrt/foundation/allocator.hpp>
#include <wrt/foundation/arena.hpp>

#include <cstdint>
#include <cstring>

#if WRT_PROFILE_HOSTED
#include <cstdlib>
#endif

namespace wrt {

void* Allocator::copy_reallocate(void* pointer, std::size_t old_size, std::size_t new_size,
                                 std::size_t alignment) noexcept {
  void* fresh = allocate(new_size, alignment);
  if (fresh == nullptr) return nullptr;
  if (pointer != nullptr) {
    std::memcpy(fresh, pointer, old_size < new_size ? old_size : new_size);
    deallocate(pointer, old_size, alignment);
  }
  return fresh;
}

#if WRT_PROFILE_HOSTED
namespace {
class HeapAllocator final : public AllocatorImpl<HeapAllocator> {
 public:
  void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
    if (alignment <= alignof(std::max_align_t)) return std::malloc(size);
    // aligned_alloc wants the size to be a multiple of the alignment.
    std::size_t rounded = (size + alignment - 1) & ~(alignment - 1);
    if (rounded < size) return nullptr;
    return std::aligned_alloc(alignment, rounded);
  }
  void do_deallocate(void* pointer, std::size_t /*size*/, std::size_t /*alignment*/) noexcept { std::free(pointer); }
  void* do_reallocate(void* pointer, std::size_t old_size, std::size_t new_size, std::size_t alignment) noexcept {
    if (alignment <= alignof(std::max_align_t)) return std::realloc(pointer, new_size);
    return copy_reallocate(pointer, old_size, new_size, alignment);
  }
};
}  // namespace

Allocator& heap_allocator() noexcept {
  static HeapAllocator heap;
  return heap;
}

Allocator& default_allocator() noexcept { return heap_allocator(); }
#endif

#if WRT_PROFILE_FREESTANDING_ALLOC
namespace {
class NoAllocator final : public AllocatorImpl<NoAllocator> {
 public:
  void* do_allocate(std::size_t, std::size_t) noexcept { return nullptr; }
  void do_deallocate(void*, std::size_t, std::size_t) noexcept {}
};
NoAllocator no_allocator;
Allocator* installed_allocator = &no_allocator;
}  // namespace

void set_default_allocator(Allocator& allocator) noexcept { installed_allocator = &allocator; }
Allocator& default_allocator() noexcept { return *installed_allocator; }
#endif

void* Arena::do_allocate(std::size_t size, std::size_t alignment) noexcept {
  auto top = reinterpret_cast<std::uintptr_t>(top_);
  std::uintptr_t aligned = (top + (alignment - 1)) & ~static_cast<std::uintptr_t>(alignment - 1);
  if (aligned < top) return nullptr;
  auto end = reinterpret_cast<std::uintptr_t>(end_);
  if (aligned > end || size > end - aligned) return nullptr;
  last_ = top_ + (aligned - top);
  top_ = last_ + size;
  if (used() > high_water_) high_water_ = used();
  return last_;
}

void Arena::do_deallocate(void* pointer, std::size_t size, std::size_t /*alignment*/) noexcept {
  // Only the most recent allocation can be given back; the rest waits for reset()/release().
  auto* bytes = static_cast<std::byte*>(pointer);
  if (bytes != nullptr && bytes == last_ && bytes + size == top_) {
    top_ = last_;
    last_ = nullptr;
  }
}

void* Arena::do_reallocate(void* pointer, std::size_t old_size, std::size_t new_size,
                           std::size_t alignment) noexcept {
  auto* bytes = static_cast<std::byte*>(pointer);
  if (bytes != nullptr && bytes == last_ && bytes + old_size == top_) {
    if (new_size > static_cast<std::size_t>(end_ - bytes)) return nullptr;
    top_ = bytes + new_size;
    if (used() > high_water_) high_water_ = used();
    return bytes;
  }
  return copy_reallocate(pointer, old_size, new_size, alignment);
}

void Arena::release(Mark mark) noexcept {
  if (mark.top >= begin_ && mark.top <= top_) {
    top_ = mark.top;
    last_ = nullptr;
  }
}

}  // namespace wrt
