// The canonical ABI's lifting and lowering of values (CanonicalABI.md, "Lifting and Lowering
// Values"), between ComponentValues and core values plus linear memory.
#pragma once

#include <span>

#include "component/runtime_state.hpp"

namespace wrt::component::detail {

inline constexpr unsigned kMaxFlatParams = 16;
inline constexpr unsigned kMaxFlatAsyncParams = 4;
inline constexpr unsigned kMaxFlatResults = 1;
inline constexpr std::uint64_t kMaxStringByteLength = (std::uint64_t{1} << 28) - 1;
inline constexpr std::uint64_t kMaxListByteLength = (std::uint64_t{1} << 28) - 1;

// Flat core values of one call: inline for what fits flat (plus a pointer), else on the heap.
using FlatValues = SmallVec<Slot, kMaxFlatParams + 2>;
using Lenders = SmallVec<std::uint32_t, 8>;

// Component values of one call: a few inline, more on the heap.
class ValueArray {
 public:
  explicit ValueArray(Allocator& allocator) noexcept : heap_(allocator) {}
  Result<void> resize(std::size_t count) noexcept {
    if (count <= kInline) {
      count_ = count;
      return {};
    }
    WRT_TRY(heap_.resize(count));
    count_ = count;
    on_heap_ = true;
    return {};
  }
  [[nodiscard]] std::span<ComponentValue> span() noexcept {
    return on_heap_ ? heap_.span() : std::span<ComponentValue>(inline_, count_);
  }

 private:
  static constexpr std::size_t kInline = 4;
  ComponentValue inline_[kInline];
  Vec<ComponentValue> heap_;
  std::size_t count_ = 0;
  bool on_heap_ = false;
};

// What lifting and lowering need: the options (memory, realloc, string encoding), the instance
// whose handle table handles go through, and the borrow bookkeeping of the call.
struct AbiContext {
  ComponentRuntime& runtime;
  ComponentInstance& instance;
  const CanonOptions& options;
  Allocator& values;                 // where lifted values live
  std::uint32_t* num_borrows = nullptr;  // lowering a borrow into a callee: its task's counter
  Lenders* lenders = nullptr;            // lifting a borrow from a caller: handles it lends
};

// A trap of the canonical ABI, with its reason.
inline Error abi_trap(const char* reason) noexcept { return Error(ErrorCode::trap, reason); }

// Streams and futures (async.cpp): lifting takes the readable end out of the instance's table
// (it must be idle and in no waitable set); lowering gives the receiving instance a new one.
Result<ComponentValue> lift_async_end(AbiContext& cx, std::uint32_t i, TypeId type) noexcept;
Result<std::uint32_t> lower_async_end(AbiContext& cx, const ComponentValue& v, TypeId type) noexcept;

// Error contexts (async.cpp): lifting reads the handle (it stays in the table: error contexts are
// shared, immutable); lowering adds a new handle for the value's debug message.
Result<ComponentValue> lift_error_context(AbiContext& cx, std::uint32_t i) noexcept;
Result<std::uint32_t> lower_error_context(AbiContext& cx, const ComponentValue& v) noexcept;

// Strings for the built-ins that take or give one (error-context.new, .debug-message): a string
// of `tagged_units` code units at `ptr` in the options' memory and encoding; and a string stored
// through realloc, its (pointer, code units) written at `ptr`.
Result<ComponentValue> lift_string_from_range(AbiContext& cx, std::uint64_t ptr, std::uint64_t tagged_units) noexcept;
Result<void> store_string_at(AbiContext& cx, const ComponentValue& v, std::uint64_t ptr) noexcept;

// Lifts values of `types` from flat core values (or, when they take more than `max_flat`
// flat values, from the tuple in memory that the single flat value points to).
Result<void> lift_flat_values(AbiContext& cx, std::span<const TypeId> types, std::span<const Slot> flat, unsigned max_flat,
                              std::span<ComponentValue> out) noexcept;

// Lowers `values` of `types` to flat core values appended to `flat`. When they take more than
// `max_flat` flat values they go into memory instead: at `out_ptr` if given (a lowered call's
// results), else into a tuple the callee's realloc allocates, whose address is the one flat
// value.
Result<void> lower_flat_values(AbiContext& cx, std::span<const TypeId> types, std::span<const ComponentValue> values,
                               unsigned max_flat, FlatValues& flat, const std::uint64_t* out_ptr) noexcept;

// The number of flat values of `types` (saturated past kMaxFlatParams), and their core types.
unsigned flat_count(const TypeArena& types, std::span<const TypeId> list, bool memory64) noexcept;
void flat_types(const TypeArena& types, std::span<const TypeId> list, bool memory64, Vec<ValType>& out) noexcept;

}  // namespace wrt::component::detail
