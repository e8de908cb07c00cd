// What each directly executed instruction computes, keyed by its opcode from the one opcode
// table. The interpreter's handlers are generated from the table; each fetches the operands its
// signature names and calls Kernel<opcode>. An opcode without a kernel here does not compile.
//
//   apply(operands..., imm, trap)   arithmetic; `imm` points at the instruction's immediates
//                                   (lane indices, shuffle masks), `trap` is set on a trap
//   load(p) / store(p, v)           memory access at a bounds-checked address
//   load_lane / store_lane          the SIMD lane forms
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

#include <wrt/decoder/opcode.hpp>
#include <wrt/platform.hpp>

#include "runtime/code.hpp"
#include "runtime/numeric.hpp"
#include "runtime/simd.hpp"

namespace wrt {

static_assert(std::endian::native == std::endian::little,
              "WRT's interpreter keeps WebAssembly's little-endian byte order natively");

template <Opcode O>
struct Kernel;

namespace kernels {
using numeric::Trap;
using u32 = std::uint32_t;
using u64 = std::uint64_t;
using i32 = std::int32_t;
using i64 = std::int64_t;
using f32 = float;
using f64 = double;
using v128 = V128;

template <typename T>
WRT_ALWAYS_INLINE T read(const std::uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <typename T>
WRT_ALWAYS_INLINE void write(std::uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof v);
}
inline u32 b2u(bool b) { return b ? 1u : 0u; }
inline std::uint32_t lane_of(const CodeWord* imm) { return imm[0]; }

// The first N lanes of `a` (as From) converted to To; the result's other lanes are zero.
// Float to integer saturates, as every SIMD conversion does.
template <typename To, typename From, int N>
inline V128 convert_lanes(const V128& a) {
  simd::Lanes<From> x = simd::lanes<From>(a);
  simd::Lanes<To> r{};
  for (int i = 0; i < N; ++i) {
    if constexpr (std::is_integral_v<To> && std::is_floating_point_v<From>) {
      r.v[i] = numeric::trunc_sat<To>(x.v[i]);
    } else {
      r.v[i] = static_cast<To>(x.v[i]);
    }
  }
  return simd::from_lanes(r);
}
}  // namespace kernels

// clang-format off
#define WRT_K1(op, A, R, ...) template <> struct Kernel<Opcode::op> { \
  static WRT_ALWAYS_INLINE kernels::R apply(kernels::A a, [[maybe_unused]] const CodeWord* imm, \
                                            [[maybe_unused]] kernels::Trap& trap) noexcept { \
    using namespace kernels; return __VA_ARGS__; } };
#define WRT_K2(op, A, B, R, ...) template <> struct Kernel<Opcode::op> { \
  static WRT_ALWAYS_INLINE kernels::R apply(kernels::A a, kernels::B b, [[maybe_unused]] const CodeWord* imm, \
                                            [[maybe_unused]] kernels::Trap& trap) noexcept { \
    using namespace kernels; return __VA_ARGS__; } };
#define WRT_K3(op, A, B, C, R, ...) template <> struct Kernel<Opcode::op> { \
  static WRT_ALWAYS_INLINE kernels::R apply(kernels::A a, kernels::B b, kernels::C c, \
                                            [[maybe_unused]] const CodeWord* imm, \
                                            [[maybe_unused]] kernels::Trap& trap) noexcept { \
    using namespace kernels; return __VA_ARGS__; } };
#define WRT_KLOAD(op, R, ...) template <> struct Kernel<Opcode::op> { \
  static WRT_ALWAYS_INLINE kernels::R load(const std::uint8_t* p) noexcept { using namespace kernels; return __VA_ARGS__; } };
#define WRT_KSTORE(op, T, STORED) template <> struct Kernel<Opcode::op> { \
  static WRT_ALWAYS_INLINE void store(std::uint8_t* p, kernels::T v) noexcept { \
    using namespace kernels; write<STORED>(p, static_cast<STORED>(v)); } };
#define WRT_KLANE(op, T) template <> struct Kernel<Opcode::op> { \
  static WRT_ALWAYS_INLINE V128 load_lane(const std::uint8_t* p, const V128& v, std::uint32_t lane) noexcept { \
    return simd::load_lane<T>(p, v, lane); } \
  static WRT_ALWAYS_INLINE void store_lane(std::uint8_t* p, const V128& v, std::uint32_t lane) noexcept { \
    simd::store_lane<T>(p, v, lane); } };

