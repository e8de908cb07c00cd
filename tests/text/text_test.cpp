// The text layer: literals, errors with line and column, scripts, and the round trip of every
// valid module of the spec suite (binary → text → the same binary).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include <wrt/api/api.hpp>
#include <wrt/error/to_string.hpp>
#include <wrt/decoder/decoder.hpp>
#include <wrt/text/printer.hpp>
#include <wrt/text/script.hpp>
#include <wrt/text/text.hpp>
#include <wrt/validator/validator.hpp>

namespace {

std::vector<std::uint8_t> binary_of(std::string_view text) {
  wrt::text::BinaryResult r = wrt::text::parse_module(text);
  EXPECT_TRUE(r.ok()) << (r.error ? r.error->to_string() : "");
  return r.binary;
}

std::string error_of(std::string_view text) {
  wrt::text::BinaryResult r = wrt::text::parse_module(text);
  EXPECT_FALSE(r.ok());
  return r.error ? r.error->to_string() : "";
}

// The bytes of the one function body's instructions of a module with one function.
std::vector<std::uint8_t> body_of(std::string_view func_text) {
  std::vector<std::uint8_t> b = binary_of("(module " + std::string(func_text) + ")");
  wrt::ModuleDescription m;
  EXPECT_TRUE(wrt::decode_module(wrt::Bytes(b.data(), b.size()), {}, m));
  if (m.bodies.empty()) return {};
  wrt::Bytes code = m.bodies[0].code;
  return std::vector<std::uint8_t>(code.begin(), code.end());
}

TEST(Text, IntegerLiterals) {
  EXPECT_EQ(body_of("(func (result i32) i32.const 0xFFFF_FFFF)"), (std::vector<std::uint8_t>{0x41, 0x7F, 0x0B}));
  EXPECT_EQ(body_of("(func (result i32) i32.const -0x8000_0000)"),
            (std::vector<std::uint8_t>{0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x0B}));
  EXPECT_NE(error_of("(func (result i32) i32.const 0x1_0000_0000)").find("expected an i32 literal"), std::string::npos);
  EXPECT_NE(error_of("(func (result i32) i32.const 1__0)").find("1:30:"), std::string::npos);
  EXPECT_NE(error_of("(func (result i32) i32.const +4294967295)").find("i32 literal"), std::string::npos);
}

TEST(Text, FloatLiterals) {
  // 0x1p-149: the smallest f32 subnormal; nan:0x200000 keeps its payload; -inf.
  EXPECT_EQ(body_of("(func (result f32) f32.const 0x1p-149)"), (std::vector<std::uint8_t>{0x43, 1, 0, 0, 0, 0x0B}));
  EXPECT_EQ(body_of("(func (result f32) f32.const -nan:0x200000)"),
            (std::vector<std::uint8_t>{0x43, 0, 0, 0xA0, 0xFF, 0x0B}));
  EXPECT_EQ(body_of("(func (result f64) f64.const -inf)"),
            (std::vector<std::uint8_t>{0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0xFF, 0x0B}));
  // 1_000.5e-1_0 with underscores; a literal that rounds to infinity is malformed.
  EXPECT_EQ(body_of("(func (result f32) f32.const 1.5)"), (std::vector<std::uint8_t>{0x43, 0, 0, 0xC0, 0x3F, 0x0B}));
  EXPECT_FALSE(wrt::text::parse_module("(func (result f32) f32.const 1e39)").ok());
  EXPECT_FALSE(wrt::text::parse_module("(func (result f32) f32.const nan:0x800000)").ok());
  EXPECT_TRUE(wrt::text::parse_module("(func (result f64) f64.const 1_000.5e-1_0)").ok());
}

TEST(Text, StringsAndComments) {
  std::vector<std::uint8_t> b = binary_of(
      ";; line comment\n(module (; nested (; block ;) comment ;) (memory 1)\n"
      "  (data (i32.const 0) \"\\41\\u{1F600}\\t\\\"\"))");
  const std::vector<std::uint8_t> expected{'A', 0xF0, 0x9F, 0x98, 0x80, '\t', '"'};
  EXPECT_NE(std::search(b.begin(), b.end(), expected.begin(), expected.end()), b.end());
  EXPECT_NE(error_of("(module (data \"\\q\"))").find("unknown escape"), std::string::npos);
  EXPECT_NE(error_of("(module (; unterminated").find("unterminated block comment"), std::string::npos);
}

TEST(Text, ErrorsGiveLineColumnAndWhatWasExpected) {
  EXPECT_EQ(error_of("(module\n  (func (param i33)))"), "2:16: expected a value type, found `i33`");
  EXPECT_EQ(error_of("(module (func br 0drop))"), "1:18: expected a label, found `0drop`");
  EXPECT_EQ(error_of("(module (func (call $nowhere)))"), "1:21: unknown function $nowhere");
  EXPECT_EQ(error_of("(module (func $f) (func $f))"), "1:19: duplicate function $f");
  EXPECT_EQ(error_of("(module (func block $a end $b))"), "1:28: mismatching label");
}

TEST(Text, NamesAbbreviationsAndFoldedForms) {
  // Named locals and labels, folded if with then/else, inline export, inline import.
  auto b = binary_of(R"((module
    (import "m" "g" (global $g i32))
    (func $imported (import "m" "f") (param i32))
    (func $f (export "f") (param $x i32) (result i32) (local $y i32)
      (block $done (result i32)
        (if (result i32) (local.get $x)
          (then (br $done (i32.const 1)))
          (else (local.set $y (global.get $g)) (local.get $y)))))
    (table $t 2 funcref)
    (elem (table $t) (i32.const 0) func $f $imported)
    (memory (data "hi"))
    (start $imported2)
    (func $imported2))
  )");
  wrt::ModuleDescription m;
  ASSERT_TRUE(wrt::decode_and_validate(wrt::Bytes(b.data(), b.size()), {}, m));
  EXPECT_EQ(m.imports.size(), 2u);
  EXPECT_EQ(m.function_count(), 3u);
  EXPECT_EQ(m.start, 2u);
  ASSERT_EQ(m.memories.size(), 1u);
  EXPECT_EQ(m.memories[0].limits.min, 1u);
  // Implicit types: (param i32) → 0, (param i32) (result i32) → 1, [] → [] → 2.
  EXPECT_EQ(m.types.size(), 3u);
}

