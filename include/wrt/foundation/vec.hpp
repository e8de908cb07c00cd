// Vec<T>: a growable array whose every allocation can fail cleanly.
//
// It allocates through an Allocator (see allocator.hpp). In the pure freestanding profile
// there is no default allocator, so `Vec<T> v;` does not compile there; `Vec<T> v(arena);`
// does. Growth never throws and never aborts: push_back() and friends return Result, and a
// failed growth leaves the vector as it was.
#pragma once

#include <cstddef>
#include <cstring>
#include <limits>
#include <new>
#include <span>
#include <type_traits>
#include <utility>

#include <wrt/error/result.hpp>
#include <wrt/foundation/allocator.hpp>
#include <wrt/foundation/checked.hpp>

namespace wrt {

namespace detail {
// The growth of a Vec of trivially copyable elements, out of line and shared by every such
// element type: one copy of this code instead of one per Vec<T> (which cost kilobytes of flash
// in a firmware image). `data` and `capacity` are updated on success; nothing changes on failure.
Result<void> vec_grow(Allocator& allocator, void*& data, std::size_t& capacity, std::size_t size, std::size_t extra,
                      std::size_t element_size, std::size_t alignment, std::size_t max_size) noexcept;
Result<void> vec_reallocate(Allocator& allocator, void*& data, std::size_t& capacity, std::size_t new_capacity,
                            std::size_t element_size, std::size_t alignment) noexcept;
// Frees a Vec's storage (if any) whose elements need no destruction: out of line for the same
// reason (a struct of many vectors, like a module, otherwise inlines a release per member).
void vec_free(Allocator& allocator, void* data, std::size_t bytes, std::size_t alignment) noexcept;
// The capacity to grow to for `extra` more elements: at least double, at least 4.
Result<std::size_t> vec_growth_target(std::size_t size, std::size_t capacity, std::size_t extra,
                                      std::size_t max_size) noexcept;
}  // namespace detail

template <typename T>
class Vec {
  static_assert(std::is_nothrow_move_constructible_v<T>, "Vec<T> needs a noexcept move");
  static_assert(std::is_nothrow_destructible_v<T>, "Vec<T> needs a noexcept destructor");

 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  static constexpr std::size_t kMaxSize =
      static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) / sizeof(T);

#if WRT_HAS_DEFAULT_ALLOCATOR
  Vec() noexcept : allocator_(&default_allocator()) {}
#endif
  explicit Vec(Allocator& allocator) noexcept : allocator_(&allocator) {}

