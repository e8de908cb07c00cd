// Where WRT's memory comes from.
//
// Every growable structure in WRT allocates through an Allocator. Which one is the default
// depends on the profile:
//   hosted              the global heap (malloc/free)
//   freestanding-alloc  the allocator the embedder installs with set_default_allocator()
//   freestanding        none: there is no default, and code that would use one does not compile;
//                       the embedder passes an Arena (a fixed buffer) explicitly.
// Allocation failure is a null pointer, turned into ErrorCode::out_of_memory by the caller.
//
// Allocator dispatches through function pointers, not virtual functions: the core layers are
// built without RTTI, and an application built with RTTI (the compiler default) could not
// derive from a polymorphic class of theirs (its typeinfo would be missing at link time).
// Implement an allocator by deriving from AllocatorImpl<YourType>:
//
//   class Pool : public wrt::AllocatorImpl<Pool> {
//    public:
//     void* do_allocate(std::size_t size, std::size_t alignment) noexcept;
//     void do_deallocate(void* p, std::size_t size, std::size_t alignment) noexcept;
//     // optional: void* do_reallocate(void* p, std::size_t old_size, std::size_t new_size,
//     //                               std::size_t alignment) noexcept;
//   };
#pragma once

#include <cstddef>

#include <wrt/platform.hpp>

namespace wrt {

class Allocator {
 public:
  using AllocateFn = void* (*)(Allocator& self, std::size_t size, std::size_t alignment) noexcept;
  using DeallocateFn = void (*)(Allocator& self, void* pointer, std::size_t size, std::size_t alignment) noexcept;
  using ReallocateFn = void* (*)(Allocator& self, void* pointer, std::size_t old_size, std::size_t new_size,
                                 std::size_t alignment) noexcept;

  Allocator(const Allocator&) = delete;
  Allocator& operator=(const Allocator&) = delete;

  // Memory of at least `size` bytes (never 0) aligned to `alignment` (a power of two), or nullptr.
  void* allocate(std::size_t size, std::size_t alignment) noexcept { return allocate_(*this, size, alignment); }
  // Returns memory obtained from allocate() with the same size and alignment.
  void deallocate(void* pointer, std::size_t size, std::size_t alignment) noexcept {
    deallocate_(*this, pointer, size, alignment);
  }
  // Grows or shrinks a block of trivially copyable bytes, moving it if needed. Returns the new
  // block, or nullptr with the old block untouched. Without a do_reallocate, it allocates,
  // copies and frees.
  void* reallocate(void* pointer, std::size_t old_size, std::size_t new_size, std::size_t alignment) noexcept {
    if (reallocate_ != nullptr) return reallocate_(*this, pointer, old_size, new_size, alignment);
    return copy_reallocate(pointer, old_size, new_size, alignment);
  }

 protected:
  constexpr Allocator(AllocateFn allocate_fn, DeallocateFn deallocate_fn, ReallocateFn reallocate_fn) noexcept
      : allocate_(allocate_fn), deallocate_(deallocate_fn), reallocate_(reallocate_fn) {}
  ~Allocator() = default;

  void* copy_reallocate(void* pointer, std::size_t old_size, std::size_t new_size, std::size_t alignment) noexcept;

 private:
  AllocateFn allocate_;
  DeallocateFn deallocate_;
  ReallocateFn reallocate_;
};

// The base for allocators: Derived provides do_allocate, do_deallocate and optionally
// do_reallocate, as plain (non-virtual) member functions.
template <typename Derived>
class AllocatorImpl : public Allocator {
 protected:
  constexpr AllocatorImpl() noexcept : Allocator(&allocate_thunk, &deallocate_thunk, reallocate_thunk()) {}
  ~AllocatorImpl() = default;

 private:
  static void* allocate_thunk(Allocator& self, std::size_t size, std::size_t alignment) noexcept {
    return static_cast<Derived&>(self).do_allocate(size, alignment);
  }
  static void deallocate_thunk(Allocator& self, void* pointer, std::size_t size, std::size_t alignment) noexcept {
    static_cast<Derived&>(self).do_deallocate(pointer, size, alignment);
  }
  static void* reallocate_call(Allocator& self, void* pointer, std::size_t old_size, std::size_t new_size,
                               std::size_t alignment) noexcept {
    return static_cast<Derived&>(self).do_reallocate(pointer, old_size, new_size, alignment);
  }
  static constexpr ReallocateFn reallocate_thunk() noexcept {
    if constexpr (requires(Derived& d) { d.do_reallocate(nullptr, std::size_t{}, std::size_t{}, std::size_t{}); }) {
      return &reallocate_call;
    } else {
      return nullptr;
    }
  }
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
