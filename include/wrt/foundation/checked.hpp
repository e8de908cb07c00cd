// Checked arithmetic: sizes computed from untrusted input never wrap silently.
//
// Two forms: add_overflow() & co. for hot paths (true on overflow, like the compiler builtins),
// and checked_add() & co. that return Result<T> with ErrorCode::arithmetic_overflow.
#pragma once

#include <concepts>
#include <cstddef>
#include <limits>
#include <type_traits>

#include <wrt/error/result.hpp>

namespace wrt {

template <std::integral T>
[[nodiscard]] constexpr bool add_overflow(T a, T b, T& out) noexcept {
  return __builtin_add_overflow(a, b, &out);
}
template <std::integral T>
[[nodiscard]] constexpr bool sub_overflow(T a, T b, T& out) noexcept {
  return __builtin_sub_overflow(a, b, &out);
}
template <std::integral T>
[[nodiscard]] constexpr bool mul_overflow(T a, T b, T& out) noexcept {
  return __builtin_mul_overflow(a, b, &out);
}

template <std::integral T>
[[nodiscard]] Result<T> checked_add(T a, T b) noexcept {
  T out;
  if (add_overflow(a, b, out)) return Error(ErrorCode::arithmetic_overflow);
  return out;
}
template <std::integral T>
[[nodiscard]] Result<T> checked_sub(T a, T b) noexcept {
  T out;
  if (sub_overflow(a, b, out)) return Error(ErrorCode::arithmetic_overflow);
  return out;
}
template <std::integral T>
[[nodiscard]] Result<T> checked_mul(T a, T b) noexcept {
  T out;
  if (mul_overflow(a, b, out)) return Error(ErrorCode::arithmetic_overflow);
  return out;
}

// True when `value` is representable in To.
template <std::integral To, std::integral From>
[[nodiscard]] constexpr bool fits_in(From value) noexcept {
  if constexpr (std::is_signed_v<From> == std::is_signed_v<To>) {
    return value >= std::numeric_limits<To>::min() && value <= std::numeric_limits<To>::max();
  } else if constexpr (std::is_signed_v<From>) {
    // signed -> unsigned
    return value >= 0 &&
           static_cast<std::make_unsigned_t<From>>(value) <= std::numeric_limits<To>::max();
  } else {
    // unsigned -> signed
    return value <= static_cast<std::make_unsigned_t<To>>(std::numeric_limits<To>::max());
  }
}

template <std::integral To, std::integral From>
[[nodiscard]] Result<To> checked_cast(From value) noexcept {
  if (!fits_in<To>(value)) return Error(ErrorCode::arithmetic_overflow);
  return static_cast<To>(value);
}

// Rounds `value` up to a multiple of `alignment` (a power of two); fails instead of wrapping.
[[nodiscard]] constexpr bool align_up_overflow(std::size_t value, std::size_t alignment,
                                               std::size_t& out) noexcept {
  std::size_t sum;
  if (add_overflow(value, alignment - 1, sum)) return true;
  out = sum & ~(alignment - 1);
  return false;
}

}  // namespace wrt