// --- memory --------------------------------------------------------------------------------
WRT_KLOAD(i32_load, u32, read<u32>(p))
WRT_KLOAD(i64_load, u64, read<u64>(p))
WRT_KLOAD(f32_load, f32, read<f32>(p))
WRT_KLOAD(f64_load, f64, read<f64>(p))
WRT_KLOAD(i32_load8_s, u32, static_cast<u32>(static_cast<i32>(read<std::int8_t>(p))))
WRT_KLOAD(i32_load8_u, u32, read<std::uint8_t>(p))
WRT_KLOAD(i32_load16_s, u32, static_cast<u32>(static_cast<i32>(read<std::int16_t>(p))))
WRT_KLOAD(i32_load16_u, u32, read<std::uint16_t>(p))
WRT_KLOAD(i64_load8_s, u64, static_cast<u64>(static_cast<i64>(read<std::int8_t>(p))))
WRT_KLOAD(i64_load8_u, u64, read<std::uint8_t>(p))
WRT_KLOAD(i64_load16_s, u64, static_cast<u64>(static_cast<i64>(read<std::int16_t>(p))))
WRT_KLOAD(i64_load16_u, u64, read<std::uint16_t>(p))
WRT_KLOAD(i64_load32_s, u64, static_cast<u64>(static_cast<i64>(read<std::int32_t>(p))))
WRT_KLOAD(i64_load32_u, u64, read<std::uint32_t>(p))
WRT_KSTORE(i32_store, u32, u32)
WRT_KSTORE(i64_store, u64, u64)
WRT_KSTORE(f32_store, f32, f32)
WRT_KSTORE(f64_store, f64, f64)
WRT_KSTORE(i32_store8, u32, std::uint8_t)
WRT_KSTORE(i32_store16, u32, std::uint16_t)
WRT_KSTORE(i64_store8, u64, std::uint8_t)
WRT_KSTORE(i64_store16, u64, std::uint16_t)
WRT_KSTORE(i64_store32, u64, std::uint32_t)
WRT_KLOAD(v128_load, v128, read<V128>(p))
WRT_KLOAD(v128_load8x8_s, v128, simd::load_extend<std::int8_t>(p))
WRT_KLOAD(v128_load8x8_u, v128, simd::load_extend<std::uint8_t>(p))
WRT_KLOAD(v128_load16x4_s, v128, simd::load_extend<std::int16_t>(p))
WRT_KLOAD(v128_load16x4_u, v128, simd::load_extend<std::uint16_t>(p))
WRT_KLOAD(v128_load32x2_s, v128, simd::load_extend<std::int32_t>(p))
WRT_KLOAD(v128_load32x2_u, v128, simd::load_extend<std::uint32_t>(p))
WRT_KLOAD(v128_load8_splat, v128, simd::load_splat<std::uint8_t>(p))
WRT_KLOAD(v128_load16_splat, v128, simd::load_splat<std::uint16_t>(p))
WRT_KLOAD(v128_load32_splat, v128, simd::load_splat<std::uint32_t>(p))
WRT_KLOAD(v128_load64_splat, v128, simd::load_splat<std::uint64_t>(p))
WRT_KLOAD(v128_load32_zero, v128, simd::load_zero<std::uint32_t>(p))
WRT_KLOAD(v128_load64_zero, v128, simd::load_zero<std::uint64_t>(p))
WRT_KSTORE(v128_store, v128, V128)
WRT_KLANE(v128_load8_lane, std::uint8_t)
WRT_KLANE(v128_load16_lane, std::uint16_t)
WRT_KLANE(v128_load32_lane, std::uint32_t)
WRT_KLANE(v128_load64_lane, std::uint64_t)
WRT_KLANE(v128_store8_lane, std::uint8_t)
WRT_KLANE(v128_store16_lane, std::uint16_t)
WRT_KLANE(v128_store32_lane, std::uint32_t)
WRT_KLANE(v128_store64_lane, std::uint64_t)

// --- i32 -----------------------------------------------------------------------------------
WRT_K1(i32_eqz, u32, u32, b2u(a == 0))
WRT_K2(i32_eq, u32, u32, u32, b2u(a == b))
WRT_K2(i32_ne, u32, u32, u32, b2u(a != b))
WRT_K2(i32_lt_s, u32, u32, u32, numeric::lt_s(a, b))
WRT_K2(i32_lt_u, u32, u32, u32, b2u(a < b))
WRT_K2(i32_gt_s, u32, u32, u32, numeric::gt_s(a, b))
WRT_K2(i32_gt_u, u32, u32, u32, b2u(a > b))
WRT_K2(i32_le_s, u32, u32, u32, numeric::le_s(a, b))
WRT_K2(i32_le_u, u32, u32, u32, b2u(a <= b))
WRT_K2(i32_ge_s, u32, u32, u32, numeric::ge_s(a, b))
WRT_K2(i32_ge_u, u32, u32, u32, b2u(a >= b))
WRT_K1(i32_clz, u32, u32, static_cast<u32>(std::countl_zero(a)))
WRT_K1(i32_ctz, u32, u32, static_cast<u32>(std::countr_zero(a)))
WRT_K1(i32_popcnt, u32, u32, static_cast<u32>(std::popcount(a)))
WRT_K2(i32_add, u32, u32, u32, a + b)
WRT_K2(i32_sub, u32, u32, u32, a - b)
WRT_K2(i32_mul, u32, u32, u32, a * b)
WRT_K2(i32_div_s, u32, u32, u32, numeric::div_s(a, b, trap))
WRT_K2(i32_div_u, u32, u32, u32, numeric::div_u(a, b, trap))
WRT_K2(i32_rem_s, u32, u32, u32, numeric::rem_s(a, b, trap))
WRT_K2(i32_rem_u, u32, u32, u32, numeric::rem_u(a, b, trap))
WRT_K2(i32_and, u32, u32, u32, a & b)
WRT_K2(i32_or, u32, u32, u32, a | b)
WRT_K2(i32_xor, u32, u32, u32, a ^ b)
WRT_K2(i32_shl, u32, u32, u32, numeric::shl(a, b))
WRT_K2(i32_shr_s, u32, u32, u32, numeric::shr_s(a, b))
WRT_K2(i32_shr_u, u32, u32, u32, numeric::shr_u(a, b))
WRT_K2(i32_rotl, u32, u32, u32, numeric::rotl(a, b))
WRT_K2(i32_rotr, u32, u32, u32, numeric::rotr(a, b))

// --- i64 -----------------------------------------------------------------------------------
WRT_K1(i64_eqz, u64, u32, b2u(a == 0))
WRT_K2(i64_eq, u64, u64, u32, b2u(a == b))
WRT_K2(i64_ne, u64, u64, u32, b2u(a != b))
WRT_K2(i64_lt_s, u64, u64, u32, static_cast<u32>(numeric::lt_s(a, b)))
WRT_K2(i64_lt_u, u64, u64, u32, b2u(a < b))
WRT_K2(i64_gt_s, u64, u64, u32, static_cast<u32>(numeric::gt_s(a, b)))
WRT_K2(i64_gt_u, u64, u64, u32, b2u(a > b))
WRT_K2(i64_le_s, u64, u64, u32, static_cast<u32>(numeric::le_s(a, b)))
WRT_K2(i64_le_u, u64, u64, u32, b2u(a <= b))
WRT_K2(i64_ge_s, u64, u64, u32, static_cast<u32>(numeric::ge_s(a, b)))
WRT_K2(i64_ge_u, u64, u64, u32, b2u(a >= b))
WRT_K1(i64_clz, u64, u64, static_cast<u64>(std::countl_zero(a)))
WRT_K1(i64_ctz, u64, u64, static_cast<u64>(std::countr_zero(a)))
WRT_K1(i64_popcnt, u64, u64, static_cast<u64>(std::popcount(a)))
WRT_K2(i64_add, u64, u64, u64, a + b)
WRT_K2(i64_sub, u64, u64, u64, a - b)
WRT_K2(i64_mul, u64, u64, u64, a * b)
WRT_K2(i64_div_s, u64, u64, u64, numeric::div_s(a, b, trap))
WRT_K2(i64_div_u, u64, u64, u64, numeric::div_u(a, b, trap))
WRT_K2(i64_rem_s, u64, u64, u64, numeric::rem_s(a, b, trap))
WRT_K2(i64_rem_u, u64, u64, u64, numeric::rem_u(a, b, trap))
WRT_K2(i64_and, u64, u64, u64, a & b)
WRT_K2(i64_or, u64, u64, u64, a | b)
WRT_K2(i64_xor, u64, u64, u64, a ^ b)
WRT_K2(i64_shl, u64, u64, u64, numeric::shl(a, b))
WRT_K2(i64_shr_s, u64, u64, u64, numeric::shr_s(a, b))
WRT_K2(i64_shr_u, u64, u64, u64, numeric::shr_u(a, b))
WRT_K2(i64_rotl, u64, u64, u64, numeric::rotl(a, b))
WRT_K2(i64_rotr, u64, u64, u64, numeric::rotr(a, b))

