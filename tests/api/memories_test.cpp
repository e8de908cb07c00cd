// Multi-memory and memory64 through the embedding API (memories.wat): accesses on several
// memories, copies between them, bounds checks near 2^64 that must not wrap, growth refused
// by the module's and the embedder's limits.
#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace {

std::vector<std::uint8_t> wasm(const std::string& name) {
  std::ifstream in(std::string(WRT_TEST_WASM_DIR) + "/" + name + ".wasm", std::ios::binary);
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

wrt::ModuleOptions memory_proposals() {
  wrt::ModuleOptions options;
  options.decode.features.multi_memory = true;
  options.decode.features.memory64 = true;
  return options;
}

struct Memories : ::testing::Test {
  void SetUp() override {
    auto m = wrt::Module::from_bytes(bytes, memory_proposals());
    ASSERT_TRUE(m) << wrt::to_string(m.error());
    module.emplace(std::move(*m));
    auto i = wrt::ModuleInstance::create(*module);
    ASSERT_TRUE(i) << wrt::to_string(i.error());
    instance.emplace(std::move(*i));
  }
  wrt::Result<std::vector<wrt::Value>> call(const char* name, std::vector<wrt::Value> args) {
    auto r = instance->invoke(name, args);
    if (!r) return r.error();
    return r->results();
  }
  std::uint64_t u64(const char* name, std::vector<wrt::Value> args) {
    auto r = call(name, std::move(args));
    EXPECT_TRUE(r) << name << ": " << (r ? "" : wrt::to_string(r.error()));
    if (!r || r->empty()) return 0xDEAD;
    return r->front().type() == wrt::ValType::i64 ? static_cast<std::uint64_t>(r->front().as_i64())
                                                  : static_cast<std::uint32_t>(r->front().as_i32());
  }
  void expect_out_of_bounds(const char* name, std::vector<wrt::Value> args) {
    auto r = call(name, std::move(args));
    ASSERT_FALSE(r) << name << " should trap";
    EXPECT_EQ(r.error().code(), wrt::ErrorCode::out_of_bounds_memory) << wrt::to_string(r.error());
  }

  std::vector<std::uint8_t> bytes = wasm("memories");
  std::optional<wrt::Module> module;
  std::optional<wrt::ModuleInstance> instance;
};

using wrt::Value;

TEST(MemoriesDecoding, RefusedWithoutTheFeatures) {
  wrt::ModuleOptions wasm2;
  wasm2.decode.features = wrt::Features::wasm2();
  auto m = wrt::Module::from_bytes(wasm("memories"), wasm2);  // 2.0: one 32-bit memory
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind(), wrt::ErrorKind::malformed) << wrt::to_string(m.error());
  EXPECT_TRUE(wrt::Module::from_bytes(wasm("memories")));  // 3.0 (the default) has both proposals
}

TEST_F(Memories, EachMemoryHasItsOwnContents) {
  EXPECT_EQ(instance->memory_count(), 4u);
  EXPECT_EQ(u64("load1", {Value::i64(0xFFF0)}), 'a');  // the data segment went to memory 1
  ASSERT_TRUE(call("store0", {Value::i32(0xFFF0), Value::i32(0x01020304)}));
  EXPECT_EQ(u64("load1", {Value::i64(0xFFF0)}), 'a');  // memory 0 is another memory
  EXPECT_EQ(u64("load0", {Value::i32(0xFFF0)}), 0x01020304u);
  auto m1 = instance->memory("m1");
  ASSERT_TRUE(m1);
  EXPECT_TRUE(m1->is64());
  EXPECT_EQ(m1->page_size(), 65536u);
  auto by_index = instance->memory_at(1);
  ASSERT_TRUE(by_index);
  EXPECT_EQ(&by_index->raw(), &m1->raw());
  EXPECT_FALSE(instance->memory_at(4));
}

