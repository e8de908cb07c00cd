// UTF-8 validation as the WebAssembly binary format requires it for names: no overlong
// encodings, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
#pragma once

#include <wrt/foundation/byte_reader.hpp>

namespace wrt {

[[nodiscard]] bool is_valid_utf8(Bytes bytes) noexcept;

}  // namespace wrt
