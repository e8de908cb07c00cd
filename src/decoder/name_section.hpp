// Decoding of the `name` custom section into Module::names.
#pragma once

#include <wrt/decoder/module.hpp>

namespace wrt {

// Best effort: a malformed name section leaves Module::names empty and is not an error.
void decode_name_section(Module& module) noexcept;

}  // namespace wrt
