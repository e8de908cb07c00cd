// The types of WebAssembly 2.0 as the decoder describes them.
#pragma once

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

// Which proposals beyond the 1.0 MVP are enabled. The defaults are WebAssembly 2.0.
struct Features {
  bool sign_extension = true;
  bool saturating_float_to_int = true;
  bool multi_value = true;
  bool mutable_globals = true;
  bool reference_types = true;
  bool bulk_memory = true;
  bool simd = WRT_ENABLE_SIMD != 0;  // never on when SIMD is compiled out (WRT_ENABLE_SIMD)

  static constexpr Features mvp() noexcept {
    Features f;
    f.sign_extension = f.saturating_float_to_int = f.multi_value = f.reference_types = f.bulk_memory =
        f.simd = false;
    return f;
  }
};

}  // namespace wrt
