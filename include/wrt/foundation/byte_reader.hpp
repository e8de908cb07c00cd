// ByteReader: reads a span of untrusted bytes, never past its end.
//
// The integers follow the WebAssembly binary format: LEB128 with at most ceil(N/7) bytes for
// an N-bit integer ("integer representation too long" otherwise), and the unused bits of the
// last byte must be zero (unsigned) or copies of the sign bit (signed), else "integer too
// large". Errors carry the absolute byte offset: a reader over a section knows where the
// section starts in the module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <wrt/error/result.hpp>

namespace wrt {

using Bytes = std::span<const std::uint8_t>;

class ByteReader {
 public:
  ByteReader() noexcept = default;
  // base_offset: the absolute offset of bytes[0], used in error reports.
  explicit ByteReader(Bytes bytes, std::size_t base_offset = 0) noexcept
      : begin_(bytes.data()), pos_(bytes.data()), end_(bytes.data() + bytes.size()), base_(base_offset) {}

  // Absolute offset of the next byte.
  [[nodiscard]] std::size_t offset() const noexcept { return base_ + static_cast<std::size_t>(pos_ - begin_); }
  [[nodiscard]] std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - pos_); }
  [[nodiscard]] bool at_end() const noexcept { return pos_ == end_; }
  [[nodiscard]] Bytes rest() const noexcept { return {pos_, remaining()}; }
  [[nodiscard]] const std::uint8_t* cursor() const noexcept { return pos_; }

  // An error located at the next byte (or at `offset`).
  [[nodiscard]] Error error_here(ErrorCode code, const char* message = nullptr) const noexcept {
    return Error(code, message).at(offset32(offset()));
  }
  [[nodiscard]] static std::uint32_t offset32(std::size_t offset) noexcept {
    return offset < Error::kNoOffset ? static_cast<std::uint32_t>(offset) : Error::kNoOffset - 1;
  }

  // The error reported when a read runs past the end (a reader over a section or a function
  // body says so: "unexpected end of section or function"). Sub-readers inherit it.
  void set_end_error(ErrorCode code) noexcept { end_error_ = code; }

  Result<std::uint8_t> read_u8() noexcept {
    if (WRT_UNLIKELY(pos_ == end_)) return error_here(end_error_);
    return *pos_++;
  }
  Result<std::uint8_t> peek_u8() const noexcept {
    if (WRT_UNLIKELY(pos_ == end_)) return error_here(end_error_);
    return *pos_;
  }
  Result<Bytes> read_bytes(std::size_t count) noexcept {
    if (WRT_UNLIKELY(count > remaining())) return error_here(end_error_);
    Bytes bytes(pos_, count);
    pos_ += count;
    return bytes;
  }
  Result<void> skip(std::size_t count) noexcept {
    if (WRT_UNLIKELY(count > remaining())) return error_here(end_error_);
    pos_ += count;
    return {};
  }
  // A reader over the next `count` bytes (keeping absolute offsets); this reader moves past them.
  Result<ByteReader> read_sub_reader(std::size_t count) noexcept {
    std::size_t start = offset();
    Bytes bytes = WRT_TRY(read_bytes(count));
    ByteReader sub(bytes, start);
    sub.end_error_ = end_error_;
    return sub;
  }

  // Little-endian fixed-width integers (the bit patterns of f32 and f64 constants).
  Result<std::uint32_t> read_fixed_u32() noexcept;
  Result<std::uint64_t> read_fixed_u64() noexcept;

  // LEB128. The one-byte case is inline; longer encodings take the out-of-line path.
  Result<std::uint32_t> read_u32() noexcept {
    if (WRT_LIKELY(pos_ != end_ && *pos_ < 0x80)) return *pos_++;
    return read_leb<std::uint32_t, 32, false>();
  }
  Result<std::uint64_t> read_u64() noexcept {
    if (WRT_LIKELY(pos_ != end_ && *pos_ < 0x80)) return *pos_++;
    return read_leb<std::uint64_t, 64, false>();
  }
  Result<std::int32_t> read_s32() noexcept {
    if (WRT_LIKELY(pos_ != end_ && *pos_ < 0x80)) return sign_extend_7(*pos_++);
    auto r = read_leb<std::uint32_t, 32, true>();
    if (!r) return r.error();
    return static_cast<std::int32_t>(*r);
  }
  // 33-bit signed: the block type encoding (a negative value is a value type, else a type index).
  Result<std::int64_t> read_s33() noexcept {
    if (WRT_LIKELY(pos_ != end_ && *pos_ < 0x80)) return sign_extend_7(*pos_++);
    auto r = read_leb<std::uint64_t, 33, true>();
    if (!r) return r.error();
    return static_cast<std::int64_t>(*r);
  }
  Result<std::int64_t> read_s64() noexcept {
    if (WRT_LIKELY(pos_ != end_ && *pos_ < 0x80)) return sign_extend_7(*pos_++);
    auto r = read_leb<std::uint64_t, 64, true>();
    if (!r) return r.error();
    return static_cast<std::int64_t>(*r);
  }

 private:
  static std::int8_t sign_extend_7(std::uint8_t byte) noexcept {
    return static_cast<std::int8_t>((byte & 0x40) != 0 ? byte | 0x80 : byte);
  }

  // Decodes an N-bit LEB128 into U (sign-extended to U's width when Signed).
  template <typename U, unsigned Bits, bool Signed>
  Result<U> read_leb() noexcept;

  const std::uint8_t* begin_ = nullptr;
  const std::uint8_t* pos_ = nullptr;
  const std::uint8_t* end_ = nullptr;
  std::size_t base_ = 0;
  ErrorCode end_error_ = ErrorCode::unexpected_end;
};

}  // namespace wrt
