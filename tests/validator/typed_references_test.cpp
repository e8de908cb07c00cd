// Typed function references (WebAssembly 3.0): the value type representation, subtyping, and
// the validation rules that come with it (non-null locals, ref.as_non_null, br_on_null, ...).
#include <wrt/validator/validator.hpp>

#include <gtest/gtest.h>

#include "support/test_allocator.hpp"
#include "support/wasm_builder.hpp"

namespace wrt {
namespace {

using test::ByteVec;
using test::WasmBuilder;

Result<void> load(const ByteVec& bytes, const Features& features = Features{}) {
  ModuleDescription module(test::allocator());
  DecodeOptions options;
  options.features = features;
  return decode_and_validate(Bytes(bytes.data(), bytes.size()), options, module);
}

// Types: 0 = () -> (), 1 = (i32) -> (i32), 2 = (i32) -> (i32) again, 3 = ((ref null 1)) -> ().
ByteVec type_section() {
  return {0x04,                                // four types
          0x60, 0x00, 0x00,                    // 0: () -> ()
          0x60, 0x01, 0x7F, 0x01, 0x7F,        // 1: (i32) -> (i32)
          0x60, 0x01, 0x7F, 0x01, 0x7F,        // 2: the same structure as 1
          0x60, 0x01, 0x63, 0x01, 0x00};       // 3: ((ref null 1)) -> ()
}

// One function of type `type` with the given local groups and body (`end` appended).
ByteVec module_with(std::uint8_t type, const ByteVec& locals, const ByteVec& body) {
  WasmBuilder b;
  b.section(1, type_section());
  b.section(3, {0x01, type});
  ByteVec full = locals;
  full.insert(full.end(), body.begin(), body.end());
  full.push_back(0x0B);
  ByteVec code = {0x01};
  ByteVec size = test::leb(full.size());
  code.insert(code.end(), size.begin(), size.end());
  code.insert(code.end(), full.begin(), full.end());
  b.section(10, code);
  return b.bytes();
}

TEST(TypedReferences, EncodingKeepsTheOneByteTypes) {
  static_assert(make_ref(true, HeapKind::func) == ValType::funcref);
  static_assert(make_ref(true, HeapKind::extern_) == ValType::externref);
  static_assert(static_cast<std::uint32_t>(make_ref(true, HeapKind::exn)) == 0x69);
  constexpr ValType t = make_ref(false, 7u);
  static_assert(is_reference(t) && is_concrete(t) && !is_nullable(t) && type_index_of(t) == 7);
  static_assert(with_nullable(t, true) == make_ref(true, 7u));
  static_assert(!is_reference(ValType::i32) && !is_reference(ValType::v128));
  static_assert(!is_defaultable(t) && is_defaultable(ValType::funcref) && is_defaultable(ValType::i64));
  EXPECT_STREQ(text_of(make_ref(true, 3u)).c_str(), "(ref null 3)");
  EXPECT_STREQ(text_of(make_ref(false, HeapKind::func)).c_str(), "(ref func)");
  EXPECT_STREQ(text_of(ValType::funcref).c_str(), "funcref");
  EXPECT_STREQ(text_of(make_ref(true, HeapKind::nofunc)).c_str(), "nullfuncref");
}

TEST(TypedReferences, Subtyping) {
  ModuleDescription module(test::allocator());
  ByteVec bytes = module_with(0, {0x00}, {});
  DecodeOptions options;
  ASSERT_TRUE(decode_and_validate(Bytes(bytes.data(), bytes.size()), options, module));
  const ValType ref1 = make_ref(false, 1u);
  const ValType ref_null1 = make_ref(true, 1u);
  const ValType ref2 = make_ref(false, 2u);
  const ValType ref0 = make_ref(false, 0u);
  const ValType func = make_ref(false, HeapKind::func);
  const ValType nofunc = make_ref(true, HeapKind::nofunc);
  // non-null below nullable, concrete below func, nofunc below every function reference
  EXPECT_TRUE(is_subtype(ref1, ref_null1, module));
  EXPECT_FALSE(is_subtype(ref_null1, ref1, module));
  EXPECT_TRUE(is_subtype(ref1, func, module));
  EXPECT_TRUE(is_subtype(ref1, ValType::funcref, module));
  EXPECT_FALSE(is_subtype(ValType::funcref, func, module));
  EXPECT_FALSE(is_subtype(func, ref1, module));
  EXPECT_TRUE(is_subtype(nofunc, ref_null1, module));
  EXPECT_TRUE(is_subtype(nofunc, ValType::funcref, module));
  EXPECT_FALSE(is_subtype(nofunc, ref1, module));  // nullable is not below non-null
  EXPECT_FALSE(is_subtype(nofunc, ValType::externref, module));
  EXPECT_TRUE(is_subtype(make_ref(true, HeapKind::noextern), ValType::externref, module));
  // types 1 and 2 are the same function type; 0 is another
  EXPECT_TRUE(is_subtype(ref1, ref2, module));
  EXPECT_TRUE(is_subtype(ref2, ref1, module));
  EXPECT_FALSE(is_subtype(ref0, ref1, module));
  EXPECT_TRUE(types_equivalent(module, 1, module, 2));
  EXPECT_FALSE(types_equivalent(module, 0, module, 1));
  // numbers only of themselves
  EXPECT_TRUE(is_subtype(ValType::i32, ValType::i32, module));
  EXPECT_FALSE(is_subtype(ValType::i32, ValType::i64, module));
  EXPECT_FALSE(is_subtype(ValType::i32, ValType::funcref, module));
}

TEST(TypedReferences, NonNullLocalsMustBeSetBeforeUse) {
  // one local (ref 1): local.get before any local.set
  auto r = load(module_with(0, {0x01, 0x01, 0x64, 0x01}, {0x20, 0x00, 0x1A}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::uninitialized_local);
  // set from ref.func of a function of type 1 ... needs a declared function: use a parameter
  // of type 3 instead: local 1 = ref.as_non_null (local.get 0); then local.get 1 is fine.
  EXPECT_TRUE(load(module_with(3, {0x01, 0x01, 0x64, 0x01}, {0x20, 0x00, 0xD4, 0x21, 0x01, 0x20, 0x01, 0x1A})));
  // nullable and number locals need nothing
  EXPECT_TRUE(load(module_with(0, {0x02, 0x01, 0x63, 0x01, 0x01, 0x7F}, {0x20, 0x00, 0x1A, 0x20, 0x01, 0x1A})));
}

TEST(TypedReferences, LocalsSetInABlockAreUnsetAtItsEnd) {
  // block; local.set 1 (from param 0 as non-null); end; local.get 1  -> uninitialized
  auto r = load(module_with(3, {0x01, 0x01, 0x64, 0x01},
                            {0x02, 0x40, 0x20, 0x00, 0xD4, 0x21, 0x01, 0x0B, 0x20, 0x01, 0x1A}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::uninitialized_local);
  // inside the block it is set
  EXPECT_TRUE(load(module_with(3, {0x01, 0x01, 0x64, 0x01},
                               {0x02, 0x40, 0x20, 0x00, 0xD4, 0x21, 0x01, 0x20, 0x01, 0x1A, 0x0B})));
  // local.tee sets it too, and a set before the block stays set after it
  EXPECT_TRUE(load(module_with(3, {0x01, 0x01, 0x64, 0x01},
                               {0x20, 0x00, 0xD4, 0x22, 0x01, 0x1A, 0x02, 0x40, 0x0B, 0x20, 0x01, 0x1A})));
}

TEST(TypedReferences, CallRefAndNullChecks) {
  // (param (ref null 1)): i32.const 1; local.get 0; call_ref 1; drop
  EXPECT_TRUE(load(module_with(3, {0x00}, {0x41, 0x01, 0x20, 0x00, 0x14, 0x01, 0x1A})));
  // call_ref of the equivalent type 2 is fine too (same function type)
  EXPECT_TRUE(load(module_with(3, {0x00}, {0x41, 0x01, 0x20, 0x00, 0x14, 0x02, 0x1A})));
  // call_ref 0 with a (ref null 1): type mismatch
  auto r = load(module_with(3, {0x00}, {0x20, 0x00, 0x14, 0x00}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::type_mismatch);
  // call_ref of an unknown type
  r = load(module_with(3, {0x00}, {0x20, 0x00, 0x14, 0x09}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::unknown_type);
  // ref.as_non_null of an i32
  r = load(module_with(0, {0x00}, {0x41, 0x00, 0xD4, 0x1A}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::type_mismatch);
  // br_on_null 0 leaves (ref 1): block (result (ref 1)) local.get 0; br_on_null 1 ... 
  EXPECT_TRUE(load(module_with(3, {0x00}, {0x02, 0x64, 0x01, 0x20, 0x00, 0xD5, 0x01, 0x0B, 0x1A})));
  // br_on_non_null needs a label that takes a reference last
  r = load(module_with(3, {0x00}, {0x20, 0x00, 0xD6, 0x00}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::type_mismatch);
  EXPECT_TRUE(load(module_with(3, {0x00}, {0x02, 0x64, 0x01, 0x20, 0x00, 0xD6, 0x00, 0x00, 0x0B, 0x1A})));
}

#if WRT_ENABLE_TAIL_CALL
TEST(TypedReferences, ReturnCallRefReturnsTheCalleesResults) {
  // (param (ref null 1)) -> (): return_call_ref 1 would return an i32: type mismatch
  auto r = load(module_with(3, {0x00}, {0x41, 0x01, 0x20, 0x00, 0x15, 0x01}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::type_mismatch);
  // return_call_ref 0 (() -> ()) with a (ref null 1): type mismatch on the reference
  r = load(module_with(3, {0x00}, {0x20, 0x00, 0x15, 0x00}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::type_mismatch);
  // without typed function references the opcode is illegal
  Features f;
  f.function_references = false;
  WasmBuilder plain;
  plain.void_functions(1);
  plain.code({{0xD0, 0x70, 0x15, 0x00}});
  r = load(plain.bytes(), f);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::malformed);
}
#endif

TEST(TypedReferences, TablesOfNonNullReferencesNeedAnInitializer) {
  auto table_module = [](const ByteVec& table_entry) {
    WasmBuilder b;
    b.section(1, type_section());
    ByteVec tables = {0x01};
    tables.insert(tables.end(), table_entry.begin(), table_entry.end());
    b.section(4, tables);
    return b.bytes();
  };
  // (table 1 (ref func)) without initializer
  auto r = load(table_module({0x64, 0x70, 0x00, 0x01}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::type_mismatch);
  // (table 1 (ref null func)) with `ref.null func` as its initializer: fine
  EXPECT_TRUE(load(table_module({0x40, 0x00, 0x63, 0x70, 0x00, 0x01, 0xD0, 0x70, 0x0B})));
  // (table 1 (ref func)) initialized with a null: type mismatch
  r = load(table_module({0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xD0, 0x70, 0x0B}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::type_mismatch);
}

TEST(TypedReferences, WebAssembly2RejectsTheNewEncodings) {
  // a (ref null 1) parameter type: malformed in 2.0
  WasmBuilder b;
  b.section(1, type_section());
  auto r = load(b.bytes(), Features::wasm2());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::malformed_value_type);
  EXPECT_TRUE(load(b.bytes()));
  // ref.as_non_null is an illegal opcode in 2.0
  WasmBuilder code;
  code.void_functions(1);
  code.code({{0xD0, 0x70, 0xD4, 0x1A}});
  EXPECT_TRUE(load(code.bytes()));
  r = load(code.bytes(), Features::wasm2());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::malformed);
  // a table with an initializer is malformed in 2.0
  WasmBuilder t;
  t.section(4, {0x01, 0x40, 0x00, 0x70, 0x00, 0x01, 0xD0, 0x70, 0x0B});
  r = load(t.bytes(), Features::wasm2());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::malformed);
}

TEST(TypedReferences, ForwardTypeReferencesAreUnknownTypes) {
  // type 0 = ((ref 1)) -> (), type 1 = () -> (): a reference to a later type
  WasmBuilder b;
  b.section(1, {0x02, 0x60, 0x01, 0x64, 0x01, 0x00, 0x60, 0x00, 0x00});
  auto r = load(b.bytes());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::unknown_type);
  // a type may name itself
  WasmBuilder self;
  self.section(1, {0x01, 0x60, 0x01, 0x64, 0x00, 0x00});
  EXPECT_TRUE(load(self.bytes()));
}

}  // namespace
}  // namespace wrt
