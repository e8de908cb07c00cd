// Large programs must not meet a fixed limit: a function body beyond the JS API's 7,654,321
// bytes, an operand stack 200,000 values deep, and 200,000 locals all decode, validate,
// translate and run, each giving the result it must.
#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>

#include <gtest/gtest.h>

#include <cstdint>

#include "support/wasm_builder.hpp"

namespace {

using wrt::test::ByteVec;
using wrt::test::cat;
using wrt::test::leb;

// A module with one exported function "f" of type `type` (a type-section entry) whose body
// is `locals` (local groups, count included) followed by `code` and `end`.
ByteVec module_with(const ByteVec& type, const ByteVec& locals, const ByteVec& code) {
  wrt::test::WasmBuilder builder;
  builder.section(1, cat({{0x01}, type}));
  builder.section(3, {0x01, 0x00});
  builder.section(7, cat({{0x01}, wrt::test::name("f"), {0x00, 0x00}}));
  ByteVec body = cat({locals, code, {0x0B}});
  builder.section(10, cat({{0x01}, leb(body.size()), body}));
  return builder.bytes();
}

std::int32_t run(const ByteVec& bytes, std::initializer_list<wrt::Value> args) {
  auto module = wrt::Module::from_bytes(bytes);
  EXPECT_TRUE(module) << (module ? "" : wrt::to_string(module.error()));
  if (!module) return -1;
  auto instance = wrt::ModuleInstance::create(*module);
  EXPECT_TRUE(instance) << (instance ? "" : wrt::to_string(instance.error()));
  if (!instance) return -1;
  auto result = instance->invoke("f", args);
  EXPECT_TRUE(result) << (result ? "" : wrt::to_string(result.error()));
  if (!result || !result->completed()) return -1;
  return (*result)[0].as_i32();
}

const ByteVec kI32ToI32 = {0x60, 0x01, 0x7F, 0x01, 0x7F};
const ByteVec kVoidToI32 = {0x60, 0x00, 0x01, 0x7F};

TEST(LargeFunctions, BodyLargerThanTheJsApiLimit) {
  // x += 1, 1,100,000 times: 7 bytes each, 7.7 MB of body.
  constexpr std::int32_t kRepeats = 1'100'000;
  ByteVec code;
  code.reserve(kRepeats * 7 + 2);
  for (std::int32_t i = 0; i < kRepeats; ++i) {
    code.insert(code.end(), {0x20, 0x00, 0x41, 0x01, 0x6A, 0x21, 0x00});  // local.get 0; i32.const 1; i32.add; local.set 0
  }
  code.insert(code.end(), {0x20, 0x00});
  ASSERT_GT(code.size(), 7'654'321u);
  EXPECT_EQ(run(module_with(kI32ToI32, {0x00}, code), {wrt::Value::i32(5)}), 5 + kRepeats);
}

TEST(LargeFunctions, OperandStack200000Deep) {
  constexpr std::int32_t kDepth = 200'000;
  ByteVec code;
  for (std::int32_t i = 0; i < kDepth; ++i) code.insert(code.end(), {0x41, 0x03});  // i32.const 3
  for (std::int32_t i = 1; i < kDepth; ++i) code.push_back(0x6A);                  // i32.add
  EXPECT_EQ(run(module_with(kVoidToI32, {0x00}, code), {}), 3 * kDepth);
}

TEST(LargeFunctions, TwoHundredThousandLocals) {
  constexpr std::uint32_t kLocals = 200'000;
  ByteVec locals = cat({{0x01}, leb(kLocals), {0x7F}});
  // local[199999] = 7; return local[199999] + local[150000] (zero-initialized) + 1
  ByteVec code = cat({{0x41, 0x07, 0x21}, leb(kLocals - 1), {0x20}, leb(kLocals - 1), {0x20}, leb(150'000),
                      {0x6A, 0x41, 0x01, 0x6A}});
  EXPECT_EQ(run(module_with(kVoidToI32, locals, code), {}), 8);
}

}  // namespace
