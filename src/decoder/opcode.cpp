#include <wrt/decoder/opcode.hpp>

#include <array>

namespace wrt {

namespace {

static_assert(sizeof(kOpcodeInfo) / sizeof(kOpcodeInfo[0]) == kOpcodeCount);

constexpr std::uint16_t kNoOpcode = 0xFFFF;

// byte -> opcode for one-byte opcodes; 0xFC and 0xFD sub-opcodes (all < 256 in 2.0).
struct DecodeTables {
  std::array<std::uint16_t, 256> single{};
  std::array<std::uint16_t, 256> fc{};
#if WRT_ENABLE_SIMD
  std::array<std::uint16_t, 256> fd{};
#endif
};

constexpr DecodeTables make_decode_tables() {
  DecodeTables t;
  for (auto& v : t.single) v = kNoOpcode;
  for (auto& v : t.fc) v = kNoOpcode;
#if WRT_ENABLE_SIMD
  for (auto& v : t.fd) v = kNoOpcode;
#endif
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& op = kOpcodeInfo[i];
    if (op.prefix == 0) {
      t.single[op.code] = static_cast<std::uint16_t>(i);
    } else if (op.prefix == 0xFC) {
      t.fc[op.code] = static_cast<std::uint16_t>(i);
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
  }
  return false;
}

bool lookup_opcode(std::uint8_t byte, Opcode& out) noexcept {
  std::uint16_t v = kDecode.single[byte];
  if (v == kNoOpcode) return false;
  out = static_cast<Opcode>(v);
  return true;
}

bool lookup_prefixed_opcode(std::uint8_t prefix, std::uint32_t code, Opcode& out) noexcept {
  if (code > 0xFF) return false;
#if WRT_ENABLE_SIMD
  std::uint16_t v = prefix == 0xFC ? kDecode.fc[code] : prefix == 0xFD ? kDecode.fd[code] : kNoOpcode;
#else
  std::uint16_t v = prefix == 0xFC ? kDecode.fc[code] : kNoOpcode;
#endif
  if (v == kNoOpcode) return false;
  out = static_cast<Opcode>(v);
  return true;
}

}  // namespace wrt
