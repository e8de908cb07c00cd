// WRT: an embeddable WebAssembly runtime. One include for the whole public API of the
// configured profile (see <wrt/config.hpp> for the profile this build was made for).
//
// Layers, lowest first (each uses only those before it):
//   error       wrt::Error, wrt::Result<T>, WRT_TRY                    <wrt/error.hpp>
//   foundation  bounded containers, allocators, byte reading            <wrt/foundation.hpp>
//   decoder     the binary format -> wrt::ModuleDescription            <wrt/decoder/decoder.hpp>
//   validator   validation of a description                            <wrt/validator/validator.hpp>
//   runtime     Store, Linker, Thread: instantiate and run              <wrt/runtime/*.hpp>
//   component   the Component Model: decode, validate, run              <wrt/component/*.hpp>
//   api         Module, ImportMap, ModuleInstance; Component,           <wrt/api/api.hpp>
//               ComponentImports, ComponentInstance (hosted profile)    <wrt/api/component.hpp>
//   text        the text format: .wat → binary, .wast scripts,          <wrt/text/text.hpp>
//               binary → text (hosted)                                  <wrt/text/printer.hpp>
//   wasi        WASI preview 1: wasi::Options, wasi::Context (hosted)   <wrt/wasi/wasi.hpp>
//
// Linking wrt::wrt is all these need. Errors print with wrt::to_string (hosted) or
// Error::format (any profile); <wrt/error/fmt.hpp> adds fmt formatting and needs {fmt} linked.
#pragma once

#include <wrt/platform.hpp>
#include <wrt/error.hpp>
#include <wrt/foundation.hpp>
#include <wrt/decoder/decoder.hpp>
#include <wrt/decoder/disassembler.hpp>
#include <wrt/validator/validator.hpp>
#include <wrt/runtime/linker.hpp>
#include <wrt/runtime/module_code.hpp>
#include <wrt/runtime/store.hpp>
#include <wrt/runtime/thread.hpp>
#if !WRT_PROFILE_FREESTANDING
#include <wrt/component/binary.hpp>
#include <wrt/component/instance.hpp>
#include <wrt/component/validator.hpp>
#include <wrt/component/value.hpp>
#include <wrt/component/wit.hpp>
#endif
#if WRT_PROFILE_HOSTED
#include <wrt/api/api.hpp>
#include <wrt/api/component.hpp>
#include <wrt/error/to_string.hpp>
#include <wrt/text/printer.hpp>
#include <wrt/text/script.hpp>
#include <wrt/text/text.hpp>
#include <wrt/wasi/wasi.hpp>
#endif
