// Component validation: definitions, imports and exports, instances, aliases, names.
#include <wrt/component/validator.hpp>

#include "component/validator_state.hpp"

namespace wrt::component {

namespace detail {

namespace {

const char* kind_name(ExternKind kind) noexcept { return name_of(kind); }

ExternKind kind_of_sort(Sort sort, bool& ok) noexcept {
  ok = true;
  switch (sort) {
    case Sort::func: return ExternKind::func;
    case Sort::value: return ExternKind::value;
    case Sort::type: return ExternKind::type;
    case Sort::component: return ExternKind::component;
    case Sort::instance: return ExternKind::instance;
    case Sort::core_module: return ExternKind::core_module;
    default: ok = false; return ExternKind::func;
  }
}

Error out_of_bounds(const char* what, std::uint32_t index, std::uint32_t offset) noexcept {
  return Error(ErrorCode::invalid, what).at(offset).append_detail_number(index);
}

}  // namespace

Result<TypeId> Validator::fresh_resource() noexcept { return types_.add_resource(ValType::i32, false, 0, 0); }

Result<Entity> Validator::entity_of(Scope& s, SortIndex item, std::uint32_t offset) noexcept {
  auto get = [&](const Vec<TypeId>& space, ExternKind kind, const char* what) -> Result<Entity> {
    if (item.index >= space.size()) return out_of_bounds(what, item.index, offset);
    return Entity{kind, space[item.index]};
  };
  switch (item.sort) {
    case Sort::func: return get(s.funcs, ExternKind::func, "function index out of bounds");
    case Sort::type: return get(s.types, ExternKind::type, "type index out of bounds");
    case Sort::component: return get(s.components, ExternKind::component, "component index out of bounds");
    case Sort::instance: return get(s.instances, ExternKind::instance, "instance index out of bounds");
    case Sort::core_module: return get(s.core_modules, ExternKind::core_module, "module index out of bounds");
    case Sort::value: {
      if (!options_.features.values) return invalid("value definitions require the 🪙 feature", offset);
      if (item.index >= s.values.size()) return out_of_bounds("value index out of bounds", item.index, offset);
      ValueItem& v = s.values[item.index];
      if (v.used) return out_of_bounds("value used more than once: index", item.index, offset);
      v.used = true;
      return Entity{ExternKind::value, v.type};
    }
    default:
      return Error(ErrorCode::invalid, "core items other than modules cannot be used here: a").at(offset).append_detail(name_of(item.sort));
  }
}

Result<Entity> Validator::entity_from_desc(Scope& s, const ExternDesc& desc, std::uint32_t offset) noexcept {
  switch (desc.kind) {
    case ExternKind::core_module: {
      if (desc.index >= s.core_types.size()) return out_of_bounds("core type index out of bounds", desc.index, offset);
      TypeId t = s.core_types[desc.index];
      if (node(t).kind != NodeKind::core_module) {
        return out_of_bounds("core type is not a module type: core type index", desc.index, offset);
      }
      return Entity{ExternKind::core_module, t};
    }
    case ExternKind::func: {
      TypeId t = WRT_TRY(func_type_at(s, desc.index, offset));
      return Entity{ExternKind::func, t};
    }
    case ExternKind::component:
    case ExternKind::instance: {
      TypeId t = WRT_TRY(type_at(s, desc.index, offset));
      NodeKind want = desc.kind == ExternKind::component ? NodeKind::component : NodeKind::instance;
      if (peeled(t).kind != want) {
        return Error(ErrorCode::invalid, desc.kind == ExternKind::component ? "type is not a component type: type index"
                                                                               : "type is not an instance type: type index")
            .at(offset)
            .append_detail_number(desc.index);
      }
      return Entity{desc.kind, types_.peel(t)};
    }
    case ExternKind::value: {
      if (!options_.features.values) return invalid("value imports require the 🪙 feature", offset);
      if (desc.bound_eq) {
        if (desc.index >= s.values.size()) return out_of_bounds("value index out of bounds", desc.index, offset);
        return Entity{ExternKind::value, s.values[desc.index].type};
      }
      TypeId t = WRT_TRY(valtype(s, desc.value_type, offset));
      return Entity{ExternKind::value, t};
    }
    case ExternKind::type: {
      if (desc.bound_eq) {
        TypeId t = WRT_TRY(type_at(s, desc.index, offset));
        TypeId alias = WRT_TRY(types_.add_alias(t));
        return Entity{ExternKind::type, alias};
      }
      TypeId r = WRT_TRY(fresh_resource());
      return Entity{ExternKind::type, r};
    }
  }
  return invalid("unknown extern kind", offset);
}

Result<void> Validator::push_entity(Scope& s, Entity entity, std::uint32_t offset) noexcept {
  switch (entity.kind) {
    case ExternKind::core_module: return s.core_modules.push_back(entity.type);
    case ExternKind::func: return s.funcs.push_back(entity.type);
    case ExternKind::value: return s.values.push_back(ValueItem{entity.type, false, offset});
    case ExternKind::type: return s.types.push_back(entity.type);
    case ExternKind::component: return s.components.push_back(entity.type);
    case ExternKind::instance: return s.instances.push_back(entity.type);
  }
  return {};
}

namespace {

// Whether every type that `root` mentions and that must be named (records, variants, enums,
// flags, resources behind handles) is an identity in `named`. Anonymous types (tuples,
// lists, options, results...) are looked through. Iterative, visiting each node once.
Result<bool> all_named(const TypeArena& types, TypeId root, const IdMap& named, bool root_is_type_def,
                       Allocator& alloc) noexcept {
  Vec<TypeId> stack(alloc);
  IdMap seen(alloc);
  auto visit_valtype = [&](TypeId id) -> Result<bool> {
    if (id == kNoType) return true;
    const TypeNode& n = types.peeled(id);
    switch (n.kind) {
      case NodeKind::primitive: return true;
      case NodeKind::record:
      case NodeKind::variant:
      case NodeKind::enum_:
      case NodeKind::flags:
        return named.contains(id);
      case NodeKind::own:
      case NodeKind::borrow:
        return named.contains(n.a);
      default:
        if (!seen.contains(id)) {
          WRT_TRY(seen.insert(id));
          WRT_TRY(stack.push_back(id));
        }
        return true;
    }
  };
  // The "first layer": a type definition being named need not itself be named, but what it
  // refers to must be.
  auto expand = [&](TypeId id) -> Result<bool> {
    const TypeNode& n = types.peeled(id);
    switch (n.kind) {
      case NodeKind::record:
      case NodeKind::variant:
      case NodeKind::tuple:
      case NodeKind::func:
        for (const TypeItem& item : types.items(n)) {
          if (!WRT_TRY(visit_valtype(item.type))) return false;
        }
        if (n.kind == NodeKind::func && !WRT_TRY(visit_valtype(n.a))) return false;
        return true;
      case NodeKind::list:
      case NodeKind::fixed_list:
      case NodeKind::option:
      case NodeKind::result:
      case NodeKind::map:
      case NodeKind::stream:
      case NodeKind::future:
        if (!WRT_TRY(visit_valtype(n.a))) return false;
        return visit_valtype(n.b);
      case NodeKind::own:
      case NodeKind::borrow:
        return named.contains(n.a);
      case NodeKind::instance:
        for (const TypeEntry& e : types.exports(n)) {
          if (e.kind == ExternKind::func || e.kind == ExternKind::type || e.kind == ExternKind::instance) {
            if (!seen.contains(e.type)) {
              WRT_TRY(seen.insert(e.type));
              WRT_TRY(stack.push_back(e.type));
            }
          } else if (e.kind == ExternKind::value) {
            if (!WRT_TRY(visit_valtype(e.type))) return false;
          }
        }
        return true;
      default:
        return true;  // primitives, flags, enums, resources, components, core types
    }
  };
  if (root_is_type_def) {
    if (!WRT_TRY(expand(root))) return false;
  } else if (!WRT_TRY(visit_valtype(root))) {
    return false;
  }
  while (!stack.empty()) {
    TypeId id = stack.back();
    stack.pop_back();
    if (!WRT_TRY(expand(id))) return false;
  }
  return true;
}

}  // namespace

namespace {

// External visibility of an import or export (Explainer.md): everything its type refers to
// that must be named is in `named`; then the type identities it introduces become named too
// (an import's in both sets: imported types may be exported). Instances are walked export by
// export, so a later export may refer to an earlier one's type.
Result<bool> check_named(const TypeArena& types, Entity e, IdMap& named, IdMap* also, std::uint32_t depth,
                         Allocator& alloc) noexcept {
  if (depth > 1000) return Error(ErrorCode::limit_exceeded, "instance types nested too deeply");
  switch (e.kind) {
    case ExternKind::type:
      if (!WRT_TRY(all_named(types, e.type, named, true, alloc))) return false;
      WRT_TRY(named.insert(e.type));
      if (also != nullptr) WRT_TRY(also->insert(e.type));
      return true;
    case ExternKind::func:
      return all_named(types, e.type, named, true, alloc);
    case ExternKind::value:
      return all_named(types, e.type, named, false, alloc);
    case ExternKind::instance: {
      const TypeNode& n = types.peeled(e.type);
      for (std::uint32_t i = 0; i < n.count; ++i) {
        const TypeEntry entry = types.exports(types.peeled(e.type))[i];
        if (!WRT_TRY(check_named(types, Entity{entry.kind, entry.type}, named, also, depth + 1, alloc))) return false;
      }
      return true;
    }
    default:
      return true;  // components and modules are closed
  }
}

}  // namespace

// Name rules shared by imports and exports: syntax, attributes, strong uniqueness.
static Result<ParsedName> check_extern_name(const ComponentDecodeOptions& options, StringSet& names,
                                            const ExternName& name, ExternKind kind, bool is_import,
                                            std::uint32_t offset, Allocator& alloc) noexcept {
  NameOptions name_options;
  name_options.nested_names = options.features.nested_names;
  name_options.version_suffix = options.features.version_suffix;
  auto located = [&](Error e) { return e.at(offset).with_context(is_import ? "in an import name" : "in an export name"); };
  Result<ParsedName> parsed = parse_extern_name(name.name, name_options);
  if (!parsed) return located(parsed.error());
  if (name.duplicate_attribute) return located(Error(ErrorCode::invalid_name, "an attribute is given twice in name").append_detail(name.name));
  if (name.has_implements) {
    if (!options.features.implements) return located(Error(ErrorCode::invalid_name, "`implements` requires the 🏷️ feature"));
    Result<ParsedName> iface = parse_interface_name(name.implements, name_options);
    if (!iface) return located(Error(ErrorCode::invalid_name, "`implements` must be an interface name").append_detail(name.implements));
    if (kind != ExternKind::instance) return located(Error(ErrorCode::invalid_name, "only instances can have an `implements`"));
    if (parsed->kind != NameKind::label) {
      return located(Error(ErrorCode::invalid_name, "this name is not valid with `implements`").append_detail(name.name));
    }
  }
  if (name.has_external_id && !options.features.implements) {
    return located(Error(ErrorCode::invalid_name, "`external-id` requires the 🏷️ feature"));
  }
  if (name.has_version_suffix) {
    if (!options.features.version_suffix) return located(Error(ErrorCode::invalid_name, "`versionsuffix` requires the 🔗 feature"));
    if (parsed->kind != NameKind::interface || !parsed->has_version || !parsed->canonical_version) {
      return located(Error(ErrorCode::invalid_name, "`versionsuffix` needs a name with a canonical version").append_detail(name.name));
    }
    // The canonical version and the suffix together must be a valid semver.
    char buffer[256];
    std::size_t length = parsed->version.size() + name.version_suffix.size();
    if (length >= sizeof buffer) return located(Error(ErrorCode::invalid_name, "version too long"));
    for (std::size_t i = 0; i < parsed->version.size(); ++i) buffer[i] = parsed->version[i];
    for (std::size_t i = 0; i < name.version_suffix.size(); ++i) buffer[parsed->version.size() + i] = name.version_suffix[i];
    if (!is_valid_semver(std::string_view(buffer, length))) {
      return located(Error(ErrorCode::invalid_name, "version and versionsuffix are not a valid semver")
                         .append_detail(std::string_view(buffer, length)));
    }
  }
  Vec<char> key(alloc);
  WRT_TRY(key.resize(name.name.size()));
  std::string_view k = strong_uniqueness_key(*parsed, key.data());
  if (!WRT_TRY(names.insert(k))) {
    return located(Error(ErrorCode::duplicate_name).append_detail(name.name));
  }
  return parsed;
}

namespace {

}  // namespace

// The [constructor]/[method]/[static] rules (Binary.md, import and export definitions).
static Result<void> check_annotated_name(const TypeArena& types, const ParsedName& name, Entity entity,
                                         const ResourceNames& resources, std::uint32_t offset) noexcept {
  if (name.kind != NameKind::constructor && name.kind != NameKind::method && name.kind != NameKind::static_) return {};
  if (entity.kind != ExternKind::func) return invalid("an annotated name is not a func", offset);
  const TypeNode& f = types.peeled(entity.type);
  // The resource the function belongs to, as this scope names it.
  auto named_resource = [&](TypeId handle_resource) -> Result<void> {
    const std::string_view* r = resources.name_of(handle_resource);
    if (r == nullptr) return invalid("resource used in function does not have a name in this context", offset);
    if (*r != name.resource) {
      return Error(ErrorCode::invalid, "function does not match expected resource name").at(offset).append_detail(name.resource);
    }
    return {};
  };
  switch (name.kind) {
    case NameKind::constructor: {
      if (f.a == kNoType) return invalid("a constructor should return one value", offset);
      const TypeNode* r = &types.peeled(f.a);
      if (r->kind == NodeKind::result && r->a != kNoType) r = &types.peeled(r->a);
      if (r->kind != NodeKind::own) return invalid("function should return `(own $T)` or `(result (own $T))`", offset);
      return named_resource(r->a);
    }
    case NameKind::method: {
      if (f.count == 0) return invalid("a method should have at least one argument", offset);
      const TypeItem& self = types.items(f)[0];
      if (self.name != "self") return invalid("a method should have a first argument called `self`", offset);
      const TypeNode& t = types.peeled(self.type);
      if (t.kind != NodeKind::borrow) return invalid("a method should take a first argument of `(borrow $T)`", offset);
      return named_resource(t.a);
    }
    case NameKind::static_:
      if (!resources.labels.contains(name.resource)) {
        return Error(ErrorCode::invalid, "static resource name is not known in this context").at(offset).append_detail(name.resource);
      }
      return {};
    default:
      return {};
  }
}

Result<void> Validator::import(Scope& s, const ExternName& name, const ExternDesc& desc, std::uint32_t offset) noexcept {
  Entity entity = WRT_TRY(entity_from_desc(s, desc, offset));
  auto index = static_cast<std::uint32_t>(s.imports.size());
  // Resources the import introduces are the scope's imported (universally bound) resources.
  if (entity.kind == ExternKind::type && !desc.bound_eq) {
    auto step = static_cast<std::uint32_t>(s.steps.size());
    WRT_TRY(s.steps.push_back(index));
    WRT_TRY(s.imported_resources.push_back(BoundResource{entity.type, step, 1}));
    WRT_TRY(s.imported_resource_set.insert(entity.type));
  } else if (entity.kind == ExternKind::instance && node(entity.type).bound_count > 0) {
    entity.type = WRT_TRY(freshen_instance(s, entity.type, true, index));
  }
  ParsedName parsed = WRT_TRY(check_extern_name(options_, s.import_names, name, entity.kind, true, offset, alloc_));
  // External visibility: what the import's type refers to must have been imported by name.
  if (s.kind != ScopeKind::instance_type &&
      !WRT_TRY(check_named(types_, entity, s.imported_types, &s.exported_types, 0, alloc_))) {
    return Error(ErrorCode::invalid, "not valid to be used as import: its type refers to a type that has no imported name")
        .at(offset)
        .append_detail(kind_name(entity.kind));
  }
  if (entity.kind == ExternKind::type && peeled(entity.type).kind == NodeKind::resource) {
    WRT_TRY(s.import_resource_names.add(name.name, entity.type));
  }
  WRT_TRY(check_annotated_name(types_, parsed, entity, s.import_resource_names, offset));
  WRT_TRY(push_entity(s, entity, offset));
  TypeEntry entry;
  entry.name = name.name;
  entry.kind = entity.kind;
  entry.type = entity.type;
  entry.implements = name.implements;
  entry.external_id = name.external_id;
  return s.imports.push_back(entry);
}

Result<TypeId> Validator::freshen_instance(Scope& s, TypeId instance, bool is_import, std::uint32_t entry_index) noexcept {
  const TypeNode& n = node(types_.peel(instance));
  if (n.bound_count == 0) return types_.peel(instance);
  IdMap map(alloc_);
  Vec<BoundResource> bound(alloc_);
  WRT_TRY(bound.append(types_.bound(n)));
  for (const BoundResource& r : bound) {
    TypeId fresh = WRT_TRY(fresh_resource());
    WRT_TRY(map.set(r.resource, fresh));
    // The path in this scope: the entry, then the path inside the instance type.
    auto step = static_cast<std::uint32_t>(s.steps.size());
    WRT_TRY(s.steps.push_back(entry_index));
    WRT_TRY(s.steps.append(types_.path(r)));
    BoundResource mine{fresh, step, r.step_count + 1};
    if (is_import) {
      WRT_TRY(s.imported_resources.push_back(mine));
      WRT_TRY(s.imported_resource_set.insert(fresh));
    } else {
      WRT_TRY(s.defined_resources.push_back(mine));
    }
  }
  // The same exports with fresh resources, as a concrete instance (nothing bound).
  const TypeNode& source = node(types_.peel(instance));
  Vec<TypeEntry> entries(alloc_);
  WRT_TRY(entries.append(types_.exports(source)));
  std::uint32_t depth = source.depth;
  std::uint32_t flags = source.flags;
  IdMap memo(alloc_);
  for (TypeEntry& e : entries) {
    if (e.kind != ExternKind::core_module) e.type = WRT_TRY(substitute(e.type, map, memo));
  }
  TypeNode fresh_node;
  fresh_node.kind = NodeKind::instance;
  fresh_node.first = WRT_TRY(types_.add_entries(entries.span()));
  fresh_node.count = static_cast<std::uint32_t>(entries.size());
  fresh_node.depth = depth;
  fresh_node.flags = flags;
  return types_.add_node(fresh_node);
}

// Records where each resource exported through `type` (a type entry or an instance's nested
// type entries) can be found, for instantiation to map it.
Result<void> Validator::record_explicit_resources(Scope& s, ExternKind kind, TypeId type, std::uint32_t index) noexcept {
  Vec<std::uint32_t> prefix(alloc_);
  WRT_TRY(prefix.push_back(index));
  struct Frame {
    TypeId instance;
    std::uint32_t next;
  };
  if (kind == ExternKind::type) {
    if (peeled(type).kind == NodeKind::resource) {
      auto step = static_cast<std::uint32_t>(s.steps.size());
      WRT_TRY(s.steps.push_back(index));
      WRT_TRY(s.explicit_resources.push_back(BoundResource{peeled(type).canon, step, 1}));
    }
    return {};
  }
  if (kind != ExternKind::instance) return {};
  Vec<Frame> frames(alloc_);
  WRT_TRY(frames.push_back(Frame{type, 0}));
  while (!frames.empty()) {
    Frame& f = frames.back();
    const TypeNode& n = peeled(f.instance);
    if (f.next >= n.count) {
      frames.pop_back();
      prefix.pop_back();
      continue;
    }
    std::uint32_t i = f.next++;
    const TypeEntry& e = types_.exports(n)[i];
    if (e.kind == ExternKind::type && peeled(e.type).kind == NodeKind::resource) {
      auto step = static_cast<std::uint32_t>(s.steps.size());
      WRT_TRY(s.steps.append(prefix.span()));
      WRT_TRY(s.steps.push_back(i));
      WRT_TRY(s.explicit_resources.push_back(
          BoundResource{peeled(e.type).canon, step, static_cast<std::uint32_t>(prefix.size() + 1)}));
    } else if (e.kind == ExternKind::instance) {
      if (frames.size() > options_.limits.max_nesting) return Error(ErrorCode::limit_exceeded, "instances nested too deeply");
      WRT_TRY(prefix.push_back(i));
      WRT_TRY(frames.push_back(Frame{e.type, 0}));
    }
  }
  return {};
}

Result<void> Validator::export_(Scope& s, const ExternName& name, Entity entity, bool fresh_resource_decl,
                                std::uint32_t offset) noexcept {
  auto index = static_cast<std::uint32_t>(s.exports.size());
  if (entity.kind == ExternKind::type) {
    if (fresh_resource_decl) {
      // (export "r" (type (sub resource))) in a type: a resource the type defines.
      auto step = static_cast<std::uint32_t>(s.steps.size());
      WRT_TRY(s.steps.push_back(index));
      WRT_TRY(s.defined_resources.push_back(BoundResource{entity.type, step, 1}));
    } else {
      // An export is a new identity for the type it exports.
      entity.type = WRT_TRY(types_.add_alias(entity.type));
    }
  } else if (entity.kind == ExternKind::instance && node(types_.peel(entity.type)).bound_count > 0) {
    entity.type = WRT_TRY(freshen_instance(s, entity.type, false, index));
  }
  ParsedName parsed = WRT_TRY(check_extern_name(options_, s.export_names, name, entity.kind, false, offset, alloc_));
  if (s.kind != ScopeKind::instance_type &&
      !WRT_TRY(check_named(types_, entity, s.exported_types, nullptr, 0, alloc_))) {
    return Error(ErrorCode::invalid, "not valid to be used as export: its type refers to a type that has no exported name")
        .at(offset)
        .append_detail(kind_name(entity.kind));
  }
  if (entity.kind == ExternKind::type && peeled(entity.type).kind == NodeKind::resource) {
    WRT_TRY(s.export_resource_names.add(name.name, entity.type));
  }
  WRT_TRY(check_annotated_name(types_, parsed, entity, s.export_resource_names, offset));
  WRT_TRY(record_explicit_resources(s, entity.kind, entity.type, index));
  WRT_TRY(push_entity(s, entity, offset));
  TypeEntry entry;
  entry.name = name.name;
  entry.kind = entity.kind;
  entry.type = entity.type;
  entry.implements = name.implements;
  entry.external_id = name.external_id;
  return s.exports.push_back(entry);
}

Result<void> Validator::instance(Scope& s, const InstanceDef& def) noexcept {
  if (def.instantiate) {
    if (def.component >= s.components.size()) return out_of_bounds("component index out of bounds", def.component, def.offset);
    TypeId component = s.components[def.component];
    Vec<TypeEntry> args(alloc_);
    WRT_TRY(args.reserve(def.count));
    StringSet names(alloc_);
    for (std::uint32_t i = 0; i < def.count; ++i) {
      const InstantiateArg& arg = d_.args[def.first + i];
      if (!WRT_TRY(names.insert(arg.name))) {
        return Error(ErrorCode::duplicate_name, "instantiation argument conflicts with a previous argument").at(arg.offset).append_detail(arg.name);
      }
      Entity e = WRT_TRY(entity_of(s, arg.item, arg.offset));
      TypeEntry entry;
      entry.name = arg.name;
      entry.kind = e.kind;
      entry.type = e.type;
      WRT_TRY(args.push_back(entry));
    }
    TypeId instance = WRT_TRY(instantiate(component, args.span(), def.offset));
    return s.instances.push_back(instance);
  }
  // A bundle of exports. It introduces no index of its own: type exports keep the identity
  // they refer to, and no resource gets a name that annotated function names could use.
  Vec<TypeEntry> entries(alloc_);
  WRT_TRY(entries.reserve(def.count));
  StringSet names(alloc_);
  const ResourceNames resource_names(alloc_);  // stays empty
  std::uint32_t depth = 0;
  std::uint32_t flags = 0;
  for (std::uint32_t i = 0; i < def.count; ++i) {
    const InlineExport& e = d_.inline_exports[def.first + i];
    Entity entity = WRT_TRY(entity_of(s, e.item, e.offset));
    ParsedName parsed = WRT_TRY(check_extern_name(options_, names, e.name, entity.kind, false, e.offset, alloc_));
    WRT_TRY(check_annotated_name(types_, parsed, entity, resource_names, e.offset));
    TypeEntry entry;
    entry.name = e.name.name;
    entry.kind = entity.kind;
    entry.type = entity.type;
    entry.implements = e.name.implements;
    entry.external_id = e.name.external_id;
    WRT_TRY(entries.push_back(entry));
    if (entity.kind != ExternKind::core_module) {
      const TypeNode& t = peeled(entity.type);
      if (t.depth + 1 > depth) depth = t.depth + 1;
      flags |= t.flags;
    }
  }
  TypeNode n;
  n.kind = NodeKind::instance;
  n.first = WRT_TRY(types_.add_entries(entries.span()));
  n.count = static_cast<std::uint32_t>(entries.size());
  n.depth = depth;
  n.flags = flags;
  TypeId id = WRT_TRY(types_.add_node(n));
  return s.instances.push_back(id);
}

Result<void> Validator::alias(Scope& s, const Alias& a, bool declarator) noexcept {
  switch (a.kind) {
    case AliasKind::core_instance_export:
      if (declarator) return invalid("core export aliases are not allowed in type declarations", a.offset);
      return core_alias(s, a);
    case AliasKind::instance_export: {
      if (declarator && a.sort != Sort::instance && a.sort != Sort::type) {
        return invalid("export aliases in type declarations may only refer to types or instances", a.offset);
      }
      if (a.instance >= s.instances.size()) return out_of_bounds("instance index out of bounds", a.instance, a.offset);
      const TypeNode& inst = peeled(s.instances[a.instance]);
      std::int64_t at = types_.find_export(inst, a.name);
      if (at < 0) {
        return Error(ErrorCode::invalid, "the instance has no export named").at(a.offset).append_detail(a.name);
      }
      const TypeEntry& e = types_.exports(inst)[static_cast<std::size_t>(at)];
      bool ok = false;
      ExternKind want = kind_of_sort(a.sort, ok);
      if (!ok || want != e.kind) {
        return Error(ErrorCode::invalid, "the export has another sort than the alias").at(a.offset).append_detail(a.name);
      }
      return push_entity(s, Entity{e.kind, e.type}, a.offset);
    }
    case AliasKind::outer: {
      if (declarator && a.sort != Sort::core_type && a.sort != Sort::type) {
        return invalid("outer aliases in type declarations may only refer to types", a.offset);
      }
      Scope* target = &s;
      bool crosses_component = false;
      for (std::uint32_t i = 0; i < a.count; ++i) {
        if (target->kind == ScopeKind::component) crosses_component = true;
        target = target->parent;
        if (target == nullptr) return out_of_bounds("invalid outer alias count of", a.count, a.offset);
      }
      switch (a.sort) {
        case Sort::core_module:
          if (a.index >= target->core_modules.size()) return out_of_bounds("module index out of bounds", a.index, a.offset);
          return s.core_modules.push_back(target->core_modules[a.index]);
        case Sort::core_type: {
          if (a.index >= target->core_types.size()) return out_of_bounds("core type index out of bounds", a.index, a.offset);
          TypeId t = target->core_types[a.index];
          return s.core_types.push_back(t);
        }
        case Sort::component:
          if (a.index >= target->components.size()) return out_of_bounds("component index out of bounds", a.index, a.offset);
          return s.components.push_back(target->components[a.index]);
        case Sort::type: {
          if (a.index >= target->types.size()) return out_of_bounds("type index out of bounds", a.index, a.offset);
          TypeId t = target->types[a.index];
          // Resource types are generative: a nested component could not be unbundled if it
          // closed over one, so outer aliases across a component may not refer to them.
          if (crosses_component && (peeled(t).flags & kHasResource) != 0) {
            return invalid("an outer alias across a component refers to a type that transitively refers to resources",
                           a.offset);
          }
          return s.types.push_back(t);
        }
        default:
          return invalid("outer item is not a module, type, or component", a.offset);
      }
    }
  }
  return {};
}

Result<void> Validator::start(Scope& s, const StartDef& def) noexcept {
  if (!options_.features.values) return invalid("start definitions require the 🪙 feature", def.offset);
  if (def.func >= s.funcs.size()) return out_of_bounds("function index out of bounds", def.func, def.offset);
  const TypeNode& f = peeled(s.funcs[def.func]);
  auto params = types_.items(f);
  if (params.size() != def.arg_count) {
    return Error(ErrorCode::invalid, "the start function takes another number of arguments").at(def.offset).append_detail_number(def.arg_count);
  }
  for (std::uint32_t i = 0; i < def.arg_count; ++i) {
    std::uint32_t v = d_.value_indices[def.first_arg + i];
    Entity e = WRT_TRY(entity_of(s, SortIndex{Sort::value, v}, def.offset));
    if (!types_.value_types_equal(e.type, params[i].type)) return invalid("start function argument type mismatch", def.offset);
  }
  std::uint32_t results = f.a == kNoType ? 0 : 1;
  if (def.result_count != results) return invalid("the start function returns another number of results", def.offset);
  if (results == 1) WRT_TRY(s.values.push_back(ValueItem{f.a, false, def.offset}));
  return {};
}

Result<void> Validator::definition(Scope& s, const Definition& def) noexcept {
  switch (def.kind) {
    case DefinitionKind::core_module: {
      TypeId t = WRT_TRY(core_module_type(d_.core_modules[def.index]));
      return s.core_modules.push_back(t);
    }
    case DefinitionKind::core_instance:
      return core_instance(s, d_.core_instances[def.index]);
    case DefinitionKind::core_type: {
      TypeId t = WRT_TRY(core_type_definition(s, d_.core_types[def.index]));
      return s.core_types.push_back(t);
    }
    case DefinitionKind::component: {
      TypeId t = WRT_TRY(validate_component(def.index, &s));
      return s.components.push_back(t);
    }
    case DefinitionKind::instance:
      return instance(s, d_.instances[def.index]);
    case DefinitionKind::alias:
      return alias(s, d_.aliases[def.index], false);
    case DefinitionKind::type: {
      TypeId t = WRT_TRY(type_definition(s, d_.types[def.index]));
      return s.types.push_back(t);
    }
    case DefinitionKind::canon:
      return canon(s, d_.canons[def.index]).with_context(name_of(d_.canons[def.index].kind));
    case DefinitionKind::start:
      return start(s, d_.starts[def.index]);
    case DefinitionKind::import: {
      const ImportDef& i = d_.imports[def.index];
      return import(s, i.name, i.desc, i.offset);
    }
    case DefinitionKind::export_: {
      const ExportDef& e = d_.exports[def.index];
      Entity actual = WRT_TRY(entity_of(s, e.item, e.offset));
      if (e.has_desc) {
        Entity ascribed = WRT_TRY(entity_from_desc(s, e.desc, e.offset));
        WRT_TRY(check_subtype(actual, ascribed, e.offset).with_context("the ascribed type of an export is not compatible"));
        actual = ascribed;
      }
      return export_(s, e.name, actual, false, e.offset);
    }
    case DefinitionKind::value:
      return value(s, d_.values[def.index]);
  }
  return {};
}

Result<TypeId> Validator::finish_component(Scope& s, std::uint32_t offset) noexcept {
  for (const ValueItem& v : s.values) {
    if (!v.used) return invalid("a value is never used", v.offset);
  }
  // The resources the component defines: those its exports mention that it did not import.
  IdMap free(alloc_);
  Vec<TypeId> roots(alloc_);
  for (const TypeEntry& e : s.exports) {
    if (e.kind != ExternKind::core_module) WRT_TRY(roots.push_back(e.type));
  }
  WRT_TRY(free_resources(roots.span(), free));
  Vec<BoundResource> defined(alloc_);
  IdMap seen(alloc_);
  for (const BoundResource& r : s.explicit_resources) {
    if (!free.contains(r.resource) || s.imported_resource_set.contains(r.resource) || seen.contains(r.resource)) continue;
    WRT_TRY(seen.insert(r.resource));
    WRT_TRY(defined.push_back(r));
  }
  return build_component_type(s, defined.span(), offset);
}

Result<TypeId> Validator::build_component_type(Scope& s, std::span<const BoundResource> defined, std::uint32_t) noexcept {
  auto copy_bound = [&](std::span<const BoundResource> list) -> Result<std::uint32_t> {
    Vec<BoundResource> copy(alloc_);
    WRT_TRY(copy.reserve(list.size()));
    for (const BoundResource& r : list) {
      BoundResource c = r;
      c.first_step = WRT_TRY(types_.add_path(std::span<const std::uint32_t>(s.steps.data() + r.first_step, r.step_count)));
      WRT_TRY(copy.push_back(c));
    }
    return types_.add_bound(copy.span());
  };
  TypeNode n;
  n.kind = s.kind == ScopeKind::instance_type ? NodeKind::instance : NodeKind::component;
  std::uint32_t depth = 0;
  std::uint32_t flags = 0;
  auto account = [&](const Vec<TypeEntry>& entries) {
    for (const TypeEntry& e : entries) {
      const TypeNode& t = e.kind == ExternKind::core_module ? node(e.type) : peeled(e.type);
      if (t.depth + 1 > depth) depth = t.depth + 1;
      if (e.kind != ExternKind::core_module) flags |= t.flags;
    }
  };
  account(s.imports);
  account(s.exports);
  n.first = WRT_TRY(types_.add_entries(s.exports.span()));
  n.count = static_cast<std::uint32_t>(s.exports.size());
  n.first_import = WRT_TRY(types_.add_entries(s.imports.span()));
  n.import_count = static_cast<std::uint32_t>(s.imports.size());
  n.first_bound = WRT_TRY(copy_bound(defined));
  n.bound_count = static_cast<std::uint32_t>(defined.size());
  n.first_imported_resource = WRT_TRY(copy_bound(s.imported_resources.span()));
  n.imported_resource_count = static_cast<std::uint32_t>(s.imported_resources.size());
  n.depth = depth;
  n.flags = flags;
  if (depth > options_.limits.max_nesting) return Error(ErrorCode::limit_exceeded, "types nested too deeply");
  return types_.add_node(n);
}

namespace {

// The type of the item a definition just added to an index space (see definition_types).
TypeId last_added(const Scope& s, const ComponentDescription& d, const Definition& def) noexcept {
  auto back = [](const Vec<TypeId>& space) { return space.empty() ? kNoType : space.back(); };
  auto of_kind = [&](ExternKind kind) -> TypeId {
    switch (kind) {
      case ExternKind::core_module: return back(s.core_modules);
      case ExternKind::func: return back(s.funcs);
      case ExternKind::value: return s.values.empty() ? kNoType : s.values.back().type;
      case ExternKind::type: return back(s.types);
      case ExternKind::component: return back(s.components);
      case ExternKind::instance: return back(s.instances);
    }
    return kNoType;
  };
  switch (def.kind) {
    case DefinitionKind::core_module: return back(s.core_modules);
    case DefinitionKind::core_instance: return back(s.core_instances);
    case DefinitionKind::core_type: return back(s.core_types);
    case DefinitionKind::component: return back(s.components);
    case DefinitionKind::instance: return back(s.instances);
    case DefinitionKind::type: return back(s.types);
    case DefinitionKind::canon:
      return d.canons[def.index].kind == CanonKind::lift ? back(s.funcs) : back(s.core_funcs);
    case DefinitionKind::import: return of_kind(d.imports[def.index].desc.kind);
    case DefinitionKind::export_:
      return s.exports.empty() ? kNoType : s.exports.back().type;
    case DefinitionKind::alias:
      switch (d.aliases[def.index].sort) {
        case Sort::core_func: return back(s.core_funcs);
        case Sort::core_tag: return back(s.core_tags);
        case Sort::core_type: return back(s.core_types);
        case Sort::core_module: return back(s.core_modules);
        case Sort::core_instance: return back(s.core_instances);
        case Sort::func: return back(s.funcs);
        case Sort::value: return s.values.empty() ? kNoType : s.values.back().type;
        case Sort::type: return back(s.types);
        case Sort::component: return back(s.components);
        case Sort::instance: return back(s.instances);
        default: return kNoType;
      }
    case DefinitionKind::start:
    case DefinitionKind::value:
      return s.values.empty() ? kNoType : s.values.back().type;
  }
  return kNoType;
}

}  // namespace

Result<TypeId> Validator::validate_component(std::uint32_t index, Scope* parent) noexcept {
  const ComponentNode& component = d_.components[index];
  Scope s(alloc_, ScopeKind::component, parent, next_scope_id_++);
  s.depth = parent != nullptr ? parent->depth + 1 : 0;
  for (std::uint32_t i = 0; i < component.count; ++i) {
    const Definition& def = d_.definitions[component.first + i];
    Result<void> r = definition(s, def);
    if (!r) {
      Error e = r.error();
      e.at_if_unset(def.offset);
      return e.with_context(name_of(def.kind));
    }
    out_.definition_types[component.first + i] = last_added(s, d_, def);
  }
  TypeId type = WRT_TRY(finish_component(s, component.end));
  out_.component_types[index] = type;
  return type;
}

}  // namespace detail

Result<void> validate_component(const ComponentDescription& component, const ComponentDecodeOptions& options,
                                ComponentInfo& out) noexcept {
  WRT_TRY(out.component_types.resize(component.components.size()));
  for (TypeId& t : out.component_types) t = kNoType;
  WRT_TRY(out.definition_types.resize(component.definitions.size()));
  for (TypeId& t : out.definition_types) t = kNoType;
  out.types.set_budget(options.limits.max_type_size);
  out.types.set_max_tree_size(options.limits.max_effective_type_size);
  detail::Validator validator(component, options, out);
  out.root = WRT_TRY(validator.validate_component(0, nullptr));
  return {};
}

Result<void> decode_and_validate_component(Bytes bytes, const ComponentDecodeOptions& options,
                                           ComponentDescription& component, ComponentInfo& info) noexcept {
  WRT_TRY(decode_component(bytes, options, component));
  return validate_component(component, options, info);
}

}  // namespace wrt::component
