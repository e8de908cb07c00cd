// A binary module printed in the text format (hosted only): `wrt-run inspect --wat`.
//
// The text says everything the binary says, so that parsing it gives the same binary: every
// type is written out and used by index, indices are numbers, floats are exact (hex floats,
// `nan:0x...`), custom sections (the `name` section included) are `(@custom ...)` annotations
// at their place, element and data segments keep their form. The name section's function,
// parameter and local names are also written as `$identifiers` where those are declared.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace wrt::text {

struct PrintResult {
  std::string text;
  std::string error;  // why the binary could not be decoded; empty on success

  [[nodiscard]] bool ok() const { return error.empty(); }
};

[[nodiscard]] PrintResult print_module(std::span<const std::uint8_t> binary);

}  // namespace wrt::text
