// Arena: an Allocator over a fixed buffer handed in by the embedder.
//
// This is how the no-heap profile gets memory: the firmware reserves buffers (static arrays,
// a linker section, a memory pool) and WRT carves its structures out of them. Allocation is a
// pointer bump; deallocating the most recent allocation gives its space back (so a growing
// vector on top of an arena can extend in place), anything else is reclaimed only by
// reset() or release(mark). Running out is a clean failure, never an overrun.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <wrt/foundation/allocator.hpp>

namespace wrt {

class Arena final : public AllocatorImpl<Arena> {
 public:
  explicit Arena(std::span<std::byte> buffer) noexcept
      : begin_(buffer.data()), end_(buffer.data() + buffer.size()), top_(buffer.data()) {}

  void* do_allocate(std::size_t size, std::size_t alignment) noexcept;
  void do_deallocate(void* pointer, std::size_t size, std::size_t alignment) noexcept;
  // The most recent allocation grows in place (so a vector built last extends without copying).
  void* do_reallocate(void* pointer, std::size_t old_size, std::size_t new_size, std::size_t alignment) noexcept;

  // A position to return to: everything allocated after mark() is released by release().
  struct Mark {
    std::byte* top;
  };
  [[nodiscard]] Mark mark() const noexcept { return {top_}; }
  void release(Mark mark) noexcept;
  void reset() noexcept { top_ = begin_; }

  [[nodiscard]] std::size_t capacity() const noexcept { return static_cast<std::size_t>(end_ - begin_); }
  [[nodiscard]] std::size_t used() const noexcept { return static_cast<std::size_t>(top_ - begin_); }
  [[nodiscard]] std::size_t available() const noexcept { return static_cast<std::size_t>(end_ - top_); }
  // The most that was ever in use: what an embedder sizes the buffer by.
  [[nodiscard]] std::size_t high_water() const noexcept { return high_water_; }

 private:
  std::byte* begin_;
  std::byte* end_;
  std::byte* top_;
  std::byte* last_ = nullptr;  // start of the most recent allocation
  std::size_t high_water_ = 0;
};

// An Arena with its own storage, for static allocation in firmware:
//   static wrt::StaticArena<16 * 1024> module_arena;
template <std::size_t Size>
class StaticArena {
 public:
  StaticArena() noexcept : arena_(std::span<std::byte>(storage_, Size)) {}
  StaticArena(const StaticArena&) = delete;
  StaticArena& operator=(const StaticArena&) = delete;

  Arena& arena() noexcept { return arena_; }
  operator Arena&() noexcept { return arena_; }  // NOLINT: implicit by design
  operator Allocator&() noexcept { return arena_; }  // NOLINT: implicit by design

 private:
  alignas(alignof(std::max_align_t)) std::byte storage_[Size];
  Arena arena_;
};

}  // namespace wrt