TEST(Text, AnnotationsAndCustomSections) {
  auto b = binary_of(R"((module (@name "m") (@custom "hello" (before first) "x\01") (func (@foo (bar)) nop)))");
  wrt::ModuleDescription m;
  ASSERT_TRUE(wrt::decode_module(wrt::Bytes(b.data(), b.size()), {}, m));
  ASSERT_EQ(m.customs.size(), 1u);
  EXPECT_EQ(m.customs[0].name, "hello");
  EXPECT_EQ(m.sections[0].id, 0);
}

// Annotation bodies are tokens like the rest of the text: a control or non-ASCII character
// outside a string is malformed there too; names written as strings ($"x", (@"x")) are not
// empty and are UTF-8 (annotations.wast, id.wast of the 3.0 suite).
TEST(Text, AnnotationBodiesAndQuotedNames) {
  EXPECT_TRUE(wrt::text::parse_module(R"((module (@a (b "c\ef") d=1 $e) (func (@x) nop)))").ok());
  EXPECT_NE(error_of("(module (@a \x01))").find("unexpected character"), std::string::npos);
  EXPECT_FALSE(wrt::text::parse_module(std::string("(module (@a ") + '\x01' + "))").ok());
  EXPECT_FALSE(wrt::text::parse_module(std::string("(module (@a ") + '\x7f' + "))").ok());
  EXPECT_FALSE(wrt::text::parse_module("(module (@a Hei\xc3\x9f" "e))").ok());
  EXPECT_NE(error_of(R"((module (@"")))").find("empty annotation id"), std::string::npos);
  EXPECT_NE(error_of(R"((module (@"\ef")))").find("malformed UTF-8"), std::string::npos);
  EXPECT_NE(error_of(R"((module (func $"")))").find("empty identifier"), std::string::npos);
  EXPECT_NE(error_of(R"((module (func $"\ef")))").find("malformed UTF-8"), std::string::npos);
  EXPECT_TRUE(wrt::text::parse_module(R"((module (func $"caf\c3\a9")))").ok());
}

