// The WebAssembly text format (hosted only): `.wat` modules to the binary format.
//
// The text is lexed and parsed here and encoded to the binary format; whether the module is
// valid is then decided by the decoder and validator, as for any binary (one source of truth).
// Instruction names and immediates come from the opcode table (`<wrt/decoder/opcode_table.hpp>`),
// so an instruction added to the table is known to the text format too.
//
// Parsed: everything of WebAssembly 2.0 with SIMD (modules in folded and flat form, every
// abbreviation, inline imports and exports, named and numeric indices, all literal forms,
// annotations, `(@custom ...)`), and of 3.0: garbage collection (rec groups, sub/final,
// struct and array types, every GC instruction; encoded here, refused by the decoder until it
// implements GC), tags and exception handling (also the legacy try/delegate), typed function
// references and tail calls, multi-memory, memory64/table64, branch hints
// (`(@metadata.code.branch_hint ...)`); shared memories and custom page sizes. Not parsed: the
// component text format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wrt::text {

// A problem in the text: where (1-based line and column, byte offset) and what.
struct Diagnostic {
  std::size_t line = 0;
  std::size_t column = 0;
  std::size_t offset = 0;
  std::string message;  // "expected a value type, found `i33`"
  // The problem is in an annotation that becomes a custom section (a branch hint): what the
  // spec scripts' assert_malformed_custom expects; the module without it may be fine.
  bool in_custom_annotation = false;

  // "LINE:COLUMN: MESSAGE"
  [[nodiscard]] std::string to_string() const;
};

// The binary encoding of a text module, or where and why the text is malformed.
struct BinaryResult {
  std::vector<std::uint8_t> binary;
  std::optional<Diagnostic> error;

  [[nodiscard]] bool ok() const { return !error.has_value(); }
};

// Parses one module: `(module $id? field*)` or, as in a `.wat` file, the fields alone.
[[nodiscard]] BinaryResult parse_module(std::string_view text);

// True when `bytes` look like text rather than a binary module or component: the first
// character that is not whitespace or part of a comment is `(`.
[[nodiscard]] bool looks_like_text(std::span<const std::uint8_t> bytes);

// Line and column (both from 1) of a byte offset.
[[nodiscard]] Diagnostic locate(std::string_view text, std::size_t offset, std::string message);

}  // namespace wrt::text
