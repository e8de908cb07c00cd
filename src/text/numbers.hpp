// The numeric literals of the text format: integers (decimal or hex, with underscores between
// digits) and floats (decimal, hex, inf, nan, nan:0x...), converted exactly as the spec says.
#pragma once

#include <cstdint>
#include <string_view>

namespace wrt::text {

// An unsigned literal (no sign) not above `max`.
bool parse_unsigned(std::string_view text, std::uint64_t max, std::uint64_t& out);
// An integer of `bits` (32 or 64) bits: unsigned up to 2^bits-1, or signed (with a sign) from
// -2^(bits-1) to 2^(bits-1)-1. `out` gets the two's-complement bits.
bool parse_integer(std::string_view text, unsigned bits, std::uint64_t& out);
// Float literals: false if malformed or if a finite literal rounds to infinity.
bool parse_f32(std::string_view text, std::uint32_t& bits);
bool parse_f64(std::string_view text, std::uint64_t& bits);

}  // namespace wrt::text
