// What decoding and validating allocates grows linearly with the input: bytes allocated over
// the whole run (reallocation churn included) for N and 4N definitions differ by about 4x.
// Reserving pools shared by all definitions exactly (one reallocation per definition) made it
// quadratic (16x here); the fuzzer found no timeout with small inputs, a 500 KB one took 80 s.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include <wrt/component/validator.hpp>

namespace wrt::component {
namespace {

// Counts every byte handed out (no do_reallocate: a reallocation is a fresh allocation).
class CountingHeap final : public AllocatorImpl<CountingHeap> {
 public:
  void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
    allocated += size;
    std::size_t align = alignment < 16 ? 16 : alignment;
    return std::aligned_alloc(align, (size + align - 1) & ~(align - 1));
  }
  void do_deallocate(void* pointer, std::size_t, std::size_t) noexcept { std::free(pointer); }
  std::uint64_t allocated = 0;
};

void leb(std::vector<std::uint8_t>& out, std::uint32_t n) {
  do {
    std::uint8_t b = n & 0x7f;
    n >>= 7;
    out.push_back(n != 0 ? (b | 0x80) : b);
  } while (n != 0);
}

// A component of one section (id) holding `count` copies of `item`.
std::vector<std::uint8_t> component_of(std::uint8_t id, std::uint32_t count, const std::vector<std::uint8_t>& item) {
  std::vector<std::uint8_t> body;
  leb(body, count);
  for (std::uint32_t i = 0; i < count; ++i) body.insert(body.end(), item.begin(), item.end());
  std::vector<std::uint8_t> bytes{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, id};
  leb(bytes, static_cast<std::uint32_t>(body.size()));
  bytes.insert(bytes.end(), body.begin(), body.end());
  return bytes;
}

std::uint64_t bytes_allocated(const std::vector<std::uint8_t>& bytes) {
  CountingHeap heap;
  {
    ComponentDecodeOptions options;
    ComponentDescription description(heap);
    ComponentInfo info(heap);
    (void)decode_and_validate_component(Bytes(bytes.data(), bytes.size()), options, description, info);
  }
  return heap.allocated;
}

void expect_linear(std::uint8_t section, const std::vector<std::uint8_t>& item) {
  constexpr std::uint32_t kSmall = 4000;
  const std::uint64_t small = bytes_allocated(component_of(section, kSmall, item));
  const std::uint64_t large = bytes_allocated(component_of(section, 4 * kSmall, item));
  ASSERT_GT(small, 0u);
  EXPECT_LT(static_cast<double>(large) / static_cast<double>(small), 6.0)
      << kSmall << " definitions: " << small << " bytes allocated, " << 4 * kSmall << ": " << large;
}

// Core instances, each instantiating module 0 with one argument: the core_args pool. (Module 0
// does not exist, so validation stops at once: this measures the decoder.)
TEST(Allocation, CoreInstanceArgumentsGrowLinearly) { expect_linear(0x02, {0x00, 0x00, 0x01, 0x00, 0x12, 0x00}); }

// Record types of one field `a: u32`: the labeled pool, and the validator's types.
TEST(Allocation, RecordFieldsGrowLinearly) { expect_linear(0x07, {0x72, 0x01, 0x01, 'a', 0x79}); }

// Instance types exporting one abstract resource `a`: the type arena's sorted export index.
TEST(Allocation, InstanceTypeExportsGrowLinearly) {
  expect_linear(0x07, {0x42, 0x01, 0x04, 0x00, 0x01, 'a', 0x03, 0x01});
}

// --- Types that share a type at each of n levels (a DAG of 2^n paths) ---

// Counts allocations, and fails them beyond a budget of bytes so that a blow-up ends early.
class BudgetHeap final : public AllocatorImpl<BudgetHeap> {
 public:
  explicit BudgetHeap(std::uint64_t budget) : budget_(budget) {}
  void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
    if (allocated + size > budget_) return nullptr;
    allocated += size;
    ++count;
    std::size_t align = alignment < 16 ? 16 : alignment;
    return std::aligned_alloc(align, (size + align - 1) & ~(align - 1));
  }
  void do_deallocate(void* pointer, std::size_t, std::size_t) noexcept { std::free(pointer); }
  std::uint64_t allocated = 0;
  std::uint64_t count = 0;

 private:
  std::uint64_t budget_;
};

struct Outcome {
  Result<void> result;
  std::uint64_t allocations = 0;
};

Outcome validate_with_budget(const std::vector<std::uint8_t>& bytes, std::uint64_t budget) {
  BudgetHeap heap(budget);
  Outcome run{{}, 0};
  {
    ComponentDecodeOptions options;
    ComponentDescription description(heap);
    ComponentInfo info(heap);
    run.result = decode_and_validate_component(Bytes(bytes.data(), bytes.size()), options, description, info);
  }
  run.allocations = heap.count;
  return run;
}