  Vec(const Vec&) = delete;
  Vec& operator=(const Vec&) = delete;
  Vec(Vec&& other) noexcept
      : allocator_(other.allocator_), data_(other.data_), size_(other.size_), capacity_(other.capacity_) {
    other.data_ = nullptr;
    other.size_ = 0;
    other.capacity_ = 0;
  }
  Vec& operator=(Vec&& other) noexcept {
    if (this != &other) {
      release();
      allocator_ = other.allocator_;
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }
  ~Vec() {
    if constexpr (std::is_trivially_destructible_v<T>) {
      detail::vec_free(*allocator_, data_, capacity_ * sizeof(T), alignof(T));
    } else {
      release();
    }
  }

  // An element-wise copy, using the same allocator.
  [[nodiscard]] Result<Vec> clone() const requires std::is_copy_constructible_v<T> {
    Vec copy(*allocator_);
    WRT_TRY(copy.reserve(size_));
    for (const T& item : *this) ::new (static_cast<void*>(copy.data_ + copy.size_++)) T(item);
    return Result<Vec>(std::move(copy));
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] T* data() noexcept { return data_; }
  [[nodiscard]] const T* data() const noexcept { return data_; }
  [[nodiscard]] iterator begin() noexcept { return data_; }
  [[nodiscard]] iterator end() noexcept { return data_ + size_; }
  [[nodiscard]] const_iterator begin() const noexcept { return data_; }
  [[nodiscard]] const_iterator end() const noexcept { return data_ + size_; }
  [[nodiscard]] std::span<T> span() noexcept { return {data_, size_}; }
  [[nodiscard]] std::span<const T> span() const noexcept { return {data_, size_}; }
  [[nodiscard]] Allocator& allocator() const noexcept { return *allocator_; }

  [[nodiscard]] T& operator[](std::size_t i) noexcept {
    WRT_DEBUG_CHECK(i < size_, "Vec index out of range");
    return data_[i];
  }
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept {
    WRT_DEBUG_CHECK(i < size_, "Vec index out of range");
    return data_[i];
  }
  [[nodiscard]] T& back() noexcept { return (*this)[size_ - 1]; }
  [[nodiscard]] const T& back() const noexcept { return (*this)[size_ - 1]; }

  // Makes room for at least `count` elements in total.
  Result<void> reserve(std::size_t count) noexcept {
    if (count <= capacity_) return {};
    if (count > kMaxSize) return Error(ErrorCode::out_of_memory);
    return reallocate(count);
  }

  // Makes room for `extra` more elements, growing geometrically: a loop of these stays linear.
  Result<void> reserve_more(std::size_t extra) noexcept { return grow_for(extra); }

  Result<void> push_back(const T& value) noexcept(std::is_nothrow_copy_constructible_v<T>) {
    WRT_TRY(grow_for(1));
    ::new (static_cast<void*>(data_ + size_)) T(value);
    ++size_;
    return {};
  }
  Result<void> push_back(T&& value) noexcept {
    WRT_TRY(grow_for(1));
    ::new (static_cast<void*>(data_ + size_)) T(std::move(value));
    ++size_;
    return {};
  }
  template <typename... Args>
  Result<T*> emplace_back(Args&&... args) {
    WRT_TRY(grow_for(1));
    T* slot = ::new (static_cast<void*>(data_ + size_)) T(std::forward<Args>(args)...);
    ++size_;
    return slot;
  }
  Result<void> append(std::span<const T> items) noexcept(std::is_nothrow_copy_constructible_v<T>) {
    WRT_TRY(grow_for(items.size()));
    if constexpr (std::is_trivially_copyable_v<T>) {
      if (!items.empty()) std::memcpy(static_cast<void*>(data_ + size_), items.data(), items.size_bytes());
    } else {
      for (std::size_t i = 0; i < items.size(); ++i) ::new (static_cast<void*>(data_ + size_ + i)) T(items[i]);
    }
    size_ += items.size();
    return {};
  }
  // Grows with value-initialized elements, or shrinks.
  Result<void> resize(std::size_t count) noexcept(std::is_nothrow_default_constructible_v<T>) {
    if (count <= size_) {
      truncate(count);
      return {};
    }
    WRT_TRY(grow_for(count - size_));
    for (std::size_t i = size_; i < count; ++i) ::new (static_cast<void*>(data_ + i)) T();
    size_ = count;
    return {};
  }

  void pop_back() noexcept {
    WRT_DEBUG_CHECK(size_ > 0, "Vec::pop_back on an empty vector");
    data_[--size_].~T();
  }
  void truncate(std::size_t count) noexcept {
    while (size_ > count) data_[--size_].~T();
  }
  void clear() noexcept { truncate(0); }

 private:
  Result<void> grow_for(std::size_t extra) noexcept {
    if (WRT_LIKELY(capacity_ - size_ >= extra)) return {};
    if constexpr (std::is_trivially_copyable_v<T>) {
      void* data = data_;
      WRT_TRY(detail::vec_grow(*allocator_, data, capacity_, size_, extra, sizeof(T), alignof(T), kMaxSize));
      data_ = static_cast<T*>(data);
      return {};
    } else {
      std::size_t target = WRT_TRY(detail::vec_growth_target(size_, capacity_, extra, kMaxSize));
      return reallocate(target);
    }
  }

  Result<void> reallocate(std::size_t new_capacity) noexcept {
    if constexpr (std::is_trivially_copyable_v<T>) {
      void* data = data_;
      WRT_TRY(detail::vec_reallocate(*allocator_, data, capacity_, new_capacity, sizeof(T), alignof(T)));
      data_ = static_cast<T*>(data);
    } else {
      // new_capacity <= kMaxSize: the byte count cannot overflow.
      T* fresh = static_cast<T*>(allocator_->allocate(new_capacity * sizeof(T), alignof(T)));
      if (fresh == nullptr) return Error(ErrorCode::out_of_memory);
      for (std::size_t i = 0; i < size_; ++i) {
        ::new (static_cast<void*>(fresh + i)) T(std::move(data_[i]));
        data_[i].~T();
      }
      if (data_ != nullptr) allocator_->deallocate(data_, capacity_ * sizeof(T), alignof(T));
      data_ = fresh;
      capacity_ = new_capacity;
    }
    return {};
  }

  void release() noexcept {
    clear();
    if (data_ != nullptr) allocator_->deallocate(data_, capacity_ * sizeof(T), alignof(T));
    data_ = nullptr;
    capacity_ = 0;
  }

  Allocator* allocator_;
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// The stand-in for a Vec that a build has no use for (a proposal compiled out, see VecIf): it
// holds nothing, takes no memory beyond its (empty) self and costs no construction or
// destruction code. Reads see an empty vector; growing it fails with out_of_memory (the code
// that would grow it is not reached in such builds).
template <typename T>
class NoVec {
 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;
  NoVec() noexcept = default;
  explicit NoVec(Allocator& /*allocator*/) noexcept {}

  [[nodiscard]] static constexpr std::size_t size() noexcept { return 0; }
  [[nodiscard]] static constexpr std::size_t capacity() noexcept { return 0; }
  [[nodiscard]] static constexpr bool empty() noexcept { return true; }
  [[nodiscard]] T* data() const noexcept { return nullptr; }
  [[nodiscard]] T* begin() const noexcept { return nullptr; }
  [[nodiscard]] T* end() const noexcept { return nullptr; }
  [[nodiscard]] std::span<T> span() const noexcept { return {}; }
  [[nodiscard]] T& operator[](std::size_t /*i*/) const noexcept { return *data(); }  // never reached: always empty
  [[nodiscard]] T& back() const noexcept { return *data(); }
  Result<void> reserve(std::size_t count) noexcept { return grow(count); }
  Result<void> reserve_more(std::size_t extra) noexcept { return grow(extra); }
  Result<void> push_back(const T& /*value*/) noexcept { return grow(1); }
  Result<void> resize(std::size_t count) noexcept { return grow(count); }
  void pop_back() noexcept {}
  void clear() noexcept {}

 private:
  static Result<void> grow(std::size_t count) noexcept {
    if (count == 0) return {};
    return Error(ErrorCode::out_of_memory);
  }
};

// A Vec when `On` (a compile-time feature constant), else a NoVec. Members of this type are
// declared [[no_unique_address]], so that a NoVec takes no room in the object either.
template <bool On, typename T>
using VecIf = std::conditional_t<On, Vec<T>, NoVec<T>>;

}  // namespace wrt
