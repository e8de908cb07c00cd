#include <wrt/decoder/opcode.hpp>

#include <array>

namespace wrt {

namespace {

static_assert(sizeof(kOpcodeInfo) / sizeof(kOpcodeInfo[0]) == kOpcodeCount);

// byte -> opcode row, for one-byte opcodes and the 0xFC and 0xFD sub-opcodes (all < 256 in
// 2.0). The rows before SIMD fit a byte, which keeps the tables small in firmware.
constexpr std::uint8_t kNoRow = 0xFF;
constexpr std::uint16_t kNoSimdRow = 0xFFFF;
constexpr std::size_t kFcCodes = 32;  // 0xFC sub-opcodes are 0..17 in 2.0
constexpr std::size_t kFeCodes = 0x4F;  // 0xFE (threads): 0..0x4E
constexpr std::size_t kFdCodes = 0x114;  // 0xFD: SIMD 0..0xFF, relaxed SIMD 0x100..0x113
static_assert(kFirstSimdOpcode < kNoRow);
static_assert([] {
  for (const OpcodeInfo& op : kOpcodeInfo) {
    if (op.prefix == 0xFC && op.code >= kFcCodes) return false;
  }
  return true;
}(), "an 0xFC sub-opcode beyond the decode table");

struct DecodeTables {
  std::array<std::uint8_t, 256> single{};
  std::array<std::uint8_t, kFcCodes> fc{};
#if WRT_ENABLE_SIMD
  std::array<std::uint16_t, kFdCodes> fd{};
#endif
#if WRT_MEMORY_PROPOSALS
  std::array<std::uint16_t, kFeCodes> fe{};  // threads
#endif
};

constexpr DecodeTables make_decode_tables() {
  DecodeTables t;
  for (auto& v : t.single) v = kNoRow;
  for (auto& v : t.fc) v = kNoRow;
#if WRT_ENABLE_SIMD
  for (auto& v : t.fd) v = kNoSimdRow;
#endif
#if WRT_MEMORY_PROPOSALS
  for (auto& v : t.fe) v = kNoSimdRow;
#endif
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& op = kOpcodeInfo[i];
    if (op.prefix == 0) {
      t.single[op.code] = static_cast<std::uint8_t>(i);
    } else if (op.prefix == 0xFC) {
      t.fc[op.code] = static_cast<std::uint8_t>(i);  // in range: asserted below
    } else if (op.prefix == 0xFE) {
#if WRT_MEMORY_PROPOSALS
      t.fe[op.code] = static_cast<std::uint16_t>(i);
#endif
    } else {
#if WRT_ENABLE_SIMD
      t.fd[op.code] = static_cast<std::uint16_t>(i);
#endif
    }
  }
  return t;
}

constexpr DecodeTables kDecode = make_decode_tables();

}  // namespace

bool feature_enabled_slow(Feature feature, const Features& f) noexcept {
  switch (feature) {
    case Feature::mvp: return true;
    case Feature::sign_extension: return f.sign_extension;
    case Feature::saturating_float_to_int: return f.saturating_float_to_int;
    case Feature::bulk_memory: return f.bulk_memory;
    case Feature::reference_types: return f.reference_types;
    case Feature::simd: return WRT_ENABLE_SIMD && f.simd;
    case Feature::tail_call: return WRT_ENABLE_TAIL_CALL && f.tail_call;
    case Feature::exceptions: return WRT_ENABLE_EXCEPTIONS && f.exceptions;
    case Feature::legacy_exceptions: return WRT_ENABLE_EXCEPTIONS && f.legacy_exceptions;
    case Feature::function_references: return WRT_ENABLE_FUNCTION_REFERENCES && f.function_references;
    case Feature::threads: return WRT_MEMORY_PROPOSALS && f.threads;
    case Feature::wide_arithmetic: return WRT_ENABLE_WIDE_ARITHMETIC && f.wide_arithmetic;
    case Feature::relaxed_simd: return WRT_ENABLE_SIMD && f.simd && f.relaxed_simd;
  }
  return false;
}

bool lookup_opcode(std::uint8_t byte, Opcode& out) noexcept {
  std::uint8_t row = kDecode.single[byte];
  if (row == kNoRow) return false;
  out = static_cast<Opcode>(row);
  return true;
}

bool lookup_prefixed_opcode(std::uint8_t prefix, std::uint32_t code, Opcode& out) noexcept {
  if (prefix == 0xFC) {
    if (code >= kFcCodes || kDecode.fc[code] == kNoRow) return false;
    out = static_cast<Opcode>(kDecode.fc[code]);
    return true;
  }
#if WRT_MEMORY_PROPOSALS
  if (prefix == 0xFE && code < kFeCodes && kDecode.fe[code] != kNoSimdRow) {
    out = static_cast<Opcode>(kDecode.fe[code]);
    return true;
  }
#endif
#if WRT_ENABLE_SIMD
  if (prefix == 0xFD && code < kFdCodes && kDecode.fd[code] != kNoSimdRow) {
    out = static_cast<Opcode>(kDecode.fd[code]);
    return true;
  }
#endif
  return false;
}

}  // namespace wrt