void section(std::vector<std::uint8_t>& out, std::uint8_t id, const std::vector<std::uint8_t>& body) {
  out.push_back(id);
  leb(out, static_cast<std::uint32_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
}

// `chains` chains of component types C_0 = (component), C_k = (component (alias outer 1 C_{k-1})
// (import "a" (component C_{k-1})) (import "b" ...) (export "e" ...)); then
// (import "x" (component (type <first chain's C_n>))) and
// (export "y" (component 0) (component (type <last chain's C_n>))): a subtype check of two
// component types whose trees have 3^n nodes.
std::vector<std::uint8_t> component_type_dag(std::uint32_t levels, std::uint32_t chains) {
  std::vector<std::uint8_t> types;
  leb(types, chains * (levels + 1));
  for (std::uint32_t c = 0; c < chains; ++c) {
    const std::uint32_t base = c * (levels + 1);
    types.insert(types.end(), {0x41, 0x00});
    for (std::uint32_t k = 1; k <= levels; ++k) {
      types.insert(types.end(), {0x41, 0x04, 0x02, 0x03, 0x02, 0x01});
      leb(types, base + k - 1);
      types.insert(types.end(), {0x03, 0x00, 0x01, 'a', 0x04, 0x00});
      types.insert(types.end(), {0x03, 0x00, 0x01, 'b', 0x04, 0x00});
      types.insert(types.end(), {0x04, 0x00, 0x01, 'e', 0x04, 0x00});
    }
  }
  std::vector<std::uint8_t> bytes{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  section(bytes, 0x07, types);
  std::vector<std::uint8_t> import{0x01, 0x00, 0x01, 'x', 0x04};
  leb(import, levels);
  section(bytes, 0x0a, import);
  std::vector<std::uint8_t> export_{0x01, 0x00, 0x01, 'y', 0x04, 0x00, 0x01, 0x04};
  leb(export_, (chains - 1) * (levels + 1) + levels);
  section(bytes, 0x0b, export_);
  return bytes;
}

// Each check of one component type against another allocates (its exports, substituted), so
// the number of allocations tells how many checks ran: 3^11 = 177,147 before the checks were
// remembered. (12 levels make a component whose type is 1.6 million nodes as a tree: refused
// by ComponentLimits::max_effective_type_size, as SharedTypesBeyondTheTreeSizeAreRefused shows.)
TEST(Allocation, SubtypingSharedComponentTypesIsLinear) {
  const Outcome same = validate_with_budget(component_type_dag(11, 1), std::uint64_t{1} << 30);
  ASSERT_TRUE(same.result) << same.result.error().message() << " " << same.result.error().detail();
  EXPECT_LT(same.allocations, 10'000u);
  const Outcome distinct = validate_with_budget(component_type_dag(11, 2), std::uint64_t{1} << 30);
  ASSERT_TRUE(distinct.result);
  EXPECT_LT(distinct.allocations, 10'000u);
}

// Instance types T_0 = (instance (export "r" (type (sub resource)))), T_k = (instance
// (export "a" (instance T_{k-1})) (export "b" (instance T_{k-1}))), or without the resource.
std::vector<std::uint8_t> instance_type_dag(std::uint32_t levels, bool resource) {
  std::vector<std::uint8_t> types;
  leb(types, levels + 1);
  if (resource) {
    types.insert(types.end(), {0x42, 0x01, 0x04, 0x00, 0x01, 'r', 0x03, 0x01});
  } else {
    types.insert(types.end(), {0x42, 0x00});
  }
  for (std::uint32_t k = 1; k <= levels; ++k) {
    types.insert(types.end(), {0x42, 0x03, 0x02, 0x03, 0x02, 0x01});
    leb(types, k - 1);
    types.insert(types.end(), {0x04, 0x00, 0x01, 'a', 0x05, 0x00});
    types.insert(types.end(), {0x04, 0x00, 0x01, 'b', 0x05, 0x00});
  }
  std::vector<std::uint8_t> bytes{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  section(bytes, 0x07, types);
  return bytes;
}

// Types that share a type at each level are exponential as trees while tiny in bytes; walks
// over their structure (the paths to every resource an instance type exports, freshening,
// printing) would be too. Such types are refused once their size as a tree passes
// ComponentLimits::max_effective_type_size (1,000,000, wasmparser's bound), so validation stays
// bounded: before, 24 levels with a resource needed more than 1 GB and 40 without took days.
TEST(Allocation, InstanceTypesSharingResourceTypesStayBounded) {
  const Outcome run = validate_with_budget(instance_type_dag(24, true), std::uint64_t{256} << 20);
  // Freshening the resources of each export makes real copies here, so the arena's budget
  // (ComponentLimits::max_type_size) may be what stops it first: either way a limit, in bounds.
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().code(), ErrorCode::limit_exceeded) << run.result.error().message();
  // Below the bound the same shape is valid, within the budget.
  const Outcome small = validate_with_budget(instance_type_dag(12, true), std::uint64_t{256} << 20);
  EXPECT_TRUE(small.result);
}

TEST(Allocation, InstanceTypesSharingTypesValidateQuickly) {
  const Outcome run = validate_with_budget(instance_type_dag(40, false), std::uint64_t{256} << 20);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().code(), ErrorCode::limit_exceeded);
  EXPECT_LT(run.allocations, 10'000u);
}

TEST(Allocation, SharedTypesBeyondTheTreeSizeAreRefused) {
  const Outcome run = validate_with_budget(component_type_dag(12, 1), std::uint64_t{1} << 30);
  ASSERT_FALSE(run.result);
  EXPECT_EQ(run.result.error().code(), ErrorCode::limit_exceeded);
}

}  // namespace
}  // namespace wrt::component
