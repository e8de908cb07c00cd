// validate_component: the Component Model's validation rules over a ComponentDescription.
//
// Index spaces per sort, type definitions and their well-formedness (labels, non-emptiness,
// the element-size bound, borrow only in parameters...), type equality and subtyping with
// abstract and generative resource types, import/export names (kebab case, strong
// uniqueness, annotated names, interface names and versions), external visibility of types,
// canonical built-ins and their options, core modules (by the core validator) and their
// instantiation, aliases, start functions and the use-once rule of values.
//
// The result, ComponentInfo, keeps the interned types and each component's type: what
// instantiation and the canonical ABI (part 2) build on.
#pragma once

#include <wrt/component/binary.hpp>
#include <wrt/component/types.hpp>
#include <wrt/error/result.hpp>

namespace wrt::component {

struct ComponentInfo {
  explicit ComponentInfo(Allocator& allocator) noexcept : types(allocator), component_types(allocator) {}
#if WRT_HAS_DEFAULT_ALLOCATOR
  ComponentInfo() noexcept : ComponentInfo(default_allocator()) {}
#endif
  TypeArena types;
  TypeId root = kNoType;           // the outermost component's type
  Vec<TypeId> component_types;     // the type of each ComponentDescription::components entry
};

// Validates `component` (decoded with the same options). Errors are ErrorKind::invalid (or
// limit_exceeded, out_of_memory) with the byte offset of the offending definition.
Result<void> validate_component(const ComponentDescription& component, const ComponentDecodeOptions& options,
                                ComponentInfo& out) noexcept;

// decode_component + validate_component.
Result<void> decode_and_validate_component(Bytes bytes, const ComponentDecodeOptions& options,
                                           ComponentDescription& component, ComponentInfo& info) noexcept;

}  // namespace wrt::component
