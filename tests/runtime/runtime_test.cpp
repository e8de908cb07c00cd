#include <wrt/error/to_string.hpp>
#include <wrt/runtime/linker.hpp>
#include <wrt/foundation/arena.hpp>
#include <wrt/foundation/virtual_memory.hpp>
#include <wrt/runtime/module_code.hpp>
#include <wrt/runtime/store.hpp>
#include <wrt/runtime/thread.hpp>
#include <wrt/validator/validator.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include <sys/resource.h>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "support/loaded_module.hpp"
#include "support/test_allocator.hpp"
#include "support/wasm_builder.hpp"

namespace wrt {
namespace {

using test::export_function;
using test::Loaded;
using test::read_wasm;

// A module without imports, instantiated in its own store, ready to call.
struct Running {
  explicit Running(const std::string& name, const RuntimeLimits& limits = {})
      : loaded(name), store(test::allocator(), limits), thread(store) {
    auto r = store.instantiate(*loaded.code, {}, thread);
    EXPECT_TRUE(r) << name;
    instance = r ? *r : nullptr;
  }
  FunctionInstance& function(const char* name) {
    FunctionInstance* f = export_function(instance, name);
    EXPECT_NE(f, nullptr) << name;
    return *f;
  }
  Loaded loaded;
  Store store;
  Thread thread;
  Instance* instance = nullptr;
};

// Runs `compute(n)` to completion with fuel added in slices; returns the result and the fuel
// consumed in total.
struct SlicedRun {
  std::int64_t result = 0;
  std::uint64_t consumed = 0;
  std::uint32_t suspensions = 0;
};

SlicedRun run_in_slices(std::uint64_t slice) {
  Running running("compute");
  Thread& thread = running.thread;
  FunctionInstance* compute = &running.function("compute");
  SlicedRun run;
  std::uint64_t given = slice;
  thread.set_fuel(slice);
  Value args[] = {Value::i32(300)};
  Value results[1];
  auto status = thread.invoke(*compute, args, results);
  while (status && *status == ExecStatus::out_of_fuel) {
    ++run.suspensions;
    thread.add_fuel(slice);
    given += slice;
    status = thread.resume(results);
  }
  EXPECT_TRUE(status);
  EXPECT_EQ(*status, ExecStatus::completed);
  run.result = results[0].as_i64();
  run.consumed = given - thread.fuel();
  return run;
}

TEST(Fuel, SlicedRunsGiveIdenticalResultsAndFuel) {
  // Unmetered: the reference result.
  Running running("compute");
  Value args[] = {Value::i32(300)};
  Value results[1];
  ASSERT_TRUE(running.thread.invoke(running.function("compute"), args, results));
  const std::int64_t expected = results[0].as_i64();
  // sum of i*i for i < 300, plus fib(18)
  EXPECT_EQ(expected, 8955050 + 2584);

  const SlicedRun unlimited = run_in_slices(std::uint64_t{1} << 40);
  EXPECT_EQ(unlimited.result, expected);
  EXPECT_EQ(unlimited.suspensions, 0u);
  EXPECT_GT(unlimited.consumed, 10000u);
  for (std::uint64_t slice : {1u, 7u, 1000u}) {
    const SlicedRun sliced = run_in_slices(slice);
    EXPECT_EQ(sliced.result, expected) << "slice " << slice;
    EXPECT_EQ(sliced.consumed, unlimited.consumed) << "slice " << slice;
    EXPECT_GT(sliced.suspensions, 0u) << "slice " << slice;
  }
}

TEST(Fuel, CountsEveryInstructionExactlyOnce) {
  Running running("count");
  Thread& thread = running.thread;
  FunctionInstance* count = &running.function("count");
  for (std::int32_t n : {1, 10, 1000}) {
    thread.set_fuel(1'000'000);
    Value args[] = {Value::i32(n)};
    Value results[1];
    auto status = thread.invoke(*count, args, results);
    ASSERT_TRUE(status);
    ASSERT_EQ(*status, ExecStatus::completed);
    EXPECT_EQ(results[0].as_i32(), n);
    EXPECT_EQ(1'000'000 - thread.fuel(), 8u * static_cast<std::uint64_t>(n) + 4) << "n = " << n;
  }
  // Too little fuel for the first block: nothing runs, nothing is charged.
  thread.set_fuel(0);
  Value args[] = {Value::i32(3)};
  Value results[1];
  auto status = thread.invoke(*count, args, results);
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, ExecStatus::out_of_fuel);
  EXPECT_EQ(thread.fuel(), 0u);
  thread.add_fuel(28);  // exactly 8 * 3 + 4
  status = thread.resume(results);
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, ExecStatus::completed);
  EXPECT_EQ(results[0].as_i32(), 3);
  EXPECT_EQ(thread.fuel(), 0u);
}