// Limits and offsets up to 2^64-1 parse; the decoder (memory64 reads them as u64) or the
// validator judges them ("table size", "offset out of range"), as 3.0 expects.
TEST(Text, LimitsAndOffsetsBeyond32Bits) {
  auto b = binary_of("(module (table 0 0x1_0000_0000 funcref))");
  wrt::ModuleDescription m;
  ASSERT_TRUE(wrt::decode_module(wrt::Bytes(b.data(), b.size()), {}, m));
  EXPECT_EQ(m.tables[0].limits.max, 0x1'0000'0000u);
  EXPECT_FALSE(wrt::validate_module(m, {}));
  b = binary_of("(module (memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0)))))");
  wrt::ModuleDescription m2;
  EXPECT_FALSE(wrt::decode_and_validate(wrt::Bytes(b.data(), b.size()), {}, m2));
  wrt::DecodeOptions wasm2;
  wasm2.features = wrt::Features::wasm2();
  wrt::ModuleDescription m3;
  auto r = wrt::decode_and_validate(wrt::Bytes(b.data(), b.size()), wasm2, m3);  // 2.0: a u32 offset, malformed
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), wrt::ErrorKind::malformed);
}

// inspect --wat: names from the name section become identifiers ($"..." when they are not
// plain), duplicates in one index space are left out, and the text still parses back to the
// same binary (the name section itself is printed as its custom section).
TEST(Text, PrinterUsesTheNameSection) {
  const std::string_view text = R"((module
    (import "m" "f" (func (param i32)))
    (func (param i32 i64) (result i32) (local f32 f32) local.get 0)
    (@custom "name" (after last) "\01\0f\02\00\03imp\01\07add one\02\0c\01\01\03\00\01x\02\01t\03\01x")))";
  const std::vector<std::uint8_t> binary = binary_of(text);
  const wrt::text::PrintResult printed = wrt::text::print_module(binary);
  ASSERT_TRUE(printed.ok()) << printed.error;
  EXPECT_NE(printed.text.find(R"((import "m" "f" (func $imp (type 0))))"), std::string::npos) << printed.text;
  EXPECT_NE(printed.text.find(R"((func $"add one" (type 1) (param $x i32) (param i64) (result i32) (local $t f32) (local f32))"),
            std::string::npos)
      << printed.text;
  EXPECT_EQ(binary_of(printed.text), binary);
}

TEST(Text, ModuleFromText) {
  auto module = wrt::Module::from_text(R"((module (func (export "add") (param i32 i32) (result i32)
                                            local.get 0 local.get 1 i32.add)))");
  ASSERT_TRUE(module);
  auto bad = wrt::Module::from_text("(module (func (result i32) i32.const))");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), wrt::ErrorKind::malformed);
}

TEST(Text, ScriptCommands) {
  wrt::text::ScriptResult s = wrt::text::parse_script(R"(
    (module $m (func (export "f") (result f32) (f32.const nan)))
    (register "m" $m)
    (assert_return (invoke $m "f") (either (f32.const nan:canonical) (f32.const 1)))
    (assert_malformed (module quote "(func") "unexpected end")
    (module definition $d (memory 1))
    (module instance $i $d)
    (assert_trap (invoke "f" (i32.const -1) (v128.const i8x16 -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1)) "trap"))");
  ASSERT_FALSE(s.error) << s.error->to_string();
  ASSERT_EQ(s.commands.size(), 7u);
  EXPECT_EQ(s.commands[0].name, "$m");
  EXPECT_EQ(s.commands[2].expected[0].type, "either");
  EXPECT_EQ(s.commands[2].expected[0].either[0].values[0], "nan:canonical");
  EXPECT_TRUE(s.commands[3].module->is_text);
  EXPECT_EQ(s.commands[4].type, "module_definition");
  EXPECT_EQ(s.commands[5].definition, "$d");
  EXPECT_EQ(s.commands[6].action->args[0].values[0], "4294967295");
  EXPECT_EQ(s.commands[6].action->args[1].values[0], "255");
  EXPECT_EQ(s.commands[6].line, 8u);
  // An assertion's line is its action's or module's (wast2json's, as the JSON manifests).
  wrt::text::ScriptResult multi = wrt::text::parse_script(
      "(module)\n(assert_invalid\n  (module (type (struct (field (ref 1))))) \"unknown type\")\n"
      "(assert_trap\n\n  (invoke \"f\") \"trap\")");
  ASSERT_FALSE(multi.error) << multi.error->to_string();
  ASSERT_EQ(multi.commands.size(), 3u);
  EXPECT_EQ(multi.commands[1].line, 3u);
  EXPECT_EQ(multi.commands[2].line, 6u);
}