// --- f32 / f64 -----------------------------------------------------------------------------
WRT_K2(f32_eq, f32, f32, u32, b2u(a == b))
WRT_K2(f32_ne, f32, f32, u32, b2u(a != b))
WRT_K2(f32_lt, f32, f32, u32, b2u(a < b))
WRT_K2(f32_gt, f32, f32, u32, b2u(a > b))
WRT_K2(f32_le, f32, f32, u32, b2u(a <= b))
WRT_K2(f32_ge, f32, f32, u32, b2u(a >= b))
WRT_K2(f64_eq, f64, f64, u32, b2u(a == b))
WRT_K2(f64_ne, f64, f64, u32, b2u(a != b))
WRT_K2(f64_lt, f64, f64, u32, b2u(a < b))
WRT_K2(f64_gt, f64, f64, u32, b2u(a > b))
WRT_K2(f64_le, f64, f64, u32, b2u(a <= b))
WRT_K2(f64_ge, f64, f64, u32, b2u(a >= b))
WRT_K1(f32_abs, f32, f32, numeric::abs(a))
WRT_K1(f32_neg, f32, f32, numeric::neg(a))
WRT_K1(f32_ceil, f32, f32, numeric::ceil(a))
WRT_K1(f32_floor, f32, f32, numeric::floor(a))
WRT_K1(f32_trunc, f32, f32, numeric::trunc(a))
WRT_K1(f32_nearest, f32, f32, numeric::nearest(a))
WRT_K1(f32_sqrt, f32, f32, numeric::sqrt(a))
WRT_K2(f32_add, f32, f32, f32, a + b)
WRT_K2(f32_sub, f32, f32, f32, a - b)
WRT_K2(f32_mul, f32, f32, f32, a * b)
WRT_K2(f32_div, f32, f32, f32, a / b)
WRT_K2(f32_min, f32, f32, f32, numeric::min(a, b))
WRT_K2(f32_max, f32, f32, f32, numeric::max(a, b))
WRT_K2(f32_copysign, f32, f32, f32, numeric::copysign(a, b))
WRT_K1(f64_abs, f64, f64, numeric::abs(a))
WRT_K1(f64_neg, f64, f64, numeric::neg(a))
WRT_K1(f64_ceil, f64, f64, numeric::ceil(a))
WRT_K1(f64_floor, f64, f64, numeric::floor(a))
WRT_K1(f64_trunc, f64, f64, numeric::trunc(a))
WRT_K1(f64_nearest, f64, f64, numeric::nearest(a))
WRT_K1(f64_sqrt, f64, f64, numeric::sqrt(a))
WRT_K2(f64_add, f64, f64, f64, a + b)
WRT_K2(f64_sub, f64, f64, f64, a - b)
WRT_K2(f64_mul, f64, f64, f64, a * b)
WRT_K2(f64_div, f64, f64, f64, a / b)
WRT_K2(f64_min, f64, f64, f64, numeric::min(a, b))
WRT_K2(f64_max, f64, f64, f64, numeric::max(a, b))
WRT_K2(f64_copysign, f64, f64, f64, numeric::copysign(a, b))

