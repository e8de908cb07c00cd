// BoundedString<N>: text of at most N bytes stored inline, always NUL-terminated.
//
// Appending beyond N is refused with ErrorCode::capacity_exceeded and leaves the string as it
// was; append_truncated() is the explicit "keep what fits" form for diagnostics.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

#include <wrt/error/result.hpp>

namespace wrt {

template <std::size_t N>
class BoundedString {
  static_assert(N > 0, "BoundedString needs a capacity");

 public:
  BoundedString() noexcept = default;

  static Result<BoundedString> from(std::string_view text) noexcept {
    BoundedString s;
    WRT_TRY(s.append(text));
    return s;
  }

  static constexpr std::size_t capacity() noexcept { return N; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] const char* c_str() const noexcept { return data_; }
  [[nodiscard]] std::string_view view() const noexcept { return {data_, size_}; }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: implicit by design

  Result<void> append(std::string_view text) noexcept {
    if (text.size() > N - size_) return Error(ErrorCode::capacity_exceeded);
    std::memcpy(data_ + size_, text.data(), text.size());
    size_ += text.size();
    data_[size_] = '\0';
    return {};
  }
  Result<void> push_back(char c) noexcept { return append(std::string_view(&c, 1)); }

  // Appends as much as fits; returns false if something was cut.
  bool append_truncated(std::string_view text) noexcept {
    std::size_t n = text.size() <= N - size_ ? text.size() : N - size_;
    std::memcpy(data_ + size_, text.data(), n);
    size_ += n;
    data_[size_] = '\0';
    return n == text.size();
  }

  void clear() noexcept {
    size_ = 0;
    data_[0] = '\0';
  }

  friend bool operator==(const BoundedString& a, std::string_view b) noexcept { return a.view() == b; }

 private:
  char data_[N + 1] = {};
  std::size_t size_ = 0;
};

}  // namespace wrt
