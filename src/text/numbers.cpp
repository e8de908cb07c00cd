#include "text/numbers.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace wrt::text {

namespace {

bool is_digit(char c, bool hex) {
  if (c >= '0' && c <= '9') return true;
  return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Checks a digit sequence with single underscores between digits and appends its digits.
bool take_digits(std::string_view text, bool hex, std::string& out) {
  if (text.empty()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_') {
      if (i == 0 || i + 1 == text.size() || !is_digit(text[i - 1], hex) || !is_digit(text[i + 1], hex)) return false;
      continue;
    }
    if (!is_digit(c, hex)) return false;
    out.push_back(c);
  }
  return true;
}

// A natural number (decimal or 0x hex) up to max; no sign.
bool parse_nat(std::string_view text, std::uint64_t max, std::uint64_t& out) {
  bool hex = false;
  if (text.size() > 2 && text[0] == '0' && text[1] == 'x') {
    hex = true;
    text.remove_prefix(2);
  }
  std::string digits;
  if (!take_digits(text, hex, digits)) return false;
  const std::uint64_t base = hex ? 16 : 10;
  std::uint64_t value = 0;
  for (char c : digits) {
    const auto d = static_cast<std::uint64_t>(digit_value(c));
    if (value > (max - d) / base) return false;
    value = value * base + d;
  }
  out = value;
  return true;
}

// Splits a float literal into sign and body; checks the body's grammar and writes the form
// strtod reads (underscores removed) into `clean`. Returns false when malformed.
enum class FloatForm { finite, inf, nan, nan_payload };

bool scan_float(std::string_view text, bool& negative, FloatForm& form, std::string& clean, std::uint64_t& payload) {
  negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text == "inf") {
    form = FloatForm::inf;
    return true;
  }
  if (text == "nan") {
    form = FloatForm::nan;
    return true;
  }
  if (text.substr(0, 6) == "nan:0x") {
    form = FloatForm::nan_payload;
    return parse_nat(text.substr(4), UINT64_MAX, payload);
  }
  form = FloatForm::finite;
  bool hex = false;
  if (text.size() > 2 && text[0] == '0' && text[1] == 'x') {
    hex = true;
    text.remove_prefix(2);
    clean = "0x";
  }
  // mantissa: digits ( '.' digits? )?
  std::size_t i = 0;
  while (i < text.size() && (is_digit(text[i], hex) || text[i] == '_')) ++i;
  if (!take_digits(text.substr(0, i), hex, clean)) return false;
  if (i < text.size() && text[i] == '.') {
    clean.push_back('.');
    ++i;
    const std::size_t frac = i;
    while (i < text.size() && (is_digit(text[i], hex) || text[i] == '_')) ++i;
    if (i > frac && !take_digits(text.substr(frac, i - frac), hex, clean)) return false;
  }
  if (i < text.size()) {
    const char e = text[i];
    if (hex ? (e != 'p' && e != 'P') : (e != 'e' && e != 'E')) return false;
    clean.push_back(hex ? 'p' : 'e');
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) clean.push_back(text[i++]);
    if (!take_digits(text.substr(i), false, clean)) return false;
  }
  if (hex && clean.find('p') == std::string::npos) clean += "p0";
  return true;
}

}  // namespace

bool parse_unsigned(std::string_view text, std::uint64_t max, std::uint64_t& out) { return parse_nat(text, max, out); }

bool parse_integer(std::string_view text, unsigned bits, std::uint64_t& out) {
  const std::uint64_t umax = bits == 64 ? UINT64_MAX : (std::uint64_t{1} << bits) - 1;
  const std::uint64_t smag = std::uint64_t{1} << (bits - 1);  // |min|
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    const bool negative = text[0] == '-';
    std::uint64_t magnitude = 0;
    if (!parse_nat(text.substr(1), negative ? smag : smag - 1, magnitude)) return false;
    out = (negative ? (~magnitude + 1) : magnitude) & umax;
    return true;
  }
  return parse_nat(text, umax, out);
}

bool parse_f32(std::string_view text, std::uint32_t& bits) {
  bool negative = false;
  FloatForm form{};
  std::string clean;
  std::uint64_t payload = 0;
  if (!scan_float(text, negative, form, clean, payload)) return false;
  const std::uint32_t sign = negative ? 0x80000000u : 0;
  switch (form) {
    case FloatForm::inf: bits = sign | 0x7F800000u; return true;
    case FloatForm::nan: bits = sign | 0x7FC00000u; return true;
    case FloatForm::nan_payload:
      if (payload == 0 || payload >= (1u << 23)) return false;
      bits = sign | 0x7F800000u | static_cast<std::uint32_t>(payload);
      return true;
    case FloatForm::finite: break;
  }
  errno = 0;
  const float value = std::strtof(clean.c_str(), nullptr);
  if (std::isinf(value)) return false;
  std::memcpy(&bits, &value, 4);
  bits |= sign;
  return true;
}

bool parse_f64(std::string_view text, std::uint64_t& bits) {
  bool negative = false;
  FloatForm form{};
  std::string clean;
  std::uint64_t payload = 0;
  if (!scan_float(text, negative, form, clean, payload)) return false;
  const std::uint64_t sign = negative ? 0x8000000000000000ull : 0;
  switch (form) {
    case FloatForm::inf: bits = sign | 0x7FF0000000000000ull; return true;
    case FloatForm::nan: bits = sign | 0x7FF8000000000000ull; return true;
    case FloatForm::nan_payload:
      if (payload == 0 || payload >= (std::uint64_t{1} << 52)) return false;
      bits = sign | 0x7FF0000000000000ull | payload;
      return true;
    case FloatForm::finite: break;
  }
  const double value = std::strtod(clean.c_str(), nullptr);
  if (std::isinf(value)) return false;
  std::memcpy(&bits, &value, 8);
  bits |= sign;
  return true;
}

}  // namespace wrt::text