// --- conversions ---------------------------------------------------------------------------
WRT_K1(i32_wrap_i64, u64, u32, static_cast<u32>(a))
WRT_K1(i32_trunc_f32_s, f32, u32, static_cast<u32>(numeric::trunc_checked<i32>(a, trap)))
WRT_K1(i32_trunc_f32_u, f32, u32, numeric::trunc_checked<u32>(a, trap))
WRT_K1(i32_trunc_f64_s, f64, u32, static_cast<u32>(numeric::trunc_checked<i32>(a, trap)))
WRT_K1(i32_trunc_f64_u, f64, u32, numeric::trunc_checked<u32>(a, trap))
WRT_K1(i64_extend_i32_s, u32, u64, static_cast<u64>(static_cast<i64>(static_cast<i32>(a))))
WRT_K1(i64_extend_i32_u, u32, u64, static_cast<u64>(a))
WRT_K1(i64_trunc_f32_s, f32, u64, static_cast<u64>(numeric::trunc_checked<i64>(a, trap)))
WRT_K1(i64_trunc_f32_u, f32, u64, numeric::trunc_checked<u64>(a, trap))
WRT_K1(i64_trunc_f64_s, f64, u64, static_cast<u64>(numeric::trunc_checked<i64>(a, trap)))
WRT_K1(i64_trunc_f64_u, f64, u64, numeric::trunc_checked<u64>(a, trap))
WRT_K1(f32_convert_i32_s, u32, f32, static_cast<f32>(static_cast<i32>(a)))
WRT_K1(f32_convert_i32_u, u32, f32, static_cast<f32>(a))
WRT_K1(f32_convert_i64_s, u64, f32, static_cast<f32>(static_cast<i64>(a)))
WRT_K1(f32_convert_i64_u, u64, f32, static_cast<f32>(a))
WRT_K1(f32_demote_f64, f64, f32, static_cast<f32>(a))
WRT_K1(f64_convert_i32_s, u32, f64, static_cast<f64>(static_cast<i32>(a)))
WRT_K1(f64_convert_i32_u, u32, f64, static_cast<f64>(a))
WRT_K1(f64_convert_i64_s, u64, f64, static_cast<f64>(static_cast<i64>(a)))
WRT_K1(f64_convert_i64_u, u64, f64, static_cast<f64>(a))
WRT_K1(f64_promote_f32, f32, f64, static_cast<f64>(a))
WRT_K1(i32_reinterpret_f32, f32, u32, std::bit_cast<u32>(a))
WRT_K1(i64_reinterpret_f64, f64, u64, std::bit_cast<u64>(a))
WRT_K1(f32_reinterpret_i32, u32, f32, std::bit_cast<f32>(a))
WRT_K1(f64_reinterpret_i64, u64, f64, std::bit_cast<f64>(a))
WRT_K1(i32_extend8_s, u32, u32, numeric::extend_s<8>(a))
WRT_K1(i32_extend16_s, u32, u32, numeric::extend_s<16>(a))
WRT_K1(i64_extend8_s, u64, u64, numeric::extend_s<8>(a))
WRT_K1(i64_extend16_s, u64, u64, numeric::extend_s<16>(a))
WRT_K1(i64_extend32_s, u64, u64, numeric::extend_s<32>(a))
WRT_K1(i32_trunc_sat_f32_s, f32, u32, static_cast<u32>(numeric::trunc_sat<i32>(a)))
WRT_K1(i32_trunc_sat_f32_u, f32, u32, numeric::trunc_sat<u32>(a))
WRT_K1(i32_trunc_sat_f64_s, f64, u32, static_cast<u32>(numeric::trunc_sat<i32>(a)))
WRT_K1(i32_trunc_sat_f64_u, f64, u32, numeric::trunc_sat<u32>(a))
WRT_K1(i64_trunc_sat_f32_s, f32, u64, static_cast<u64>(numeric::trunc_sat<i64>(a)))
WRT_K1(i64_trunc_sat_f32_u, f32, u64, numeric::trunc_sat<u64>(a))
WRT_K1(i64_trunc_sat_f64_s, f64, u64, static_cast<u64>(numeric::trunc_sat<i64>(a)))
WRT_K1(i64_trunc_sat_f64_u, f64, u64, numeric::trunc_sat<u64>(a))

// --- v128: constants, shuffles, lanes ------------------------------------------------------
WRT_K2(i8x16_shuffle, v128, v128, v128, simd::shuffle(a, b, reinterpret_cast<const std::uint8_t*>(imm)))
WRT_K2(i8x16_swizzle, v128, v128, v128, simd::swizzle(a, b))
WRT_K1(i8x16_splat, u32, v128, simd::splat<std::uint8_t>(static_cast<std::uint8_t>(a)))
WRT_K1(i16x8_splat, u32, v128, simd::splat<std::uint16_t>(static_cast<std::uint16_t>(a)))
WRT_K1(i32x4_splat, u32, v128, simd::splat<std::uint32_t>(a))
WRT_K1(i64x2_splat, u64, v128, simd::splat<std::uint64_t>(a))
WRT_K1(f32x4_splat, f32, v128, simd::splat<float>(a))
WRT_K1(f64x2_splat, f64, v128, simd::splat<double>(a))
WRT_K1(i8x16_extract_lane_s, v128, u32, static_cast<u32>(simd::extract<std::int8_t, i32>(a, lane_of(imm))))
WRT_K1(i8x16_extract_lane_u, v128, u32, simd::extract<std::uint8_t, u32>(a, lane_of(imm)))
WRT_K2(i8x16_replace_lane, v128, u32, v128, simd::replace<std::uint8_t>(a, b, lane_of(imm)))
WRT_K1(i16x8_extract_lane_s, v128, u32, static_cast<u32>(simd::extract<std::int16_t, i32>(a, lane_of(imm))))
WRT_K1(i16x8_extract_lane_u, v128, u32, simd::extract<std::uint16_t, u32>(a, lane_of(imm)))
WRT_K2(i16x8_replace_lane, v128, u32, v128, simd::replace<std::uint16_t>(a, b, lane_of(imm)))
WRT_K1(i32x4_extract_lane, v128, u32, simd::extract<std::uint32_t, u32>(a, lane_of(imm)))
WRT_K2(i32x4_replace_lane, v128, u32, v128, simd::replace<std::uint32_t>(a, b, lane_of(imm)))
WRT_K1(i64x2_extract_lane, v128, u64, simd::extract<std::uint64_t, u64>(a, lane_of(imm)))
WRT_K2(i64x2_replace_lane, v128, u64, v128, simd::replace<std::uint64_t>(a, b, lane_of(imm)))
WRT_K1(f32x4_extract_lane, v128, f32, simd::extract<float, f32>(a, lane_of(imm)))
WRT_K2(f32x4_replace_lane, v128, f32, v128, simd::replace<float>(a, b, lane_of(imm)))
WRT_K1(f64x2_extract_lane, v128, f64, simd::extract<double, f64>(a, lane_of(imm)))
WRT_K2(f64x2_replace_lane, v128, f64, v128, simd::replace<double>(a, b, lane_of(imm)))

