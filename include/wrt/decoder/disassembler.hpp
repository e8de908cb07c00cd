// The text form of an instruction, for error messages, `wrt-run inspect` and tests.
#pragma once

#include <cstddef>

#include <wrt/decoder/instruction.hpp>

namespace wrt {

// Writes e.g. "i32.load offset=8 align=2", "br_table 0 1 2", "i32.const -5" into `buffer`
// (snprintf semantics; returns the full length). Float constants print as their bit patterns,
// which is exact and needs no C library.
std::size_t disassemble(const Instruction& inst, char* buffer, std::size_t size) noexcept;

}  // namespace wrt
