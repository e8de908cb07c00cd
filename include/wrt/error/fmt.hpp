// Hosted tools: fmt formatting of errors ("{}" prints the same text as Error::format and
// wrt::to_string). Needs {fmt}: an application that includes it finds and links fmt itself
// (find_package(fmt), target_link_libraries(... fmt::fmt)); wrt::wrt does not bring it. The core
// layers never include this header.
#pragma once

#include <string_view>

#include <fmt/format.h>

#include <wrt/error/error.hpp>
#include <wrt/error/to_string.hpp>

template <>
struct fmt::formatter<wrt::Error> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const wrt::Error& error, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(wrt::to_string(error), ctx);
  }
};
