// BoundedVec<T, N>: an array of at most N elements stored inline, with fallible insertion.
//
// For structures whose size has a hard bound known at compile time (nesting depth, a
// function's result count in the no-heap profile). A full BoundedVec refuses an element with
// ErrorCode::capacity_exceeded; it never writes past its storage.
#pragma once

#include <cstddef>
#include <new>
#include <span>
#include <type_traits>
#include <utility>

#include <wrt/error/result.hpp>

namespace wrt {

template <typename T, std::size_t N>
class BoundedVec {
  static_assert(N > 0, "BoundedVec needs a capacity");
  static_assert(std::is_nothrow_destructible_v<T>, "BoundedVec<T> needs a noexcept destructor");

 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  BoundedVec() noexcept = default;
  BoundedVec(const BoundedVec& other) requires std::is_copy_constructible_v<T> {
    for (const T& item : other) ::new (static_cast<void*>(slot(size_++))) T(item);
  }
  BoundedVec(BoundedVec&& other) noexcept requires std::is_move_constructible_v<T> {
    for (T& item : other) ::new (static_cast<void*>(slot(size_++))) T(std::move(item));
    other.clear();
  }
  BoundedVec& operator=(const BoundedVec& other) requires std::is_copy_constructible_v<T> {
    if (this != &other) {
      clear();
      for (const T& item : other) ::new (static_cast<void*>(slot(size_++))) T(item);
    }
    return *this;
  }
  BoundedVec& operator=(BoundedVec&& other) noexcept requires std::is_move_constructible_v<T> {
    if (this != &other) {
      clear();
      for (T& item : other) ::new (static_cast<void*>(slot(size_++))) T(std::move(item));
      other.clear();
    }
    return *this;
  }
  ~BoundedVec() { clear(); }

  static constexpr std::size_t capacity() noexcept { return N; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] bool full() const noexcept { return size_ == N; }
  [[nodiscard]] T* data() noexcept { return std::launder(static_cast<T*>(static_cast<void*>(storage_))); }
  [[nodiscard]] const T* data() const noexcept {
    return std::launder(static_cast<const T*>(static_cast<const void*>(storage_)));
  }
  [[nodiscard]] iterator begin() noexcept { return data(); }
  [[nodiscard]] iterator end() noexcept { return data() + size_; }
  [[nodiscard]] const_iterator begin() const noexcept { return data(); }
  [[nodiscard]] const_iterator end() const noexcept { return data() + size_; }
  [[nodiscard]] std::span<T> span() noexcept { return {data(), size_}; }
  [[nodiscard]] std::span<const T> span() const noexcept { return {data(), size_}; }

  [[nodiscard]] T& operator[](std::size_t i) noexcept {
    WRT_DEBUG_CHECK(i < size_, "BoundedVec index out of range");
    return data()[i];
  }
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept {
    WRT_DEBUG_CHECK(i < size_, "BoundedVec index out of range");
    return data()[i];
  }
  [[nodiscard]] T& back() noexcept { return (*this)[size_ - 1]; }
  [[nodiscard]] const T& back() const noexcept { return (*this)[size_ - 1]; }

  Result<void> push_back(const T& value) noexcept(std::is_nothrow_copy_constructible_v<T>) {
    if (full()) return Error(ErrorCode::capacity_exceeded);
    ::new (static_cast<void*>(slot(size_))) T(value);
    ++size_;
    return {};
  }
  Result<void> push_back(T&& value) noexcept(std::is_nothrow_move_constructible_v<T>) {
    if (full()) return Error(ErrorCode::capacity_exceeded);
    ::new (static_cast<void*>(slot(size_))) T(std::move(value));
    ++size_;
    return {};
  }
  template <typename... Args>
  Result<T*> emplace_back(Args&&... args) {
    if (full()) return Error(ErrorCode::capacity_exceeded);
    T* item = ::new (static_cast<void*>(slot(size_))) T(std::forward<Args>(args)...);
    ++size_;
    return item;
  }
  Result<void> resize(std::size_t count) noexcept(std::is_nothrow_default_constructible_v<T>) {
    if (count > N) return Error(ErrorCode::capacity_exceeded);
    truncate(count);
    while (size_ < count) ::new (static_cast<void*>(slot(size_++))) T();
    return {};
  }

  void pop_back() noexcept {
    WRT_DEBUG_CHECK(size_ > 0, "BoundedVec::pop_back on an empty vector");
    data()[--size_].~T();
  }
  void truncate(std::size_t count) noexcept {
    while (size_ > count) data()[--size_].~T();
  }
  void clear() noexcept { truncate(0); }

 private:
  void* slot(std::size_t i) noexcept { return storage_ + i * sizeof(T); }

  alignas(T) std::byte storage_[N * sizeof(T)];
  std::size_t size_ = 0;
};

}  // namespace wrt