// --- v128: comparisons ---------------------------------------------------------------------
#define WRT_KCMP(op, T, expr) WRT_K2(op, v128, v128, v128, simd::compare<T>(a, b, [](T x, T y) { return expr; }))
WRT_KCMP(i8x16_eq, std::int8_t, x == y)
WRT_KCMP(i8x16_ne, std::int8_t, x != y)
WRT_KCMP(i8x16_lt_s, std::int8_t, x < y)
WRT_KCMP(i8x16_lt_u, std::uint8_t, x < y)
WRT_KCMP(i8x16_gt_s, std::int8_t, x > y)
WRT_KCMP(i8x16_gt_u, std::uint8_t, x > y)
WRT_KCMP(i8x16_le_s, std::int8_t, x <= y)
WRT_KCMP(i8x16_le_u, std::uint8_t, x <= y)
WRT_KCMP(i8x16_ge_s, std::int8_t, x >= y)
WRT_KCMP(i8x16_ge_u, std::uint8_t, x >= y)
WRT_KCMP(i16x8_eq, std::int16_t, x == y)
WRT_KCMP(i16x8_ne, std::int16_t, x != y)
WRT_KCMP(i16x8_lt_s, std::int16_t, x < y)
WRT_KCMP(i16x8_lt_u, std::uint16_t, x < y)
WRT_KCMP(i16x8_gt_s, std::int16_t, x > y)
WRT_KCMP(i16x8_gt_u, std::uint16_t, x > y)
WRT_KCMP(i16x8_le_s, std::int16_t, x <= y)
WRT_KCMP(i16x8_le_u, std::uint16_t, x <= y)
WRT_KCMP(i16x8_ge_s, std::int16_t, x >= y)
WRT_KCMP(i16x8_ge_u, std::uint16_t, x >= y)
WRT_KCMP(i32x4_eq, std::int32_t, x == y)
WRT_KCMP(i32x4_ne, std::int32_t, x != y)
WRT_KCMP(i32x4_lt_s, std::int32_t, x < y)
WRT_KCMP(i32x4_lt_u, std::uint32_t, x < y)
WRT_KCMP(i32x4_gt_s, std::int32_t, x > y)
WRT_KCMP(i32x4_gt_u, std::uint32_t, x > y)
WRT_KCMP(i32x4_le_s, std::int32_t, x <= y)
WRT_KCMP(i32x4_le_u, std::uint32_t, x <= y)
WRT_KCMP(i32x4_ge_s, std::int32_t, x >= y)
WRT_KCMP(i32x4_ge_u, std::uint32_t, x >= y)
WRT_KCMP(i64x2_eq, std::int64_t, x == y)
WRT_KCMP(i64x2_ne, std::int64_t, x != y)
WRT_KCMP(i64x2_lt_s, std::int64_t, x < y)
WRT_KCMP(i64x2_gt_s, std::int64_t, x > y)
WRT_KCMP(i64x2_le_s, std::int64_t, x <= y)
WRT_KCMP(i64x2_ge_s, std::int64_t, x >= y)
WRT_KCMP(f32x4_eq, float, x == y)
WRT_KCMP(f32x4_ne, float, x != y)
WRT_KCMP(f32x4_lt, float, x < y)
WRT_KCMP(f32x4_gt, float, x > y)
WRT_KCMP(f32x4_le, float, x <= y)
WRT_KCMP(f32x4_ge, float, x >= y)
WRT_KCMP(f64x2_eq, double, x == y)
WRT_KCMP(f64x2_ne, double, x != y)
WRT_KCMP(f64x2_lt, double, x < y)
WRT_KCMP(f64x2_gt, double, x > y)
WRT_KCMP(f64x2_le, double, x <= y)
WRT_KCMP(f64x2_ge, double, x >= y)
#undef WRT_KCMP

// --- v128: bitwise -------------------------------------------------------------------------
WRT_K1(v128_not, v128, v128, simd::vop1<simd::u64x2>(a, [](simd::u64x2 x) { return ~x; }))
WRT_K2(v128_and, v128, v128, v128, simd::vop2<simd::u64x2>(a, b, [](simd::u64x2 x, simd::u64x2 y) { return x & y; }))
WRT_K2(v128_andnot, v128, v128, v128, simd::vop2<simd::u64x2>(a, b, [](simd::u64x2 x, simd::u64x2 y) { return x & ~y; }))
WRT_K2(v128_or, v128, v128, v128, simd::vop2<simd::u64x2>(a, b, [](simd::u64x2 x, simd::u64x2 y) { return x | y; }))
WRT_K2(v128_xor, v128, v128, v128, simd::vop2<simd::u64x2>(a, b, [](simd::u64x2 x, simd::u64x2 y) { return x ^ y; }))
WRT_K3(v128_bitselect, v128, v128, v128, v128, simd::bitselect(a, b, c))
WRT_K1(v128_any_true, v128, u32, simd::any_true(a))

