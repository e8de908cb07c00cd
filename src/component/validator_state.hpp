// The component validator's state, shared by its source files:
//   validator.cpp        definitions, imports, exports, instances, aliases, names
//   validator_types.cpp  type definitions and declarators
//   validator_core.cpp   core modules, core instances, core types
//   validator_canon.cpp  canonical built-ins and their options
//   subtype.cpp          subtyping, substitution of resources, free resources
#pragma once

#include <wrt/component/names.hpp>
#include <wrt/component/validator.hpp>

#include "component/containers.hpp"

namespace wrt::component::detail {

enum class ScopeKind : std::uint8_t { component, component_type, instance_type };

// An item of a core index space other than types, modules and instances.
struct CoreItem {
  TypeId type = kNoType;  // functions and tags: their core function type
  TableType table;
  MemoryType memory;
  bool memory64 = false;
  bool shared = false;
  GlobalType global;
};

// Something a component index space holds: its kind and its type (for `type`, the identity).
struct Entity {
  ExternKind kind = ExternKind::func;
  TypeId type = kNoType;
};

struct ValueItem {
  TypeId type = kNoType;
  bool used = false;
  std::uint32_t offset = 0;
};

// The resources a scope imports (or exports) by name at its top level, which annotated
// function names ([constructor]r, [method]r.m, [static]r.m) refer to. Handles refer to
// identities, so a name belongs to the identity it was given to.
struct ResourceNames {
  explicit ResourceNames(Allocator& a) noexcept : names(a), by_identity(a), labels(a) {}
  Vec<std::string_view> names;
  IdMap by_identity;  // identity -> index into names
  StringSet labels;
  Result<void> add(std::string_view name, TypeId identity) noexcept {
    if (!by_identity.contains(identity)) WRT_TRY(by_identity.set(identity, static_cast<std::uint32_t>(names.size())));
    WRT_TRY(names.push_back(name));
    WRT_TRY(labels.insert(name));
    return {};
  }
  // The name of `identity`, or nullptr.
  [[nodiscard]] const std::string_view* name_of(TypeId identity) const noexcept {
    std::uint32_t i = by_identity.get(identity);
    return i == IdMap::kEmpty ? nullptr : &names[i];
  }
};

// A component, component type or instance type being validated.
struct Scope {
  Scope(Allocator& a, ScopeKind k, Scope* p, std::uint32_t scope_id) noexcept
      : kind(k), parent(p), id(scope_id),
        core_funcs(a), core_tags(a), core_types(a), core_modules(a), core_instances(a),
        core_tables(a), core_memories(a), core_globals(a),
        funcs(a), types(a), components(a), instances(a), values(a),
        imports(a), exports(a), imported_resources(a), defined_resources(a), explicit_resources(a), steps(a),
        import_names(a), export_names(a), imported_types(a), exported_types(a),
        import_resource_names(a), export_resource_names(a), imported_resource_set(a) {}

  ScopeKind kind;
  Scope* parent;
  std::uint32_t id;
  std::uint32_t depth = 0;  // enclosing scopes

  Vec<TypeId> core_funcs;
  Vec<TypeId> core_tags;
  Vec<TypeId> core_types;
  Vec<TypeId> core_modules;
  Vec<TypeId> core_instances;
  Vec<CoreItem> core_tables;
  Vec<CoreItem> core_memories;
  Vec<CoreItem> core_globals;
  Vec<TypeId> funcs;
  Vec<TypeId> types;
  Vec<TypeId> components;
  Vec<TypeId> instances;
  Vec<ValueItem> values;

  Vec<TypeEntry> imports;
  Vec<TypeEntry> exports;
  // Resources bound by this scope's imports (universally) and exports (existentially, in
  // types), and every resource exported by name (component scopes), with their paths in
  // `steps` (BoundResource::first_step indexes `steps` here, not the arena).
  Vec<BoundResource> imported_resources;
  Vec<BoundResource> defined_resources;
  Vec<BoundResource> explicit_resources;
  Vec<std::uint32_t> steps;

  StringSet import_names;  // strong-uniqueness keys
  StringSet export_names;
  IdMap imported_types;    // identities that may appear in imports
  IdMap exported_types;    // identities that may appear in exports
  ResourceNames import_resource_names;
  ResourceNames export_resource_names;
  IdMap imported_resource_set;  // canon ids of imported resources
};

class Validator {
 public:
  Validator(const ComponentDescription& d, const ComponentDecodeOptions& options, ComponentInfo& out) noexcept
      : d_(d), options_(options), out_(out), types_(out.types), alloc_(d.allocator()), proven_subtypes_(alloc_) {}

  Result<TypeId> validate_component(std::uint32_t node, Scope* parent) noexcept;

