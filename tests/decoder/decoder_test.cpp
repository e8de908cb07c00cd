#include <wrt/decoder/decoder.hpp>
#include <wrt/decoder/disassembler.hpp>
#include <wrt/decoder/instruction.hpp>
#include <wrt/foundation/arena.hpp>
#include <wrt/foundation/utf8.hpp>

#include <gtest/gtest.h>

#include <string>

#include "support/test_allocator.hpp"
#include "support/wasm_builder.hpp"

namespace wrt {
namespace {

using test::ByteVec;
using test::leb;
using test::WasmBuilder;

Result<void> decode(const ByteVec& bytes, ModuleDescription& module, const DecodeOptions& options = {}) {
  return decode_module(Bytes(bytes.data(), bytes.size()), options, module);
}

ErrorCode decode_error(const ByteVec& bytes, const DecodeOptions& options = {}) {
  StaticArena<64 * 1024> storage;
  ModuleDescription module(storage);
  auto r = decode(bytes, module, options);
  EXPECT_FALSE(r) << "expected the module to be rejected";
  return r ? ErrorCode::invalid : r.error().code();
}

TEST(Decoder, HeaderErrors) {
  EXPECT_EQ(decode_error({}), ErrorCode::unexpected_end);
  EXPECT_EQ(decode_error({0x00, 0x61, 0x73}), ErrorCode::unexpected_end);
  EXPECT_EQ(decode_error({0x00, 0x41, 0x53, 0x4D, 1, 0, 0, 0}), ErrorCode::bad_magic);
  EXPECT_EQ(decode_error({0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0}), ErrorCode::bad_version);
  EXPECT_EQ(decode_error({0x00, 0x61, 0x73, 0x6D, 1, 0, 0}), ErrorCode::unexpected_end);
}

TEST(Decoder, MinimalModuleAndStructure) {
  WasmBuilder b;
  b.void_functions(2).section(7, test::cat({leb(1), test::name("run"), {0x00, 0x01}})).code({{0x01}, {}});
  ModuleDescription module(test::allocator());
  ASSERT_TRUE(decode(b.bytes(), module));
  EXPECT_EQ(module.types.size(), 1u);
  EXPECT_EQ(module.function_count(), 2u);
  EXPECT_EQ(module.bodies.size(), 2u);
  ASSERT_EQ(module.exports.size(), 1u);
  EXPECT_EQ(module.exports[0].name, "run");
  EXPECT_EQ(module.exports[0].index, 1u);
  ASSERT_EQ(module.sections.size(), 4u);
  EXPECT_EQ(module.sections[0].id, 1);
  EXPECT_EQ(module.sections[0].offset, 8u);
  // Code bodies are views into the caller's bytes, not copies.
  const std::uint8_t* first = module.bodies[0].code.data();
  EXPECT_GE(first, b.bytes().data());
  EXPECT_LT(first, b.bytes().data() + b.bytes().size());
}

TEST(Decoder, SectionOrderAndDuplicates) {
  WasmBuilder twice;
  twice.section(1, {0x00}).section(1, {0x00});
  EXPECT_EQ(decode_error(twice.bytes()), ErrorCode::unexpected_content);
  WasmBuilder backwards;
  backwards.section(3, {0x00}).section(1, {0x00});
  EXPECT_EQ(decode_error(backwards.bytes()), ErrorCode::unexpected_content);
  // Custom sections may appear anywhere; data count sits between element and code.
  WasmBuilder fine;
  fine.section(0, test::name("a")).section(1, {0x00}).section(0, test::name("b")).section(12, {0x00}).section(10, {0x00});
  ModuleDescription module(test::allocator());
  EXPECT_TRUE(decode(fine.bytes(), module));
  EXPECT_EQ(module.customs.size(), 2u);
  WasmBuilder bad_id;
  bad_id.section(14, {});  // 13 is the tag section (exception handling)
  EXPECT_EQ(decode_error(bad_id.bytes()), ErrorCode::malformed_section_id);
}

TEST(Decoder, SectionSizesMustAgree) {
  WasmBuilder extra;
  extra.section(1, {0x00, 0x00});  // count 0 and a stray byte
  EXPECT_EQ(decode_error(extra.bytes()), ErrorCode::section_size_mismatch);
  WasmBuilder short_section;
  short_section.section(1, {0x01, 0x60, 0x00});  // the type's result count is missing
  EXPECT_EQ(decode_error(short_section.bytes()), ErrorCode::unexpected_end_of_section);
  ByteVec too_long = {0x00, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 0x01, 0x10, 0x00};
  EXPECT_EQ(decode_error(too_long), ErrorCode::length_out_of_bounds);
}

TEST(Decoder, FunctionAndCodeCountsMustAgree) {
  WasmBuilder missing_code;
  missing_code.void_functions(1);
  EXPECT_EQ(decode_error(missing_code.bytes()), ErrorCode::function_code_mismatch);
  WasmBuilder extra_code;
  extra_code.void_functions(1).code({{}, {}});
  EXPECT_EQ(decode_error(extra_code.bytes()), ErrorCode::function_code_mismatch);
}

// A declared count far larger than the bytes behind it must not allocate for the count: with a
// small arena, the failure is the honest "unexpected end", never "out of memory".
TEST(Decoder, HostileCountsDoNotAllocate) {
  const ByteVec huge = leb(0xFFFFFFF0u);
  for (std::uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 11}) {
    WasmBuilder b;
    b.section(id, huge);
    DecodeOptions options;
    // Raise the count limits so that they are not what stops the decoder.
    options.limits.max_types = options.limits.max_functions = options.limits.max_imports = 0xFFFFFFFF;
    options.limits.max_exports = options.limits.max_globals = options.limits.max_tables = 0xFFFFFFFF;
    options.limits.max_memories = options.limits.max_element_segments = 0xFFFFFFFF;
    options.limits.max_data_segments = 0xFFFFFFFF;
    StaticArena<4096> storage;
    ModuleDescription module(storage);
    auto r = decode(b.bytes(), module, options);
    ASSERT_FALSE(r) << "section " << int(id);
    EXPECT_EQ(r.error().code(), ErrorCode::unexpected_end_of_section) << "section " << int(id) << ": " << name_of(r.error().code());
    EXPECT_LT(storage.arena().high_water(), 1024u) << "section " << int(id);
  }
}

TEST(Decoder, HostileLocalCountsDoNotAllocate) {
  // One body declaring 2^32-1 locals in one group: the format allows it, the limit does not,
  // and nothing per local is allocated while finding out.
  WasmBuilder b;
  ByteVec body = test::cat({{0x01}, leb(0xFFFFFFFFu), {0x7F, 0x0B}});
  b.void_functions(1).section(10, test::cat({{0x01}, leb(body.size()), body}));
  StaticArena<4096> storage;
  ModuleDescription module(storage);
  auto r = decode(b.bytes(), module);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::limit_exceeded);
  EXPECT_LT(storage.arena().high_water(), 1024u);
}