// --- v128: integer lanes -------------------------------------------------------------------
#define WRT_KVEC2(op, V, expr) WRT_K2(op, v128, v128, v128, simd::vop2<simd::V>(a, b, [](simd::V x, simd::V y) { return expr; }))
#define WRT_KVEC1(op, V, expr) WRT_K1(op, v128, v128, simd::vop1<simd::V>(a, [](simd::V x) { return expr; }))
WRT_K1(i8x16_abs, v128, v128, simd::int_abs<std::int8_t>(a))
WRT_KVEC1(i8x16_neg, u8x16, -x)
WRT_K1(i8x16_popcnt, v128, v128, simd::map1<std::uint8_t>(a, [](std::uint8_t x) { return static_cast<std::uint8_t>(std::popcount(x)); }))
WRT_K1(i8x16_all_true, v128, u32, simd::all_true<std::int8_t>(a))
WRT_K1(i8x16_bitmask, v128, u32, simd::bitmask<std::int8_t>(a))
WRT_K2(i8x16_narrow_i16x8_s, v128, v128, v128, (simd::narrow<std::int16_t, std::int8_t>(a, b)))
WRT_K2(i8x16_narrow_i16x8_u, v128, v128, v128, (simd::narrow<std::int16_t, std::uint8_t>(a, b)))
WRT_K2(i8x16_shl, v128, u32, v128, (simd::shl<simd::u8x16, std::uint8_t>(a, b)))
WRT_K2(i8x16_shr_s, v128, u32, v128, (simd::shr<simd::i8x16, std::int8_t>(a, b)))
WRT_K2(i8x16_shr_u, v128, u32, v128, (simd::shr<simd::u8x16, std::uint8_t>(a, b)))
WRT_KVEC2(i8x16_add, u8x16, x + y)
WRT_K2(i8x16_add_sat_s, v128, v128, v128, (simd::add_sat<std::int8_t, std::int32_t>(a, b)))
WRT_K2(i8x16_add_sat_u, v128, v128, v128, (simd::add_sat<std::uint8_t, std::int32_t>(a, b)))
WRT_KVEC2(i8x16_sub, u8x16, x - y)
WRT_K2(i8x16_sub_sat_s, v128, v128, v128, (simd::sub_sat<std::int8_t, std::int32_t>(a, b)))
WRT_K2(i8x16_sub_sat_u, v128, v128, v128, (simd::sub_sat<std::uint8_t, std::int32_t>(a, b)))
WRT_K2(i8x16_min_s, v128, v128, v128, simd::int_min<std::int8_t>(a, b))
WRT_K2(i8x16_min_u, v128, v128, v128, simd::int_min<std::uint8_t>(a, b))
WRT_K2(i8x16_max_s, v128, v128, v128, simd::int_max<std::int8_t>(a, b))
WRT_K2(i8x16_max_u, v128, v128, v128, simd::int_max<std::uint8_t>(a, b))
WRT_K2(i8x16_avgr_u, v128, v128, v128, simd::avgr_u<std::uint8_t>(a, b))
WRT_K1(i16x8_extadd_pairwise_i8x16_s, v128, v128, (simd::extadd_pairwise<std::int8_t, std::int16_t>(a)))
WRT_K1(i16x8_extadd_pairwise_i8x16_u, v128, v128, (simd::extadd_pairwise<std::uint8_t, std::uint16_t>(a)))
WRT_K1(i32x4_extadd_pairwise_i16x8_s, v128, v128, (simd::extadd_pairwise<std::int16_t, std::int32_t>(a)))
WRT_K1(i32x4_extadd_pairwise_i16x8_u, v128, v128, (simd::extadd_pairwise<std::uint16_t, std::uint32_t>(a)))
WRT_K1(i16x8_abs, v128, v128, simd::int_abs<std::int16_t>(a))
WRT_KVEC1(i16x8_neg, u16x8, -x)
WRT_K2(i16x8_q15mulr_sat_s, v128, v128, v128, simd::q15mulr_sat(a, b))
WRT_K1(i16x8_all_true, v128, u32, simd::all_true<std::int16_t>(a))
WRT_K1(i16x8_bitmask, v128, u32, simd::bitmask<std::int16_t>(a))
WRT_K2(i16x8_narrow_i32x4_s, v128, v128, v128, (simd::narrow<std::int32_t, std::int16_t>(a, b)))
WRT_K2(i16x8_narrow_i32x4_u, v128, v128, v128, (simd::narrow<std::int32_t, std::uint16_t>(a, b)))
WRT_K1(i16x8_extend_low_i8x16_s, v128, v128, (simd::extend<std::int8_t, std::int16_t, false>(a)))
WRT_K1(i16x8_extend_high_i8x16_s, v128, v128, (simd::extend<std::int8_t, std::int16_t, true>(a)))
WRT_K1(i16x8_extend_low_i8x16_u, v128, v128, (simd::extend<std::uint8_t, std::uint16_t, false>(a)))
WRT_K1(i16x8_extend_high_i8x16_u, v128, v128, (simd::extend<std::uint8_t, std::uint16_t, true>(a)))
WRT_K2(i16x8_shl, v128, u32, v128, (simd::shl<simd::u16x8, std::uint16_t>(a, b)))
WRT_K2(i16x8_shr_s, v128, u32, v128, (simd::shr<simd::i16x8, std::int16_t>(a, b)))
WRT_K2(i16x8_shr_u, v128, u32, v128, (simd::shr<simd::u16x8, std::uint16_t>(a, b)))
WRT_KVEC2(i16x8_add, u16x8, x + y)
WRT_K2(i16x8_add_sat_s, v128, v128, v128, (simd::add_sat<std::int16_t, std::int32_t>(a, b)))
WRT_K2(i16x8_add_sat_u, v128, v128, v128, (simd::add_sat<std::uint16_t, std::int32_t>(a, b)))
WRT_KVEC2(i16x8_sub, u16x8, x - y)
WRT_K2(i16x8_sub_sat_s, v128, v128, v128, (simd::sub_sat<std::int16_t, std::int32_t>(a, b)))
WRT_K2(i16x8_sub_sat_u, v128, v128, v128, (simd::sub_sat<std::uint16_t, std::int32_t>(a, b)))
WRT_KVEC2(i16x8_mul, u16x8, x * y)
WRT_K2(i16x8_min_s, v128, v128, v128, simd::int_min<std::int16_t>(a, b))
WRT_K2(i16x8_min_u, v128, v128, v128, simd::int_min<std::uint16_t>(a, b))
WRT_K2(i16x8_max_s, v128, v128, v128, simd::int_max<std::int16_t>(a, b))
WRT_K2(i16x8_max_u, v128, v128, v128, simd::int_max<std::uint16_t>(a, b))
WRT_K2(i16x8_avgr_u, v128, v128, v128, simd::avgr_u<std::uint16_t>(a, b))
WRT_K2(i16x8_extmul_low_i8x16_s, v128, v128, v128, (simd::extmul<std::int8_t, std::int16_t, false>(a, b)))
WRT_K2(i16x8_extmul_high_i8x16_s, v128, v128, v128, (simd::extmul<std::int8_t, std::int16_t, true>(a, b)))
WRT_K2(i16x8_extmul_low_i8x16_u, v128, v128, v128, (simd::extmul<std::uint8_t, std::uint16_t, false>(a, b)))
WRT_K2(i16x8_extmul_high_i8x16_u, v128, v128, v128, (simd::extmul<std::uint8_t, std::uint16_t, true>(a, b)))
WRT_K1(i32x4_abs, v128, v128, simd::int_abs<std::int32_t>(a))
WRT_KVEC1(i32x4_neg, u32x4, -x)
WRT_K1(i32x4_all_true, v128, u32, simd::all_true<std::int32_t>(a))
WRT_K1(i32x4_bitmask, v128, u32, simd::bitmask<std::int32_t>(a))
WRT_K1(i32x4_extend_low_i16x8_s, v128, v128, (simd::extend<std::int16_t, std::int32_t, false>(a)))
WRT_K1(i32x4_extend_high_i16x8_s, v128, v128, (simd::extend<std::int16_t, std::int32_t, true>(a)))
WRT_K1(i32x4_extend_low_i16x8_u, v128, v128, (simd::extend<std::uint16_t, std::uint32_t, false>(a)))
WRT_K1(i32x4_extend_high_i16x8_u, v128, v128, (simd::extend<std::uint16_t, std::uint32_t, true>(a)))
WRT_K2(i32x4_shl, v128, u32, v128, (simd::shl<simd::u32x4, std::uint32_t>(a, b)))
WRT_K2(i32x4_shr_s, v128, u32, v128, (simd::shr<simd::i32x4, std::int32_t>(a, b)))
WRT_K2(i32x4_shr_u, v128, u32, v128, (simd::shr<simd::u32x4, std::uint32_t>(a, b)))
WRT_KVEC2(i32x4_add, u32x4, x + y)
WRT_KVEC2(i32x4_sub, u32x4, x - y)
WRT_KVEC2(i32x4_mul, u32x4, x * y)
WRT_K2(i32x4_min_s, v128, v128, v128, simd::int_min<std::int32_t>(a, b))
WRT_K2(i32x4_min_u, v128, v128, v128, simd::int_min<std::uint32_t>(a, b))
WRT_K2(i32x4_max_s, v128, v128, v128, simd::int_max<std::int32_t>(a, b))
WRT_K2(i32x4_max_u, v128, v128, v128, simd::int_max<std::uint32_t>(a, b))
WRT_K2(i32x4_dot_i16x8_s, v128, v128, v128, simd::dot_i16x8(a, b))
WRT_K2(i32x4_extmul_low_i16x8_s, v128, v128, v128, (simd::extmul<std::int16_t, std::int32_t, false>(a, b)))
WRT_K2(i32x4_extmul_high_i16x8_s, v128, v128, v128, (simd::extmul<std::int16_t, std::int32_t, true>(a, b)))
WRT_K2(i32x4_extmul_low_i16x8_u, v128, v128, v128, (simd::extmul<std::uint16_t, std::uint32_t, false>(a, b)))
WRT_K2(i32x4_extmul_high_i16x8_u, v128, v128, v128, (simd::extmul<std::uint16_t, std::uint32_t, true>(a, b)))
WRT_K1(i64x2_abs, v128, v128, simd::int_abs<std::int64_t>(a))
WRT_KVEC1(i64x2_neg, u64x2, -x)
WRT_K1(i64x2_all_true, v128, u32, simd::all_true<std::int64_t>(a))
WRT_K1(i64x2_bitmask, v128, u32, simd::bitmask<std::int64_t>(a))
WRT_K1(i64x2_extend_low_i32x4_s, v128, v128, (simd::extend<std::int32_t, std::int64_t, false>(a)))
WRT_K1(i64x2_extend_high_i32x4_s, v128, v128, (simd::extend<std::int32_t, std::int64_t, true>(a)))
WRT_K1(i64x2_extend_low_i32x4_u, v128, v128, (simd::extend<std::uint32_t, std::uint64_t, false>(a)))
WRT_K1(i64x2_extend_high_i32x4_u, v128, v128, (simd::extend<std::uint32_t, std::uint64_t, true>(a)))
WRT_K2(i64x2_shl, v128, u32, v128, (simd::shl<simd::u64x2, std::uint64_t>(a, b)))
WRT_K2(i64x2_shr_s, v128, u32, v128, (simd::shr<simd::i64x2, std::int64_t>(a, b)))
WRT_K2(i64x2_shr_u, v128, u32, v128, (simd::shr<simd::u64x2, std::uint64_t>(a, b)))
WRT_KVEC2(i64x2_add, u64x2, x + y)
WRT_KVEC2(i64x2_sub, u64x2, x - y)
WRT_KVEC2(i64x2_mul, u64x2, x * y)
WRT_K2(i64x2_extmul_low_i32x4_s, v128, v128, v128, (simd::extmul<std::int32_t, std::int64_t, false>(a, b)))
WRT_K2(i64x2_extmul_high_i32x4_s, v128, v128, v128, (simd::extmul<std::int32_t, std::int64_t, true>(a, b)))
WRT_K2(i64x2_extmul_low_i32x4_u, v128, v128, v128, (simd::extmul<std::uint32_t, std::uint64_t, false>(a, b)))
WRT_K2(i64x2_extmul_high_i32x4_u, v128, v128, v128, (simd::extmul<std::uint32_t, std::uint64_t, true>(a, b)))

