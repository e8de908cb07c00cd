// TextWriter: formats text into a caller's buffer without a C library, with snprintf
// semantics (always NUL-terminated when the buffer is not empty; finish() returns the length
// the full text has). The error layer formats errors with it; the decoder's disassembler too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wrt {

class TextWriter {
 public:
  TextWriter(char* buffer, std::size_t size) noexcept : buffer_(buffer), size_(size) {}

  void put(std::string_view text) noexcept {
    for (char c : text) put_char(c);
  }
  void put_char(char c) noexcept {
    if (length_ + 1 < size_) buffer_[length_] = c;
    ++length_;
  }
  void put_decimal(std::uint64_t value) noexcept {
    char digits[20];
    std::size_t n = 0;
    do {
      digits[n++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    while (n > 0) put_char(digits[--n]);
  }
  void put_signed(std::int64_t value) noexcept {
    if (value < 0) {
      put_char('-');
      put_decimal(~static_cast<std::uint64_t>(value) + 1);  // also right for INT64_MIN
    } else {
      put_decimal(static_cast<std::uint64_t>(value));
    }
  }
  // "0x" and at least `min_digits` lowercase hex digits.
  void put_hex(std::uint64_t value, unsigned min_digits = 1) noexcept {
    static constexpr char kDigits[] = "0123456789abcdef";
    char digits[16];
    unsigned n = 0;
    do {
      digits[n++] = kDigits[value & 0xF];
      value >>= 4;
    } while (value != 0);
    while (n < min_digits && n < 16) digits[n++] = '0';
    put("0x");
    while (n > 0) put_char(digits[--n]);
  }
  // Text that came from outside (names in a module, paths) made safe for a terminal: printable
  // ASCII and UTF-8 as they are; control characters, DEL, C1 controls and the bidirectional
  // overrides escaped (\n, \t, \r, \xNN, \u{NNNN}); bytes that are not UTF-8 as \xNN; a
  // backslash doubled, so that the escapes are unambiguous.
  void put_escaped(std::string_view text) noexcept;
  [[nodiscard]] std::size_t length() const noexcept { return length_; }
  // NUL-terminates and returns the untruncated length.
  std::size_t finish() noexcept {
    if (size_ > 0) buffer_[length_ < size_ ? length_ : size_ - 1] = '\0';
    return length_;
  }

 private:
  char* buffer_;
  std::size_t size_;
  std::size_t length_ = 0;
};

}  // namespace wrt