TEST(Decoder, ConfiguredLimitsAreEnforced) {
  WasmBuilder b;
  b.void_functions(3).code({{}, {}, {}});
  DecodeOptions options;
  options.limits.max_functions = 2;
  ModuleDescription module(test::allocator());
  auto r = decode(b.bytes(), module, options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::limit_exceeded);
  EXPECT_EQ(r.error().kind(), ErrorKind::limit);
  EXPECT_STREQ(r.error().message(), "too many functions");

  DecodeOptions small;
  small.limits.max_module_size = 8;
  ModuleDescription module2(test::allocator());
  auto r2 = decode(b.bytes(), module2, small);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code(), ErrorCode::limit_exceeded);

  DecodeOptions tiny_body;
  tiny_body.limits.max_function_size = 2;
  WasmBuilder big_body;
  big_body.void_functions(1).code({{0x01, 0x01, 0x01}});
  ModuleDescription module3(test::allocator());
  auto r3 = decode(big_body.bytes(), module3, tiny_body);
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().code(), ErrorCode::limit_exceeded);
}

TEST(Decoder, ErrorsNameTheSectionAndOffset) {
  WasmBuilder b;
  b.section(1, {0x01, 0x61, 0x00, 0x00});  // form 0x61 instead of 0x60
  ModuleDescription module(test::allocator());
  auto r = decode(b.bytes(), module);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::malformed_type_form);
  EXPECT_EQ(r.error().offset(), 11u);  // 8 header + id + size + count
  ASSERT_EQ(r.error().context_count(), 1u);
  EXPECT_STREQ(r.error().context_text(0), "in type section");
}