TEST(Traps, BacktraceNamesEveryFrameAndTheirCodeOffsets) {
  Running running("trap");
  Thread& thread = running.thread;
  const std::vector<std::uint8_t>& bytes = running.loaded.bytes;
  Value args[] = {Value::i32(0)};
  Value results[1];
  auto r = thread.invoke(running.function("outer"), args, results);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::integer_divide_by_zero);
  EXPECT_EQ(r.error().kind(), ErrorKind::trap);
  const Backtrace& bt = thread.last_trap();
  ASSERT_EQ(bt.frames.size(), 3u);
  EXPECT_EQ(bt.total_frames, 3u);
  EXPECT_EQ(bt.frames[0].name, "inner");
  EXPECT_EQ(bt.frames[1].name, "middle");
  EXPECT_EQ(bt.frames[2].name, "outer");
  EXPECT_EQ(bt.frames[0].function_index, 0u);
  // The offsets point at the instructions in the binary: i32.div_s, then the two calls.
  EXPECT_EQ(bytes[bt.frames[0].code_offset], 0x6D);
  EXPECT_EQ(bytes[bt.frames[1].code_offset], 0x10);
  EXPECT_EQ(bytes[bt.frames[2].code_offset], 0x10);
  EXPECT_EQ(r.error().offset(), bt.frames[0].code_offset);

  // The thread is usable again after a trap.
  Value ok_args[] = {Value::i32(4)};
  auto ok = thread.invoke(running.function("outer"), ok_args, results);
  ASSERT_TRUE(ok);
  EXPECT_EQ(results[0].as_i32(), 26);
}

// Every kind of trap reports the offset of the instruction that trapped (the translator keeps
// offsets only for instructions that can trap or call).
TEST(Traps, EachTrapPointsAtItsInstruction) {
  Running running("trap");
  const std::vector<std::uint8_t>& bytes = running.loaded.bytes;
  struct Case {
    const char* name;
    Value arg;
    bool has_arg;
    ErrorCode code;
    std::uint8_t first_byte;  // the opcode byte (or the 0xFC prefix)
  };
  const Case cases[] = {
      {"load", Value::i32(65535), true, ErrorCode::out_of_bounds_memory, 0x28},
      {"store", Value::i32(65536), true, ErrorCode::out_of_bounds_memory, 0x3A},
      {"unreachable", Value(), false, ErrorCode::unreachable_executed, 0x00},
      {"null_call", Value(), false, ErrorCode::uninitialized_element, 0x11},
      {"truncate", Value::f32(1e20f), true, ErrorCode::integer_overflow, 0xA8},
      {"remainder", Value::i64(0), true, ErrorCode::integer_divide_by_zero, 0x82},
      {"fill", Value::i32(65530), true, ErrorCode::out_of_bounds_memory, 0xFC},
      {"table_get", Value::i32(5), true, ErrorCode::out_of_bounds_table, 0x25},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Value results[1];
    FunctionInstance& fn = running.function(c.name);
    auto r = running.thread.invoke(fn, std::span<const Value>(&c.arg, c.has_arg ? 1 : 0),
                                   std::span<Value>(results, fn.type().type.results.size()));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), c.code);
    ASSERT_TRUE(r.error().has_offset());
    ASSERT_LT(r.error().offset(), bytes.size());
    EXPECT_EQ(bytes[r.error().offset()], c.first_byte);
  }
}