// Branch hints become the metadata.code.branch_hint section (before the code section): per
// function its index, then each hinted if/br_if's offset from the start of the body (its
// locals) and the hint; the layout wasm-tools gives custom/branch_hint.wast's module.
TEST(Text, BranchHintsBecomeTheirCustomSection) {
  auto b = binary_of(R"((module
    (func $f (param i32) (local i32)
      local.get 0 (@metadata.code.branch_hint "\01") if end
      (@metadata.code.branch_hint "\00") (br_if 0 (local.get 1)))))");
  wrt::ModuleDescription m;
  ASSERT_TRUE(wrt::decode_and_validate(wrt::Bytes(b.data(), b.size()), {}, m));
  ASSERT_EQ(m.customs.size(), 1u);
  EXPECT_EQ(m.customs[0].name, "metadata.code.branch_hint");
  // body: 01 01 7f (locals) 20 00 | 04 @5 40 0b | 20 01 0d @10 00 | 0b
  const std::vector<std::uint8_t> expected{1, 0, 2, 5, 1, 1, 10, 1, 0};
  EXPECT_EQ(std::vector<std::uint8_t>(m.customs[0].data.begin(), m.customs[0].data.end()), expected);
  EXPECT_EQ(m.sections[m.sections.size() - 2].id, 0);  // right before the code section

  const auto duplicate = wrt::text::parse_module(
      R"((func (@metadata.code.branch_hint "\01") (@metadata.code.branch_hint "\01") (if (i32.const 0) (then))))");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_TRUE(duplicate.error->in_custom_annotation);
  EXPECT_NE(duplicate.error->message.find("duplicate annotation"), std::string::npos);
  const auto outside = wrt::text::parse_module(R"((module (@metadata.code.branch_hint "\01") (func)))");
  ASSERT_FALSE(outside.ok());
  EXPECT_TRUE(outside.error->in_custom_annotation);
  EXPECT_NE(outside.error->message.find("not in a function"), std::string::npos);
  const auto misplaced = wrt::text::parse_module(R"((func (if (i32.const 0) (@metadata.code.branch_hint "\01") (then))))");
  ASSERT_FALSE(misplaced.ok());
  EXPECT_TRUE(misplaced.error->in_custom_annotation);
  EXPECT_NE(misplaced.error->message.find("not before an instruction"), std::string::npos);
  const auto bad_value = wrt::text::parse_module(R"((func (@metadata.code.branch_hint "\02") (if (i32.const 0) (then))))");
  ASSERT_FALSE(bad_value.ok());
  EXPECT_TRUE(bad_value.error->in_custom_annotation);
  EXPECT_FALSE(wrt::text::parse_module("(func (type 0))").error.has_value() &&
               wrt::text::parse_module("(func (type 0))").error->in_custom_annotation);
}

// Exception handling: tags (defined, imported, exported, inline), throw, throw_ref, try_table
// with its four catch clauses (flat and folded), exnref, and the legacy try/catch/delegate.
TEST(Text, ExceptionHandling) {
  auto b = binary_of(R"((module
    (tag $imported (import "m" "t") (param i32))
    (tag $e (export "e") (param i32))
    (tag $empty)
    (export "e2" (tag $empty))
    (func (export "f") (param i32) (result i32 exnref)
      (block $none
        (drop (block $all (result exnref)
          (return (block $h (result i32 exnref)
            (try_table (catch_ref $e $h) (catch $empty $none) (catch_all_ref $all) (catch_all $none)
              (throw $e (local.get 0)))
            unreachable)))))
      unreachable)
    (func (param exnref) (local (ref null exn))
      block $b try_table (catch_all $b) local.get 0 throw_ref end end)
    (func $legacy (result i32)
      (try $t (result i32) (do (throw $e (i32.const 1))) (catch $e) (catch_all (i32.const 2)))
      (drop)
      (try $u (do (try (do (throw $empty)) (delegate $u))) (catch_all))
      try (result i32) i32.const 3 catch $e catch_all (rethrow 0) end)))");
  wrt::ModuleDescription m;
  auto r = wrt::decode_and_validate(wrt::Bytes(b.data(), b.size()), {}, m);
  ASSERT_TRUE(r) << wrt::to_string(r.error());
  EXPECT_EQ(m.tags.size(), 3u);
  EXPECT_EQ(m.imported_tags, 1u);
  // try_table: 1f, block type, 4 clauses: catch_ref 1 $h(0), catch 2 1, catch_all_ref 0, catch_all 1.
  const std::vector<std::uint8_t> body = body_of(R"((tag $e) (func (block $h (result exnref)
      (try_table (catch_ref $e $h) (catch $e 1) (catch_all_ref $h) (catch_all 1))) drop))");
  const std::vector<std::uint8_t> expected{0x02, 0x69, 0x1F, 0x40, 4, 1, 0, 0, 0, 0, 1, 3, 0, 2, 1, 0x0B, 0x0B, 0x1A, 0x0B};
  EXPECT_EQ(body, expected);
}