TEST(Decoder, NamesMustBeUtf8) {
  auto with_export_name = [](ByteVec raw) {
    WasmBuilder b;
    b.void_functions(1).section(7, test::cat({{0x01}, leb(raw.size()), raw, {0x00, 0x00}})).code({{}});
    return b.bytes();
  };
  ModuleDescription ok(test::allocator());
  EXPECT_TRUE(decode(with_export_name({0xE2, 0x82, 0xAC}), ok));  // U+20AC
  EXPECT_EQ(decode_error(with_export_name({0xC0, 0x80})), ErrorCode::malformed_utf8);        // overlong NUL
  EXPECT_EQ(decode_error(with_export_name({0xED, 0xA0, 0x80})), ErrorCode::malformed_utf8);  // surrogate
  EXPECT_EQ(decode_error(with_export_name({0xF4, 0x90, 0x80, 0x80})), ErrorCode::malformed_utf8);  // > U+10FFFF
  EXPECT_EQ(decode_error(with_export_name({0xE2, 0x82})), ErrorCode::malformed_utf8);        // cut
}

TEST(Utf8, Boundaries) {
  auto ok = [](ByteVec v) { return is_valid_utf8(Bytes(v.data(), v.size())); };
  EXPECT_TRUE(ok({}));
  EXPECT_TRUE(ok({0x7F}));
  EXPECT_TRUE(ok({0xC2, 0x80}));
  EXPECT_TRUE(ok({0xEF, 0xBF, 0xBF}));
  EXPECT_TRUE(ok({0xF0, 0x90, 0x80, 0x80}));
  EXPECT_TRUE(ok({0xF4, 0x8F, 0xBF, 0xBF}));
  EXPECT_FALSE(ok({0x80}));
  EXPECT_FALSE(ok({0xC1, 0xBF}));
  EXPECT_FALSE(ok({0xE0, 0x9F, 0xBF}));
  EXPECT_FALSE(ok({0xF0, 0x8F, 0xBF, 0xBF}));
  EXPECT_FALSE(ok({0xF5, 0x80, 0x80, 0x80}));
}

TEST(Decoder, NameSectionIsDecodedAndBadOnesIgnored) {
  ByteVec function_names = test::cat({{0x02}, {0x00}, test::name("start"), {0x01}, test::name("helper")});
  ByteVec names = test::cat({{0x00}, leb(test::name("demo").size()), test::name("demo"),
                             {0x01}, leb(function_names.size()), function_names});
  WasmBuilder b;
  b.void_functions(2).code({{}, {}}).section(0, test::cat({test::name("name"), names}));
  ModuleDescription module(test::allocator());
  ASSERT_TRUE(decode(b.bytes(), module));
  EXPECT_EQ(module.names.module, "demo");
  EXPECT_EQ(module.function_name(0), "start");
  EXPECT_EQ(module.function_name(1), "helper");
  EXPECT_EQ(module.function_name(7), "");

  WasmBuilder broken;
  broken.void_functions(1).code({{}}).section(0, test::cat({test::name("name"), {0x01, 0x05, 0x01}}));
  ModuleDescription module2(test::allocator());
  ASSERT_TRUE(decode(broken.bytes(), module2));  // custom sections never make a module malformed
  EXPECT_TRUE(module2.names.functions.empty());
}

