// The async ABI from the embedder's side (ComponentRuntime::start_async/step/run_until_idle,
// fuel slices of the event loop), on components of the conformance suite read from
// ../shared at test time: a call driven step by step gives what the script expects, also when
// fuel runs out again and again and the paused thread is continued.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

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