// Typed function references and tail calls: (ref null? $t), call_ref, return_call_ref,
// br_on_null, ref.as_non_null, a non-nullable local, a table with its initializer.
TEST(Text, TypedReferencesAndTailCalls) {
  auto b = binary_of(R"((module
    (type $t (func (param i32) (result i32)))
    (func $f (type $t) (local.get 0))
    (elem declare func $f)
    (table 10 (ref $t) (ref.func $f))
    (global (ref null $t) (ref.null $t))
    (func (param (ref null $t)) (result i32)
      (local $nn (ref $t))
      (local.set $nn (ref.as_non_null (local.get 0)))
      (block $null (br_on_null $null (local.get 0)) (drop))
      (call_ref $t (i32.const 1) (local.get $nn)))
    (func (result i32) (return_call_ref $t (i32.const 2) (ref.func $f)))
    (func (result i32) (return_call $f (i32.const 3)))
    (func (result i32) (return_call_indirect (type $t) (i32.const 4) (i32.const 0)))))");
  wrt::ModuleDescription m;
  auto r = wrt::decode_and_validate(wrt::Bytes(b.data(), b.size()), {}, m);
  ASSERT_TRUE(r) << wrt::to_string(r.error());
  // The table's type and its initializer: 40 00 (ref $t) = 64 00, limits 00 0a, ref.func 0, end.
  const std::vector<std::uint8_t> table{0x04, 10, 1, 0x40, 0x00, 0x64, 0x00, 0x00, 10, 0xD2, 0x00, 0x0B};
  EXPECT_NE(std::search(b.begin(), b.end(), table.begin(), table.end()), b.end());
  // A type named before its definition.
  EXPECT_TRUE(wrt::text::parse_module("(module (type $a (func (param (ref $b)))) (type $b (func)))").ok());
  EXPECT_NE(error_of("(module (func (param (ref $nothing))))").find("unknown type $nothing"), std::string::npos);
}

// Memory64 and table64 (`i64` before the limits), shared memories, custom page sizes,
// multi-memory immediates; `$"name"` is the same id as `$name`; a CR ends a line comment.
TEST(Text, MemoriesTablesAndIds) {
  auto b = binary_of(R"((module
    (memory $a i64 1)
    (memory $b 1 2 shared)
    (memory $c 1 (pagesize 1))
    (table i64 1 funcref)
    (func $"f g" (result i32)
      (memory.copy $b $a (i32.const 0) (i64.const 0) (i32.const 0))
      (i32.store $b offset=4 (i32.const 0) (i32.const 1))
      (i32.load $"c" (i32.const 0)))
    (export "f" (func $"f g"))))");
  wrt::ModuleDescription m;
  wrt::DecodeOptions options;
  options.features.threads = true;
  options.features.custom_page_sizes = true;
  auto r = wrt::decode_and_validate(wrt::Bytes(b.data(), b.size()), options, m);
  ASSERT_TRUE(r) << wrt::to_string(r.error());
  ASSERT_EQ(m.memories.size(), 3u);
  EXPECT_TRUE(m.memories[0].limits.is64);
  EXPECT_TRUE(m.memories[1].limits.shared);
  EXPECT_TRUE(m.memories[2].limits.one_byte_pages);
  EXPECT_TRUE(m.tables[0].limits.is64);
  EXPECT_NE(error_of("(module (memory 1 (pagesize 3)))").find("invalid custom page size"), std::string::npos);
  EXPECT_EQ(body_of("(func (result i32) i32.const 1 ;; comment\r i32.const 2 drop)"),
            (std::vector<std::uint8_t>{0x41, 0x01, 0x41, 0x02, 0x1A, 0x0B}));
}

