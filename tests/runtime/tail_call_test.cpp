// Tail calls in the interpreter: constant frame space, host callees (with suspension), callees
// in another instance, fuel, traps. The module is tests/runtime/wat/tail.wat.
#include <wrt/runtime/module_code.hpp>
#include <wrt/runtime/store.hpp>
#include <wrt/runtime/thread.hpp>
#include <wrt/validator/validator.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "support/loaded_module.hpp"
#include "support/test_allocator.hpp"

#if WRT_ENABLE_TAIL_CALL

namespace wrt {
namespace {

using test::export_function;
using test::Loaded;

// env.ask: suspends for an answer when asked for a negative number, else returns n + 1000.
Result<HostAction> host_ask(HostCall& call) noexcept {
  ++*static_cast<int*>(call.user_data());
  if (call.arg(0).as_i64() < 0) return HostAction::suspend;
  call.set_result(0, Value::i64(call.arg(0).as_i64() + 1000));
  return HostAction::done;
}

constexpr Slot kUnusedSlot = 0x5A5A5A5A5A5A5A5Aull;
constexpr std::uint8_t kUnusedFrameByte = 0xA5;
constexpr std::size_t kStackSlots = 256;
constexpr std::size_t kFrames = 8;

// tail.wat instantiated with its imports, on a Thread whose stacks the test owns, so that how
// much of them an execution touched (the high-water mark) can be read.
class TailCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto other = store_.instantiate(*other_.code, {}, thread_);
    ASSERT_TRUE(other);
    ValType ll[] = {ValType::i64, ValType::i64};
    FuncType ask_type{std::span<const ValType>(ll, 1), std::span<const ValType>(ll + 1, 1)};
    imports_[0] = ExternVal::function(*store_.create_host_function(ask_type, &host_ask, &host_calls_));
    imports_[1] = ExternVal::function(export_function(*other, "peek"));
    auto instance = store_.instantiate(*tail_.code, imports_, thread_);
    ASSERT_TRUE(instance);
    instance_ = *instance;
  }

  FunctionInstance& function(const char* name) {
    FunctionInstance* f = export_function(instance_, name);
    EXPECT_NE(f, nullptr) << name;
    return *f;
  }

  void mark_stacks_unused() {
    for (Slot& s : stack_) s = kUnusedSlot;
    std::memset(static_cast<void*>(frames_), kUnusedFrameByte, sizeof frames_);
  }
  // Slots and frame records written since mark_stacks_unused (up to the highest one written).
  std::size_t slots_used() const {
    std::size_t n = kStackSlots;
    while (n > 0 && stack_[n - 1] == kUnusedSlot) --n;
    return n;
  }
  std::size_t frames_used() const {
    std::size_t n = kFrames;
    auto unused = [&](std::size_t i) {
      const auto* bytes = reinterpret_cast<const std::uint8_t*>(&frames_[i]);
      for (std::size_t k = 0; k < sizeof(CallFrame); ++k) {
        if (bytes[k] != kUnusedFrameByte) return false;
      }
      return true;
    };
    while (n > 0 && unused(n - 1)) --n;
    return n;
  }

  Result<ExecStatus> call_count(const char* name, std::int64_t n, Value& result) {
    Value args[] = {Value::i64(n), Value::i64(0)};
    return thread_.invoke(function(name), args, std::span<Value>(&result, 1));
  }

  Loaded other_{"tail_other"};
  Loaded tail_{"tail"};
  Store store_{test::allocator()};
  Slot stack_[kStackSlots];
  CallFrame frames_[kFrames];
  Thread thread_{store_, stack_, frames_};
  int host_calls_ = 0;
  ExternVal imports_[2];
  Instance* instance_ = nullptr;
};

