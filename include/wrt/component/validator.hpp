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
  explicit ComponentInfo(Allocator& allocator) noexcept
      : types(allocator), component_types(allocator), definition_types(allocator) {}
#if WRT_HAS_DEFAULT_ALLOCATOR
  ComponentInfo() noexcept : ComponentInfo(default_allocator()) {}
#endif
  TypeArena types;
  TypeId root = kNoType;           // the outermost component's type
  Vec<TypeId> component_types;     // the type of each ComponentDescription::components entry
  // For each ComponentDescription::definitions entry, the type of what it added to an index
  // space: a core module, core instance, core type, component, instance, function (for canon
  // lift; a core function type for other canonical definitions), type (the identity), or the
  // type of an imported, exported or aliased item. kNoType for core tables, memories and
  // globals, and for definitions that add nothing. Instantiation walks the definitions again
  // and takes its static types from here.
  Vec<TypeId> definition_types;
};

// Validates `component` (decoded with the same options). Errors are ErrorKind::invalid (or
// limit_exceeded, out_of_memory) with the byte offset of the offending definition.
Result<void> validate_component(const ComponentDescription& component, const ComponentDecodeOptions& options,
                                ComponentInfo& out) noexcept;

// decode_component + validate_component.
Result<void> decode_and_validate_component(Bytes bytes, const ComponentDecodeOptions& options,
                                           ComponentDescription& component, ComponentInfo& info) noexcept;

}  // namespace wrt::component
