// The component validator (wrt/component/validator.hpp), beyond the conformance suite: deep
// types on a small stack, bounded growth, allocation failure at every step, error locations.
#include <wrt/component/validator.hpp>

#include <gtest/gtest.h>

#include <pthread.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <vector>

#include "support/component_builder.hpp"
#include "support/test_allocator.hpp"

namespace {

using namespace wrt;
using namespace wrt::component;
using namespace wrt::test;

Result<void> check(const ByteVec& bytes, const ComponentDecodeOptions& options = {}) {
  ComponentDescription d(allocator());
  ComponentInfo info(allocator());
  return decode_and_validate_component(Bytes(bytes.data(), bytes.size()), options, d, info);
}

// Runs `f` on a thread with a small stack, as firmware or a coroutine would give it.
void on_small_stack(std::size_t bytes, const std::function<void()>& f) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, bytes);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, run, const_cast<std::function<void()>*>(&f)), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

// A chain of `depth` nested value types (option/list/tuple/record), and an import whose
// function takes the outermost: validating it walks the chain for external visibility.
ByteVec deep_component(std::uint32_t depth) {
  ByteVec types = leb(depth + 1);
  types.push_back(0x79);  // type 0: u32
  auto append = [&](std::initializer_list<ByteVec> parts) {
    for (const ByteVec& p : parts) types.insert(types.end(), p.begin(), p.end());
  };
  for (std::uint32_t i = 1; i <= depth; ++i) {
    switch (i % 3) {
      case 0: append({{0x6b}, type_index(i - 1)}); break;           // (option i-1)
      case 1: append({{0x70}, type_index(i - 1)}); break;           // (list i-1)
      default: append({{0x6f, 0x02}, type_index(i - 1), {0x79}}); break;  // (tuple i-1 u32)
    }
  }
  ComponentBuilder b;
  b.section(kTypeSection, types);
  b.items(kTypeSection, {func_type({{"x", type_index(depth)}})});
  b.items(kImportSection, {cat({plain_name("f"), func_desc(depth + 1)})});
  return b.bytes();
}

TEST(ComponentValidator, DeepTypesOnASmallStack) {
  ByteVec bytes = deep_component(20000);
  bool ok = false;
  // ASan makes frames much larger; 256 KiB is still far below what recursion per level needs.
  on_small_stack(256 * 1024, [&] { ok = static_cast<bool>(check(bytes)); });
  EXPECT_TRUE(ok);
}

// Values of 2^28 bytes or more are refused (Binary.md: the element-size bound).
TEST(ComponentValidator, ElementSizeBound) {
  ComponentBuilder fits;
  fits.items(kTypeSection, {cat({{0x67, 0x7d}, leb((1u << 28) - 1)})});  // (list u8 2^28-1)
  EXPECT_TRUE(check(fits.bytes()));
  ComponentBuilder too_big;
  too_big.items(kTypeSection, {cat({{0x67, 0x7d}, leb(1u << 28)})});
  auto r = check(too_big.bytes());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::invalid);
}

// Errors point at the definition that is wrong.
TEST(ComponentValidator, ErrorsAreLocated) {
  ComponentBuilder b;
  b.items(kTypeSection, {{0x79}, {0x69, 0x00}});  // (own 0) where 0 is u32, not a resource
  auto r = check(b.bytes());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::invalid);
  EXPECT_EQ(r.error().offset(), 12u);  // preamble 8, section header 2, count 1, u32 1
}

// Each instantiation makes new types; a small component instantiating a large type many times
// must hit the budget, not grow without bound.
TEST(ComponentValidator, InstantiationGrowthIsBudgeted) {
  // type 0: a resource-exporting component type with 200 functions over it.
  ByteVec decls = leb(1 + 3 * 200);
  decls = cat({decls, {0x04}, plain_name("r"), sub_resource_desc()});  // (export "r" (type (sub resource)))
  for (int i = 0; i < 200; ++i) {
    ByteVec own = {0x69, 0x00};  // (own 0)
    decls = cat({decls, {0x01}, own});  // (type (own 0)) -> type index 1 + 2i
    decls = cat({decls, {0x01}, func_type({{"h", type_index(static_cast<std::uint32_t>(1 + 2 * i))}})});
    char name[16];
    std::snprintf(name, sizeof name, "f%d", i);
    decls = cat({decls, {0x04}, plain_name(name), func_desc(static_cast<std::uint32_t>(2 + 2 * i))});
  }
  ByteVec component_type = cat({{0x41}, decls});
  ComponentBuilder b;
  b.items(kTypeSection, {component_type});
  b.items(kImportSection, {cat({plain_name("c"), component_desc(0)})});
  ByteVec instances = leb(2000);
  for (int i = 0; i < 2000; ++i) instances = cat({instances, {0x00, 0x00, 0x00}});  // (instantiate 0)
  b.section(kInstanceSection, instances);
  ComponentDecodeOptions options;
  options.limits.max_type_size = 100000;
  auto r = check(b.bytes(), options);
  ASSERT_FALSE(r);
  char text[256];
  r.error().format(text, sizeof text);
  EXPECT_EQ(r.error().code(), ErrorCode::limit_exceeded) << text;
}

// An allocator that fails after a given number of allocations.
class FailingHeap final : public AllocatorImpl<FailingHeap> {
 public:
  explicit FailingHeap(long budget) : budget_(budget) {}
  void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
    if (budget_-- <= 0) return nullptr;
    return allocator().allocate(size, alignment);
  }
  void do_deallocate(void* p, std::size_t size, std::size_t alignment) noexcept { allocator().deallocate(p, size, alignment); }

 private:
  long budget_;
};

std::vector<std::uint8_t> read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Every allocation of decoding and validation may fail: each failure is a clean out_of_memory
// (the sanitizers check nothing leaks or dangles), and given enough, the component validates.
TEST(ComponentValidator, EveryAllocationMayFail) {
  const std::filesystem::path shared = WRT_SHARED_DIR "/component-model/json";
  for (const char* file : {"values/strings/strings.0.wasm", "resources/handle-table/handle-table.1.wasm",
                           "linking/unit/unit.30.wasm", "validation/resources/resources.5.wasm"}) {
    std::vector<std::uint8_t> bytes = read(shared / file);
    ASSERT_FALSE(bytes.empty()) << file;
    long needed = -1;
    for (long budget = 0; budget < 200000; budget += budget < 200 ? 1 : 7) {
      FailingHeap heap(budget);
      ComponentDescription d(heap);
      ComponentInfo info(heap);
      auto r = decode_and_validate_component(Bytes(bytes.data(), bytes.size()), {}, d, info);
      if (r) {
        needed = budget;
        break;
      }
      ASSERT_EQ(r.error().code(), ErrorCode::out_of_memory) << file << " with " << budget << " allocations";
    }
    EXPECT_GT(needed, 0) << file;
  }
}

}  // namespace
