// Proposals as options: the feature names of the command line, and extended constant
// expressions accepted only when enabled (WebAssembly 3.0, issue 16).
#include <wrt/validator/validator.hpp>

#include <gtest/gtest.h>

#include "support/test_allocator.hpp"
#include "support/wasm_builder.hpp"

namespace wrt {
namespace {

using test::ByteVec;
using test::leb;
using test::WasmBuilder;

// A module whose global section holds `globals` (each: type, mutability, expression, end).
ByteVec module_with_globals(std::initializer_list<ByteVec> globals) {
  ByteVec payload = leb(globals.size());
  for (const ByteVec& g : globals) payload.insert(payload.end(), g.begin(), g.end());
  WasmBuilder b;
  b.section(6, payload);
  return b.bytes();
}

Result<void> load(const ByteVec& bytes, const Features& features) {
  ModuleDescription module(test::allocator());
  DecodeOptions options;
  options.features = features;
  return decode_and_validate(Bytes(bytes.data(), bytes.size()), options, module);
}

// g0 = 2; g1 = g0 * 3 + 1
const ByteVec kG0 = {0x7F, 0x00, 0x41, 0x02, 0x0B};
const ByteVec kG1 = {0x7F, 0x00, 0x23, 0x00, 0x41, 0x03, 0x6C, 0x41, 0x01, 0x6A, 0x0B};

TEST(Features, DefaultsAreWasm3WhereCompiledIn) {
  Features f;
  EXPECT_EQ(f.extended_const, WRT_ENABLE_EXTENDED_CONST != 0);
  EXPECT_EQ(f.tail_call, WRT_ENABLE_TAIL_CALL != 0);
  EXPECT_EQ(f.exceptions, WRT_ENABLE_EXCEPTIONS != 0);
  EXPECT_EQ(f.function_references, WRT_ENABLE_FUNCTION_REFERENCES != 0);
  EXPECT_EQ(f.relaxed_simd, WRT_ENABLE_SIMD != 0);  // relaxed SIMD is 3.0
  EXPECT_FALSE(f.wide_arithmetic);                  // not 3.0: off unless asked for
  Features two = Features::wasm2();
  EXPECT_FALSE(two.extended_const || two.tail_call || two.exceptions || two.legacy_exceptions ||
               two.function_references);
  EXPECT_TRUE(two.simd == (WRT_ENABLE_SIMD != 0) && two.bulk_memory && two.reference_types);
}

TEST(Features, NamesTurnProposalsOnAndOff) {
  Features f;
  ASSERT_TRUE(set_feature(f, "3.0", false));
  EXPECT_FALSE(f.extended_const || f.tail_call || f.exceptions || f.legacy_exceptions || f.function_references ||
               f.relaxed_simd);
  EXPECT_TRUE(f.bulk_memory);  // 2.0 stays
  ASSERT_TRUE(set_feature(f, "wide-arithmetic", true));
  EXPECT_TRUE(f.wide_arithmetic);
  ASSERT_TRUE(set_feature(f, "relaxed-simd", true));
  EXPECT_TRUE(f.relaxed_simd);
  ASSERT_TRUE(set_feature(f, "tail-call", true));
  EXPECT_TRUE(f.tail_call);
  ASSERT_TRUE(set_feature(f, "simd", false));
  EXPECT_FALSE(f.simd);
  EXPECT_FALSE(set_feature(f, "tail_call", true));  // names use dashes
  EXPECT_FALSE(set_feature(f, "", true));
  EXPECT_FALSE(set_feature(f, "gc", true));  // not a feature WRT has
}

#if WRT_ENABLE_EXTENDED_CONST
TEST(Features, ExtendedConstantExpressionsOnlyWhenEnabled) {
  const ByteVec bytes = module_with_globals({kG0, kG1});
  EXPECT_TRUE(load(bytes, Features{}));
  // 2.0, and the extended-const proposal alone: global.get of a global the module defines is
  // unknown in a constant expression (3.0 allows it, with GC; WRT with function references).
  auto two = load(bytes, Features::wasm2());
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().code(), ErrorCode::unknown_global);
  Features proposal_only = Features::wasm2();
  proposal_only.extended_const = true;
  auto proposal = load(bytes, proposal_only);
  ASSERT_FALSE(proposal);
  EXPECT_EQ(proposal.error().code(), ErrorCode::unknown_global);
  EXPECT_TRUE(load(module_with_globals({kG0, {0x7F, 0x00, 0x41, 0x02, 0x41, 0x03, 0x6C, 0x0B}}), proposal_only));
  // 2.0: arithmetic is not constant (the second operand is already one value too many).
  const ByteVec sum = {0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B};
  EXPECT_TRUE(load(module_with_globals({sum}), Features{}));
  auto arithmetic = load(module_with_globals({sum}), Features::wasm2());
  ASSERT_FALSE(arithmetic);
  EXPECT_EQ(arithmetic.error().kind(), ErrorKind::invalid);
  // i32.const 1; i32.add alone: not constant in 2.0, a missing operand with the proposal.
  const ByteVec lone_add = {0x7F, 0x00, 0x41, 0x01, 0x6A, 0x0B};
  auto lone = load(module_with_globals({lone_add}), Features::wasm2());
  ASSERT_FALSE(lone);
  EXPECT_EQ(lone.error().code(), ErrorCode::constant_required);
}

TEST(Features, ExtendedConstantExpressionsAreTyped) {
  // i32.const 1; i64.const 2; i64.add
  auto mixed = load(module_with_globals({{0x7E, 0x00, 0x41, 0x01, 0x42, 0x02, 0x7C, 0x0B}}), Features{});
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().code(), ErrorCode::type_mismatch);
  // i32.add with one operand
  auto short_stack = load(module_with_globals({{0x7F, 0x00, 0x41, 0x01, 0x6A, 0x0B}}), Features{});
  ASSERT_FALSE(short_stack);
  EXPECT_EQ(short_stack.error().code(), ErrorCode::type_mismatch);
  // two values left
  auto two_values = load(module_with_globals({{0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x0B}}), Features{});
  ASSERT_FALSE(two_values);
  EXPECT_EQ(two_values.error().code(), ErrorCode::type_mismatch);
  // a global may read only the globals before it
  auto forward = load(module_with_globals({{0x7F, 0x00, 0x23, 0x01, 0x0B}, kG0}), Features{});
  ASSERT_FALSE(forward);
  EXPECT_EQ(forward.error().code(), ErrorCode::unknown_global);
  auto self = load(module_with_globals({{0x7F, 0x00, 0x23, 0x00, 0x0B}}), Features{});
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code(), ErrorCode::unknown_global);
}

TEST(Features, ExtendedConstantExpressionDepthIsBounded) {
  // kMaxConstExprDepth constants then as many adds fits; one more constant does not.
  auto expression = [](std::size_t constants) {
    ByteVec g = {0x7F, 0x00};
    for (std::size_t i = 0; i < constants; ++i) g.insert(g.end(), {0x41, 0x01});
    for (std::size_t i = 1; i < constants; ++i) g.push_back(0x6A);
    g.push_back(0x0B);
    return g;
  };
  EXPECT_TRUE(load(module_with_globals({expression(kMaxConstExprDepth)}), Features{}));
  auto deep = load(module_with_globals({expression(kMaxConstExprDepth + 1)}), Features{});
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code(), ErrorCode::limit_exceeded);
}
#endif

}  // namespace
}  // namespace wrt