// The bytes of one section of a binary module (empty when it has none).
std::vector<std::uint8_t> section_of(const std::vector<std::uint8_t>& b, std::uint8_t wanted) {
  std::size_t i = 8;
  auto leb = [&]() {
    std::uint64_t v = 0;
    for (int shift = 0; i < b.size(); shift += 7) {
      const std::uint8_t byte = b[i++];
      v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) break;
    }
    return v;
  };
  while (i < b.size()) {
    const std::uint8_t id = b[i++];
    const std::size_t size = leb();
    if (id == wanted) return std::vector<std::uint8_t>(b.begin() + i, b.begin() + i + size);
    i += size;
  }
  return {};
}

// The instructions of a module's only function without decoding it (the decoder refuses GC):
// its code section is `01 size 00(no locals) instr* 0b`.
std::vector<std::uint8_t> gc_body_of(std::string_view module_text) {
  const std::vector<std::uint8_t> code = section_of(binary_of(module_text), 10);
  if (code.size() < 3 || code[0] != 1 || code[2] != 0) return {};  // one body, size < 128, no locals
  return std::vector<std::uint8_t>(code.begin() + 3, code.end());
}

// GC type definitions: rec groups (0x4E), sub (0x50) and sub final (0x4F) with supertypes,
// the short form of a final type without supertypes, structs with named and unnamed fields
// (several in one `field`), arrays, packed and mutable storage types, forward references
// inside a rec group.
TEST(Text, GcTypeDefinitions) {
  const std::vector<std::uint8_t> types = section_of(binary_of(R"((module
    (rec (type $a (sub (struct (field $x i32) (field (ref null $b)))))
         (type $b (sub final $a (struct (field $x i32) (field (ref null $b)) (field i8 (mut i16))))))
    (type $arr (array (mut i8)))
    (type $f (sub final (func (param (ref $arr)))))
    (rec))
  )"), 1);
  const std::vector<std::uint8_t> expected{
      4,                                                                       // four entries
      0x4E, 2,                                                                 // rec of two
      0x50, 0, 0x5F, 2, 0x7F, 0, 0x63, 1, 0,                                   // $a: sub, struct
      0x4F, 1, 0, 0x5F, 4, 0x7F, 0, 0x63, 1, 0, 0x78, 0, 0x77, 1,              // $b: sub final $a
      0x5E, 0x78, 1,                                                           // $arr
      0x60, 1, 0x64, 2, 0,                                                     // $f: short form
      0x4E, 0};                                                                // empty rec
  EXPECT_EQ(types, expected);
  // An inline function type reuses only a plain function type, not one inside a rec group.
  const std::vector<std::uint8_t> reuse = section_of(binary_of(
      "(module (rec (type (func))) (type (func)) (func))"), 3);
  EXPECT_EQ(reuse, (std::vector<std::uint8_t>{1, 1}));
  const std::vector<std::uint8_t> fresh = section_of(binary_of("(module (rec (type (func))) (func))"), 3);
  EXPECT_EQ(fresh, (std::vector<std::uint8_t>{1, 1}));
  EXPECT_EQ(section_of(binary_of("(module (rec (type (func))) (func))"), 1),
            (std::vector<std::uint8_t>{2, 0x4E, 1, 0x60, 0, 0, 0x60, 0, 0}));
}

