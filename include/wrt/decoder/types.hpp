// The types of WebAssembly 2.0 as the decoder describes them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <wrt/platform.hpp>

namespace wrt {

// Value types, with their binary encodings as values so a decoded byte converts directly.
enum class ValType : std::uint8_t {
  i32 = 0x7F,
  i64 = 0x7E,
  f32 = 0x7D,
  f64 = 0x7C,
  v128 = 0x7B,
  funcref = 0x70,
  externref = 0x6F,
};

[[nodiscard]] constexpr bool is_reference(ValType t) noexcept {
  return t == ValType::funcref || t == ValType::externref;
}
[[nodiscard]] constexpr bool is_number(ValType t) noexcept {
  return t == ValType::i32 || t == ValType::i64 || t == ValType::f32 || t == ValType::f64;
}
// True for the bytes that encode a value type (others are malformed).
[[nodiscard]] constexpr bool is_value_type_byte(std::uint8_t b) noexcept {
  return (b >= 0x7B && b <= 0x7F) || b == 0x70 || b == 0x6F;
}
[[nodiscard]] const char* name_of(ValType t) noexcept;  // "i32", "funcref", ...

enum class ExternKind : std::uint8_t { function = 0, table = 1, memory = 2, global = 3 };
[[nodiscard]] const char* name_of(ExternKind k) noexcept;

struct Limits {
  std::uint64_t min = 0;
  std::uint64_t max = 0;
  bool has_max = false;
};

struct TableType {
  ValType element = ValType::funcref;
  Limits limits;
};

struct MemoryType {
  Limits limits;  // in pages of 64 KiB
};

struct GlobalType {
  ValType type = ValType::i32;
  bool is_mutable = false;
};

// A function type as a view into the module's type storage.
struct FuncType {
  std::span<const ValType> params;
  std::span<const ValType> results;
};

[[nodiscard]] bool operator==(const FuncType& a, const FuncType& b) noexcept;

// Which proposals beyond the 1.0 MVP are enabled. The defaults are WebAssembly 2.0 and every
// WebAssembly 3.0 proposal compiled into this build (all of them in hosted builds; the
// firmware presets compile them out). A proposal that is compiled out stays off whatever the
// flag says (the decoder asks `feature_enabled`).
struct Features {
  bool sign_extension = true;
  bool saturating_float_to_int = true;
  bool multi_value = true;
  bool mutable_globals = true;
  bool reference_types = true;
  bool bulk_memory = true;
  bool simd = WRT_ENABLE_SIMD != 0;  // never on when SIMD is compiled out (WRT_ENABLE_SIMD)
  // WebAssembly 3.0 (issue 16): control flow and references. Bits, so that the struct (kept
  // in every module's code) stays one word on the firmware.
  bool tail_call : 1 = WRT_ENABLE_TAIL_CALL != 0;
  bool exceptions : 1 = WRT_ENABLE_EXCEPTIONS != 0;
  bool legacy_exceptions : 1 = WRT_ENABLE_EXCEPTIONS != 0;  // try/catch/delegate/rethrow: not in 3.0, still emitted
  bool function_references : 1 = WRT_ENABLE_FUNCTION_REFERENCES != 0;
  bool extended_const : 1 = WRT_ENABLE_EXTENDED_CONST != 0;

  static constexpr Features mvp() noexcept {
    Features f = wasm2();
    f.sign_extension = f.saturating_float_to_int = f.multi_value = f.reference_types = f.bulk_memory =
        f.simd = false;
    return f;
  }
  // WebAssembly 2.0: every 3.0 proposal off.
  static constexpr Features wasm2() noexcept {
    Features f;
    f.tail_call = f.exceptions = f.legacy_exceptions = f.function_references = f.extended_const = false;
    return f;
  }
};

// Values a constant expression may hold at once while it is evaluated: extended constant
// expressions (i32.add etc.) stack operands; the validator rejects deeper ones
// (limit_exceeded) so that evaluation needs no allocation. One without the proposal.
inline constexpr std::size_t kMaxConstExprDepth = WRT_ENABLE_EXTENDED_CONST ? 32 : 1;

// Turns the feature `name` (as in `wrt-run --enable/--disable`: "simd", "tail-call",
// "exceptions", ...; "3.0" is every WebAssembly 3.0 proposal) on or off. False for an unknown
// name. Turning on a proposal that is compiled out succeeds, but it stays off.
[[nodiscard]] bool set_feature(Features& features, const char* name, bool on) noexcept;
// The names set_feature knows, comma-separated (for help texts).
[[nodiscard]] const char* feature_names() noexcept;

}  // namespace wrt
