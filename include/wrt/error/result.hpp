// wrt::Result<T>: a value or an Error, and WRT_TRY to pass errors up without noise.
//
//   Result<std::uint32_t> read_count(ByteReader& r) {
//     std::uint32_t n = WRT_TRY(r.read_u32());
//     if (n > kMax) return Error(ErrorCode::limit_exceeded).at(r.offset());
//     return n;
//   }
//
// Result is [[nodiscard]]; reading the value of a failed Result is a bug and panics (value()),
// or is checked in debug builds only (operator*, operator->).
#pragma once

#include <new>
#include <type_traits>
#include <utility>

#include <wrt/error/error.hpp>

namespace wrt {

template <typename T>
class Result;

namespace detail {
// What WRT_TRY returns on failure: a reference to the failed Result's error, which the
// enclosing function's Result<U> copies once. (Returning an Error would copy it twice, at each
// of hundreds of WRT_TRY sites: kilobytes of a firmware image.)
struct Propagated {
  const Error& error;
};
template <typename T>
const Error& failed_error(const Result<T>& result) noexcept;
}  // namespace detail

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_reference_v<T>, "Result<T&> is not supported; use a pointer");
  static_assert(!std::is_same_v<std::remove_cv_t<T>, Error>, "Result<Error> makes no sense");

 public:
  using value_type = T;

  Result(const T& value) noexcept(std::is_nothrow_copy_constructible_v<T>)  // NOLINT: implicit
      : ok_(true) {
    ::new (static_cast<void*>(&value_)) T(value);
  }
  Result(T&& value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit
      : ok_(true) {
    ::new (static_cast<void*>(&value_)) T(std::move(value));
  }
  template <typename... Args>
  explicit Result(std::in_place_t, Args&&... args) : ok_(true) {
    ::new (static_cast<void*>(&value_)) T(std::forward<Args>(args)...);
  }
  Result(const Error& error) noexcept : ok_(false) {  // NOLINT: implicit
    ::new (static_cast<void*>(&error_)) Error(error);
  }
  Result(detail::Propagated failure) noexcept : ok_(false) {  // NOLINT: implicit
    ::new (static_cast<void*>(&error_)) Error(failure.error);
  }

  Result(const Result& other) requires std::is_copy_constructible_v<T> : ok_(other.ok_) {
    if (ok_) {
      ::new (static_cast<void*>(&value_)) T(other.value_);
    } else {
      ::new (static_cast<void*>(&error_)) Error(other.error_);
    }
  }
  Result(Result&& other) noexcept(std::is_nothrow_move_constructible_v<T>) : ok_(other.ok_) {
    if (ok_) {
      ::new (static_cast<void*>(&value_)) T(std::move(other.value_));
    } else {
      ::new (static_cast<void*>(&error_)) Error(other.error_);
    }
  }
  Result& operator=(const Result& other) requires std::is_copy_constructible_v<T> {
    if (this != &other) {
      destroy();
      ::new (static_cast<void*>(this)) Result(other);
    }
    return *this;
  }
  Result& operator=(Result&& other) noexcept(std::is_nothrow_move_constructible_v<T>) {
    if (this != &other) {
      destroy();
      ::new (static_cast<void*>(this)) Result(std::move(other));
    }
    return *this;
  }
  ~Result() { destroy(); }

  [[nodiscard]] bool has_value() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }

  [[nodiscard]] T& value() & noexcept {
    WRT_CHECK(ok_, "Result::value() called on an error");
    return value_;
  }
  [[nodiscard]] const T& value() const& noexcept {
    WRT_CHECK(ok_, "Result::value() called on an error");
    return value_;
  }
  [[nodiscard]] T&& value() && noexcept {
    WRT_CHECK(ok_, "Result::value() called on an error");
    return std::move(value_);
  }
  [[nodiscard]] T& operator*() & noexcept {
    WRT_DEBUG_CHECK(ok_, "Result dereferenced on an error");
    return value_;
  }
  [[nodiscard]] const T& operator*() const& noexcept {
    WRT_DEBUG_CHECK(ok_, "Result dereferenced on an error");
    return value_;
  }
  [[nodiscard]] T&& operator*() && noexcept {
    WRT_DEBUG_CHECK(ok_, "Result dereferenced on an error");
    return std::move(value_);
  }
  [[nodiscard]] T* operator->() noexcept {
    WRT_DEBUG_CHECK(ok_, "Result dereferenced on an error");
    return &value_;
  }
  [[nodiscard]] const T* operator->() const noexcept {
    WRT_DEBUG_CHECK(ok_, "Result dereferenced on an error");
    return &value_;
  }
  template <typename U>
  [[nodiscard]] T value_or(U&& fallback) const& {
    return ok_ ? value_ : static_cast<T>(std::forward<U>(fallback));
  }

  [[nodiscard]] const Error& error() const noexcept {
    WRT_CHECK(!ok_, "Result::error() called on a value");
    return error_;
  }

  // Adds a context to the error, if there is one; a value passes through. Returns by value
  // so that WRT_TRY(f().with_context("...")) never refers to a destroyed temporary.
  [[nodiscard]] Result with_context(const char* text, std::uint32_t number = Error::kNoNumber) && {
    if (!ok_) error_.with_context(text, number);
    return std::move(*this);
  }

 private:
  template <typename U>
  friend const Error& detail::failed_error(const Result<U>& result) noexcept;
  void destroy() noexcept {
    if (ok_) value_.~T();
  }

  union {
    T value_;
    Error error_;
  };
  bool ok_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;

  Result() noexcept : ok_(true) {}
  Result(const Error& error) noexcept : error_(error), ok_(false) {}  // NOLINT: implicit
  Result(detail::Propagated failure) noexcept : error_(failure.error), ok_(false) {}  // NOLINT: implicit

  [[nodiscard]] bool has_value() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  void value() const noexcept { WRT_CHECK(ok_, "Result::value() called on an error"); }

  [[nodiscard]] const Error& error() const noexcept {
    WRT_CHECK(!ok_, "Result::error() called on a value");
    return error_;
  }
  [[nodiscard]] Result with_context(const char* text, std::uint32_t number = Error::kNoNumber) && {
    if (!ok_) error_.with_context(text, number);
    return *this;
  }

 private:
  template <typename U>
  friend const Error& detail::failed_error(const Result<U>& result) noexcept;
  union {
    char none_ = 0;
    Error error_;
  };
  bool ok_;
};