// Running out of an arena is a clean error at whatever point it happens: compile a module
// and instantiate it with every arena size up to the one that suffices.
TEST(Limits, EveryArenaSizeSucceedsOrFailsCleanly) {
  std::vector<std::uint8_t> bytes = read_wasm("compute");
  ASSERT_FALSE(bytes.empty());
  std::vector<std::byte> buffer(64 * 1024);
  std::size_t smallest_ok = 0;
  for (std::size_t size = 0; size <= buffer.size() && smallest_ok == 0; size += 64) {
    Arena arena(std::span<std::byte>(buffer.data(), size));
    ModuleDescription module(arena);
    auto code = compile_module(Bytes(bytes.data(), bytes.size()), {}, module, arena, false);
    if (!code) {
      ASSERT_EQ(code.error().code(), ErrorCode::out_of_memory) << size;
      continue;
    }
    smallest_ok = size;
    // Now the store: every size of its arena either instantiates or fails cleanly. The module's
    // one page of linear memory has an arena of its own.
    std::vector<std::byte> store_buffer(16 * 1024);
    std::vector<std::byte> memory_buffer(64 * 1024 + 64);
    bool instantiated = false;
    for (std::size_t store_size = 0; store_size <= store_buffer.size() && !instantiated; store_size += 32) {
      Arena store_arena(std::span<std::byte>(store_buffer.data(), store_size));
      Arena memory_arena(std::span<std::byte>(memory_buffer.data(), memory_buffer.size()));
      Store store(store_arena);
      store.set_memory_allocator(memory_arena);
      Slot stack[256];
      CallFrame frames[16];
      Thread thread(store, stack, frames);
      auto instance = store.instantiate(**code, {}, thread);
      if (!instance) {
        ASSERT_EQ(instance.error().code(), ErrorCode::out_of_memory) << store_size;
        continue;
      }
      instantiated = true;
    }
    EXPECT_TRUE(instantiated);
    ModuleCode::destroy(*code);
  }
  EXPECT_GT(smallest_ok, 0u);
}

TEST(Limits, CallDepthIsExhaustionNotACrash) {
  RuntimeLimits limits;
  limits.max_call_depth = 100;
  Running running("trap", limits);
  Thread& thread = running.thread;
  Value args[] = {Value::i32(0)};
  Value results[1];
  auto r = thread.invoke(running.function("recurse"), args, results);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::call_stack_exhausted);
  EXPECT_EQ(r.error().kind(), ErrorKind::exhaustion);
  EXPECT_EQ(thread.last_trap().total_frames, 101u);  // the limit, plus the one that could not call
}

TEST(Limits, ValueStackIsExhaustionNotACrash) {
  RuntimeLimits limits;
  limits.value_stack_slots = 64;
  Running running("trap", limits);
  Value args[] = {Value::i32(0)};
  Value results[1];
  auto r = running.thread.invoke(running.function("recurse"), args, results);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::call_stack_exhausted);
}

TEST(Limits, EmbedderCapsMemoryGrowth) {
  RuntimeLimits limits;
  limits.max_memory_pages = 3;  // the module allows 10
  Running running("grow", limits);
  Thread& thread = running.thread;
  FunctionInstance* grow = &running.function("grow");
  Value results[1];
  Value two[] = {Value::i32(2)};
  ASSERT_TRUE(thread.invoke(*grow, two, results));
  EXPECT_EQ(results[0].as_i32(), 1);  // old size
  Value one[] = {Value::i32(1)};
  ASSERT_TRUE(thread.invoke(*grow, one, results));
  EXPECT_EQ(results[0].as_i32(), -1);  // 4 pages would exceed the embedder's 3
  ASSERT_TRUE(thread.invoke(running.function("size"), {}, results));
  EXPECT_EQ(results[0].as_i32(), 3);
}

