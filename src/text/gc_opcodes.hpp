// The garbage-collection instructions by text name, from the opcode table's WRT_OPCODES_GC
// rows (include/wrt/decoder/opcode_table.hpp says why they are outside WRT_OPCODES).
#pragma once

#include <cstdint>
#include <string_view>

namespace wrt::text {

// What follows a GC opcode (the immediate column of WRT_OPCODES_GC).
enum class GcImmediate : std::uint8_t {
  none,
  type_index,    // x: struct.new, array.get, ...
  type_field,    // x y: struct.get, struct.set (y a field of x, named per type)
  type_count,    // x n: array.new_fixed
  type_data,     // x y: array.new_data, array.init_data (y a data segment)
  type_element,  // x y: array.new_elem, array.init_elem (y an element segment)
  type_type,     // x y: array.copy
  cast,          // a reference type: ref.test / ref.cast (its nullability picks the opcode)
  cast_branch,   // br_on_cast(_fail): flags byte, label, two heap types
};

struct GcOpcode {
  std::uint8_t prefix = 0;         // 0xFB, or 0 for the one-byte ref.eq
  std::uint32_t code = 0;          // with a non-nullable type (cast)
  std::uint32_t nullable_code = 0; // cast: with a nullable type
  GcImmediate immediate = GcImmediate::none;
};

// The row of a GC instruction name, or nullptr.
const GcOpcode* find_gc_opcode(std::string_view name);

}  // namespace wrt::text
