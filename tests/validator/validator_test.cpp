#include <wrt/validator/function_validator.hpp>
#include <wrt/validator/validator.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_allocator.hpp"
#include "support/wasm_builder.hpp"

namespace wrt {
namespace {

using test::ByteVec;
using test::leb;
using test::WasmBuilder;

Result<void> load(const ByteVec& bytes, ModuleDescription& module, const DecodeOptions& options = {}) {
  return decode_and_validate(Bytes(bytes.data(), bytes.size()), options, module);
}

// A module with one type () -> (i32) and functions of it.
WasmBuilder i32_functions(std::uint32_t count) {
  WasmBuilder b;
  b.section(1, {0x01, 0x60, 0x00, 0x01, 0x7F});
  ByteVec funcs = leb(count);
  for (std::uint32_t i = 0; i < count; ++i) funcs.push_back(0x00);
  b.section(3, funcs);
  return b;
}

TEST(Validator, TypeMismatchNamesFunctionInstructionAndOffset) {
  WasmBuilder b = i32_functions(2);
  const std::size_t code_start = b.size();
  // function 1: i32.const 0; i64.const 0; i32.add
  b.code({{0x41, 0x00}, {0x41, 0x00, 0x42, 0x00, 0x6A}});
  ModuleDescription module(test::allocator());
  auto r = load(b.bytes(), module);
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_EQ(e.code(), ErrorCode::type_mismatch);
  EXPECT_EQ(e.kind(), ErrorKind::invalid);
  // section id, size, count, body 0 (size + 4 bytes), body 1 size, no locals, 2 + 2 bytes
  EXPECT_EQ(e.offset(), code_start + 2 + 1 + 5 + 1 + 1 + 4);
  ASSERT_EQ(e.context_count(), 3u);
  EXPECT_STREQ(e.context_text(0), "i32.add");
  EXPECT_STREQ(e.context_text(1), "in function");
  EXPECT_EQ(e.context_number(1), 1u);
  EXPECT_STREQ(e.context_text(2), "in code section");
  EXPECT_EQ(e.detail(), "expected i32, found i64");
  char text[200];
  e.format(text, sizeof text);
  EXPECT_NE(std::string(text).find("in code section: in function 1: i32.add: type mismatch: expected i32, found i64"),
            std::string::npos)
      << text;
}

TEST(Validator, MalformedBodyWinsOverAnEarlierInvalidOne) {
  // Function 0 is invalid (returns nothing), function 1 is malformed (illegal opcode 0x27): the
  // spec decodes before it validates, so the answer is malformed.
  WasmBuilder b = i32_functions(2);
  b.code({{}, {0x27}});
  ModuleDescription module(test::allocator());
  auto r = load(b.bytes(), module);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::malformed);
  EXPECT_EQ(r.error().code(), ErrorCode::illegal_opcode);
}

TEST(Validator, UnreachableCodeIsPolymorphic) {
  WasmBuilder b = i32_functions(3);
  b.code({
      {0x00, 0x6A},                          // unreachable; i32.add -> i32
      {0x02, 0x7F, 0x00, 0x0C, 0x00, 0x0B},  // block (result i32) unreachable br 0 end
      {0x00, 0x0E, 0x00, 0x00, 0x1A, 0x41, 0x00},  // unreachable; br_table 0; drop; i32.const 0
  });
  ModuleDescription module(test::allocator());
  auto r = load(b.bytes(), module);
  char text[256] = "";
  if (!r) r.error().format(text, sizeof text);
  EXPECT_TRUE(r) << text;
}

TEST(Validator, NestingDepthLimit) {
  ByteVec body;
  for (int i = 0; i < 10; ++i) body.insert(body.end(), {0x02, 0x40});
  for (int i = 0; i < 10; ++i) body.push_back(0x0B);
  body.insert(body.end(), {0x41, 0x00});
  WasmBuilder b = i32_functions(1);
  b.code({body});
  ModuleDescription ok_module(test::allocator());
  EXPECT_TRUE(load(b.bytes(), ok_module));
  DecodeOptions options;
  options.limits.max_nesting_depth = 5;
  ModuleDescription module(test::allocator());
  auto r = load(b.bytes(), module, options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::limit_exceeded);
}

TEST(Validator, RefFuncMustBeDeclared) {
  // (func (result funcref) ref.func 0): not declared anywhere -> invalid; exported -> fine.
  auto module_bytes = [](bool exported) {
    WasmBuilder b;
    b.section(1, {0x01, 0x60, 0x00, 0x01, 0x70}).section(3, {0x01, 0x00});
    if (exported) b.section(7, test::cat({{0x01}, test::name("f"), {0x00, 0x00}}));
    b.code({{0xD2, 0x00}});
    return b.bytes();
  };
  ModuleDescription m1(test::allocator());
  auto r = load(module_bytes(false), m1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::undeclared_function_ref);
  ModuleDescription m2(test::allocator());
  EXPECT_TRUE(load(module_bytes(true), m2));
}

TEST(Validator, ModuleLevelRules) {
  {  // two memories: invalid in 2.0, valid with multi-memory (3.0, on by default)
    WasmBuilder b;
    b.section(5, {0x02, 0x00, 0x01, 0x00, 0x01});
    ModuleDescription m(test::allocator());
    DecodeOptions wasm2;
    wasm2.features = Features::wasm2();
    auto r = load(b.bytes(), m, wasm2);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::multiple_memories);
    ModuleDescription m3(test::allocator());
    EXPECT_TRUE(load(b.bytes(), m3));
  }
  {  // memory too large
    WasmBuilder b;
    b.section(5, test::cat({{0x01, 0x00}, leb(65537)}));
    ModuleDescription m(test::allocator());
    auto r = load(b.bytes(), m);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::memory_too_large);
  }
  {  // duplicate export names
    WasmBuilder b;
    b.void_functions(1).section(7, test::cat({{0x02}, test::name("x"), {0x00, 0x00}, test::name("x"), {0x00, 0x00}})).code({{}});
    ModuleDescription m(test::allocator());
    auto r = load(b.bytes(), m);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::duplicate_export);
    EXPECT_EQ(r.error().detail(), "x");
  }
  {  // start function with parameters
    WasmBuilder b;
    b.section(1, {0x01, 0x60, 0x01, 0x7F, 0x00}).section(3, {0x01, 0x00}).section(8, {0x00}).code({{}});
    ModuleDescription m(test::allocator());
    auto r = load(b.bytes(), m);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::invalid_start);
  }
  {  // a global initialized from a mutable import is not constant
    WasmBuilder b;
    b.section(2, test::cat({{0x01}, test::name("m"), test::name("g"), {0x03, 0x7F, 0x01}}))
        .section(6, {0x01, 0x7F, 0x00, 0x23, 0x00, 0x0B});
    ModuleDescription m(test::allocator());
    auto r = load(b.bytes(), m);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::constant_required);
  }
}

