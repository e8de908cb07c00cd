// A component cancels its call of an async host function (subtask.cancel of a subtask whose
// callee is the host): the host is told (AsyncHostCancelCallback, cancel_requested) and
// resolves the call as cancelled (complete_cancelled) or with results (complete), on
// tests/component/data/cancel_host_call.wat: run(x) calls slow(x), cancels it and returns
// state * 1000 (+ the result when it returned anyway).
#include <gtest/gtest.h>

#include <string>

#include "support/component_file.hpp"

namespace wrt::component {
namespace {

using test::Harness;
using test::text_of;

struct Slow {
  PendingHostCall call;
  std::uint64_t x = 0;
  int calls = 0;
  int cancels = 0;
  bool resolve_when_cancelled = false;  // complete_cancelled inside the cancel callback
};

Result<void> slow_started(void* user_data, ComponentRuntime&, std::span<const ComponentValue> args, PendingHostCall call) noexcept {
  auto& s = *static_cast<Slow*>(user_data);
  s.call = call;
  s.x = args[0].as_unsigned();
  ++s.calls;
  return {};
}

void slow_cancelled(void* user_data, ComponentRuntime& rt, PendingHostCall call) noexcept {
  auto& s = *static_cast<Slow*>(user_data);
  ++s.cancels;
  if (s.resolve_when_cancelled) {
    Result<void> r = rt.complete_cancelled(call);
    EXPECT_TRUE(r) << text_of(r.error());
  }
}

class AsyncHostCancel : public ::testing::Test {
 protected:
  void instantiate(bool with_callback) {
    Result<void> loaded = h.load();
    ASSERT_TRUE(loaded) << text_of(loaded.error());
    ComponentRuntime& rt = h.runtime();
    const TypeArena& types = rt.types();
    const TypeNode& host = types.peeled(h.import_type("host"));
    ASSERT_EQ(host.kind, NodeKind::instance);
    Result<RuntimeEntity> f = rt.async_host_function(types.exports(host)[0].type, &slow_started, &slow,
                                                     with_callback ? &slow_cancelled : nullptr);
    ASSERT_TRUE(f) << text_of(f.error());
    ASSERT_TRUE(host_exports.exports.push_back(NamedEntity{"slow", *f}));
    RuntimeEntity instance;
    instance.kind = ExternKind::instance;
    instance.instance = &host_exports;
    NamedEntity imports[] = {{"host", instance}};
    Result<void> made = h.instantiate_prepared(imports);
    ASSERT_TRUE(made) << text_of(made.error());
  }
  // Starts run(5): it calls slow(5) and cancels it.
  AsyncCall start() {
    const RuntimeEntity* run = h.find("run");
    EXPECT_NE(run, nullptr);
    if (run == nullptr) return {};
    Result<AsyncCall> call = h.runtime().start_async(*run, std::span<const ComponentValue>(&arg, 1), std::span<ComponentValue>(&result, 1));
    EXPECT_TRUE(call) << text_of(call.error());
    EXPECT_EQ(slow.calls, 1);
    EXPECT_EQ(slow.x, 5u);
    return call ? *call : AsyncCall{};
  }
  std::uint64_t finish(AsyncCall call) {
    ComponentRuntime& rt = h.runtime();
    Result<LoopStatus> ran = rt.run_until_idle();
    EXPECT_TRUE(ran) << text_of(ran.error());
    EXPECT_TRUE(rt.resolved(call));
    Result<void> done = rt.finish(call);
    EXPECT_TRUE(done) << text_of(done.error());
    return result.as_unsigned();
  }
  Harness h{test::read_component_file(std::string(WRT_COMPONENT_DATA_DIR) + "/cancel_host_call.component.wasm")};
  InstanceExports host_exports{test::allocator()};
  Slow slow;
  ComponentValue arg = ComponentValue::u32(5);
  ComponentValue result;
};

TEST_F(AsyncHostCancel, TheHostResolvesTheCallAsCancelledWhenTold) {
  slow.resolve_when_cancelled = true;
  ASSERT_NO_FATAL_FAILURE(instantiate(true));
  AsyncCall call = start();
  EXPECT_EQ(slow.cancels, 1);
  EXPECT_EQ(finish(call), 4000u);  // cancelled before returning
  ComponentValue late = ComponentValue::u32(1);
  EXPECT_FALSE(h.runtime().complete(slow.call, std::span<ComponentValue>(&late, 1)));  // resolved already
}

TEST_F(AsyncHostCancel, TheCallerWaitsUntilTheHostResolvesItLater) {
  ASSERT_NO_FATAL_FAILURE(instantiate(true));
  ComponentRuntime& rt = h.runtime();
  AsyncCall call = start();
  EXPECT_EQ(slow.cancels, 1);
  EXPECT_TRUE(rt.cancel_requested(slow.call));
  Result<LoopStatus> idle = rt.run_until_idle();  // the synchronous subtask.cancel waits
  ASSERT_TRUE(idle) << text_of(idle.error());
  EXPECT_EQ(*idle, LoopStatus::idle);
  EXPECT_FALSE(rt.resolved(call));
  ASSERT_TRUE(rt.complete_cancelled(slow.call));
  EXPECT_FALSE(rt.complete_cancelled(slow.call));  // once
  EXPECT_EQ(finish(call), 4000u);
}

TEST_F(AsyncHostCancel, TheHostMayStillReturnAfterTheCancellation) {
  ASSERT_NO_FATAL_FAILURE(instantiate(false));  // no callback: the host polls
  ComponentRuntime& rt = h.runtime();
  AsyncCall call = start();
  EXPECT_TRUE(rt.cancel_requested(slow.call));
  ComponentValue sum = ComponentValue::u32(static_cast<std::uint32_t>(slow.x + 2));
  ASSERT_TRUE(rt.complete(slow.call, std::span<ComponentValue>(&sum, 1)));
  EXPECT_FALSE(rt.cancel_requested(slow.call));  // not pending any more
  EXPECT_EQ(finish(call), 2007u);  // returned: state 2, result 7
}

TEST_F(AsyncHostCancel, ACallThatWasNotCancelledCannotBeResolvedAsCancelled) {
  ASSERT_NO_FATAL_FAILURE(instantiate(true));
  ComponentRuntime& rt = h.runtime();
  EXPECT_FALSE(rt.complete_cancelled(PendingHostCall{}));
  EXPECT_FALSE(rt.complete_cancelled(PendingHostCall{&slow}));  // not a pending call
  EXPECT_FALSE(rt.cancel_requested(PendingHostCall{&slow}));
}

}  // namespace
}  // namespace wrt::component
