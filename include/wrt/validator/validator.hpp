// validate_module: WebAssembly 2.0 validation of a decoded ModuleDescription.
//
// Every rule of the spec's validation chapter: index spaces, limits, constant expressions,
// unique exports, the start function, element and data segments, and every function body
// (FunctionValidator). The first violation is returned with its byte offset, the function
// index and the instruction where they apply.
//
// Errors are reported the way the spec orders them: decoding comes before validation, so if a
// module is both malformed (somewhere in a function body) and invalid, the malformed error
// wins, whatever their positions.
#pragma once

#include <wrt/decoder/decoder.hpp>
#include <wrt/decoder/module.hpp>
#include <wrt/error/result.hpp>

namespace wrt {

Result<void> validate_module(const ModuleDescription& module, const DecodeOptions& options) noexcept;

// Everything validate_module checks except the function bodies, for callers that validate
// each body as they translate it (compile_module): the firmware then carries one function
// validator, the translator's, instead of two.
Result<void> validate_module_structure(const ModuleDescription& module, const DecodeOptions& options) noexcept;

// Decodes every function body without typing it: the malformed-error check that validation
// falls back to. Returns the first malformed error, if any.
Result<void> scan_function_bodies(const ModuleDescription& module, const DecodeOptions& options) noexcept;

// Fills what a ValidationContext needs beyond its module (the functions ref.func may name),
// for validating function bodies one at a time (as lazy translation does).
struct ValidationContext;
Result<void> prepare_validation_context(ValidationContext& context) noexcept;

// decode_module + validate_module.
Result<void> decode_and_validate(Bytes bytes, const DecodeOptions& options, ModuleDescription& module) noexcept;

}  // namespace wrt