TEST_F(TailCallTest, TailRecursionRunsInConstantFrameSpace) {
  Value result;
  mark_stacks_unused();
  ASSERT_TRUE(call_count("count", 10, result));
  EXPECT_EQ(result.as_i64(), 10);
  const std::size_t slots_for_10 = slots_used();
  const std::size_t frames_for_10 = frames_used();
  EXPECT_GT(slots_for_10, 0u);
  EXPECT_GT(frames_for_10, 0u);

  // Ten million tail calls on a stack of 256 slots and 8 frame records: the high-water marks
  // are those of ten.
  mark_stacks_unused();
  ASSERT_TRUE(call_count("count", 10'000'000, result));
  EXPECT_EQ(result.as_i64(), 10'000'000);
  EXPECT_EQ(slots_used(), slots_for_10);
  EXPECT_EQ(frames_used(), frames_for_10);

  // The same loop with plain calls needs a frame per step.
  auto r = call_count("count_call", 10'000'000, result);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::call_stack_exhausted);
}

TEST_F(TailCallTest, IndirectTailCallsRunInConstantFrameSpace) {
  Value results[1];
  mark_stacks_unused();
  Value small[] = {Value::i64(3)};
  ASSERT_TRUE(thread_.invoke(function("parity"), small, results));
  EXPECT_EQ(results[0].as_i64(), 1);
  const std::size_t slots = slots_used();
  const std::size_t frames = frames_used();
  mark_stacks_unused();
  Value large[] = {Value::i64(1'000'000)};
  ASSERT_TRUE(thread_.invoke(function("parity"), large, results));
  // Even: the callee's declared local starts at zero, whatever the caller left in that slot.
  EXPECT_EQ(results[0].as_i64(), 0);
  EXPECT_EQ(slots_used(), slots);
  EXPECT_EQ(frames_used(), frames);
}

TEST_F(TailCallTest, TailCallsToTheHostReturnItsResults) {
  Value args[] = {Value::i64(21)};
  Value results[1];
  ASSERT_TRUE(thread_.invoke(function("ask_twice"), args, results));
  EXPECT_EQ(results[0].as_i64(), 1042);
  ASSERT_TRUE(thread_.invoke(function("ask_plus_one"), args, results));
  EXPECT_EQ(results[0].as_i64(), 1022);
  EXPECT_EQ(host_calls_, 2);
}

TEST_F(TailCallTest, AHostCalleeMaySuspend) {
  Value args[] = {Value::i64(-5)};
  Value results[1];
  auto status = thread_.invoke(function("ask_plus_one"), args, results);
  ASSERT_TRUE(status);
  ASSERT_EQ(*status, ExecStatus::host_suspended);
  HostCall pending = thread_.pending_host_call();
  EXPECT_EQ(pending.arg(0).as_i64(), -5);
  pending.set_result(0, Value::i64(99));
  auto resumed = thread_.resume(results);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(*resumed, ExecStatus::completed);
  EXPECT_EQ(results[0].as_i64(), 100);
}

TEST_F(TailCallTest, TailCallsIntoAnotherInstanceUseItsMemory) {
  Value results[1];
  ASSERT_TRUE(thread_.invoke(function("peek_both"), {}, results));
  EXPECT_EQ(results[0].as_i32(), 42 * 256 + 7);
}

TEST_F(TailCallTest, FuelIsChargedAcrossTailCallsAndSuspensionsResume) {
  Value result;
  thread_.set_fuel(~std::uint64_t{0});
  ASSERT_TRUE(call_count("count", 1000, result));
  const std::uint64_t whole = ~std::uint64_t{0} - thread_.fuel();
  EXPECT_GT(whole, 1000u);  // at least one instruction a step

  const std::uint64_t slice = 37;
  thread_.set_fuel(slice);
  std::uint64_t given = slice;
  int suspensions = 0;
  Value args[] = {Value::i64(1000), Value::i64(0)};
  auto status = thread_.invoke(function("count"), args, std::span<Value>(&result, 1));
  while (status && *status == ExecStatus::out_of_fuel) {
    ++suspensions;
    thread_.add_fuel(slice);
    given += slice;
    status = thread_.resume(std::span<Value>(&result, 1));
  }
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, ExecStatus::completed);
  EXPECT_EQ(result.as_i64(), 1000);
  EXPECT_GT(suspensions, 10);
  EXPECT_EQ(given - thread_.fuel(), whole);
}

TEST_F(TailCallTest, AWrongIndirectTailCallTraps) {
  Value results[1];
  auto r = thread_.invoke(function("bad_indirect"), {}, results);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::undefined_element);
}

}  // namespace
}  // namespace wrt

#endif  // WRT_ENABLE_TAIL_CALL