// --- v128: float lanes ---------------------------------------------------------------------
#define WRT_KF1(op, T, expr) WRT_K1(op, v128, v128, simd::map1<T>(a, [](T x) { return expr; }))
#define WRT_KF2(op, T, expr) WRT_K2(op, v128, v128, v128, simd::map2<T>(a, b, [](T x, T y) { return expr; }))
WRT_KF1(f32x4_abs, float, numeric::abs(x))
WRT_KF1(f32x4_neg, float, numeric::neg(x))
WRT_KF1(f32x4_sqrt, float, numeric::sqrt(x))
WRT_KF1(f32x4_ceil, float, numeric::ceil(x))
WRT_KF1(f32x4_floor, float, numeric::floor(x))
WRT_KF1(f32x4_trunc, float, numeric::trunc(x))
WRT_KF1(f32x4_nearest, float, numeric::nearest(x))
WRT_KVEC2(f32x4_add, f32x4, x + y)
WRT_KVEC2(f32x4_sub, f32x4, x - y)
WRT_KVEC2(f32x4_mul, f32x4, x * y)
WRT_KVEC2(f32x4_div, f32x4, x / y)
WRT_KF2(f32x4_min, float, numeric::min(x, y))
WRT_KF2(f32x4_max, float, numeric::max(x, y))
WRT_KF2(f32x4_pmin, float, numeric::pmin(x, y))
WRT_KF2(f32x4_pmax, float, numeric::pmax(x, y))
WRT_KF1(f64x2_abs, double, numeric::abs(x))
WRT_KF1(f64x2_neg, double, numeric::neg(x))
WRT_KF1(f64x2_sqrt, double, numeric::sqrt(x))
WRT_KF1(f64x2_ceil, double, numeric::ceil(x))
WRT_KF1(f64x2_floor, double, numeric::floor(x))
WRT_KF1(f64x2_trunc, double, numeric::trunc(x))
WRT_KF1(f64x2_nearest, double, numeric::nearest(x))
WRT_KVEC2(f64x2_add, f64x2, x + y)
WRT_KVEC2(f64x2_sub, f64x2, x - y)
WRT_KVEC2(f64x2_mul, f64x2, x * y)
WRT_KVEC2(f64x2_div, f64x2, x / y)
WRT_KF2(f64x2_min, double, numeric::min(x, y))
WRT_KF2(f64x2_max, double, numeric::max(x, y))
WRT_KF2(f64x2_pmin, double, numeric::pmin(x, y))
WRT_KF2(f64x2_pmax, double, numeric::pmax(x, y))
#undef WRT_KF1
#undef WRT_KF2
#undef WRT_KVEC1
#undef WRT_KVEC2

