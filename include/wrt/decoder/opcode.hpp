// Opcodes: the enum and the facts of each instruction, generated from opcode_table.hpp.
#pragma once

#include <cstdint>
#include <span>
#include <type_traits>

#include <wrt/decoder/opcode_table.hpp>
#include <wrt/decoder/types.hpp>
#include <wrt/error/error.hpp>

namespace wrt {

enum class Opcode : std::uint16_t {
#define WRT_X(id, prefix, code, text, imm, sig, bytes, feature) id,
  WRT_OPCODES(WRT_X)
#undef WRT_X
};

inline constexpr std::size_t kOpcodeCount = 0
#define WRT_X(id, prefix, code, text, imm, sig, bytes, feature) +1
    WRT_OPCODES(WRT_X)
#undef WRT_X
    ;

// What follows an opcode in the binary.
enum class ImmediateKind : std::uint8_t {
  none,
  block_type,     // s33: empty, a value type, or a type index
  label,          // u32 label depth
  label_table,    // vec(label) + default label
  function,       // u32 function index
  call_indirect,  // u32 type index, u32 table index
  local,          // u32
  global,         // u32
  table,          // u32
  memarg,         // u32 align (+ memory index), u32 offset
  memory,         // a memory index (0x00 in 2.0)
  memory_init,    // u32 data index, memory index
  memory_copy,    // memory index, memory index
  data,           // u32 data index
  table_init,     // u32 element index, u32 table index
  table_copy,     // u32 table index, u32 table index
  element,        // u32 element index
  i32,            // s32
  i64,            // s64
  f32,            // 4 bytes
  f64,            // 8 bytes
  v128,           // 16 bytes
  shuffle,        // 16 lane indices < 32
  lane2,          // one lane index < 2 / 4 / 8 / 16
  lane4,
  lane8,
  lane16,
  memarg_lane2,   // memarg + lane index
  memarg_lane4,
  memarg_lane8,
  memarg_lane16,
  ref_type,       // a reference type
  select_types,   // vec(value type)
  zero_byte,      // a reserved 0x00 (atomic.fence)
  type_index,     // u32 type index (call_ref)
  tag,            // u32 tag index (throw, legacy catch)
  try_table,      // block type, vec(catch clause)
};

enum class OpSignature : std::uint8_t {
#define WRT_X(sig, params, results) sig,
  WRT_SIGNATURES(WRT_X)
#undef WRT_X
};

enum class Feature : std::uint8_t {
  mvp,
  sign_extension,
  saturating_float_to_int,
  bulk_memory,
  reference_types,
  simd,
  tail_call,
  exceptions,
  legacy_exceptions,
  function_references,
  threads,
  wide_arithmetic,
  relaxed_simd,
};

struct OpcodeInfo {
  std::uint16_t code;  // after the prefix byte, if any
  std::uint8_t prefix;
  ImmediateKind immediate;
  OpSignature signature;
  std::uint8_t access_bytes;  // memory ops: bytes accessed (natural alignment)
  Feature feature;
};

// The facts of every opcode, usable at compile time (the interpreter generates its handlers
// from them). Eight bytes a row: the decoder's tables are a good part of a firmware image.
inline constexpr OpcodeInfo kOpcodeInfo[] = {
#define WRT_X(id, prefix, code, text, imm, sig, bytes, feature) \
  {code, prefix, ImmediateKind::imm, OpSignature::sig, bytes, Feature::feature},
    WRT_OPCODES(WRT_X)
#undef WRT_X
};

// The rows a build may compile out come last: SIMD (WRT_ENABLE_SIMD), then the threads
// proposal (WRT_MEMORY_PROPOSALS), then relaxed SIMD (WRT_ENABLE_SIMD).
[[nodiscard]] constexpr bool is_optional_feature(Feature f) noexcept {
  return f == Feature::simd || f == Feature::threads || f == Feature::relaxed_simd;
}
inline constexpr std::size_t kFirstSimdOpcode = static_cast<std::size_t>(Opcode::v128_load);
static_assert([] {
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    if (is_optional_feature(kOpcodeInfo[i].feature) != (i >= kFirstSimdOpcode)) return false;
  }
  return true;
}(), "the SIMD and threads rows of opcode_table.hpp must come last");

// The rows the code reads at run time: all of them, or, with SIMD and the memory proposals
// compiled out, the rows before them (the decoder never produces those opcodes then).
inline constexpr std::size_t kRuntimeOpcodeCount =
    WRT_ENABLE_SIMD || WRT_MEMORY_PROPOSALS ? kOpcodeCount : kFirstSimdOpcode;
