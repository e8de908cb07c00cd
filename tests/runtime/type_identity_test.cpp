// Store-wide type identity (typed function references): a function type that names other
// types is one type across modules when the named types are equivalent, whatever their
// indices, and a different one when they are not. call_indirect between modules is where
// this shows: it must succeed for the first and trap for the second.
#include <wrt/decoder/decoder.hpp>
#include <wrt/error/to_string.hpp>
#include <wrt/runtime/module_code.hpp>
#include <wrt/runtime/store.hpp>
#include <wrt/runtime/thread.hpp>
#include <wrt/validator/validator.hpp>

#include <gtest/gtest.h>

#include "support/test_allocator.hpp"
#include "support/wasm_builder.hpp"

namespace wrt {
namespace {

using test::ByteVec;
using test::cat;
using test::leb;
using test::name;

// A module decoded, validated and compiled from bytes built here.
struct Compiled {
  explicit Compiled(ByteVec binary) : bytes(std::move(binary)), module(test::allocator()) {
    auto r = decode_and_validate(Bytes(bytes.data(), bytes.size()), {}, module);
    EXPECT_TRUE(r) << (r ? "" : to_string(r.error()));
    auto c = ModuleCode::create(module, {}, test::allocator());
    EXPECT_TRUE(c);
    code = c ? *c : nullptr;
  }
  ~Compiled() { ModuleCode::destroy(code); }
  Compiled(const Compiled&) = delete;
  Compiled& operator=(const Compiled&) = delete;
  ByteVec bytes;
  ModuleDescription module;
  ModuleCode* code = nullptr;
};

constexpr std::uint8_t kRefNull = 0x63;
constexpr std::uint8_t kFunc = 0x60;
constexpr std::uint8_t kI32 = 0x7F;
constexpr std::uint8_t kI64 = 0x7E;

// Exports table "table" holding one function: (func (param (ref null $arg)) (result i32))
// returning ref.is_null of its argument. `types` is the whole type section payload; the
// function has type `fn_type`.
ByteVec exporter(const ByteVec& types, std::uint8_t fn_type) {
  return test::WasmBuilder()
      .section(1, types)
      .section(3, {0x01, fn_type})
      .section(4, {0x01, 0x70, 0x00, 0x01})                  // (table 1 funcref)
      .section(7, cat({{0x01}, name("table"), {0x01, 0x00}}))  // export "table" table 0
      .section(9, {0x01, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00})  // (elem (i32.const 0) func 0)
      .code({{0x20, 0x00, 0xD1}})                             // ref.is_null (local.get 0)
      .bytes();
}

// Imports "a" "table" and exports "call": call_indirect through slot 0 with type `call_type`,
// passing ref.null of heap type `null_type`. The last type of `types` must be () -> i32.
ByteVec importer(const ByteVec& types, std::uint8_t type_count, std::uint8_t call_type, std::uint8_t null_type) {
  return test::WasmBuilder()
      .section(1, cat({{type_count}, types}))
      .section(2, cat({{0x01}, name("a"), name("table"), {0x01, 0x70, 0x00, 0x01}}))
      .section(3, {0x01, static_cast<std::uint8_t>(type_count - 1)})
      .section(7, cat({{0x01}, name("call"), {0x00, 0x00}}))
      .code({{0xD0, null_type, 0x41, 0x00, 0x11, call_type, 0x00}})
      .bytes();
}

struct TypeIdentity : ::testing::Test {
  // Instantiates `a`, then `b` with a's table, and calls b's "call".
  Result<ExecStatus> run(Compiled& a, Compiled& b, Value& result) {
    Store store(test::allocator());
    Thread thread(store);
    auto ia = store.instantiate(*a.code, {}, thread);
    EXPECT_TRUE(ia);
    if (!ia) return ia.error();
    ExternVal table;
    EXPECT_TRUE((*ia)->find_export("table", table));
    auto ib = store.instantiate(*b.code, std::span<const ExternVal>(&table, 1), thread);
    EXPECT_TRUE(ib);
    if (!ib) return ib.error();
    ExternVal call;
    EXPECT_TRUE((*ib)->find_export("call", call));
    return thread.invoke(*call.as_function(), {}, std::span<Value>(&result, 1));
  }
};

// A: $t = (func (param i32) (result i32)), $u = (func (param (ref null $t)) (result i32)).
const ByteVec kTypesA = {0x02, kFunc, 0x01, kI32, 0x01, kI32, kFunc, 0x01, kRefNull, 0x00, 0x01, kI32};

TEST_F(TypeIdentity, EquivalentTypesAtOtherIndicesAreOneType) {
  Compiled a(exporter(kTypesA, 1));
  // B: 0 (func (param i64)), 1 $t, 2 $t64 = (func (param i64) (result i64)),
  // 3 $u = (func (param (ref null 1)) (result i32)), 4 (func (param (ref null 2)) (result i32)), 5 () -> i32.
  const ByteVec types = {kFunc, 0x01, kI64, 0x00,                    //
                         kFunc, 0x01, kI32, 0x01, kI32,              //
                         kFunc, 0x01, kI64, 0x01, kI64,              //
                         kFunc, 0x01, kRefNull, 0x01, 0x01, kI32,    //
                         kFunc, 0x01, kRefNull, 0x02, 0x01, kI32,    //
                         kFunc, 0x00, 0x01, kI32};
  Compiled same(importer(types, 6, 3, 1));
  Value result;
  auto status = run(a, same, result);
  ASSERT_TRUE(status) << to_string(status.error());
  EXPECT_EQ(*status, ExecStatus::completed);
  EXPECT_EQ(result.as_i32(), 1);

  // The same call through type 4, whose parameter names a different function type.
  Compiled different(importer(types, 6, 4, 2));
  auto trapped = run(a, different, result);
  ASSERT_FALSE(trapped);
  EXPECT_EQ(trapped.error().code(), ErrorCode::indirect_call_mismatch);
}

TEST_F(TypeIdentity, SelfReferenceIsTheTypeItself) {
  // A: 0 $r = (func (param (ref null $r)) (result i32)), the function of type 0.
  Compiled a(exporter({0x01, kFunc, 0x01, kRefNull, 0x00, 0x01, kI32}, 0));
  // B: 0 () -> () padding, 1 $r' = (func (param (ref null 1)) (result i32)) naming itself, 2 () -> i32.
  const ByteVec recursive = {kFunc, 0x00, 0x00, kFunc, 0x01, kRefNull, 0x01, 0x01, kI32, kFunc, 0x00, 0x01, kI32};
  Compiled b(importer(recursive, 3, 1, 1));
  Value result;
  auto status = run(a, b, result);
  ASSERT_TRUE(status) << to_string(status.error());
  EXPECT_EQ(result.as_i32(), 1);

  // Not the same: B's 2 = (func (param (ref null 1)) (result i32)) names type 1 = (func
  // (param (ref null 1)) (result i32)), which is A's type, but 2 itself is outside that group.
  const ByteVec outside = {kFunc, 0x00, 0x00, kFunc, 0x01, kRefNull, 0x01, 0x01, kI32,
                           kFunc, 0x01, kRefNull, 0x01, 0x01, kI32, kFunc, 0x00, 0x01, kI32};
  Compiled c(importer(outside, 4, 2, 1));
  auto trapped = run(a, c, result);
  ASSERT_FALSE(trapped);
  EXPECT_EQ(trapped.error().code(), ErrorCode::indirect_call_mismatch);
}

// The embedder's calls check a non-null `(ref $t)` argument against $t: a function of another
// type (or null) is refused before it could be called by the static type.
TEST(TypedArguments, FunctionOfAnotherTypeIsRefused) {
  // 0 $t = (func (param i32) (result i32)), 1 = (func (param (ref $t)) (result i32)),
  // 2 = (func (param i64) (result i64)); functions inc: $t, take: 1 (call_ref $t 41), other: 2.
  const ByteVec types = {0x03, kFunc, 0x01, kI32, 0x01, kI32, kFunc, 0x01, 0x64, 0x00, 0x01, kI32,
                         kFunc, 0x01, kI64, 0x01, kI64};
  Compiled m(test::WasmBuilder()
                 .section(1, types)
                 .section(3, {0x03, 0x00, 0x01, 0x02})
                 .section(7, cat({{0x03}, name("inc"), {0x00, 0x00}, name("take"), {0x00, 0x01}, name("other"), {0x00, 0x02}}))
                 .code({{0x20, 0x00, 0x41, 0x01, 0x6A}, {0x41, 0x29, 0x20, 0x00, 0x14, 0x00}, {0x20, 0x00}})
                 .bytes());
  Store store(test::allocator());
  Thread thread(store);
  auto first = store.instantiate(*m.code, {}, thread);
  auto second = store.instantiate(*m.code, {}, thread);
  ASSERT_TRUE(first && second);
  ExternVal inc, take, other, inc2;
  ASSERT_TRUE((*first)->find_export("inc", inc) && (*first)->find_export("take", take) &&
              (*first)->find_export("other", other) && (*second)->find_export("inc", inc2));
  Value result;
  auto call = [&](const Value& arg) { return thread.invoke(*take.as_function(), std::span<const Value>(&arg, 1), std::span<Value>(&result, 1)); };

  auto ok = call(Value::funcref(inc.as_function()));
  ASSERT_TRUE(ok) << to_string(ok.error());
  EXPECT_EQ(result.as_i32(), 42);
  auto also_ok = call(Value::funcref(inc2.as_function()));  // the same type in another instance
  ASSERT_TRUE(also_ok) << to_string(also_ok.error());
  EXPECT_EQ(result.as_i32(), 42);

  for (const Value& bad : {Value::funcref(other.as_function()), Value::null(ValType::funcref),
                           Value::null(make_ref(false, std::uint32_t{0}))}) {
    auto refused = call(bad);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), ErrorCode::invalid_argument);
  }
}

}  // namespace
}  // namespace wrt
