// Hosted tools only: wrt::to_string(Error) and fmt formatting of errors ("{}" prints the same
// text as Error::format). Needs {fmt}; the core layers never include this header.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

#include <wrt/error/error.hpp>

namespace wrt {

inline std::string to_string(const Error& error) {
  char buffer[256];
  std::size_t length = error.format(buffer, sizeof buffer);
  if (length < sizeof buffer) return std::string(buffer, length);
  std::string text(length, '\0');
  error.format(text.data(), length + 1);
  return text;
}

}  // namespace wrt

template <>
struct fmt::formatter<wrt::Error> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const wrt::Error& error, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(wrt::to_string(error), ctx);
  }
};