TEST_F(Memories, CopyBetweenMemories) {
  ASSERT_TRUE(call("copy_1_to_0", {Value::i32(8), Value::i64(0xFFF0), Value::i32(4)}));
  EXPECT_EQ(u64("load0", {Value::i32(8)}), 0x64636261u);  // "abcd"
  // Out of bounds of the source (memory 1 is 64 KiB) or of the destination: nothing copied.
  expect_out_of_bounds("copy_1_to_0", {Value::i32(0), Value::i64(0xFFFE), Value::i32(4)});
  expect_out_of_bounds("copy_1_to_0", {Value::i32(0xFFFE), Value::i64(0), Value::i32(4)});
  expect_out_of_bounds("copy_1_to_0", {Value::i32(0), Value::i64(-1), Value::i32(1)});
}

TEST_F(Memories, BoundsNear2To64DoNotWrap) {
  // 2^64 - 8 + offset 16 would be address 8 in 64-bit arithmetic that wraps.
  expect_out_of_bounds("load1_off16", {Value::i64(-8)});
  expect_out_of_bounds("load1", {Value::i64(-1)});
  expect_out_of_bounds("load1", {Value::i64(0x10000)});
  EXPECT_EQ(u64("load1_off16", {Value::i64(0xFFE0)}), 'a');
  expect_out_of_bounds("store1", {Value::i64(0xFFFD), Value::i32(1)});   // the last 3 bytes: a 4-byte store does not fit
  ASSERT_TRUE(call("store1", {Value::i64(0xFFFC), Value::i32(1)}));
  expect_out_of_bounds("fill1", {Value::i64(-1), Value::i32(0), Value::i64(2)});
  expect_out_of_bounds("fill1", {Value::i64(1), Value::i32(0), Value::i64(-1)});
  ASSERT_TRUE(call("fill1", {Value::i64(0), Value::i32(0), Value::i64(0x10000)}));
  EXPECT_EQ(u64("load1", {Value::i64(0xFFF0)}), 0u);
}

TEST_F(Memories, GrowthRefusedByTheModulesLimits) {
  EXPECT_EQ(u64("size1", {}), 1u);
  EXPECT_EQ(u64("grow1", {Value::i64(1)}), 1u);
  EXPECT_EQ(u64("grow1", {Value::i64(2)}), ~std::uint64_t{0});  // max 3: -1 as an i64
  EXPECT_EQ(u64("grow1", {Value::i64(std::int64_t{1} << 62)}), ~std::uint64_t{0});
  EXPECT_EQ(u64("grow1", {Value::i64(-1)}), ~std::uint64_t{0});
  EXPECT_EQ(u64("size1", {}), 2u);
  EXPECT_EQ(u64("load1", {Value::i64(0x1FFFF)}), 0u);  // the new page is there and zero
  EXPECT_EQ(u64("grow2", {Value::i32(1)}), 0u);
  EXPECT_EQ(u64("grow2", {Value::i32(1)}), 0xFFFFFFFFu);  // max 1: -1 as an i32
  EXPECT_EQ(u64("load2", {Value::i32(0xFFFF)}), 0u);
}

TEST_F(Memories, GrowthBeyondTheEmbeddersLimitIsRefused) {
  // $big declares a maximum of 64 GiB; the embedder's default limit is 4 GiB (65536 pages).
  EXPECT_EQ(u64("grow_big", {Value::i64(65537)}), ~std::uint64_t{0});
  EXPECT_EQ(u64("grow_big", {Value::i64(2)}), 0u);
}

TEST(MemoriesLimits, MinimumBeyondTheEmbeddersLimitFailsToInstantiate) {
  auto module = wrt::Module::from_bytes(wasm("memories"), memory_proposals());
  ASSERT_TRUE(module);
  wrt::InstanceLimits limits;
  limits.max_memory_pages = 0;  // memory 0 needs 1 page
  auto instance = wrt::ModuleInstance::create(*module, {}, limits);
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().code(), wrt::ErrorCode::limit_exceeded) << wrt::to_string(instance.error());
}

}  // namespace
