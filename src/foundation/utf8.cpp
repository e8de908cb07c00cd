#include <wrt/foundation/utf8.hpp>

namespace wrt {

bool is_valid_utf8(Bytes bytes) noexcept {
  const std::uint8_t* p = bytes.data();
  const std::uint8_t* end = p + bytes.size();
  auto continuation = [](std::uint8_t b) { return (b & 0xC0) == 0x80; };
  while (p < end) {
    std::uint8_t b = *p;
    if (b < 0x80) {
      ++p;
      continue;
    }
    std::size_t left = static_cast<std::size_t>(end - p);
    if (b >= 0xC2 && b <= 0xDF) {
      if (left < 2 || !continuation(p[1])) return false;
      p += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      if (left < 3 || !continuation(p[1]) || !continuation(p[2])) return false;
      if (b == 0xE0 && p[1] < 0xA0) return false;  // overlong
      if (b == 0xED && p[1] > 0x9F) return false;  // surrogate
      p += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      if (left < 4 || !continuation(p[1]) || !continuation(p[2]) || !continuation(p[3])) return false;
      if (b == 0xF0 && p[1] < 0x90) return false;  // overlong
      if (b == 0xF4 && p[1] > 0x8F) return false;  // above U+10FFFF
      p += 4;
    } else {
      return false;  // continuation byte first, C0/C1 (overlong), F5..FF
    }
  }
  return true;
}

}  // namespace wrt