// Every GC instruction with its immediates; field names are per type.
TEST(Text, GcInstructions) {
  const std::string types = R"((type $p (struct (field $x i32) (field i64 f32) (field $y (mut i8))))
    (type $q (struct (field $y i16) (field $x i32)))
    (type $v (array (mut i32)))
    (data $d "") (elem $e funcref))";
  auto body = [&](const std::string& instructions) {
    return gc_body_of("(module " + types + " (func " + instructions + "))");
  };
  using B = std::vector<std::uint8_t>;
  EXPECT_EQ(body("struct.new $p"), (B{0xFB, 0, 0, 0x0B}));
  EXPECT_EQ(body("struct.new_default $q"), (B{0xFB, 1, 1, 0x0B}));
  EXPECT_EQ(body("struct.get $p $x struct.get $q $x struct.get $p 2"), (B{0xFB, 2, 0, 0, 0xFB, 2, 1, 1, 0xFB, 2, 0, 2, 0x0B}));
  EXPECT_EQ(body("struct.get_s $p $y struct.get_u $q $y struct.set $p $y"),
            (B{0xFB, 3, 0, 3, 0xFB, 4, 1, 0, 0xFB, 5, 0, 3, 0x0B}));
  EXPECT_EQ(body("array.new $v array.new_default $v array.new_fixed $v 300"),
            (B{0xFB, 6, 2, 0xFB, 7, 2, 0xFB, 8, 2, 0xAC, 0x02, 0x0B}));
  EXPECT_EQ(body("array.new_data $v $d array.new_elem $v $e"), (B{0xFB, 9, 2, 0, 0xFB, 10, 2, 0, 0x0B}));
  EXPECT_EQ(body("array.get $v array.get_s $v array.get_u $v array.set $v array.len"),
            (B{0xFB, 11, 2, 0xFB, 12, 2, 0xFB, 13, 2, 0xFB, 14, 2, 0xFB, 15, 0x0B}));
  EXPECT_EQ(body("array.fill $v array.copy $v 2 array.init_data $v $d array.init_elem $v 0"),
            (B{0xFB, 16, 2, 0xFB, 17, 2, 2, 0xFB, 18, 2, 0, 0xFB, 19, 2, 0, 0x0B}));
  EXPECT_EQ(body("ref.test (ref $p) ref.test (ref null $p) ref.test i31ref ref.cast (ref any) ref.cast nullref"),
            (B{0xFB, 20, 0, 0xFB, 21, 0, 0xFB, 21, 0x6C, 0xFB, 22, 0x6E, 0xFB, 23, 0x71, 0x0B}));
  EXPECT_EQ(body("ref.i31 i31.get_s i31.get_u any.convert_extern extern.convert_any ref.eq"),
            (B{0xFB, 28, 0xFB, 29, 0xFB, 30, 0xFB, 26, 0xFB, 27, 0xD3, 0x0B}));
  // br_on_cast: flags (bit 0: the source is nullable, bit 1: the target), label, two heap types.
  EXPECT_EQ(body("(block $l (result anyref) (br_on_cast $l anyref (ref $p) (ref.null any)))"),
            (B{0x02, 0x6E, 0xD0, 0x6E, 0xFB, 24, 1, 0, 0x6E, 0, 0x0B, 0x0B}));
  EXPECT_EQ(body("(block $l (result anyref) (br_on_cast_fail 0 (ref any) (ref null i31) (ref.null any)))"),
            (B{0x02, 0x6E, 0xD0, 0x6E, 0xFB, 25, 2, 0, 0x6E, 0x6C, 0x0B, 0x0B}));
  // Folded, with operands after the immediates.
  EXPECT_EQ(body("(struct.set $q $x (struct.new_default $q) (i32.const 7))"),
            (B{0xFB, 1, 1, 0x41, 7, 0xFB, 5, 1, 1, 0x0B}));
  // The decoder does not implement GC yet: it refuses the module, it does not misread it.
  const std::vector<std::uint8_t> b = binary_of("(module (type (struct)) (func (drop (struct.new 0))))");
  wrt::ModuleDescription m;
  EXPECT_FALSE(wrt::decode_and_validate(wrt::Bytes(b.data(), b.size()), {}, m));
}

// Malformed GC text: line and column, and what was expected.
TEST(Text, GcErrors) {
  EXPECT_EQ(error_of("(module\n  (type (struct (field (mut)))))"), "2:28: expected a storage type, found `)`");
  EXPECT_EQ(error_of("(module (type $s (struct (field $a i32)))\n (func (struct.get $s $b (unreachable))))"),
            "2:23: unknown field $b");
  EXPECT_EQ(error_of("(module (type (struct (field $a i32) (field $a i64))))"), "1:45: duplicate field $a");
  EXPECT_EQ(error_of("(module (func (block $l (br_on_cast $l i32 anyref (unreachable)))))"),
            "1:40: expected a reference type, found `i32`");
  EXPECT_EQ(error_of("(module (type (sub (structure))))"), "1:21: expected `func`, `struct` or `array`, found `structure`");
  EXPECT_EQ(error_of("(module (rec (func)))"), "1:14: expected `)`, found `(`");
  EXPECT_EQ(error_of("(module (type (array)))"), "1:21: expected a storage type, found `)`");
  // Field names belong to their type: $x of $q is not a field of $p.
  EXPECT_EQ(error_of("(module (type $p (struct)) (type $q (struct (field $x i32))) (func (struct.get $p $x (unreachable))))"),
            "1:83: unknown field $x");
  EXPECT_EQ(error_of("(module (func (struct.new $nothing)))"), "1:27: unknown type $nothing");
  EXPECT_EQ(error_of("(module (type $t (sub $missing (func))))"), "1:23: unknown type $missing");
  EXPECT_EQ(error_of("(module (type (sub final final (func))))"), "1:26: expected `(`, found `final`");
  EXPECT_EQ(error_of("(module (type (struct (field $a))))"), "1:32: expected a storage type, found `)`");
  EXPECT_EQ(error_of("(module (func (array.new_fixed 0 (unreachable))))"),
            "1:34: expected a number of elements, found `(`");
}

