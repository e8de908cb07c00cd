// The freestanding-alloc profile: every byte the core layers use comes from the allocator the
// embedder installs with set_default_allocator (the libraries reference no heap, which the nm
// check proves); before one is installed, allocation fails cleanly.
#include <wrt/wrt.hpp>

#include <gtest/gtest.h>

#include <cstdlib>

#include "support/wasm_builder.hpp"

namespace {

// An RTOS memory pool, as the embedder would wrap it; here it counts what passes through.
class CountingPool final : public wrt::AllocatorImpl<CountingPool> {
 public:
  void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
    std::size_t align = alignment < 16 ? 16 : alignment;
    void* p = std::aligned_alloc(align, (size + align - 1) & ~(align - 1));
    if (p != nullptr) {
      ++allocations;
      live_bytes += size;
    }
    return p;
  }
  void do_deallocate(void* pointer, std::size_t size, std::size_t) noexcept {
    live_bytes -= size;
    std::free(pointer);
  }
  int allocations = 0;
  std::size_t live_bytes = 0;
};

// (module (func (export "f") (param i32) (result i32) local.get 0 i32.const 2 i32.mul i32.const 1 i32.add))
std::vector<std::uint8_t> module_bytes() {
  using namespace wrt::test;
  WasmBuilder b;
  b.section(1, {0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F});
  b.section(3, {0x01, 0x00});
  b.section(7, cat({{0x01}, name("f"), {0x00, 0x00}}));
  ByteVec body = {0x00, 0x20, 0x00, 0x41, 0x02, 0x6C, 0x41, 0x01, 0x6A, 0x0B};
  b.section(10, cat({{0x01}, leb(body.size()), body}));
  return b.bytes();
}

std::int32_t run(const std::vector<std::uint8_t>& bytes, std::int32_t x, wrt::Error* error) {
  wrt::ModuleDescription module;  // the installed allocator
  auto decoded = wrt::decode_and_validate(wrt::Bytes(bytes.data(), bytes.size()), {}, module);
  if (!decoded) {
    *error = decoded.error();
    return -1;
  }
  auto code = wrt::ModuleCode::create(module, {}, wrt::default_allocator());
  if (!code) {
    *error = code.error();
    return -1;
  }
  std::int32_t out = -1;
  {
    wrt::Store store;
    wrt::Thread thread(store);
    auto instance = store.instantiate(**code, {}, thread);
    wrt::ExternVal f;
    if (instance && (*instance)->find_export("f", f)) {
      wrt::Value args[] = {wrt::Value::i32(x)};
      wrt::Value results[1];
      if (thread.invoke(*f.as_function(), args, results)) out = results[0].as_i32();
    }
  }
  wrt::ModuleCode::destroy(*code);
  return out;
}

TEST(InstalledAllocator, EveryAllocationGoesThroughIt) {
  std::vector<std::uint8_t> bytes = module_bytes();
  CountingPool pool;
  wrt::set_default_allocator(pool);
  wrt::Error error(wrt::ErrorCode::trap);
  EXPECT_EQ(run(bytes, 20, &error), 41);
  EXPECT_GT(pool.allocations, 5);   // module, code, store, instance, stacks
  EXPECT_EQ(pool.live_bytes, 0u);   // and all of it given back
}

// An allocator that refuses everything: the state before any is installed.
class RefusingPool final : public wrt::AllocatorImpl<RefusingPool> {
 public:
  void* do_allocate(std::size_t, std::size_t) noexcept { return nullptr; }
  void do_deallocate(void*, std::size_t, std::size_t) noexcept {}
};

TEST(InstalledAllocator, RefusedAllocationsAreCleanErrors) {
  std::vector<std::uint8_t> bytes = module_bytes();
  RefusingPool refusing;
  wrt::set_default_allocator(refusing);
  wrt::Error error(wrt::ErrorCode::trap);
  EXPECT_EQ(run(bytes, 1, &error), -1);
  EXPECT_EQ(error.code(), wrt::ErrorCode::out_of_memory);
  CountingPool pool;  // leave a working allocator installed for whatever runs next
  wrt::set_default_allocator(pool);
  EXPECT_EQ(run(bytes, 1, &error), 3);
}

}  // namespace