// Hosted: a memory reserves its maximum as address space and commits pages as it grows.
TEST(Memory, GrowsInPlaceAndZeroed) {
  Store store(test::allocator());
  MemoryType type;
  type.limits.min = 1;  // no maximum: 65,536 pages
  MemoryInstance* memory = *store.create_memory(type);
  std::uint8_t* const base = memory->data();
  base[0] = 7;
  base[MemoryInstance::kPageSize - 1] = 9;
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(memory->grow(1), i + 1);
  EXPECT_EQ(memory->pages(), 1001u);
  if constexpr (virtual_memory::kAvailable) {
    EXPECT_EQ(memory->data(), base);  // never moved
  }
  EXPECT_EQ(memory->data()[0], 7);
  EXPECT_EQ(memory->data()[MemoryInstance::kPageSize - 1], 9);
  for (std::uint64_t at = MemoryInstance::kPageSize; at < memory->size(); at += 4096) {
    ASSERT_EQ(memory->data()[at], 0) << at;
  }
  memory->data()[memory->size() - 1] = 1;  // the last byte is writable
  EXPECT_FALSE(memory->view(memory->size(), 1));  // committed ahead, but outside the memory
  EXPECT_EQ(memory->grow(65536), -1);
  if constexpr (virtual_memory::kAvailable) {  // to the maximum, 4 GiB, in place
    EXPECT_EQ(memory->grow(65536 - 1001), 1001);
    EXPECT_EQ(memory->pages(), 65536u);
    EXPECT_EQ(memory->data(), base);
  }
}

// The process's peak resident memory in bytes (ctest runs each test in a process of its own).
std::uint64_t peak_resident_bytes() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

TEST(Memory, UntouchedPagesCostNothing) {
  if constexpr (!virtual_memory::kAvailable) {
    GTEST_SKIP() << "this profile has no virtual memory";
  }
  Store store(test::allocator());
  MemoryType type;
  type.limits.min = 16384;  // 1 GiB, allocated and zeroed at once before: 1.05 GB resident
  MemoryInstance* memory = *store.create_memory(type);
  ASSERT_EQ(memory->pages(), 16384u);
  ASSERT_EQ(memory->grow(16384), 16384);  // and another GiB
  memory->data()[memory->size() - 1] = 1;
  memory->data()[0] = 1;
  EXPECT_LT(peak_resident_bytes(), std::uint64_t{512} << 20);
}

TEST(Translation, IsLazy) {
  Running running("compute");
  EXPECT_EQ(running.loaded.code->translated_count(), 0u);
  Value args[] = {Value::i32(1)};
  Value results[1];
  ASSERT_TRUE(running.thread.invoke(running.function("compute"), args, results));
  EXPECT_EQ(running.loaded.code->translated_count(), 4u);  // compute, fill, sum, fib: what ran
}

// --- host functions -------------------------------------------------------------------------

struct HostState {
  Thread* thread = nullptr;
  FunctionInstance* double_fn = nullptr;
  int calls = 0;
};

Result<HostAction> host_add(HostCall& call) noexcept {
  static_cast<HostState*>(call.user_data())->calls++;
  call.set_result(0, Value::i32(call.arg(0).as_i32() + call.arg(1).as_i32()));
  return HostAction::done;
}

Result<HostAction> host_checksum(HostCall& call) noexcept {
  MemoryInstance* memory = call.memory();
  if (memory == nullptr) return Error(ErrorCode::host_error, "no memory");
  auto view = memory->view(static_cast<std::uint32_t>(call.arg(0).as_i32()), static_cast<std::uint32_t>(call.arg(1).as_i32()));
  if (!view) return view.error();
  std::int32_t sum = 0;
  for (std::uint8_t b : *view) sum += b;
  call.set_result(0, Value::i32(sum));
  return HostAction::done;
}

Result<HostAction> host_ask(HostCall& call) noexcept {
  if (call.arg(0).as_i32() < 0) return Error(ErrorCode::host_error, "negative question");
  return HostAction::suspend;  // the embedder answers later
}

Result<HostAction> host_reenter(HostCall& call) noexcept {
  auto* state = static_cast<HostState*>(call.user_data());
  Value args[] = {call.arg(0)};
  Value results[1];
  auto status = state->thread->invoke(*state->double_fn, args, results);
  if (!status) return status.error();
  call.set_result(0, results[0]);
  return HostAction::done;
}

class HostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ValType ii_i[] = {ValType::i32, ValType::i32, ValType::i32};
    FuncType binary{std::span<const ValType>(ii_i, 2), std::span<const ValType>(ii_i + 2, 1)};
    FuncType unary{std::span<const ValType>(ii_i, 1), std::span<const ValType>(ii_i + 2, 1)};
    imports_[0] = ExternVal::function(*store_.create_host_function(binary, &host_add, &state_));
    imports_[1] = ExternVal::function(*store_.create_host_function(binary, &host_checksum, &state_));
    imports_[2] = ExternVal::function(*store_.create_host_function(unary, &host_ask, &state_));
    imports_[3] = ExternVal::function(*store_.create_host_function(unary, &host_reenter, &state_));
    auto instance = store_.instantiate(*loaded_.code, imports_, thread_);
    ASSERT_TRUE(instance);
    instance_ = *instance;
    state_.thread = &thread_;
    state_.double_fn = export_function(instance_, "double");
  }

  Loaded loaded_{"host"};
  Store store_{test::allocator()};
  Thread thread_{store_};
  ExternVal imports_[4];
  HostState state_;
  Instance* instance_ = nullptr;
};

TEST_F(HostTest, HostFunctionsAreCalledWithTheirArguments) {
  Value args[] = {Value::i32(1), Value::i32(20), Value::i32(300)};
  Value results[1];
  ASSERT_TRUE(thread_.invoke(*export_function(instance_, "sum3"), args, results));
  EXPECT_EQ(results[0].as_i32(), 321);
  EXPECT_EQ(state_.calls, 2);
}

TEST_F(HostTest, HostFunctionsReadTheCallersMemory) {
  Value results[1];
  ASSERT_TRUE(thread_.invoke(*export_function(instance_, "check"), {}, results));
  std::int32_t expected = 0;
  for (char c : std::string("WebAssembly")) expected += static_cast<unsigned char>(c);
  EXPECT_EQ(results[0].as_i32(), expected);
}

TEST_F(HostTest, HostFunctionsSuspendAndAreResumedWithTheirResults) {
  Value args[] = {Value::i32(5)};
  Value results[1];
  auto status = thread_.invoke(*export_function(instance_, "question"), args, results);
  ASSERT_TRUE(status);
  ASSERT_EQ(*status, ExecStatus::host_suspended);
  ASSERT_TRUE(thread_.has_pending_host_call());
  HostCall pending = thread_.pending_host_call();
  EXPECT_EQ(pending.arg(0).as_i32(), 5);
  pending.set_result(0, Value::i32(21));
  auto resumed = thread_.resume(results);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(*resumed, ExecStatus::completed);
  EXPECT_EQ(results[0].as_i32(), 42);
}

TEST_F(HostTest, HostErrorsBecomeTheInvokeError) {
  Value args[] = {Value::i32(-1)};
  Value results[1];
  auto r = thread_.invoke(*export_function(instance_, "question"), args, results);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::host_error);
  EXPECT_STREQ(r.error().message(), "negative question");
}

TEST_F(HostTest, HostFunctionsCanCallBackIntoWebAssembly) {
  Value args[] = {Value::i32(20)};
  Value results[1];
  ASSERT_TRUE(thread_.invoke(*export_function(instance_, "via_host"), args, results));
  EXPECT_EQ(results[0].as_i32(), 41);
}

TEST_F(HostTest, ArgumentsAreChecked) {
  Value wrong[] = {Value::i64(1)};
  Value results[1];
  auto r = thread_.invoke(*export_function(instance_, "double"), wrong, results);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::usage);
}

