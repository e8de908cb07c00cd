// The foundation layer: containers, allocation and byte reading that know nothing of
// WebAssembly and work in every profile.
#pragma once

#include <wrt/foundation/allocator.hpp>
#include <wrt/foundation/arena.hpp>
#include <wrt/foundation/bounded_string.hpp>
#include <wrt/foundation/bounded_vec.hpp>
#include <wrt/foundation/byte_reader.hpp>
#include <wrt/foundation/checked.hpp>
#include <wrt/foundation/vec.hpp>