  // --- validator.cpp ---
  Result<void> definition(Scope& s, const Definition& def) noexcept;
  Result<void> import(Scope& s, const ExternName& name, const ExternDesc& desc, std::uint32_t offset) noexcept;
  Result<void> export_(Scope& s, const ExternName& name, Entity entity, bool fresh_resource_decl,
                       std::uint32_t offset) noexcept;
  Result<TypeId> freshen_instance(Scope& s, TypeId instance, bool is_import, std::uint32_t entry_index) noexcept;
  Result<void> record_explicit_resources(Scope& s, ExternKind kind, TypeId type, std::uint32_t index) noexcept;
  Result<TypeId> build_component_type(Scope& s, std::span<const BoundResource> defined, std::uint32_t offset) noexcept;
  Result<Entity> entity_of(Scope& s, SortIndex item, std::uint32_t offset) noexcept;
  Result<Entity> entity_from_desc(Scope& s, const ExternDesc& desc, std::uint32_t offset) noexcept;
  Result<void> push_entity(Scope& s, Entity entity, std::uint32_t offset) noexcept;
  Result<void> instance(Scope& s, const InstanceDef& def) noexcept;
  Result<void> alias(Scope& s, const Alias& alias, bool declarator) noexcept;
  Result<void> start(Scope& s, const StartDef& def) noexcept;
  Result<void> value(Scope& s, const ValueDef& def) noexcept;
  Result<TypeId> finish_component(Scope& s, std::uint32_t offset) noexcept;

  // --- validator_types.cpp ---
  Result<TypeId> type_definition(Scope& s, const TypeDef& def) noexcept;
  Result<TypeId> valtype(Scope& s, ValTypeRef ref, std::uint32_t offset) noexcept;
  Result<TypeId> type_at(Scope& s, std::uint32_t index, std::uint32_t offset) noexcept;
  Result<TypeId> func_type_at(Scope& s, std::uint32_t index, std::uint32_t offset) noexcept;
  Result<TypeId> declarators(Scope& parent, const TypeDef& def) noexcept;

  // --- validator_core.cpp ---
  Result<TypeId> core_module_type(const CoreModuleDef& def) noexcept;
  Result<void> core_instance(Scope& s, const CoreInstanceDef& def) noexcept;
  Result<TypeId> core_type_definition(Scope& s, const CoreTypeDef& def) noexcept;
  Result<void> core_alias(Scope& s, const Alias& alias) noexcept;
  Result<void> check_core_extern_subtype(const TypeEntry& actual, const TypeEntry& expected, std::uint32_t offset) noexcept;
  Result<TypeId> core_func_type(std::span<const ValType> params, std::span<const ValType> results) noexcept;
  [[nodiscard]] bool core_func_types_equal(TypeId a, TypeId b) const noexcept;

  // --- validator_canon.cpp ---
  Result<void> canon(Scope& s, const CanonDef& def) noexcept;

  // --- subtype.cpp ---
  // Checks that `actual` may be used where `expected` is required.
  Result<void> check_subtype(Entity actual, Entity expected, std::uint32_t offset) noexcept;
  // Replaces resources per `map` (canon id -> resource) throughout `type`.
  Result<TypeId> substitute(TypeId type, const IdMap& map) noexcept;
  // The same, sharing `memo` (old id -> new id) across calls: substituting several types that
  // refer to one type keeps them referring to one (new) type.
  Result<TypeId> substitute(TypeId type, const IdMap& map, IdMap& memo) noexcept;
  Result<Entity> substitute(Entity entity, const IdMap& map) noexcept;
  // The resources reachable from `roots` that no type among them binds.
  Result<void> free_resources(std::span<const TypeId> roots, IdMap& out) noexcept;
  // Instantiates a component type with named arguments: checks them and returns the
  // instance type (defined resources fresh).
  Result<TypeId> instantiate(TypeId component_type, std::span<const TypeEntry> args, std::uint32_t offset) noexcept;
  // Binds resources of `holder` (imported or defined, with paths into `entries`) to those the
  // same path finds in `args` (by name).
  Result<void> bind_resources(std::span<const BoundResource> resources, std::span<const TypeEntry> entries,
                              std::span<const TypeEntry> args, IdMap& map) noexcept;
  Result<TypeId> fresh_resource() noexcept;

  // Helpers.
  [[nodiscard]] const TypeNode& node(TypeId id) const noexcept { return types_[id]; }
  [[nodiscard]] const TypeNode& peeled(TypeId id) const noexcept { return types_.peeled(id); }

  const ComponentDescription& d_;
  const ComponentDecodeOptions& options_;
  ComponentInfo& out_;
  TypeArena& types_;
  Allocator& alloc_;
  // (actual, expected) instance and component types already found subtypes. Types in the
  // arena never change, so the answer stands; without it, types that share a type at each of
  // n levels (a DAG) took 2^n checks.
  IdPairSet proven_subtypes_;
  std::uint32_t next_scope_id_ = 1;
};

// An invalid-component error at `offset`.
inline Error invalid(const char* message, std::uint32_t offset) noexcept {
  return Error(ErrorCode::invalid, message).at(offset);
}

}  // namespace wrt::component::detail
