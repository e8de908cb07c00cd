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
  exnref = 0x69,  // exception handling (WebAssembly 3.0): a caught exception
};

[[nodiscard]] constexpr bool is_reference(ValType t) noexcept {
  return t == ValType::funcref || t == ValType::externref || t == ValType::exnref;
}
[[nodiscard]] constexpr bool is_number(ValType t) noexcept {
  return t == ValType::i32 || t == ValType::i64 || t == ValType::f32 || t == ValType::f64;
}
// True for the bytes that encode a value type (others are malformed).
[[nodiscard]] constexpr bool is_value_type_byte(std::uint8_t b) noexcept {
  return (b >= 0x7B && b <= 0x7F) || b == 0x70 || b == 0x6F || b == 0x69;
}
[[nodiscard]] const char* name_of(ValType t) noexcept;  // "i32", "funcref", ...

enum class ExternKind : std::uint8_t { function = 0, table = 1, memory = 2, global = 3, tag = 4 };
[[nodiscard]] const char* name_of(ExternKind k) noexcept;

// Limits as the binary format's limits: the range, and what the flags byte says besides since
// WebAssembly 3.0 (they fit in the padding, which keeps table and memory types small).
struct Limits {
  std::uint64_t min = 0;
  std::uint64_t max = 0;
  bool has_max = false;
  bool is64 = false;                 // memory64/table64: addresses (indices) are i64
  bool shared = false;               // threads: a shared memory (needs a maximum)
  std::uint8_t page_size_log2 = 16;  // custom-page-sizes: 16 (64 KiB) or 0 (one byte); memories only
};

struct TableType {
  ValType element = ValType::funcref;
  Limits limits;

  [[nodiscard]] constexpr bool is64() const noexcept { return limits.is64; }
};

struct MemoryType {
  Limits limits;  // in pages (64 KiB unless limits.page_size_log2 says otherwise)

  [[nodiscard]] constexpr bool is64() const noexcept { return limits.is64; }
  [[nodiscard]] constexpr bool shared() const noexcept { return limits.shared; }
  [[nodiscard]] constexpr unsigned page_size_log2() const noexcept { return limits.page_size_log2; }
  [[nodiscard]] constexpr std::uint64_t page_size() const noexcept { return std::uint64_t{1} << limits.page_size_log2; }
  // Whether code may use the fast path of memory 0 (32-bit addresses, 64 KiB pages).
  [[nodiscard]] constexpr bool is_classic() const noexcept { return !limits.is64 && limits.page_size_log2 == 16; }
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
  // WebAssembly 3.0: the memory side (compiled out with WRT_MEMORY_PROPOSALS = 0).
  bool multi_memory : 1 = WRT_MEMORY_PROPOSALS != 0;  // memory indices in memory instructions, several memories
  bool memory64 : 1 = WRT_MEMORY_PROPOSALS != 0;      // i64 addresses for memories and tables (table64)
  // Later proposals, off unless asked for.
  bool custom_page_sizes : 1 = false;  // memories with one-byte pages
  bool threads : 1 = false;            // shared memories, atomic instructions
  bool wide_arithmetic : 1 = false;    // i64.add128, i64.sub128, i64.mul_wide_s/u (not implemented yet)
  bool relaxed_simd : 1 = false;       // the relaxed SIMD instructions (not implemented yet)

  // Everything on (`wrt-run wast --enable=all`).
  static constexpr Features all() noexcept {
    Features f;
    f.multi_memory = f.memory64 = f.custom_page_sizes = f.threads = f.wide_arithmetic = true;
    f.relaxed_simd = f.simd;
    return f;
  }

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
    f.multi_memory = f.memory64 = f.custom_page_sizes = f.threads = f.wide_arithmetic = f.relaxed_simd = false;
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
