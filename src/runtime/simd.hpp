// v128 semantics. Lane-wise operations are written over GCC/Clang vector types, which the
// compiler turns into SSE/NEON instructions where the target has them and into scalar code
// elsewhere (Cortex-M): the one place where WRT's SIMD is vectorized. Operations with per-lane
// rules (saturation, NaN handling, conversions) are lane loops over the scalar semantics.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include <wrt/runtime/value.hpp>

#include "runtime/numeric.hpp"

namespace wrt::simd {

typedef std::int8_t i8x16 __attribute__((vector_size(16)));
typedef std::uint8_t u8x16 __attribute__((vector_size(16)));
typedef std::int16_t i16x8 __attribute__((vector_size(16)));
typedef std::uint16_t u16x8 __attribute__((vector_size(16)));
typedef std::int32_t i32x4 __attribute__((vector_size(16)));
typedef std::uint32_t u32x4 __attribute__((vector_size(16)));
typedef std::int64_t i64x2 __attribute__((vector_size(16)));
typedef std::uint64_t u64x2 __attribute__((vector_size(16)));
typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));

template <typename V>
inline V as(const V128& v) {
  V r;
  std::memcpy(&r, v.bytes, 16);
  return r;
}
template <typename V>
inline V128 from(const V& v) {
  V128 r;
  std::memcpy(r.bytes, &v, 16);
  return r;
}

// Lanes of a plain element type, for the lane loops.
template <typename T>
struct Lanes {
  static constexpr int kCount = 16 / static_cast<int>(sizeof(T));
  T v[16 / sizeof(T)];
};
template <typename T>
inline Lanes<T> lanes(const V128& x) {
  Lanes<T> r;
  std::memcpy(r.v, x.bytes, 16);
  return r;
}
template <typename T>
inline V128 from_lanes(const Lanes<T>& l) {
  V128 r;
  std::memcpy(r.bytes, l.v, 16);
  return r;
}

template <typename T, typename Fn>
inline V128 map1(const V128& a, Fn fn) {
  Lanes<T> x = lanes<T>(a), r;
  for (int i = 0; i < Lanes<T>::kCount; ++i) r.v[i] = fn(x.v[i]);
  return from_lanes(r);
}
template <typename T, typename Fn>
inline V128 map2(const V128& a, const V128& b, Fn fn) {
  Lanes<T> x = lanes<T>(a), y = lanes<T>(b), r;
  for (int i = 0; i < Lanes<T>::kCount; ++i) r.v[i] = fn(x.v[i], y.v[i]);
  return from_lanes(r);
}

// Vector-typed binary and unary operations: the compiler vectorizes these.
template <typename V, typename Fn>
inline V128 vop2(const V128& a, const V128& b, Fn fn) {
  return from<V>(fn(as<V>(a), as<V>(b)));
}
template <typename V, typename Fn>
inline V128 vop1(const V128& a, Fn fn) {
  return from<V>(fn(as<V>(a)));
}

// Lane-wise select by mask (all ones / all zeros per lane).
template <typename V>
inline V select_mask(V mask, V a, V b) {
  return (a & mask) | (b & ~mask);
}

