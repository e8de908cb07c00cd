#include <wrt/decoder/opcode.hpp>

#include <array>

namespace wrt {

namespace {

constexpr OpcodeInfo kInfo[] = {
#define WRT_X(id, prefix, code, text, imm, sig, bytes, feature) \
  {text, prefix, code, ImmediateKind::imm, Signature::sig, bytes, Feature::feature},
    WRT_OPCODES(WRT_X)
#undef WRT_X
};
static_assert(sizeof(kInfo) / sizeof(kInfo[0]) == kOpcodeCount);

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

struct SignatureTypes {
  std::array<ValType, 3> params{};
  std::array<ValType, 1> results{};
  std::uint8_t param_count = 0;
  std::uint8_t result_count = 0;
};

constexpr SignatureTypes make_signature(const char* params, const char* results) {
  SignatureTypes s;
  s.param_count = static_cast<std::uint8_t>(length_of(params));
  s.result_count = static_cast<std::uint8_t>(length_of(results));
  for (std::size_t i = 0; i < s.param_count; ++i) s.params[i] = type_of_letter(params[i]);
  for (std::size_t i = 0; i < s.result_count; ++i) s.results[i] = type_of_letter(results[i]);
  return s;
}

constexpr SignatureTypes kSignatures[] = {
#define WRT_X(sig, params, results) make_signature(params, results),
    WRT_SIGNATURES(WRT_X)
#undef WRT_X
};

constexpr std::uint16_t kNoOpcode = 0xFFFF;

// byte -> opcode for one-byte opcodes; 0xFC and 0xFD sub-opcodes (all < 256 in 2.0).
struct DecodeTables {
  std::array<std::uint16_t, 256> single{};
  std::array<std::uint16_t, 256> fc{};
  std::array<std::uint16_t, 256> fd{};
};

constexpr DecodeTables make_decode_tables() {
  DecodeTables t;
  for (auto& v : t.single) v = kNoOpcode;
  for (auto& v : t.fc) v = kNoOpcode;
  for (auto& v : t.fd) v = kNoOpcode;
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& op = kInfo[i];
    auto& table = op.prefix == 0 ? t.single : op.prefix == 0xFC ? t.fc : t.fd;
    table[op.code] = static_cast<std::uint16_t>(i);
  }
  return t;
}

constexpr DecodeTables kDecode = make_decode_tables();

}  // namespace

const OpcodeInfo& info(Opcode op) noexcept { return kInfo[static_cast<std::size_t>(op)]; }

std::span<const ValType> signature_params(Signature sig) noexcept {
  const SignatureTypes& s = kSignatures[static_cast<std::size_t>(sig)];
  return {s.params.data(), s.param_count};
}

std::span<const ValType> signature_results(Signature sig) noexcept {
  const SignatureTypes& s = kSignatures[static_cast<std::size_t>(sig)];
  return {s.results.data(), s.result_count};
}

bool feature_enabled(Feature feature, const Features& f) noexcept {
  switch (feature) {
    case Feature::mvp: return true;
    case Feature::sign_extension: return f.sign_extension;
    case Feature::saturating_float_to_int: return f.saturating_float_to_int;
    case Feature::bulk_memory: return f.bulk_memory;
    case Feature::reference_types: return f.reference_types;
    case Feature::simd: return f.simd;
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
  std::uint16_t v = prefix == 0xFC ? kDecode.fc[code] : prefix == 0xFD ? kDecode.fd[code] : kNoOpcode;
  if (v == kNoOpcode) return false;
  out = static_cast<Opcode>(v);
  return true;
}

}  // namespace wrt