TEST(Linking, MismatchedImportsNameTheImport) {
  Loaded loaded("host");
  Store store(test::allocator());
  Thread thread(store);
  ValType i32 = ValType::i32;
  FuncType wrong{std::span<const ValType>(&i32, 1), {}};  // (i32) -> () instead of (i32 i32) -> i32
  ExternVal imports[4];
  for (ExternVal& e : imports) e = ExternVal::function(*store.create_host_function(wrong, &host_add, nullptr));
  auto r = store.instantiate(*loaded.code, imports, thread);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::incompatible_import);
  EXPECT_EQ(r.error().kind(), ErrorKind::unlinkable);
  EXPECT_NE(std::string(r.error().detail()).find("env.add"), std::string::npos);
}

TEST(Linking, LinkerResolvesByModuleAndFieldName) {
  Loaded host("host");
  Store store(test::allocator());
  Thread thread(store);
  Linker linker(test::allocator());
  ValType ii_i[] = {ValType::i32, ValType::i32, ValType::i32};
  FuncType binary{std::span<const ValType>(ii_i, 2), std::span<const ValType>(ii_i + 2, 1)};
  FuncType unary{std::span<const ValType>(ii_i, 1), std::span<const ValType>(ii_i + 2, 1)};
  HostState state;
  ASSERT_TRUE(linker.define("env", "add", ExternVal::function(*store.create_host_function(binary, &host_add, &state))));
  ASSERT_TRUE(linker.define("env", "checksum", ExternVal::function(*store.create_host_function(binary, &host_checksum, &state))));
  ASSERT_TRUE(linker.define("env", "ask", ExternVal::function(*store.create_host_function(unary, &host_ask, &state))));

  // One import missing: the error names it.
  auto missing = linker.instantiate(store, *host.code, thread);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::unknown_import);
  EXPECT_EQ(missing.error().detail(), "env.reenter");

  // Defined with the wrong type: incompatible, also named.
  ASSERT_TRUE(linker.define("env", "reenter", ExternVal::function(*store.create_host_function(binary, &host_add, &state))));
  auto wrong = linker.instantiate(store, *host.code, thread);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), ErrorCode::incompatible_import);

  // A later definition shadows the earlier one.
  ASSERT_TRUE(linker.define("env", "reenter", ExternVal::function(*store.create_host_function(unary, &host_reenter, &state))));
  auto instance = linker.instantiate(store, *host.code, thread);
  ASSERT_TRUE(instance);

  // A whole instance can be registered under a module name.
  ASSERT_TRUE(linker.define_instance("guest", **instance));
  Import memory_import;
  memory_import.module = "guest";
  memory_import.name = "memory";
  memory_import.kind = ExternKind::memory;
  auto memory = linker.resolve(memory_import);
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->kind, ExternKind::memory);
  EXPECT_NE(memory->as_memory(), nullptr);
}

#if WRT_ENABLE_EXTENDED_CONST
// Extended constant expressions (WebAssembly 3.0) evaluate with wrapping arithmetic and read
// the globals defined before.
TEST(Runtime, ExtendedConstantExpressionsEvaluate) {
  using test::ByteVec;
  test::WasmBuilder b;
  b.section(6, {0x04,
                0x7F, 0x00, 0x41, 0x02, 0x0B,                                      // g0 = 2
                0x7F, 0x00, 0x23, 0x00, 0x41, 0x03, 0x6C, 0x41, 0x01, 0x6A, 0x0B,  // g1 = g0 * 3 + 1
                0x7F, 0x00, 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x41, 0x01, 0x6A, 0x0B,  // INT32_MAX + 1
                0x7E, 0x00, 0x42, 0x00, 0x42, 0x01, 0x7D, 0x0B});                  // i64: 0 - 1
  b.section(7, test::cat({{0x03}, test::name("g1"), {0x03, 0x01}, test::name("g2"), {0x03, 0x02},
                          test::name("g3"), {0x03, 0x03}}));
  const ByteVec bytes = b.bytes();
  ModuleDescription module(test::allocator());
  ASSERT_TRUE(decode_and_validate(Bytes(bytes.data(), bytes.size()), {}, module));
  auto code = ModuleCode::create(module, {}, test::allocator());
  ASSERT_TRUE(code);
  {
    Store store(test::allocator());
    Thread thread(store);
    auto instance = store.instantiate(**code, {}, thread);
    ASSERT_TRUE(instance);
    auto global = [&](const char* name) {
      ExternVal value;
      EXPECT_TRUE((*instance)->find_export(name, value)) << name;
      return value.as_global()->get();
    };
    EXPECT_EQ(global("g1").as_i32(), 7);
    EXPECT_EQ(global("g2").as_i32(), INT32_MIN);
    EXPECT_EQ(global("g3").as_i64(), -1);
  }
  ModuleCode::destroy(*code);
}
#endif

