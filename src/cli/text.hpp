// Text in and out of wrt-run: numbers from the command line, names from modules.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wrt::cli {

// Text from a module (names can hold any UTF-8, terminal escapes included) or from the command
// line, made safe to print: control characters and bytes that are not UTF-8 escaped
// (TextWriter::put_escaped, as Error::format does with its detail).
std::string printable(std::string_view text);

// A whole decimal number from 0 to `max`: digits only (no sign, space or suffix), no overflow.
bool parse_unsigned(std::string_view text, std::uint64_t max, std::uint64_t& out);

}  // namespace wrt::cli