// --- v128: conversions ---------------------------------------------------------------------
WRT_K1(i32x4_trunc_sat_f32x4_s, v128, v128, convert_lanes<std::int32_t, float, 4>(a))
WRT_K1(i32x4_trunc_sat_f32x4_u, v128, v128, convert_lanes<std::uint32_t, float, 4>(a))
WRT_K1(f32x4_convert_i32x4_s, v128, v128, convert_lanes<float, std::int32_t, 4>(a))
WRT_K1(f32x4_convert_i32x4_u, v128, v128, convert_lanes<float, std::uint32_t, 4>(a))
WRT_K1(i32x4_trunc_sat_f64x2_s_zero, v128, v128, convert_lanes<std::int32_t, double, 2>(a))
WRT_K1(i32x4_trunc_sat_f64x2_u_zero, v128, v128, convert_lanes<std::uint32_t, double, 2>(a))
WRT_K1(f64x2_convert_low_i32x4_s, v128, v128, convert_lanes<double, std::int32_t, 2>(a))
WRT_K1(f64x2_convert_low_i32x4_u, v128, v128, convert_lanes<double, std::uint32_t, 2>(a))
WRT_K1(f32x4_demote_f64x2_zero, v128, v128, convert_lanes<float, double, 2>(a))
WRT_K1(f64x2_promote_low_f32x4, v128, v128, convert_lanes<double, float, 2>(a))

// --- relaxed SIMD: one fixed choice each (docs/interpreter.md, "Relaxed SIMD") --------------
// As the deterministic instructions: swizzle (out of range: 0), trunc_sat (NaN: 0, saturating),
// bitselect, min/max (NaN-propagating, -0 < +0), q15mulr_sat; madd/nmadd unfused (the product
// rounded, then the sum: -ffp-contract=off keeps the compiler from fusing them).
WRT_K2(i8x16_relaxed_swizzle, v128, v128, v128, simd::swizzle(a, b))
WRT_K1(i32x4_relaxed_trunc_f32x4_s, v128, v128, convert_lanes<std::int32_t, float, 4>(a))
WRT_K1(i32x4_relaxed_trunc_f32x4_u, v128, v128, convert_lanes<std::uint32_t, float, 4>(a))
WRT_K1(i32x4_relaxed_trunc_f64x2_s_zero, v128, v128, convert_lanes<std::int32_t, double, 2>(a))
WRT_K1(i32x4_relaxed_trunc_f64x2_u_zero, v128, v128, convert_lanes<std::uint32_t, double, 2>(a))
WRT_K3(f32x4_relaxed_madd, v128, v128, v128, v128,
       simd::from(simd::as<simd::f32x4>(a) * simd::as<simd::f32x4>(b) + simd::as<simd::f32x4>(c)))
WRT_K3(f32x4_relaxed_nmadd, v128, v128, v128, v128,
       simd::from(simd::as<simd::f32x4>(c) - simd::as<simd::f32x4>(a) * simd::as<simd::f32x4>(b)))
WRT_K3(f64x2_relaxed_madd, v128, v128, v128, v128,
       simd::from(simd::as<simd::f64x2>(a) * simd::as<simd::f64x2>(b) + simd::as<simd::f64x2>(c)))
WRT_K3(f64x2_relaxed_nmadd, v128, v128, v128, v128,
       simd::from(simd::as<simd::f64x2>(c) - simd::as<simd::f64x2>(a) * simd::as<simd::f64x2>(b)))
WRT_K3(i8x16_relaxed_laneselect, v128, v128, v128, v128, simd::bitselect(a, b, c))
WRT_K3(i16x8_relaxed_laneselect, v128, v128, v128, v128, simd::bitselect(a, b, c))
WRT_K3(i32x4_relaxed_laneselect, v128, v128, v128, v128, simd::bitselect(a, b, c))
WRT_K3(i64x2_relaxed_laneselect, v128, v128, v128, v128, simd::bitselect(a, b, c))
WRT_K2(f32x4_relaxed_min, v128, v128, v128, simd::map2<float>(a, b, [](float x, float y) { return numeric::min(x, y); }))
WRT_K2(f32x4_relaxed_max, v128, v128, v128, simd::map2<float>(a, b, [](float x, float y) { return numeric::max(x, y); }))
WRT_K2(f64x2_relaxed_min, v128, v128, v128, simd::map2<double>(a, b, [](double x, double y) { return numeric::min(x, y); }))
WRT_K2(f64x2_relaxed_max, v128, v128, v128, simd::map2<double>(a, b, [](double x, double y) { return numeric::max(x, y); }))
WRT_K2(i16x8_relaxed_q15mulr_s, v128, v128, v128, simd::q15mulr_sat(a, b))
WRT_K2(i16x8_relaxed_dot_i8x16_i7x16_s, v128, v128, v128, simd::relaxed_dot_i8x16_i7x16(a, b))
WRT_K3(i32x4_relaxed_dot_i8x16_i7x16_add_s, v128, v128, v128, v128, simd::relaxed_dot_i8x16_i7x16_add(a, b, c))
// clang-format on

}  // namespace wrt
