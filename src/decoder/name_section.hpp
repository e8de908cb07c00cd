// Decoding of the `name` custom section into ModuleDescription::names.
#pragma once

#include <wrt/decoder/module.hpp>

namespace wrt {

// Best effort: a malformed name section leaves ModuleDescription::names empty and is not an error.
void decode_name_section(ModuleDescription& module) noexcept;

}  // namespace wrt
