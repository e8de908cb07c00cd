// decode_module: the binary format of WebAssembly 2.0 into a ModuleDescription description.
//
// Decoding checks everything the binary format says (section order and sizes, encodings,
// UTF-8 names, counts that agree); validation is a separate step (wrt/validator). Function
// bodies are located and their local declarations decoded, but their instructions are read by
// the validator, which walks them anyway.
//
// Hostile input cannot make the decoder allocate more than the input justifies: a vector is
// never reserved beyond the bytes that could back it, and the limits below cap what any single
// declaration may cost later (frames, tables of functions...). Exceeding a limit is an
// ErrorCode::limit_exceeded error naming the limit.
#pragma once

#include <cstddef>
#include <cstdint>

#include <wrt/decoder/module.hpp>
#include <wrt/decoder/types.hpp>
#include <wrt/error/result.hpp>
#include <wrt/foundation/byte_reader.hpp>

namespace wrt {

// Bounds on what decoding may allocate. Counts follow the limits web engines agree on (the JS
// API's implementation limits), except where those would stop real programs that run
// elsewhere: a function body may be as large as the module, and a function may declare up to a
// million locals (its frame must still fit the value stack when it is called).
struct DecodeLimits {
  std::size_t max_module_size = std::size_t{1} << 30;  // 1 GiB
  std::uint32_t max_types = 1'000'000;
  std::uint32_t max_functions = 1'000'000;
  std::uint32_t max_imports = 100'000;
  std::uint32_t max_exports = 100'000;
  std::uint32_t max_globals = 1'000'000;
  std::uint32_t max_tables = 100'000;
  std::uint32_t max_memories = 100;
  std::uint32_t max_tags = 100'000;  // exception handling
  std::uint32_t max_element_segments = 10'000'000;
  std::uint32_t max_data_segments = 100'000;
  std::uint32_t max_params = 1'000;
  std::uint32_t max_results = 1'000;
  std::uint32_t max_locals = 1'000'000;  // declared locals of one function, parameters included
  std::uint32_t max_function_size = 0xFFFF'FFFFu;  // bytes of one function body (JS API: 7,654,321)
  std::uint32_t max_br_table_targets = 1'000'000;
  std::uint32_t max_nesting_depth = 100'000;  // blocks open at once in a function
};

struct DecodeOptions {
  Features features;
  DecodeLimits limits;
};

// Decodes `bytes` into `module` (which must be empty). `bytes` must outlive `module`.
Result<void> decode_module(Bytes bytes, const DecodeOptions& options, ModuleDescription& module) noexcept;

// "type", "import", ... for a section id.
[[nodiscard]] const char* section_name(std::uint8_t id) noexcept;

// Reads a name: a length, the bytes, checked to be UTF-8.
Result<std::string_view> read_name(ByteReader& reader) noexcept;

}  // namespace wrt
