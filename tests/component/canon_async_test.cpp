// The async ABI from the embedder's side (ComponentRuntime::start_async/step/run_until_idle,
// fuel slices of the event loop), on components of the conformance suite read from
// ../shared at test time: a call driven step by step gives what the script expects, also when
// fuel runs out again and again and the paused thread is continued.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/component_builder.hpp"
#include "support/component_harness.hpp"

namespace wrt::component {
namespace {

using test::Harness;
using test::text_of;

test::ByteVec read_shared(const std::string& path) {
  std::ifstream in(std::string(WRT_SHARED_DIR) + "/component-model/json/async/" + path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path << " (the shared test data must be beside the project)";
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Script {
  const char* file;
  const char* export_name;
  std::uint64_t expected;
};

// Each returns a u32 after tasks block, wait and resume (streams, futures, subtasks).
const Script kScripts[] = {
    {"cross-task-future/cross-task-future.0.wasm", "run", 42},
    {"partial-stream-copies/partial-stream-copies.0.wasm", "run", 42},
    {"zero-length/zero-length.0.wasm", "run", 42},
    {"sync-barges-in/sync-barges-in.0.wasm", "run", 100},
    {"empty-wait/empty-wait.0.wasm", "run", 44},
};

// Scripts whose event loop runs each waiting thread from the top (no thread resumes another
// inside a host call), so that every slice can pause: a thread that runs out of fuel while
// another's host call is on the host stack cannot pause (an error, docs/component.md).
const Script kSliced[] = {
    {"partial-stream-copies/partial-stream-copies.0.wasm", "run", 42},
    {"zero-length/zero-length.0.wasm", "run", 42},
};

class AsyncScript : public ::testing::TestWithParam<Script> {};
class SlicedScript : public ::testing::TestWithParam<Script> {};

TEST_P(AsyncScript, CallGivesTheExpectedResult) {
  const Script& s = GetParam();
  Harness h(read_shared(s.file));
  ASSERT_TRUE(h.load()) << s.file;
  ASSERT_TRUE(h.instantiate()) << s.file;
  Result<ComponentValue> r = h.call(s.export_name);
  ASSERT_TRUE(r) << text_of(r.error());
  EXPECT_EQ(r->as_unsigned(), s.expected);
}

TEST_P(AsyncScript, StepByStepGivesTheSameResult) {
  const Script& s = GetParam();
  Harness h(read_shared(s.file));
  ASSERT_TRUE(h.load());
  ASSERT_TRUE(h.instantiate());
  ComponentRuntime& rt = h.runtime();
  const RuntimeEntity* f = h.find(s.export_name);
  ASSERT_NE(f, nullptr);
  ComponentValue result;
  Result<AsyncCall> call = rt.start_async(*f, {}, std::span<ComponentValue>(&result, 1));
  ASSERT_TRUE(call) << text_of(call.error());
  if (!rt.resolved(*call)) {
    Result<LoopStatus> status = rt.run_until_idle();
    ASSERT_TRUE(status) << text_of(status.error());
    EXPECT_EQ(*status, LoopStatus::idle);
  }
  ASSERT_TRUE(rt.resolved(*call));
  ASSERT_TRUE(rt.finish(*call));
  EXPECT_FALSE(rt.finish(*call));  // once
  EXPECT_EQ(result.as_unsigned(), s.expected);
  // Nothing is left to run, and the instance is usable again.
  Result<LoopStatus> again = rt.step();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, LoopStatus::idle);
}

TEST_P(SlicedScript, FuelSlicesPauseAndContinueTheEventLoop) {
  const Script& s = GetParam();
  Harness h(read_shared(s.file));
  ASSERT_TRUE(h.load());
  ASSERT_TRUE(h.instantiate());
  ComponentRuntime& rt = h.runtime();
  const RuntimeEntity* f = h.find(s.export_name);
  ASSERT_NE(f, nullptr);
  // Enough fuel to start the call (it runs to its first block in start_async), then slices
  // of 7 instructions for the event loop.
  rt.thread().set_fuel(1'000'000);
  ComponentValue result;
  Result<AsyncCall> call = rt.start_async(*f, {}, std::span<ComponentValue>(&result, 1));
  ASSERT_TRUE(call) << text_of(call.error());
  rt.thread().set_fuel(7);
  unsigned pauses = 0;
  unsigned steps = 0;
  while (!rt.resolved(*call)) {
    Result<LoopStatus> status = rt.step();
    ASSERT_TRUE(status) << text_of(status.error());
    ASSERT_NE(*status, LoopStatus::idle) << "the call cannot make progress";
    if (*status == LoopStatus::out_of_fuel) {
      ++pauses;
      rt.thread().add_fuel(7);
      // A paused thread must be continued before anything else starts.
      ComponentValue other;
      EXPECT_FALSE(rt.start_async(*f, {}, std::span<ComponentValue>(&other, 1)));
    }
    ASSERT_LT(++steps, 1'000'000u);
  }
  ASSERT_TRUE(rt.finish(*call));
  EXPECT_EQ(result.as_unsigned(), s.expected);
  EXPECT_GT(pauses, 0u) << s.file;  // the loop did its work in slices
}

// A component whose export `compute` (async, lifted stackful) calls the host's async `add`
// through a synchronous lowering, then returns the sum with task.return:
//   (core module (import "host" "add" (func (param i32 i32) (result i32)))
//                (import "host" "ret" (func (param i32)))
//                (func (export "compute") (param i32) local.get 0 i32.const 10 call 0 call 1))
test::ByteVec async_adder_component() {
  using namespace wrt::test;
  WasmBuilder core;
  core.section(1, {0x02, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F, 0x60, 0x01, 0x7F, 0x00});
  core.section(2, cat({{0x02}, name("host"), name("add"), {0x00, 0x00}, name("host"), name("ret"), {0x00, 0x01}}));
  core.section(3, {0x01, 0x01});
  core.section(7, cat({{0x01}, name("compute"), {0x00, 0x02}}));
  ByteVec body = {0x00, 0x20, 0x00, 0x41, 0x0A, 0x10, 0x00, 0x10, 0x01, 0x0B};
  core.section(10, cat({{0x01}, leb(body.size()), body}));

  ComponentBuilder b;
  ByteVec add_type = func_type({{"a", kU32}, {"b", kU32}}, kU32);
  add_type[0] = 0x43;  // an async function type
  b.items(kTypeSection, {cat({{0x42, 0x02, 0x01}, add_type, {0x04}, plain_name("add"), func_desc(0)})});  // type 0
  b.items(kImportSection, {cat({plain_name("host"), instance_desc(0)})});            // instance 0
  b.items(kAliasSection, {cat({{0x01, 0x00, 0x00}, name("add")})});                  // func 0 = host.add
  b.items(kCanonSection, {{0x01, 0x00, 0x00, 0x00},                                  // core func 0 = lower func 0
                          {0x09, 0x00, 0x79, 0x00}});                                // core func 1 = task.return u32
  b.items(kCoreInstanceSection, {cat({{0x01, 0x02}, name("add"), {0x00, 0x00}, name("ret"), {0x00, 0x01}})});  // core instance 0
  b.core_module(core.bytes());                                                        // core module 0
  b.items(kCoreInstanceSection, {cat({{0x00, 0x00, 0x01}, name("host"), {0x12, 0x00}})});  // core instance 1
  b.items(kAliasSection, {cat({{0x00, 0x00, 0x01, 0x01}, name("compute")})});       // core func 2
  ByteVec compute_type = func_type({{"x", kU32}}, kU32);
  compute_type[0] = 0x43;
  b.items(kTypeSection, {compute_type});                                              // type 1
  b.items(kCanonSection, {{0x00, 0x00, 0x02, 0x01, 0x06, 0x01}});                    // func 1 = lift core func 2 async
  b.items(kExportSection, {cat({plain_name("compute"), {0x01, 0x01, 0x00}})});
  return b.bytes();
}

struct PendingAdd {
  PendingHostCall call;
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  int calls = 0;
};

Result<void> add_later(void* user_data, ComponentRuntime&, std::span<const ComponentValue> args, PendingHostCall call) noexcept {
  auto& p = *static_cast<PendingAdd*>(user_data);
  p.call = call;
  p.a = args[0].as_unsigned();
  p.b = args[1].as_unsigned();
  ++p.calls;
  return {};
}

TEST(AsyncHost, AHostFunctionReturnsLaterWhileTheCallerWaits) {
  Harness h(async_adder_component());
  ASSERT_TRUE(h.load()) << text_of(h.load().error());
  ComponentRuntime& rt = h.runtime();
  const TypeArena& types = rt.types();
  const TypeNode& host = types.peeled(h.import_type("host"));
  ASSERT_EQ(host.kind, NodeKind::instance);
  ASSERT_EQ(types.exports(host).size(), 1u);
  PendingAdd pending;
  Result<RuntimeEntity> add = rt.async_host_function(types.exports(host)[0].type, &add_later, &pending);
  ASSERT_TRUE(add) << text_of(add.error());
  InstanceExports host_exports(test::allocator());
  ASSERT_TRUE(host_exports.exports.push_back(NamedEntity{"add", *add}));
  RuntimeEntity host_instance;
  host_instance.kind = ExternKind::instance;
  host_instance.instance = &host_exports;
  NamedEntity imports[] = {{"host", host_instance}};
  Result<void> inst = h.instantiate_prepared(imports);
  ASSERT_TRUE(inst) << text_of(inst.error());

  const RuntimeEntity* compute = h.find("compute");
  ASSERT_NE(compute, nullptr);
  ComponentValue result;
  ComponentValue arg = ComponentValue::u32(32);
  Result<AsyncCall> call = rt.start_async(*compute, std::span<const ComponentValue>(&arg, 1), std::span<ComponentValue>(&result, 1));
  ASSERT_TRUE(call) << text_of(call.error());
  // The guest called the host and waits: nothing is ready until the host completes.
  EXPECT_EQ(pending.calls, 1);
  EXPECT_EQ(pending.a, 32u);
  EXPECT_EQ(pending.b, 10u);
  EXPECT_FALSE(rt.resolved(*call));
  Result<LoopStatus> idle = rt.run_until_idle();
  ASSERT_TRUE(idle);
  EXPECT_EQ(*idle, LoopStatus::idle);
  EXPECT_FALSE(rt.resolved(*call));

  // A result of the wrong type is refused and the call stays pending.
  ComponentValue wrong = ComponentValue::boolean(true);
  EXPECT_FALSE(rt.complete(pending.call, std::span<ComponentValue>(&wrong, 1)));
  EXPECT_FALSE(rt.complete(PendingHostCall{&pending}, std::span<ComponentValue>(&wrong, 1)));  // not a pending call
  ComponentValue sum = ComponentValue::u32(static_cast<std::uint32_t>(pending.a + pending.b));
  Result<void> done = rt.complete(pending.call, std::span<ComponentValue>(&sum, 1));
  ASSERT_TRUE(done) << text_of(done.error());
  ComponentValue again = ComponentValue::u32(1);
  EXPECT_FALSE(rt.complete(pending.call, std::span<ComponentValue>(&again, 1)));  // once

  Result<LoopStatus> ran = rt.run_until_idle();
  ASSERT_TRUE(ran) << text_of(ran.error());
  ASSERT_TRUE(rt.resolved(*call));
  ASSERT_TRUE(rt.finish(*call));
  EXPECT_EQ(result.as_unsigned(), 42u);

  // call() on the same export: the host has to complete within the call, which it cannot do
  // here, so the event loop finds nothing ready: a deadlock, reported as a trap.
  Result<void> blocked = rt.call(*compute, std::span<const ComponentValue>(&arg, 1), std::span<ComponentValue>(&result, 1));
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code(), ErrorCode::trap);
}

std::string script_name(const ::testing::TestParamInfo<Script>& param_info) {
  std::string name = param_info.param.file;
  name = name.substr(0, name.find('/'));
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Conformance, AsyncScript, ::testing::ValuesIn(kScripts), script_name);
INSTANTIATE_TEST_SUITE_P(Conformance, SlicedScript, ::testing::ValuesIn(kSliced), script_name);

}  // namespace
}  // namespace wrt::component
