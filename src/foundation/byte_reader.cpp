#include <wrt/foundation/byte_reader.hpp>

namespace wrt {

template <typename U, unsigned Bits, bool Signed>
Result<U> ByteReader::read_leb() noexcept {
  static_assert(Bits <= sizeof(U) * 8);
  constexpr unsigned kMaxBytes = (Bits + 6) / 7;
  constexpr unsigned kWidth = sizeof(U) * 8;

  const std::size_t start = offset();
  U result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (pos_ == end_) return error_here(end_error_);
    const std::uint8_t byte = *pos_++;
    if (i + 1 == kMaxBytes) {
      // The last byte the encoding may have: no continuation, and the bits beyond the
      // integer's width must be an extension of its value.
      if ((byte & 0x80) != 0) return Error(ErrorCode::integer_too_long).at(offset32(start));
      const unsigned used = Bits - shift;  // value bits in this byte, 1..7
      if constexpr (Signed) {
        // Bits used-1 (the sign) through 6 must all be equal.
        const auto mask = static_cast<std::uint8_t>(0x7Fu & ~((1u << (used - 1)) - 1u));
        const auto top = static_cast<std::uint8_t>(byte & mask);
        if (top != 0 && top != mask) return Error(ErrorCode::integer_too_large).at(offset32(start));
      } else {
        if (used < 7 && (byte >> used) != 0) return Error(ErrorCode::integer_too_large).at(offset32(start));
      }
    }
    result |= static_cast<U>(static_cast<U>(byte & 0x7F) << shift);
    shift += 7;
    if ((byte & 0x80) == 0) {
      if constexpr (Signed) {
        if (shift < kWidth && (byte & 0x40) != 0) result |= static_cast<U>(~U{0} << shift);
      }
      return result;
    }
  }
}

template Result<std::uint32_t> ByteReader::read_leb<std::uint32_t, 32, false>() noexcept;
template Result<std::uint64_t> ByteReader::read_leb<std::uint64_t, 64, false>() noexcept;
template Result<std::uint32_t> ByteReader::read_leb<std::uint32_t, 32, true>() noexcept;
template Result<std::uint64_t> ByteReader::read_leb<std::uint64_t, 33, true>() noexcept;
template Result<std::uint64_t> ByteReader::read_leb<std::uint64_t, 64, true>() noexcept;

Result<std::uint32_t> ByteReader::read_fixed_u32() noexcept {
  Bytes b = WRT_TRY(read_bytes(4));
  return static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 |
         static_cast<std::uint32_t>(b[2]) << 16 | static_cast<std::uint32_t>(b[3]) << 24;
}

Result<std::uint64_t> ByteReader::read_fixed_u64() noexcept {
  Bytes b = WRT_TRY(read_bytes(8));
  std::uint64_t value = 0;
  for (unsigned i = 8; i-- > 0;) value = value << 8 | b[i];
  return value;
}

}  // namespace wrt
