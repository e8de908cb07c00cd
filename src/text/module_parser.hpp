// The module parser and binary encoder of the text format (the part behind parse_module and
// the scripts' `module` commands).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/lexer.hpp"

namespace wrt::text {

struct EncodedModule {
  std::vector<std::uint8_t> binary;
  std::string id;  // `$name` of `(module $name ...)`, or empty
  bool definition = false;  // `(module definition ...)` (scripts)
};

// Parses the module that starts at tokens[pos]: `(module $id? field*)` when `fields_only` is
// false (pos is then moved past its ")"), or fields up to the end of the tokens. Throws
// TextError.
EncodedModule encode_module(std::string_view source, const Lexed& lexed, std::size_t& pos, bool fields_only);

}  // namespace wrt::text
