// How C++ types map to WebAssembly value types, for typed host functions and typed exports.
//
//   std::int32_t, std::uint32_t   i32        float   f32        wrt::V128   v128
//   std::int64_t, std::uint64_t   i64        double  f64        wrt::ExternRef  externref
#pragma once

#include <cstdint>
#include <tuple>
#include <type_traits>
#include <vector>

#include <wrt/runtime/value.hpp>

namespace wrt {

// An externref value as the host sees it: an opaque pointer (null is the null reference).
struct ExternRef {
  void* pointer = nullptr;
  friend bool operator==(ExternRef a, ExternRef b) noexcept { return a.pointer == b.pointer; }
};

template <typename T>
struct WasmType;  // no specialization: not a WebAssembly value type

template <>
struct WasmType<std::int32_t> {
  static constexpr ValType type = ValType::i32;
  static std::int32_t from(const Value& v) noexcept { return v.as_i32(); }
  static Value to(std::int32_t x) noexcept { return Value::i32(x); }
};
template <>
struct WasmType<std::uint32_t> {
  static constexpr ValType type = ValType::i32;
  static std::uint32_t from(const Value& v) noexcept { return static_cast<std::uint32_t>(v.as_i32()); }
  static Value to(std::uint32_t x) noexcept { return Value::i32(static_cast<std::int32_t>(x)); }
};
template <>
struct WasmType<std::int64_t> {
  static constexpr ValType type = ValType::i64;
  static std::int64_t from(const Value& v) noexcept { return v.as_i64(); }
  static Value to(std::int64_t x) noexcept { return Value::i64(x); }
};
template <>
struct WasmType<std::uint64_t> {
  static constexpr ValType type = ValType::i64;
  static std::uint64_t from(const Value& v) noexcept { return static_cast<std::uint64_t>(v.as_i64()); }
  static Value to(std::uint64_t x) noexcept { return Value::i64(static_cast<std::int64_t>(x)); }
};
template <>
struct WasmType<float> {
  static constexpr ValType type = ValType::f32;
  static float from(const Value& v) noexcept { return v.as_f32(); }
  static Value to(float x) noexcept { return Value::f32(x); }
};
template <>
struct WasmType<double> {
  static constexpr ValType type = ValType::f64;
  static double from(const Value& v) noexcept { return v.as_f64(); }
  static Value to(double x) noexcept { return Value::f64(x); }
};
template <>
struct WasmType<V128> {
  static constexpr ValType type = ValType::v128;
  static V128 from(const Value& v) noexcept { return v.as_v128(); }
  static Value to(const V128& x) noexcept { return Value::v128(x); }
};
template <>
struct WasmType<ExternRef> {
  static constexpr ValType type = ValType::externref;
  static ExternRef from(const Value& v) noexcept { return ExternRef{v.as_externref()}; }
  static Value to(ExternRef x) noexcept { return Value::externref(x.pointer); }
};

template <typename T>
concept WasmValue = requires { WasmType<std::remove_cvref_t<T>>::type; };

// The result types of a C++ return type: void -> none, T -> one, std::tuple<T...> -> several.
template <typename R>
struct ResultTypes {
  static std::vector<ValType> types() { return {WasmType<R>::type}; }
  static void store(const R& r, Value* out) { out[0] = WasmType<R>::to(r); }
  static R load(const Value* in) { return WasmType<R>::from(in[0]); }
  static constexpr std::size_t count = 1;
};
template <>
struct ResultTypes<void> {
  static std::vector<ValType> types() { return {}; }
  static constexpr std::size_t count = 0;
};
template <typename... T>
struct ResultTypes<std::tuple<T...>> {
  static std::vector<ValType> types() { return {WasmType<T>::type...}; }
  static void store(const std::tuple<T...>& r, Value* out) {
    store_each(r, out, std::index_sequence_for<T...>{});
  }
  static std::tuple<T...> load(const Value* in) { return load_each(in, std::index_sequence_for<T...>{}); }
  static constexpr std::size_t count = sizeof...(T);

 private:
  template <std::size_t... I>
  static void store_each(const std::tuple<T...>& r, Value* out, std::index_sequence<I...>) {
    ((out[I] = WasmType<T>::to(std::get<I>(r))), ...);
  }
  template <std::size_t... I>
  static std::tuple<T...> load_each(const Value* in, std::index_sequence<I...>) {
    return std::tuple<T...>(WasmType<T>::from(in[I])...);
  }
};

}  // namespace wrt