template <typename T>
inline T saturate(std::int64_t x) {
  if (x < static_cast<std::int64_t>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (x > static_cast<std::int64_t>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(x);
}

template <typename T>
inline V128 splat(T x) {
  Lanes<T> r;
  for (int i = 0; i < Lanes<T>::kCount; ++i) r.v[i] = x;
  return from_lanes(r);
}

template <typename T, typename R>
inline R extract(const V128& v, std::uint32_t lane) {
  return static_cast<R>(lanes<T>(v).v[lane]);
}
template <typename T, typename S>
inline V128 replace(const V128& v, S x, std::uint32_t lane) {
  Lanes<T> l = lanes<T>(v);
  l.v[lane] = static_cast<T>(x);
  return from_lanes(l);
}

// Narrow: lanes of a then b, each saturated into the half-width type.
template <typename From, typename To>
inline V128 narrow(const V128& a, const V128& b) {
  Lanes<From> x = lanes<From>(a), y = lanes<From>(b);
  Lanes<To> r;
  constexpr int n = Lanes<From>::kCount;
  for (int i = 0; i < n; ++i) r.v[i] = saturate<To>(x.v[i]);
  for (int i = 0; i < n; ++i) r.v[n + i] = saturate<To>(y.v[i]);
  return from_lanes(r);
}

// Extend the low or high half of the lanes to double width.
template <typename From, typename To, bool High>
inline V128 extend(const V128& a) {
  Lanes<From> x = lanes<From>(a);
  Lanes<To> r;
  constexpr int n = Lanes<To>::kCount;
  for (int i = 0; i < n; ++i) r.v[i] = static_cast<To>(x.v[i + (High ? n : 0)]);
  return from_lanes(r);
}

template <typename From, typename To, bool High>
inline V128 extmul(const V128& a, const V128& b) {
  Lanes<From> x = lanes<From>(a), y = lanes<From>(b);
  Lanes<To> r;
  constexpr int n = Lanes<To>::kCount;
  for (int i = 0; i < n; ++i) {
    r.v[i] = static_cast<To>(static_cast<To>(x.v[i + (High ? n : 0)]) * static_cast<To>(y.v[i + (High ? n : 0)]));
  }
  return from_lanes(r);
}

template <typename From, typename To>
inline V128 extadd_pairwise(const V128& a) {
  Lanes<From> x = lanes<From>(a);
  Lanes<To> r;
  for (int i = 0; i < Lanes<To>::kCount; ++i) r.v[i] = static_cast<To>(static_cast<To>(x.v[2 * i]) + static_cast<To>(x.v[2 * i + 1]));
  return from_lanes(r);
}

template <typename T>
inline std::uint32_t bitmask(const V128& a) {
  Lanes<T> x = lanes<T>(a);
  std::uint32_t r = 0;
  for (int i = 0; i < Lanes<T>::kCount; ++i) r |= (x.v[i] < 0 ? 1u : 0u) << i;
  return r;
}

template <typename T>
inline std::uint32_t all_true(const V128& a) {
  Lanes<T> x = lanes<T>(a);
  for (int i = 0; i < Lanes<T>::kCount; ++i) {
    if (x.v[i] == 0) return 0;
  }
  return 1;
}

inline std::uint32_t any_true(const V128& a) {
  u64x2 x = as<u64x2>(a);
  return (x[0] | x[1]) != 0 ? 1 : 0;
}

// Shifts take the count modulo the lane width.
template <typename V, typename T>
inline V128 shl(const V128& a, std::uint32_t count) {
  return from<V>(as<V>(a) << static_cast<T>(count & (sizeof(T) * 8 - 1)));
}
template <typename V, typename T>
inline V128 shr(const V128& a, std::uint32_t count) {
  return from<V>(as<V>(a) >> static_cast<T>(count & (sizeof(T) * 8 - 1)));
}

inline V128 swizzle(const V128& a, const V128& s) {
  V128 r;
  for (int i = 0; i < 16; ++i) r.bytes[i] = s.bytes[i] < 16 ? a.bytes[s.bytes[i]] : 0;
  return r;
}

inline V128 shuffle(const V128& a, const V128& b, const std::uint8_t* lanes16) {
  V128 r;
  for (int i = 0; i < 16; ++i) {
    std::uint8_t l = lanes16[i];
    r.bytes[i] = l < 16 ? a.bytes[l] : b.bytes[l - 16];
  }
  return r;
}

inline V128 bitselect(const V128& a, const V128& b, const V128& c) {
  u64x2 m = as<u64x2>(c);
  return from<u64x2>((as<u64x2>(a) & m) | (as<u64x2>(b) & ~m));
}

inline V128 q15mulr_sat(const V128& a, const V128& b) {
  return map2<std::int16_t>(a, b, [](std::int16_t x, std::int16_t y) {
    std::int32_t p = (static_cast<std::int32_t>(x) * static_cast<std::int32_t>(y) + 0x4000) >> 15;
    return saturate<std::int16_t>(p);
  });
}

// Relaxed SIMD's dot products, with the choices of docs/interpreter.md: b's lanes are signed, and
// each pair of products is summed with wrapping into an i16 lane; the i32x4 form adds pairs of
// those i16 lanes (sign-extended) to c, wrapping.
inline V128 relaxed_dot_i8x16_i7x16(const V128& a, const V128& b) {
  Lanes<std::int8_t> x = lanes<std::int8_t>(a), y = lanes<std::int8_t>(b);
  Lanes<std::int16_t> r;
  for (int i = 0; i < 8; ++i) {
    const std::int32_t sum = x.v[2 * i] * y.v[2 * i] + x.v[2 * i + 1] * y.v[2 * i + 1];  // |sum| <= 2^15
    r.v[i] = static_cast<std::int16_t>(static_cast<std::uint16_t>(static_cast<std::uint32_t>(sum) & 0xFFFFu));
  }
  return from_lanes(r);
}
inline V128 relaxed_dot_i8x16_i7x16_add(const V128& a, const V128& b, const V128& c) {
  Lanes<std::int16_t> d = lanes<std::int16_t>(relaxed_dot_i8x16_i7x16(a, b));
  Lanes<std::int32_t> r = lanes<std::int32_t>(c);
  for (int i = 0; i < 4; ++i) {
    const std::uint32_t pair = static_cast<std::uint32_t>(std::int32_t{d.v[2 * i]} + std::int32_t{d.v[2 * i + 1]});
    r.v[i] = static_cast<std::int32_t>(static_cast<std::uint32_t>(r.v[i]) + pair);
  }
  return from_lanes(r);
}

inline V128 dot_i16x8(const V128& a, const V128& b) {
  Lanes<std::int16_t> x = lanes<std::int16_t>(a), y = lanes<std::int16_t>(b);
  Lanes<std::int32_t> r;
  for (int i = 0; i < 4; ++i) {
    // Two products of int16 never overflow int32 except (-2^15)^2 * 2 = 2^31: wrap like the spec.
    std::uint32_t p0 = static_cast<std::uint32_t>(static_cast<std::int32_t>(x.v[2 * i]) * y.v[2 * i]);
    std::uint32_t p1 = static_cast<std::uint32_t>(static_cast<std::int32_t>(x.v[2 * i + 1]) * y.v[2 * i + 1]);
    r.v[i] = static_cast<std::int32_t>(p0 + p1);
  }
  return from_lanes(r);
}

template <typename T>
inline V128 avgr_u(const V128& a, const V128& b) {
  return map2<T>(a, b, [](T x, T y) { return static_cast<T>((static_cast<std::uint32_t>(x) + y + 1) / 2); });
}

template <typename T, typename Wide>
inline V128 add_sat(const V128& a, const V128& b) {
  return map2<T>(a, b, [](T x, T y) { return saturate<T>(static_cast<Wide>(x) + static_cast<Wide>(y)); });
}
template <typename T, typename Wide>
inline V128 sub_sat(const V128& a, const V128& b) {
  return map2<T>(a, b, [](T x, T y) { return saturate<T>(static_cast<Wide>(x) - static_cast<Wide>(y)); });
}

template <typename T>
inline V128 int_min(const V128& a, const V128& b) {
  return map2<T>(a, b, [](T x, T y) { return x < y ? x : y; });
}
template <typename T>
inline V128 int_max(const V128& a, const V128& b) {
  return map2<T>(a, b, [](T x, T y) { return x > y ? x : y; });
}
template <typename T>
inline V128 int_abs(const V128& a) {
  using U = std::make_unsigned_t<T>;
  return map1<T>(a, [](T x) { return x < 0 ? static_cast<T>(U(0) - static_cast<U>(x)) : x; });
}

// Lane-wise comparison producing all-ones/all-zeros lanes.
template <typename T, typename Fn>
inline V128 compare(const V128& a, const V128& b, Fn fn) {
  using U = std::conditional_t<sizeof(T) == 1, std::uint8_t,
            std::conditional_t<sizeof(T) == 2, std::uint16_t, std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>>;
  Lanes<T> x = lanes<T>(a), y = lanes<T>(b);
  Lanes<U> r;
  for (int i = 0; i < Lanes<T>::kCount; ++i) r.v[i] = fn(x.v[i], y.v[i]) ? static_cast<U>(~U{0}) : U{0};
  return from_lanes(r);
}

template <typename T>
inline V128 load_extend(const std::uint8_t* p) {
  // 8 bytes of T widened to 16 bytes of twice-as-wide lanes.
  using Wide = std::conditional_t<sizeof(T) == 1, std::conditional_t<std::is_signed_v<T>, std::int16_t, std::uint16_t>,
               std::conditional_t<sizeof(T) == 2, std::conditional_t<std::is_signed_v<T>, std::int32_t, std::uint32_t>,
                                  std::conditional_t<std::is_signed_v<T>, std::int64_t, std::uint64_t>>>;
  T in[8 / sizeof(T)];
  std::memcpy(in, p, 8);
  Lanes<Wide> r;
  for (int i = 0; i < Lanes<Wide>::kCount; ++i) r.v[i] = static_cast<Wide>(in[i]);
  return from_lanes(r);
}

template <typename T>
inline V128 load_splat(const std::uint8_t* p) {
  T x;
  std::memcpy(&x, p, sizeof(T));
  return splat<T>(x);
}

template <typename T>
inline V128 load_zero(const std::uint8_t* p) {
  V128 r{};
  std::memcpy(r.bytes, p, sizeof(T));
  return r;
}

template <typename T>
inline V128 load_lane(const std::uint8_t* p, const V128& v, std::uint32_t lane) {
  V128 r = v;
  std::memcpy(r.bytes + lane * sizeof(T), p, sizeof(T));
  return r;
}
template <typename T>
inline void store_lane(std::uint8_t* p, const V128& v, std::uint32_t lane) {
  std::memcpy(p, v.bytes + lane * sizeof(T), sizeof(T));
}

}  // namespace wrt::simd