struct RuntimeOpcodeTable {
  OpcodeInfo rows[kRuntimeOpcodeCount];
};
inline constexpr RuntimeOpcodeTable kRuntimeOpcodeInfo = [] {
  RuntimeOpcodeTable t{};
  for (std::size_t i = 0; i < kRuntimeOpcodeCount; ++i) t.rows[i] = kOpcodeInfo[i];
  return t;
}();

[[nodiscard]] constexpr const OpcodeInfo& info(Opcode op) noexcept {
  if (std::is_constant_evaluated()) return kOpcodeInfo[static_cast<std::size_t>(op)];
  return kRuntimeOpcodeInfo.rows[static_cast<std::size_t>(op)];
}

// The opcode's number as one value: the byte, or prefix << 8 | sub-opcode (0xFC0B for
// memory.fill).
[[nodiscard]] constexpr std::uint32_t opcode_number(Opcode op) noexcept {
  return info(op).prefix == 0 ? info(op).code : (std::uint32_t{info(op).prefix} << 8) | info(op).code;
}

// The text names ("i32.add"), for error messages and the disassembler. A build with the CMake
// option WRT_OPCODE_NAMES off (firmware) leaves them out, and errors name the instruction by
// its number instead.
#if WRT_OPCODE_NAMES
inline constexpr const char* kOpcodeNames[] = {
#define WRT_X(id, prefix, code, text, imm, sig, bytes, feature) text,
    WRT_OPCODES(WRT_X)
#undef WRT_X
};
[[nodiscard]] constexpr const char* name_of(Opcode op) noexcept { return kOpcodeNames[static_cast<std::size_t>(op)]; }
#else
[[nodiscard]] constexpr const char* name_of(Opcode) noexcept { return "(opcode names not compiled in)"; }
#endif

// Adds the instruction to an error's context: its name, or "opcode N" without names.
inline Error& with_instruction(Error& error, Opcode op) noexcept {
#if WRT_OPCODE_NAMES
  return error.with_context(name_of(op));
#else
  return error.with_context("opcode", opcode_number(op));
#endif
}

namespace detail {
constexpr ValType type_of_letter(char c) {
  switch (c) {
    case 'i': return ValType::i32;
    case 'l': return ValType::i64;
    case 'f': return ValType::f32;
    case 'd': return ValType::f64;
    default: return ValType::v128;
  }
}
constexpr std::size_t length_of(const char* s) {
  std::size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}
}  // namespace detail

// The operand and result types of a signature.
struct SignatureTypes {
  ValType params[3]{};
  ValType results[1]{};
  std::uint8_t param_count = 0;
  std::uint8_t result_count = 0;

  static constexpr SignatureTypes make(const char* p, const char* r) {
    SignatureTypes s;
    s.param_count = static_cast<std::uint8_t>(detail::length_of(p));
    s.result_count = static_cast<std::uint8_t>(detail::length_of(r));
    for (std::size_t i = 0; i < s.param_count; ++i) s.params[i] = detail::type_of_letter(p[i]);
    for (std::size_t i = 0; i < s.result_count; ++i) s.results[i] = detail::type_of_letter(r[i]);
    return s;
  }
};

inline constexpr SignatureTypes kSignatureTypes[] = {
#define WRT_X(sig, params, results) SignatureTypes::make(params, results),
    WRT_SIGNATURES(WRT_X)
#undef WRT_X
};

[[nodiscard]] constexpr const SignatureTypes& signature_types(OpSignature sig) noexcept {
  return kSignatureTypes[static_cast<std::size_t>(sig)];
}
// Operand and result types of a signature (empty for OpSignature::special).
[[nodiscard]] constexpr std::span<const ValType> signature_params(OpSignature sig) noexcept {
  return {signature_types(sig).params, signature_types(sig).param_count};
}
[[nodiscard]] constexpr std::span<const ValType> signature_results(OpSignature sig) noexcept {
  return {signature_types(sig).results, signature_types(sig).result_count};
}

[[nodiscard]] bool feature_enabled_slow(Feature feature, const Features& features) noexcept;
// Inline for the common case: it is asked for every instruction decoded.
[[nodiscard]] inline bool feature_enabled(Feature feature, const Features& features) noexcept {
  return feature == Feature::mvp || feature_enabled_slow(feature, features);
}

// Decoding tables: the opcode for a byte (or for a prefixed sub-opcode); false if none.
[[nodiscard]] bool lookup_opcode(std::uint8_t byte, Opcode& out) noexcept;
[[nodiscard]] bool lookup_prefixed_opcode(std::uint8_t prefix, std::uint32_t code, Opcode& out) noexcept;
[[nodiscard]] constexpr bool is_prefix_byte(std::uint8_t byte) noexcept { return byte == 0xFC || byte == 0xFD || byte == 0xFE; }

}  // namespace wrt
