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

}  // namespace
}  // namespace wrt::component
