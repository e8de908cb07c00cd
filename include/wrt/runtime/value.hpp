// Values as the embedder sees them: a type and its bits.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>

#include <wrt/decoder/types.hpp>

namespace wrt {

// One 8-byte cell of the interpreter's value stack; a v128 takes two.
using Slot = std::uint64_t;

struct V128 {
  std::uint8_t bytes[16];

  friend bool operator==(const V128& a, const V128& b) noexcept { return std::memcmp(a.bytes, b.bytes, 16) == 0; }
};

// A reference: funcref values are FunctionInstance pointers, externref values are opaque
// host pointers; 0 is null in both.
using RefBits = std::uintptr_t;

class FunctionInstance;

class Value {
 public:
  Value() noexcept : type_(ValType::i32), bits_{0, 0} {}

  static Value i32(std::int32_t v) noexcept { return Value(ValType::i32, static_cast<std::uint32_t>(v)); }
  static Value i64(std::int64_t v) noexcept { return Value(ValType::i64, static_cast<std::uint64_t>(v)); }
  static Value f32(float v) noexcept { return Value(ValType::f32, std::bit_cast<std::uint32_t>(v)); }
  static Value f64(double v) noexcept { return Value(ValType::f64, std::bit_cast<std::uint64_t>(v)); }
  static Value f32_bits(std::uint32_t bits) noexcept { return Value(ValType::f32, bits); }
  static Value f64_bits(std::uint64_t bits) noexcept { return Value(ValType::f64, bits); }
  static Value v128(const V128& v) noexcept {
    Value value(ValType::v128, 0);
    std::memcpy(value.bits_, v.bytes, 16);
    return value;
  }
  static Value funcref(const FunctionInstance* f) noexcept {
    return Value(ValType::funcref, reinterpret_cast<RefBits>(f));
  }
  static Value externref(const void* p) noexcept { return Value(ValType::externref, reinterpret_cast<RefBits>(p)); }
  static Value null(ValType ref_type) noexcept { return Value(ref_type, 0); }
  // The zero value of a type (the default of locals and tables).
  static Value zero(ValType type) noexcept { return Value(type, 0); }

  [[nodiscard]] ValType type() const noexcept { return type_; }
  [[nodiscard]] std::int32_t as_i32() const noexcept { return static_cast<std::int32_t>(bits_[0]); }
  [[nodiscard]] std::int64_t as_i64() const noexcept { return static_cast<std::int64_t>(bits_[0]); }
  [[nodiscard]] float as_f32() const noexcept { return std::bit_cast<float>(static_cast<std::uint32_t>(bits_[0])); }
  [[nodiscard]] double as_f64() const noexcept { return std::bit_cast<double>(bits_[0]); }
  [[nodiscard]] std::uint32_t f32_bits() const noexcept { return static_cast<std::uint32_t>(bits_[0]); }
  [[nodiscard]] std::uint64_t f64_bits() const noexcept { return bits_[0]; }
  [[nodiscard]] V128 as_v128() const noexcept {
    V128 v;
    std::memcpy(v.bytes, bits_, 16);
    return v;
  }
  [[nodiscard]] RefBits ref_bits() const noexcept { return static_cast<RefBits>(bits_[0]); }
  [[nodiscard]] bool is_null() const noexcept { return is_reference(type_) && bits_[0] == 0; }
  [[nodiscard]] const FunctionInstance* as_funcref() const noexcept {
    return reinterpret_cast<const FunctionInstance*>(ref_bits());
  }
  [[nodiscard]] void* as_externref() const noexcept { return reinterpret_cast<void*>(ref_bits()); }

  // The value's slots (one, or two for v128), as the interpreter stores it.
  [[nodiscard]] const Slot* slots() const noexcept { return bits_; }
  static Value from_slots(ValType type, const Slot* slots) noexcept {
    Value v(type, slots[0]);
    if (type == ValType::v128) v.bits_[1] = slots[1];
    return v;
  }

 private:
  Value(ValType type, std::uint64_t bits) noexcept : type_(type), bits_{bits, 0} {}

  ValType type_;
  Slot bits_[2];
};

[[nodiscard]] constexpr std::uint32_t slot_count(ValType t) noexcept { return t == ValType::v128 ? 2 : 1; }
// The slots a sequence of values takes (a function's parameters; the first i of them: where
// value i starts).
[[nodiscard]] constexpr std::uint32_t slot_count(std::span<const ValType> types) noexcept {
  std::uint32_t n = 0;
  for (ValType t : types) n += slot_count(t);
  return n;
}

// Whether `v` may stand where a value of `type` is expected (arguments, results, globals and
// tables set by the embedder): its own type, or, for references (typed function references),
// a reference of the same hierarchy (func, extern, exn) that the type's nullability allows.
// A non-null function of another concrete type is not caught here (a value does not carry
// its function's module): value_fits_in (runtime/store.hpp) adds that check, and the
// embedder's calls use it.
[[nodiscard]] inline bool value_fits(const Value& v, ValType type) noexcept {
  if (v.type() == type) return !v.is_null() || is_nullable(type);
  if constexpr (!kFunctionReferences) return false;  // every reference type is its own hierarchy
  if (!is_reference(v.type()) || !is_reference(type)) return false;
  if (top_heap(heap_kind(v.type())) != top_heap(heap_kind(type))) return false;
  return v.is_null() ? is_nullable(type) : true;
}

}  // namespace wrt
