// The scalar numeric semantics of WebAssembly, exactly as the spec defines them.
//
// Integers wrap (two's complement on unsigned types, so nothing here is undefined behaviour);
// division traps on zero and signed overflow; shifts and rotations take the count modulo the
// width. Floats follow IEEE 754 with the spec's rules: min/max propagate NaN and order -0 below
// +0; abs, neg and copysign only touch the sign bit; nearest rounds to even; trunc traps on NaN
// and out-of-range values while trunc_sat saturates.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>

namespace wrt::numeric {

// Why execution stops abnormally. The numeric kernels set the first three; the interpreter
// the rest.
enum class Trap : std::uint8_t {
  none,
  integer_divide_by_zero,
  integer_overflow,
  invalid_conversion,
  unreachable,
  out_of_bounds_memory,
  out_of_bounds_table,
  indirect_call_mismatch,
  uninitialized_element,
  undefined_element,
  call_stack_exhausted,
  out_of_memory,  // lazy translation could not allocate
  unaligned_atomic,        // threads: an atomic access at an address not a multiple of its size
  expected_shared_memory,  // threads: memory.atomic.wait on a memory that is not shared
  endless_wait,            // threads: a wait without timeout that no other thread can end
  null_function_reference,  // call_ref of null
  null_reference,           // ref.as_non_null of null
  null_exception_reference,  // exception handling: throw_ref of a null exnref
  invalid,        // an instruction without a handler: a translator bug
};

using u32 = std::uint32_t;
using u64 = std::uint64_t;
using i32 = std::int32_t;
using i64 = std::int64_t;

// --- integers ------------------------------------------------------------------------------

template <typename U>
inline U div_s(U a, U b, Trap& trap) {
  using S = std::make_signed_t<U>;
  if (b == 0) {
    trap = Trap::integer_divide_by_zero;
    return 0;
  }
  if (a == (U{1} << (sizeof(U) * 8 - 1)) && b == static_cast<U>(-1)) {
    trap = Trap::integer_overflow;
    return 0;
  }
  return static_cast<U>(static_cast<S>(a) / static_cast<S>(b));
}
template <typename U>
inline U div_u(U a, U b, Trap& trap) {
  if (b == 0) {
    trap = Trap::integer_divide_by_zero;
    return 0;
  }
  return a / b;
}
template <typename U>
inline U rem_s(U a, U b, Trap& trap) {
  using S = std::make_signed_t<U>;
  if (b == 0) {
    trap = Trap::integer_divide_by_zero;
    return 0;
  }
  if (b == static_cast<U>(-1)) return 0;  // also covers MIN % -1, which C leaves undefined
  return static_cast<U>(static_cast<S>(a) % static_cast<S>(b));
}
template <typename U>
inline U rem_u(U a, U b, Trap& trap) {
  if (b == 0) {
    trap = Trap::integer_divide_by_zero;
    return 0;
  }
  return a % b;
}
template <typename U>
inline U shl(U a, U b) { return a << (b & (sizeof(U) * 8 - 1)); }
template <typename U>
inline U shr_u(U a, U b) { return a >> (b & (sizeof(U) * 8 - 1)); }
template <typename U>
inline U shr_s(U a, U b) {
  using S = std::make_signed_t<U>;
  // Arithmetic shift of a signed value: implementation-defined before C++20, defined since.
  return static_cast<U>(static_cast<S>(a) >> (b & (sizeof(U) * 8 - 1)));
}
template <typename U>
inline U rotl(U a, U b) { return std::rotl(a, static_cast<int>(b & (sizeof(U) * 8 - 1))); }
template <typename U>
inline U rotr(U a, U b) { return std::rotr(a, static_cast<int>(b & (sizeof(U) * 8 - 1))); }
template <typename U>
inline U lt_s(U a, U b) { return static_cast<std::make_signed_t<U>>(a) < static_cast<std::make_signed_t<U>>(b); }
template <typename U>
inline U gt_s(U a, U b) { return static_cast<std::make_signed_t<U>>(a) > static_cast<std::make_signed_t<U>>(b); }
template <typename U>
inline U le_s(U a, U b) { return static_cast<std::make_signed_t<U>>(a) <= static_cast<std::make_signed_t<U>>(b); }
template <typename U>
inline U ge_s(U a, U b) { return static_cast<std::make_signed_t<U>>(a) >= static_cast<std::make_signed_t<U>>(b); }

// Sign extension of the low `Bits` bits.
template <unsigned Bits, typename U>
inline U extend_s(U a) {
  constexpr unsigned kShift = sizeof(U) * 8 - Bits;
  return static_cast<U>(static_cast<std::make_signed_t<U>>(a << kShift) >> kShift);
}

// --- floats --------------------------------------------------------------------------------

template <typename F>
using bits_of = std::conditional_t<sizeof(F) == 4, u32, u64>;

template <typename F>
inline constexpr bits_of<F> kSignBit = bits_of<F>{1} << (sizeof(F) * 8 - 1);

template <typename F>
inline bool is_nan(F x) { return x != x; }

template <typename F>
inline F abs(F x) { return std::bit_cast<F>(std::bit_cast<bits_of<F>>(x) & ~kSignBit<F>); }
template <typename F>
inline F neg(F x) { return std::bit_cast<F>(std::bit_cast<bits_of<F>>(x) ^ kSignBit<F>); }
template <typename F>
inline F copysign(F a, F b) {
  return std::bit_cast<F>((std::bit_cast<bits_of<F>>(a) & ~kSignBit<F>) | (std::bit_cast<bits_of<F>>(b) & kSignBit<F>));
}

// NaN in, NaN out (the arithmetic of a NaN keeps a canonical NaN canonical); -0 < +0.
template <typename F>
inline F min(F a, F b) {
  if (is_nan(a) || is_nan(b)) return a + b;
  if (a == b) return std::bit_cast<F>(std::bit_cast<bits_of<F>>(a) | std::bit_cast<bits_of<F>>(b));
  return a < b ? a : b;
}
template <typename F>
inline F max(F a, F b) {
  if (is_nan(a) || is_nan(b)) return a + b;
  if (a == b) return std::bit_cast<F>(std::bit_cast<bits_of<F>>(a) & std::bit_cast<bits_of<F>>(b));
  return a > b ? a : b;
}
// pmin/pmax (SIMD): the comparison as written, no NaN or zero rules.
template <typename F>
inline F pmin(F a, F b) { return b < a ? b : a; }
template <typename F>
inline F pmax(F a, F b) { return a < b ? b : a; }

// A NaN operand gives a quiet NaN (adding it to itself quiets it; C libraries may return a
// signalling NaN unchanged from ceil and friends).
inline float ceil(float x) { return is_nan(x) ? x + x : __builtin_ceilf(x); }
inline double ceil(double x) { return is_nan(x) ? x + x : __builtin_ceil(x); }
inline float floor(float x) { return is_nan(x) ? x + x : __builtin_floorf(x); }
inline double floor(double x) { return is_nan(x) ? x + x : __builtin_floor(x); }
inline float trunc(float x) { return is_nan(x) ? x + x : __builtin_truncf(x); }
inline double trunc(double x) { return is_nan(x) ? x + x : __builtin_trunc(x); }
inline float sqrt(float x) { return is_nan(x) ? x + x : __builtin_sqrtf(x); }
inline double sqrt(double x) { return is_nan(x) ? x + x : __builtin_sqrt(x); }
// Round to nearest, ties to even. Below 2^23 (2^52 for f64), adding and subtracting that
// power of two rounds in the FPU's rounding mode, which WRT never changes from the IEEE default
// (nearest, ties to even); above it every float is already an integer.
template <typename F>
inline F nearest(F x) {
  if (is_nan(x)) return x + x;
  constexpr F kNoFraction = sizeof(F) == 4 ? F(8388608.0) : F(4503599627370496.0);
  F magnitude = abs(x);
  if (magnitude >= kNoFraction) return x;
  F rounded = (magnitude + kNoFraction) - kNoFraction;
  return copysign(rounded, x);
}

// --- conversions ---------------------------------------------------------------------------

// 2^bits of I's value range: the first float too large to convert (exact in every float type).
template <typename I, typename F>
inline constexpr F kIntegerLimit =
    static_cast<F>(std::is_signed_v<I> ? static_cast<double>(std::uint64_t{1} << (sizeof(I) * 8 - 1))
                                       : 2.0 * static_cast<double>(std::uint64_t{1} << (sizeof(I) * 8 - 1)));

// True when trunc(x) fits in I (x is not NaN).
template <typename I, typename F>
inline bool truncation_fits(F x) {
  constexpr F kHi = kIntegerLimit<I, F>;
  if constexpr (std::is_unsigned_v<I>) {
    return x > F(-1) && x < kHi;
  } else if constexpr (sizeof(I) == 4 && sizeof(F) == 8) {
    return x > -2147483649.0 && x < kHi;  // (MIN - 1, MAX + 1): both exact in f64
  } else {
    return x >= -kHi && x < kHi;  // MIN is -2^(bits-1), exact; MIN - 1 is not representable
  }
}

// float -> integer, trapping: NaN is an invalid conversion, out of range an overflow.
template <typename I, typename F>
inline I trunc_checked(F x, Trap& trap) {
  if (is_nan(x)) {
    trap = Trap::invalid_conversion;
    return 0;
  }
  if (!truncation_fits<I>(x)) {
    trap = Trap::integer_overflow;
    return 0;
  }
  return static_cast<I>(x);
}

// float -> integer, saturating: NaN is 0, out of range clamps.
template <typename I, typename F>
inline I trunc_sat(F x) {
  if (is_nan(x)) return 0;
  if (truncation_fits<I>(x)) return static_cast<I>(x);
  return x < F(0) ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
}

}  // namespace wrt::numeric