// The folder of converted spec scripts, when given on the command line (the ctest
// text.round_trip_spec_modules does, after the spec tests converted them).
std::string g_spec_json_dir;
// "3.0" as the second argument: the converted 3.0 suite (../shared/testsuite/wasm-3.0), its
// modules valid with the default (3.0) features, the differences listed in
// round_trip_differences_wasm3.txt.
bool g_wasm3 = false;

std::set<std::string> listed_differences() {
  std::set<std::string> out;
  std::ifstream in(g_wasm3 ? WRT_ROUND_TRIP_DIFFERENCES_WASM3 : WRT_ROUND_TRIP_DIFFERENCES);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    out.insert(line.substr(0, line.find(' ')));
  }
  return out;
}

// Every valid module of the spec suite (the binaries wast2json made), printed as text and
// parsed again, encodes to the same bytes; the exceptions are listed with their reason.
TEST(Text, RoundTripOfEveryValidSpecModule) {
  ASSERT_FALSE(g_spec_json_dir.empty()) << "usage: wrt_text_tests --gtest_filter=*RoundTrip* <converted spec dir>";
  const std::filesystem::path root(g_spec_json_dir);
  ASSERT_TRUE(std::filesystem::is_directory(root)) << "no converted spec scripts in " << root;
  const std::set<std::string> listed = listed_differences();
  std::set<std::string> differing;
  std::size_t valid = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".wasm") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    wrt::ModuleDescription m;
    wrt::DecodeOptions options;  // the 2.0 suite: what a 2.0 engine finds valid
    if (!g_wasm3) options.features = wrt::Features::wasm2();
    if (!wrt::decode_and_validate(wrt::Bytes(bytes.data(), bytes.size()), options, m)) continue;
    ++valid;
    const std::string name = std::filesystem::relative(entry.path(), root).string();
    wrt::text::PrintResult printed = wrt::text::print_module(bytes);
    ASSERT_TRUE(printed.ok()) << name << ": " << printed.error;
    wrt::text::BinaryResult parsed = wrt::text::parse_module(printed.text);
    ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.error->to_string();
    if (parsed.binary != bytes) {
      differing.insert(name);
      // Whatever differs, the re-encoded module round-trips exactly (a fixed point).
      wrt::text::PrintResult again = wrt::text::print_module(parsed.binary);
      ASSERT_TRUE(again.ok()) << name << ": " << again.error;
      wrt::text::BinaryResult reparsed = wrt::text::parse_module(again.text);
      ASSERT_TRUE(reparsed.ok()) << name << ": " << reparsed.error->to_string();
      EXPECT_TRUE(reparsed.binary == parsed.binary) << name << ": the re-encoded module does not round-trip";
    }
  }
  EXPECT_GT(valid, 1000u);
  for (const std::string& name : differing) {
    EXPECT_TRUE(listed.count(name)) << name << ": round trip differs and is not listed";
  }
  for (const std::string& name : listed) {
    EXPECT_TRUE(differing.count(name)) << name << ": listed but round-trips now; remove it";
  }
  std::printf("round trip: %zu valid modules, %zu identical, %zu listed differences\n", valid,
              valid - differing.size(), differing.size());
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (argc > 1) g_spec_json_dir = argv[1];
  if (argc > 2) g_wasm3 = std::string(argv[2]) == "3.0";
  return RUN_ALL_TESTS();
}