#if WRT_ENABLE_FUNCTION_REFERENCES
// Typed function references: call_ref through a reference passed in, its null trap,
// br_on_null and ref.as_non_null.
TEST(Runtime, TypedFunctionReferencesRun) {
  using test::ByteVec;
  test::WasmBuilder b;
  b.section(1, {0x03, 0x60, 0x01, 0x7F, 0x01, 0x7F,          // 0: (i32) -> (i32)
                0x60, 0x02, 0x63, 0x00, 0x7F, 0x01, 0x7F,    // 1: ((ref null 0) i32) -> (i32)
                0x60, 0x01, 0x63, 0x00, 0x01, 0x7F});        // 2: ((ref null 0)) -> (i32)
  b.section(3, {0x04, 0x00, 0x01, 0x02, 0x02});
  b.section(7, test::cat({{0x04}, test::name("inc"), {0x00, 0x00}, test::name("call"), {0x00, 0x01},
                          test::name("is_null"), {0x00, 0x02}, test::name("force"), {0x00, 0x03}}));
  b.code({{0x20, 0x00, 0x41, 0x01, 0x6A},                                        // inc: x + 1
          {0x20, 0x01, 0x20, 0x00, 0x14, 0x00},                                  // call: f(x) by call_ref
          {0x02, 0x40, 0x20, 0x00, 0xD5, 0x00, 0x1A, 0x41, 0x00, 0x0F, 0x0B, 0x41, 0x01},  // br_on_null
          {0x20, 0x00, 0xD4, 0x1A, 0x41, 0x07}});                                // ref.as_non_null; 7
  const ByteVec bytes = b.bytes();
  ModuleDescription module(test::allocator());
  ASSERT_TRUE(decode_and_validate(Bytes(bytes.data(), bytes.size()), {}, module));
  auto code = ModuleCode::create(module, {}, test::allocator());
  ASSERT_TRUE(code);
  {
    Store store(test::allocator());
    Thread thread(store);
    auto instance = store.instantiate(**code, {}, thread);
    ASSERT_TRUE(instance);
    FunctionInstance* inc = export_function(*instance, "inc");
    ASSERT_NE(inc, nullptr);
    Value results[1];
    Value call_args[] = {Value::funcref(inc), Value::i32(41)};
    ASSERT_TRUE(thread.invoke(*export_function(*instance, "call"), call_args, results));
    EXPECT_EQ(results[0].as_i32(), 42);
    Value null_args[] = {Value::null(ValType::funcref), Value::i32(1)};
    auto trapped = thread.invoke(*export_function(*instance, "call"), null_args, results);
    ASSERT_FALSE(trapped);
    EXPECT_EQ(trapped.error().code(), ErrorCode::null_function_reference);
    Value one_ref[] = {Value::funcref(inc)};
    Value one_null[] = {Value::null(ValType::funcref)};
    ASSERT_TRUE(thread.invoke(*export_function(*instance, "is_null"), one_ref, results));
    EXPECT_EQ(results[0].as_i32(), 0);
    ASSERT_TRUE(thread.invoke(*export_function(*instance, "is_null"), one_null, results));
    EXPECT_EQ(results[0].as_i32(), 1);
    ASSERT_TRUE(thread.invoke(*export_function(*instance, "force"), one_ref, results));
    EXPECT_EQ(results[0].as_i32(), 7);
    trapped = thread.invoke(*export_function(*instance, "force"), one_null, results);
    ASSERT_FALSE(trapped);
    EXPECT_EQ(trapped.error().code(), ErrorCode::null_reference);
  }
  ModuleCode::destroy(*code);
}
#endif