TEST(Decoder, LimitsFlags) {
  WasmBuilder b;
  b.section(5, {0x01, 0x02, 0x00});  // memory with flags 2 (shared: threads, not in 2.0 or 3.0)
  DecodeOptions wasm2;
  wasm2.features = Features::wasm2();
  EXPECT_EQ(decode_error(b.bytes(), wasm2), ErrorCode::integer_too_large);  // 2.0 reads the flags as a u32
  EXPECT_EQ(decode_error(b.bytes()), ErrorCode::malformed);                 // 3.0: a flags byte
  WasmBuilder ok;
  ok.section(5, {0x01, 0x01, 0x01, 0x02});
  ModuleDescription module(test::allocator());
  ASSERT_TRUE(decode(ok.bytes(), module));
  EXPECT_EQ(module.memories[0].limits.min, 1u);
  EXPECT_TRUE(module.memories[0].limits.has_max);
  EXPECT_EQ(module.memories[0].limits.max, 2u);
}

// --- Instructions and the disassembler ------------------------------------------------------

std::string disassemble_bytes(ByteVec bytes, const Features& features = Features{}) {
  ByteReader reader(Bytes(bytes.data(), bytes.size()));
  InstructionReader::Context context;
  context.features = features;
  InstructionReader instructions(reader, context);
  Instruction inst;
  auto r = instructions.read(inst);
  if (!r) return std::string("error: ") + r.error().message();
  char text[128];
  disassemble(inst, text, sizeof text);
  return text;
}

TEST(Instructions, DecodeAndDisassemble) {
  EXPECT_EQ(disassemble_bytes({0x41, 0x7B}), "i32.const -5");
  EXPECT_EQ(disassemble_bytes({0x42, 0x80, 0x01}), "i64.const 128");
  EXPECT_EQ(disassemble_bytes({0x28, 0x02, 0x08}), "i32.load offset=8");
  EXPECT_EQ(disassemble_bytes({0x28, 0x00, 0x00}), "i32.load align=1");
  EXPECT_EQ(disassemble_bytes({0x0E, 0x02, 0x00, 0x01, 0x02}), "br_table 0 1 2");
  EXPECT_EQ(disassemble_bytes({0x02, 0x7F}), "block (result i32)");
  EXPECT_EQ(disassemble_bytes({0x03, 0x05}), "loop (type 5)");
  EXPECT_EQ(disassemble_bytes({0x11, 0x03, 0x00}), "call_indirect (type 3)");
  EXPECT_EQ(disassemble_bytes({0x43, 0x00, 0x00, 0x80, 0x3F}), "f32.const bits=0x3f800000");
  EXPECT_EQ(disassemble_bytes({0xFC, 0x0A, 0x00, 0x00}), "memory.copy");
  EXPECT_EQ(disassemble_bytes({0xFD, 0x15, 0x03}), "i8x16.extract_lane_s 3");
  EXPECT_EQ(disassemble_bytes({0xFD, 0x54, 0x00, 0x00, 0x0F}), "v128.load8_lane 15");
  EXPECT_EQ(disassemble_bytes({0xFD, 0x55, 0x00, 0x00, 0x07}), "v128.load16_lane align=1 7");
  EXPECT_EQ(disassemble_bytes({0xD0, 0x6F}), "ref.null extern");
  EXPECT_EQ(disassemble_bytes({0xFC, 0x0F, 0x01}), "table.grow 1");
  // Exception handling: try_table's clauses, throw's tag, the legacy forms.
  EXPECT_EQ(disassemble_bytes({0x1F, 0x40, 0x02, 0x00, 0x03, 0x01, 0x03, 0x00}), "try_table (catch 3 1) (catch_all_ref 0)");
  EXPECT_EQ(disassemble_bytes({0x08, 0x02}), "throw 2");
  EXPECT_EQ(disassemble_bytes({0x0A}), "throw_ref");
  EXPECT_EQ(disassemble_bytes({0x06, 0x7F}), "try (result i32)");
  EXPECT_EQ(disassemble_bytes({0x18, 0x01}), "delegate 1");
  EXPECT_EQ(disassemble_bytes({0xD0, 0x69}), "ref.null exn");
  EXPECT_EQ(disassemble_bytes({0x1F, 0x40, 0x01, 0x04, 0x00}), "error: malformed catch clause");  // clause kind 4
}

