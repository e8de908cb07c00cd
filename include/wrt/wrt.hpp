// WRT: an embeddable WebAssembly runtime. One include for the whole public API of the
// configured profile (see <wrt/config.hpp> for the profile this build was made for).
//
// Layers, lowest first (each uses only those before it):
//   error       wrt::Error, wrt::Result<T>, WRT_TRY             <wrt/error.hpp>
//   foundation  bounded containers, allocators, byte reading     <wrt/foundation.hpp>
#pragma once

#include <wrt/platform.hpp>
#include <wrt/error.hpp>
#include <wrt/foundation.hpp>