#if WRT_ENABLE_EXCEPTIONS
// try_table's landing pads branch to a label outside the try_table whose block holds a value
// below it (100): the pad must not lose it, nor the code after the try_table.
TEST(Runtime, TryTableCatchesIntoAnOuterLabel) {
  using test::ByteVec;
  test::WasmBuilder b;
  b.section(1, {0x02, 0x60, 0x01, 0x7F, 0x01, 0x7F, 0x60, 0x01, 0x7F, 0x00});  // (i32)->i32, the tag's (i32)
  b.section(3, {0x01, 0x00});
  b.section(13, {0x01, 0x00, 0x01});  // tag 0: type 1
  b.section(7, test::cat({{0x01}, test::name("f"), {0x00, 0x00}}));
  b.code({{
      0x02, 0x7F,                          // block $outer (result i32)
      0x02, 0x7F,                          //   block $h (result i32)
      0x41, 0xE4, 0x00,                    //     i32.const 100
      0x1F, 0x7F, 0x01, 0x00, 0x00, 0x01,  //     try_table (result i32) (catch 0 $outer)
      0x20, 0x00, 0x20, 0x00,              //       local.get 0, local.get 0
      0x04, 0x40, 0x20, 0x00, 0x08, 0x00,  //       if: throw 0 (local.get 0)
      0x0B, 0x0B,                          //     end end
      0x6A,                                //     i32.add: 100 + x
      0x0B,                                //   end
      0x41, 0xE8, 0x07, 0x6A,              //   + 1000
      0x0B,                                // end: the payload when thrown
  }});
  const ByteVec bytes = b.bytes();
  ModuleDescription module(test::allocator());
  auto valid = decode_and_validate(Bytes(bytes.data(), bytes.size()), {}, module);
  ASSERT_TRUE(valid) << to_string(valid.error());
  auto code = ModuleCode::create(module, {}, test::allocator());
  ASSERT_TRUE(code);
  {
    Store store(test::allocator());
    Thread thread(store);
    auto instance = store.instantiate(**code, {}, thread);
    ASSERT_TRUE(instance);
    ExternVal f;
    ASSERT_TRUE((*instance)->find_export("f", f));
    auto call = [&](std::int32_t x) {
      Value args[] = {Value::i32(x)};
      Value results[1];
      auto status = thread.invoke(*f.as_function(), args, results);
      EXPECT_TRUE(status) << (status ? "" : to_string(status.error()));
      return results[0].as_i32();
    };
    EXPECT_EQ(call(0), 1100);
    EXPECT_EQ(call(5), 5);
    EXPECT_EQ(call(-9), -9);
    EXPECT_EQ(store.live_exceptions(), 0u);  // caught by value: freed
  }
  ModuleCode::destroy(*code);
}
#endif

// A type that names type indices ((ref $t)) means different things in different modules: it is
// interned per module, so call_indirect between modules never takes one for the other. Types
// without indices are shared store-wide.
TEST(Store, TypesNamingIndicesAreInternedPerModule) {
  Store store(test::allocator());
  const int module_a = 0;
  const int module_b = 0;
  ValType concrete[] = {make_ref(true, std::uint32_t{0})};
  FuncType names_index{std::span<const ValType>(concrete, 1), {}};
  auto a1 = store.intern(names_index, &module_a);
  auto b = store.intern(names_index, &module_b);
  auto a2 = store.intern(names_index, &module_a);
  ASSERT_TRUE(a1 && b && a2);
  EXPECT_NE(*a1, *b);
  EXPECT_EQ(*a1, *a2);
  ValType abstract[] = {ValType::funcref, ValType::i32};
  FuncType plain{std::span<const ValType>(abstract, 2), {}};
  auto pa = store.intern(plain, &module_a);
  auto pb = store.intern(plain, &module_b);
  auto host = store.intern(plain);
  ASSERT_TRUE(pa && pb && host);
  EXPECT_EQ(*pa, *pb);
  EXPECT_EQ(*pa, *host);
}

}  // namespace
}  // namespace wrt
