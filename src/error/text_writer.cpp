#include <wrt/error/text_writer.hpp>

namespace wrt {

namespace {

// The length of the UTF-8 sequence at text[i] and its code point, or 0 when it is not one
// (overlong, surrogate, beyond U+10FFFF, cut short).
std::size_t decode_utf8(std::string_view text, std::size_t i, std::uint32_t& code_point) noexcept {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  std::uint32_t value = 0;
  std::uint32_t minimum = 0;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1Fu, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0Fu, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07u, minimum = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    value = (value << 6) | (next & 0x3Fu);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  code_point = value;
  return length;
}

// Code points a terminal acts on rather than shows: C0 and C1 controls, DEL, and the
// formatting characters that reorder text on screen (bidirectional marks and overrides, line
// and paragraph separators).
bool needs_escape(std::uint32_t c) noexcept {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x200E || c == 0x200F || (c >= 0x2028 && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

void TextWriter::put_escaped(std::string_view text) noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint32_t c = 0;
    const std::size_t length = decode_utf8(text, i, c);
    if (length == 0) {  // not UTF-8: the byte itself
      const auto byte = static_cast<unsigned char>(text[i]);
      put("\\x");
      put_char(kHex[byte >> 4]);
      put_char(kHex[byte & 0xF]);
      ++i;
      continue;
    }
    if (c == '\\') {
      put("\\\\");
    } else if (c == '\n') {
      put("\\n");
    } else if (c == '\t') {
      put("\\t");
    } else if (c == '\r') {
      put("\\r");
    } else if (c < 0x80 && needs_escape(c)) {
      put("\\x");
      put_char(kHex[c >> 4]);
      put_char(kHex[c & 0xF]);
    } else if (needs_escape(c)) {
      put("\\u{");
      bool started = false;
      for (int shift = 20; shift >= 0; shift -= 4) {
        const std::uint32_t digit = (c >> shift) & 0xF;
        if (digit != 0 || started || shift == 0) {
          put_char(kHex[digit]);
          started = true;
        }
      }
      put("}");
    } else {
      put(text.substr(i, length));
    }
    i += length;
  }
}

}  // namespace wrt