TEST(Instructions, MalformedInstructions) {
  EXPECT_EQ(disassemble_bytes({0x27}), "error: illegal opcode");
  EXPECT_EQ(disassemble_bytes({0x06, 0x40}, Features::wasm2()), "error: illegal opcode");  // legacy try
  EXPECT_EQ(disassemble_bytes({0xFD, 0x9A, 0x01}), "error: illegal opcode");  // 0xFD 0x9A is unassigned
  // 2.0: memory.size takes a zero byte and memarg flags stop below 2^5; multi-memory and
  // memory64 (3.0) read a memory index and wider alignments.
  EXPECT_EQ(disassemble_bytes({0x3F, 0x01}, Features::wasm2()), "error: zero byte expected");
  EXPECT_EQ(disassemble_bytes({0x28, 0x20, 0x00}, Features::wasm2()), "error: malformed memop flags");
  EXPECT_EQ(disassemble_bytes({0x3F, 0x01}), "memory.size 1");
  EXPECT_EQ(disassemble_bytes({0x02, 0x7F + 0}), "block (result i32)");
  EXPECT_EQ(disassemble_bytes({0x02, 0xFF, 0x7F}), "error: malformed value type");  // -1 as two bytes
  EXPECT_EQ(disassemble_bytes({0x41}), "error: unexpected end");
}

TEST(Instructions, TypedFunctionReferences) {
  // 0x63 / 0x64 heap-type forms in block types and ref.null's heap types (s33); the new
  // instructions; all malformed in 2.0.
  EXPECT_EQ(disassemble_bytes({0x02, 0x64, 0x03}), "block (result (ref 3))");
  EXPECT_EQ(disassemble_bytes({0x02, 0x63, 0x70}), "block (result funcref)");
  EXPECT_EQ(disassemble_bytes({0x02, 0x64, 0x70}), "block (result (ref func))");
  EXPECT_EQ(disassemble_bytes({0x02, 0x63, 0x73}), "block (result nullfuncref)");
  EXPECT_EQ(disassemble_bytes({0xD0, 0x05}), "ref.null 5");
  EXPECT_EQ(disassemble_bytes({0xD0, 0x73}), "ref.null nofunc");
  EXPECT_EQ(disassemble_bytes({0x14, 0x02}), "call_ref (type 2)");
  EXPECT_EQ(disassemble_bytes({0xD4}), "ref.as_non_null");
  EXPECT_EQ(disassemble_bytes({0xD5, 0x01}), "br_on_null 1");
  EXPECT_EQ(disassemble_bytes({0xD6, 0x00}), "br_on_non_null 0");
  EXPECT_EQ(disassemble_bytes({0x02, 0x64, 0x6E}), "error: malformed value type");  // any: GC
  EXPECT_EQ(disassemble_bytes({0x02, 0x64, 0x03}, Features::wasm2()), "error: malformed value type");
  EXPECT_EQ(disassemble_bytes({0xD0, 0x05}, Features::wasm2()), "error: malformed reference type");
  EXPECT_EQ(disassemble_bytes({0x14, 0x02}, Features::wasm2()), "error: illegal opcode");
  EXPECT_EQ(disassemble_bytes({0xD4}, Features::wasm2()), "error: illegal opcode");
}

