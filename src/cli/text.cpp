#include "cli/text.hpp"

#include <wrt/error/text_writer.hpp>

namespace wrt::cli {

std::string printable(std::string_view text) {
  std::string out(text.size() + 16, '\0');
  for (;;) {
    TextWriter writer(out.data(), out.size());
    writer.put_escaped(text);
    const std::size_t length = writer.finish();
    if (length < out.size()) {
      out.resize(length);
      return out;
    }
    out.assign(length + 1, '\0');
  }
}

bool parse_unsigned(std::string_view text, std::uint64_t max, std::uint64_t& out) {
  if (text.empty()) return false;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (digit > max || value > (max - digit) / 10) return false;  // value * 10 + digit > max
    value = value * 10 + digit;
  }
  out = value;
  return true;
}

}  // namespace wrt::cli