// `return wrt::ok();` reads better than `return {};` in a function returning Result<void>.
[[nodiscard]] inline Result<void> ok() noexcept { return {}; }

namespace detail {
// The error of a Result known to have failed (WRT_TRY checked), without the check error() makes.
template <typename T>
WRT_ALWAYS_INLINE const Error& failed_error(const Result<T>& result) noexcept {
  return result.error_;
}

// Moves the value out (or copies it, for an lvalue Result); WRT_TRY's result is a value, so
// nothing refers into the Result once the statement expression ends.
template <typename R>
WRT_ALWAYS_INLINE auto take_value(R&& result) noexcept -> typename std::remove_cvref_t<R>::value_type {
  if constexpr (std::is_void_v<typename std::remove_cvref_t<R>::value_type>) {
    return;
  } else {
    return *std::forward<R>(result);
  }
}
}  // namespace detail

}  // namespace wrt

// Evaluates a Result-returning expression; on error, returns the error from the enclosing
// function (which must return some Result<U>); otherwise yields the value (or nothing, for
// Result<void>). Uses a statement expression, supported by GCC and Clang (see platform.hpp).
#define WRT_TRY(...)                                                       \
  __extension__({                                                          \
    auto&& wrt_try_result_ = (__VA_ARGS__);                                \
    if (WRT_UNLIKELY(!wrt_try_result_.has_value())) {                      \
      return ::wrt::detail::Propagated{::wrt::detail::failed_error(wrt_try_result_)}; \
    }                                                                      \
    ::wrt::detail::take_value(static_cast<decltype(wrt_try_result_)&&>(wrt_try_result_)); \
  })
