// Hosted profile: an Error as a std::string ("outer context: inner context: message: detail (at
// byte offset N)", the text of Error::format). Needs nothing but the standard library; for
// fmt::print("{}", error), see <wrt/error/fmt.hpp>.
#pragma once

#include <string>

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