// The hooks a translator sees: reachable code only, structural hooks always.
struct RecordingEmitter : NullEmitter {
  std::vector<std::string> events;
  Result<void> simple(const Instruction& inst) noexcept {
    events.push_back(name_of(inst.op));
    return {};
  }
  Result<void> constant(const Instruction& inst) noexcept {
    events.push_back(std::string("const ") + name_of(inst.op));
    return {};
  }
  Result<void> local_get(std::uint32_t index, ValType) noexcept {
    events.push_back("local.get " + std::to_string(index));
    return {};
  }
  Result<void> br(std::uint32_t depth) noexcept {
    events.push_back("br " + std::to_string(depth));
    return {};
  }
  Result<void> block(const ControlFrame&, bool reachable) noexcept {
    events.push_back(reachable ? "block" : "block (dead)");
    return {};
  }
  Result<void> end(const ControlFrame& frame, bool reachable) noexcept {
    events.push_back(std::string(frame.kind == ControlFrame::Kind::function ? "end function" : "end") +
                     (reachable ? "" : " (after dead code)"));
    return {};
  }
};

TEST(Validator, EmitterSeesReachableCodeAndEveryBlockBoundary) {
  WasmBuilder b;
  b.section(1, {0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F}).section(3, {0x01, 0x00});
  // block (result i32) local.get 0 br 0 i32.const 1 end; i32.const 2; i32.add
  b.code({{0x02, 0x7F, 0x20, 0x00, 0x0C, 0x00, 0x41, 0x01, 0x0B, 0x41, 0x02, 0x6A}});
  ModuleDescription module(test::allocator());
  ASSERT_TRUE(decode_module(Bytes(b.bytes().data(), b.bytes().size()), {}, module));
  ValidationContext context(module, DecodeOptions{});
  ValidatorScratch scratch(module.allocator());
  RecordingEmitter emitter;
  FunctionValidator<RecordingEmitter> validator(context, scratch, emitter);
  ASSERT_TRUE(validator.validate(0));
  std::vector<std::string> expected = {"block", "local.get 0", "br 0", "end (after dead code)",
                                       "const i32.const", "i32.add", "end function"};
  EXPECT_EQ(emitter.events, expected);
}

}  // namespace
}  // namespace wrt