TEST(Decoder, TypedReferenceTypesInSections) {
  // type 0 = ((ref null 0)) -> ((ref func)); a table (ref null 0) with an initializer
  WasmBuilder b;
  b.section(1, {0x01, 0x60, 0x01, 0x63, 0x00, 0x01, 0x64, 0x70});
  b.section(4, {0x01, 0x40, 0x00, 0x63, 0x00, 0x00, 0x02, 0xD0, 0x00, 0x0B});
  StaticArena<64 * 1024> storage;
  ModuleDescription module(storage);
  ASSERT_TRUE(decode(b.bytes(), module));
  FuncType t = module.type(0);
  ASSERT_EQ(t.params.size(), 1u);
  EXPECT_EQ(t.params[0], make_ref(true, 0u));
  EXPECT_EQ(t.results[0], make_ref(false, HeapKind::func));
  ASSERT_EQ(module.tables.size(), 1u);
  EXPECT_EQ(module.tables[0].element, make_ref(true, 0u));
  ASSERT_EQ(module.table_inits.size(), 1u);
  EXPECT_EQ(module.table_inits[0].code.size(), 3u);
  // the table form's second byte must be zero
  WasmBuilder bad;
  bad.section(4, {0x01, 0x40, 0x01, 0x70, 0x00, 0x02, 0xD0, 0x70, 0x0B});
  EXPECT_EQ(decode_error(bad.bytes()), ErrorCode::malformed);
  DecodeOptions two;
  two.features = Features::wasm2();
  EXPECT_EQ(decode_error(b.bytes(), two), ErrorCode::malformed_value_type);
}

TEST(Instructions, EveryOpcodeRoundTripsThroughTheTable) {
  // For each opcode: its encoding decodes back to it, and its name is what the table says.
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    auto op = static_cast<Opcode>(i);
    const OpcodeInfo& oi = info(op);
    Opcode found{};
    if ((oi.feature == Feature::simd || oi.feature == Feature::relaxed_simd) && !WRT_ENABLE_SIMD) {
      EXPECT_FALSE(lookup_prefixed_opcode(oi.prefix, oi.code, found)) << "SIMD is compiled out";
      continue;
    }
    if (oi.feature == Feature::threads && !WRT_MEMORY_PROPOSALS) {
      EXPECT_FALSE(lookup_prefixed_opcode(oi.prefix, oi.code, found)) << "threads are compiled out";
      continue;
    }
    if (oi.prefix == 0) {
      ASSERT_TRUE(lookup_opcode(static_cast<std::uint8_t>(oi.code), found)) << name_of(op);
    } else {
      ASSERT_TRUE(lookup_prefixed_opcode(oi.prefix, oi.code, found)) << name_of(op);
    }
    EXPECT_EQ(found, op) << name_of(op);
    if (oi.signature != OpSignature::special) {
      EXPECT_LE(signature_params(oi.signature).size(), 3u) << name_of(op);
    }
    if (oi.immediate == ImmediateKind::memarg) {
      EXPECT_GT(oi.access_bytes, 0u) << name_of(op);
    }
  }
  // 2.0: 183 one-byte, 18 with 0xFC, 236 with 0xFD (SIMD); threads: 67 with 0xFE; typed
  // function references: 4 one-byte; exception handling: 3, and 5 legacy; the rows of the 3.0
  // proposals that builds may leave out: tail calls (3 one-byte, return_call_ref included),
  // wide arithmetic (4 with 0xFC); relaxed SIMD: 20 with 0xFD (rows in every build, like SIMD's).
  EXPECT_EQ(kOpcodeCount, 437u + 67u + 4u + 8u + (WRT_ENABLE_TAIL_CALL ? 3u : 0u) + (WRT_ENABLE_WIDE_ARITHMETIC ? 4u : 0u) + 20u);
}

}  // namespace
}  // namespace wrt
