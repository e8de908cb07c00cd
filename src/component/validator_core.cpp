// Component validation: embedded core modules (validated by the core validator), core
// instances and their instantiation, core types and core aliases.
#include <wrt/validator/validator.hpp>

#include "component/validator_state.hpp"

namespace wrt::component::detail {

namespace {

const char* core_kind_name(const TypeEntry& e) noexcept {
  if (e.core_tag) return "tag";
  return name_of(e.core_kind);
}

bool limits_match(const Limits& actual, const Limits& expected) noexcept {
  if (actual.min < expected.min) return false;
  if (expected.has_max && (!actual.has_max || actual.max > expected.max)) return false;
  return true;
}

// Refuses a (module, name) pair seen before: components forbid duplicate core imports, which
// would mangle to one single-level name.
Result<void> check_unique_import(StringSet& seen, Vec<char>& key, std::string_view module, std::string_view name,
                                 std::uint32_t offset) noexcept {
  key.clear();
  WRT_TRY(key.append(std::span<const char>(module.data(), module.size())));
  WRT_TRY(key.push_back('\0'));  // the module name's length follows, so no two pairs share a key
  WRT_TRY(key.append(std::span<const char>(name.data(), name.size())));
  char length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<char>((module.size() >> (8 * i)) & 0xff);
  WRT_TRY(key.append(std::span<const char>(length, 8)));
  if (!WRT_TRY(seen.insert(std::string_view(key.data(), key.size())))) {
    return Error(ErrorCode::duplicate_name, "duplicate import name").at(offset).append_detail(module).append_detail(":")
        .append_detail(name);
  }
  return {};
}

}  // namespace

Result<TypeId> Validator::core_func_type(std::span<const ValType> params, std::span<const ValType> results) noexcept {
  TypeNode n;
  n.kind = NodeKind::core_func;
  n.first = WRT_TRY(types_.add_core_valtypes(params));
  WRT_TRY(types_.add_core_valtypes(results));
  n.count = static_cast<std::uint32_t>(params.size());
  n.length = static_cast<std::uint32_t>(results.size());
  return types_.add_node(n);
}

bool Validator::core_func_types_equal(TypeId a, TypeId b) const noexcept {
  if (a == b) return true;
  const TypeNode& x = node(a);
  const TypeNode& y = node(b);
  auto xp = types_.core_params(x);
  auto yp = types_.core_params(y);
  auto xr = types_.core_results(x);
  auto yr = types_.core_results(y);
  if (xp.size() != yp.size() || xr.size() != yr.size()) return false;
  for (std::size_t i = 0; i < xp.size(); ++i) {
    if (xp[i] != yp[i]) return false;
  }
  for (std::size_t i = 0; i < xr.size(); ++i) {
    if (xr[i] != yr[i]) return false;
  }
  return true;
}

Result<void> Validator::check_core_extern_subtype(const TypeEntry& actual, const TypeEntry& expected,
                                                  std::uint32_t offset) noexcept {
  if (actual.core_kind != expected.core_kind || actual.core_tag != expected.core_tag) {
    return Error(ErrorCode::invalid, "core item kind mismatch: expected").at(offset).append_detail(core_kind_name(expected))
        .append_detail(", found ")
        .append_detail(core_kind_name(actual));
  }
  switch (actual.core_kind) {
    case wrt::ExternKind::function:
      if (!core_func_types_equal(actual.type, expected.type)) return invalid("core function (or tag) type mismatch", offset);
      return {};
    case wrt::ExternKind::table:
      if (actual.table.element != expected.table.element) return invalid("table element type mismatch", offset);
      if (actual.table.is64() != expected.table.is64() || !limits_match(actual.table.limits, expected.table.limits)) {
        return invalid("mismatch in table limits", offset);
      }
      return {};
    case wrt::ExternKind::memory:
      if (actual.memory.shared() != expected.memory.shared()) return invalid("mismatch in the shared flag for memories", offset);
      if (actual.memory.is64() != expected.memory.is64() || !limits_match(actual.memory.limits, expected.memory.limits)) {
        return invalid("mismatch in memory limits", offset);
      }
      return {};
    case wrt::ExternKind::global:
      if (actual.global.type != expected.global.type || actual.global.is_mutable != expected.global.is_mutable) {
        return invalid("global type mismatch", offset);
      }
      return {};
    case wrt::ExternKind::tag:  // tags are described as functions with core_tag set
      return {};
  }
  return {};
}

Result<TypeId> Validator::core_module_type(const CoreModuleDef& def) noexcept {
  const ModuleDescription& m = d_.modules[def.description];
  Result<void> valid = validate_module(m, options_.core);
  if (!valid) {
    Error e = valid.error();
    if (e.has_offset()) e.at(e.offset() + def.offset);  // module offsets -> component offsets
    return e.with_context("in a core module");
  }
  // One core function type node per type index, made on first use.
  Vec<TypeId> func_types(alloc_);
  WRT_TRY(func_types.resize(m.types.size()));
  for (TypeId& t : func_types) t = kNoType;
  auto func_type = [&](std::uint32_t type_index) -> Result<TypeId> {
    if (func_types[type_index] == kNoType) {
      FuncType ft = m.type(type_index);
      func_types[type_index] = WRT_TRY(core_func_type(ft.params, ft.results));
    }
    return func_types[type_index];
  };
  Vec<TypeEntry> imports(alloc_);
  WRT_TRY(imports.reserve(m.imports.size()));
  StringSet seen(alloc_);
  Vec<char> key(alloc_);
  for (const Import& i : m.imports) {
    WRT_TRY(check_unique_import(seen, key, i.module, i.name, def.offset + i.offset));
    TypeEntry e;
    e.module = i.module;
    e.name = i.name;
    e.kind = ExternKind::core_module;
    e.core_kind = i.kind;
    switch (i.kind) {
      case wrt::ExternKind::function: e.type = WRT_TRY(func_type(i.type_index)); break;
      case wrt::ExternKind::table: e.table = i.table; break;
      case wrt::ExternKind::memory: e.memory = i.memory; break;
      case wrt::ExternKind::global: e.global = i.global; break;
      case wrt::ExternKind::tag:  // a tag: as a function type, marked
        e.core_kind = wrt::ExternKind::function;
        e.core_tag = true;
        e.type = WRT_TRY(func_type(i.type_index));
        break;
    }
    WRT_TRY(imports.push_back(e));
  }
  Vec<TypeEntry> exports(alloc_);
  WRT_TRY(exports.reserve(m.exports.size()));
  for (const Export& x : m.exports) {
    TypeEntry e;
    e.name = x.name;
    e.kind = ExternKind::core_module;
    e.core_kind = x.kind;
    switch (x.kind) {
      case wrt::ExternKind::function: e.type = WRT_TRY(func_type(m.functions[x.index])); break;
      case wrt::ExternKind::table: e.table = m.tables[x.index]; break;
      case wrt::ExternKind::memory: e.memory = m.memories[x.index]; break;
      case wrt::ExternKind::global: e.global = m.globals[x.index].type; break;
      case wrt::ExternKind::tag:
        e.core_kind = wrt::ExternKind::function;
        e.core_tag = true;
        e.type = WRT_TRY(func_type(m.tags[x.index]));
        break;
    }
    WRT_TRY(exports.push_back(e));
  }
  TypeNode n;
  n.kind = NodeKind::core_module;
  n.first = WRT_TRY(types_.add_entries(exports.span()));
  n.count = static_cast<std::uint32_t>(exports.size());
  n.first_import = WRT_TRY(types_.add_entries(imports.span()));
  n.import_count = static_cast<std::uint32_t>(imports.size());
  return types_.add_node(n);
}

Result<void> Validator::core_instance(Scope& s, const CoreInstanceDef& def) noexcept {
  TypeNode n;
  n.kind = NodeKind::core_instance;
  if (def.instantiate) {
    if (def.module >= s.core_modules.size()) {
      return Error(ErrorCode::invalid, "module index out of bounds").at(def.offset).append_detail_number(def.module);
    }
    const TypeNode& module = node(s.core_modules[def.module]);
    // The arguments: a name for each core instance, names unique.
    StringSet names(alloc_);
    for (std::uint32_t i = 0; i < def.count; ++i) {
      const CoreInstantiateArg& arg = d_.core_args[def.first + i];
      if (!WRT_TRY(names.insert(arg.name))) {
        return Error(ErrorCode::duplicate_name, "duplicate module instantiation argument named").at(arg.offset).append_detail(arg.name);
      }
      if (arg.instance >= s.core_instances.size()) {
        return Error(ErrorCode::invalid, "core instance index out of bounds").at(arg.offset).append_detail_number(arg.instance);
      }
    }
    NameIndex index(alloc_);
    WRT_TRY(index.build(def.count, [&](std::size_t i) { return d_.core_args[def.first + i].name; }));
    for (const TypeEntry& import : types_.imports(module)) {
      std::int64_t found = index.find(import.module);
      const CoreInstantiateArg* arg = found < 0 ? nullptr : &d_.core_args[def.first + static_cast<std::size_t>(found)];
      if (arg == nullptr) {
        return Error(ErrorCode::invalid, "missing module instantiation argument named").at(def.offset).append_detail(import.module);
      }
      const TypeNode& instance = node(s.core_instances[arg->instance]);
      std::int64_t at = types_.find_export(instance, import.name);
      if (at < 0) {
        return Error(ErrorCode::invalid, "the instantiation argument does not export an item named")
            .at(arg->offset)
            .append_detail(import.module)
            .append_detail(" ")
            .append_detail(import.name);
      }
      WRT_TRY(check_core_extern_subtype(types_.exports(instance)[static_cast<std::size_t>(at)], import, arg->offset)
                  .with_context("in a core instantiation argument"));
    }
    n.first = module.first;
    n.count = module.count;
    TypeId id = WRT_TRY(types_.add_node(n));
    return s.core_instances.push_back(id);
  }
  Vec<TypeEntry> exports(alloc_);
  WRT_TRY(exports.reserve(def.count));
  StringSet names(alloc_);
  for (std::uint32_t i = 0; i < def.count; ++i) {
    const CoreInlineExport& x = d_.core_exports[def.first + i];
    if (!WRT_TRY(names.insert(x.name))) {
      return Error(ErrorCode::duplicate_name, "export name already defined").at(x.offset).append_detail(x.name);
    }
    TypeEntry e;
    e.name = x.name;
    e.kind = ExternKind::core_module;
    auto item = [&](const Vec<CoreItem>& space, const char* what) -> Result<const CoreItem*> {
      if (x.index >= space.size()) return Error(ErrorCode::invalid, what).at(x.offset).append_detail_number(x.index);
      return &space[x.index];
    };
    switch (x.sort) {
      case Sort::core_func:
        if (x.index >= s.core_funcs.size()) return Error(ErrorCode::invalid, "core function index out of bounds").at(x.offset).append_detail_number(x.index);
        e.core_kind = wrt::ExternKind::function;
        e.type = s.core_funcs[x.index];
        break;
      case Sort::core_tag:
        if (x.index >= s.core_tags.size()) return Error(ErrorCode::invalid, "unknown tag: tag index out of bounds").at(x.offset).append_detail_number(x.index);
        e.core_kind = wrt::ExternKind::function;
        e.core_tag = true;
        e.type = s.core_tags[x.index];
        break;
      case Sort::core_table: {
        const CoreItem* t = WRT_TRY(item(s.core_tables, "table index out of bounds"));
        e.core_kind = wrt::ExternKind::table;
        e.table = t->table;
        e.table.limits.is64 = t->memory64;
        break;
      }
      case Sort::core_memory: {
        const CoreItem* t = WRT_TRY(item(s.core_memories, "memory index out of bounds"));
        e.core_kind = wrt::ExternKind::memory;
        e.memory = t->memory;
        e.memory.limits.is64 = t->memory64;
        e.memory.limits.shared = t->shared;
        break;
      }
      case Sort::core_global: {
        const CoreItem* t = WRT_TRY(item(s.core_globals, "global index out of bounds"));
        e.core_kind = wrt::ExternKind::global;
        e.global = t->global;
        break;
      }
      default:
        return Error(ErrorCode::invalid, "a core instance cannot export this sort").at(x.offset).append_detail(name_of(x.sort));
    }
    WRT_TRY(exports.push_back(e));
  }
  n.first = WRT_TRY(types_.add_entries(exports.span()));
  n.count = static_cast<std::uint32_t>(exports.size());
  TypeId id = WRT_TRY(types_.add_node(n));
  return s.core_instances.push_back(id);
}

Result<void> Validator::core_alias(Scope& s, const Alias& a) noexcept {
  if (a.instance >= s.core_instances.size()) {
    return Error(ErrorCode::invalid, "core instance index out of bounds").at(a.offset).append_detail_number(a.instance);
  }
  const TypeNode& instance = node(s.core_instances[a.instance]);
  std::int64_t at = types_.find_export(instance, a.name);
  if (at < 0) return Error(ErrorCode::invalid, "the core instance has no export named").at(a.offset).append_detail(a.name);
  const TypeEntry& e = types_.exports(instance)[static_cast<std::size_t>(at)];
  auto mismatch = [&]() {
    return Error(ErrorCode::invalid, "the core export is of another kind").at(a.offset).append_detail(a.name);
  };
  CoreItem item;
  item.type = e.type;
  item.table = e.table;
  item.memory = e.memory;
  item.memory64 = e.core_kind == wrt::ExternKind::table ? e.table.is64() : e.memory.is64();
  item.shared = e.memory.shared();
  item.global = e.global;
  switch (a.sort) {
    case Sort::core_func:
      if (e.core_kind != wrt::ExternKind::function || e.core_tag) return mismatch();
      return s.core_funcs.push_back(e.type);
    case Sort::core_tag:
      if (e.core_kind != wrt::ExternKind::function || !e.core_tag) return mismatch();
      return s.core_tags.push_back(e.type);
    case Sort::core_table:
      if (e.core_kind != wrt::ExternKind::table) return mismatch();
      return s.core_tables.push_back(item);
    case Sort::core_memory:
      if (e.core_kind != wrt::ExternKind::memory) return mismatch();
      return s.core_memories.push_back(item);
    case Sort::core_global:
      if (e.core_kind != wrt::ExternKind::global) return mismatch();
      return s.core_globals.push_back(item);
    default:
      return Error(ErrorCode::invalid, "core instances export no items of this sort").at(a.offset).append_detail(name_of(a.sort));
  }
}

Result<TypeId> Validator::core_type_definition(Scope& s, const CoreTypeDef& def) noexcept {
  if (def.kind == CoreTypeKind::func) {
    return core_func_type(std::span<const ValType>(d_.core_valtypes.data() + def.first, def.param_count),
                          std::span<const ValType>(d_.core_valtypes.data() + def.first + def.param_count, def.result_count));
  }
  // A module type: its own (initially empty) core type index space.
  Vec<TypeId> local_types(alloc_);
  Vec<TypeEntry> imports(alloc_);
  Vec<TypeEntry> exports(alloc_);
  StringSet export_names(alloc_);
  StringSet import_names(alloc_);
  Vec<char> import_key(alloc_);
  auto entry_of = [&](const CoreDecl& decl, TypeEntry& e) -> Result<void> {
    const CoreExternDesc& desc = decl.desc;
    e.kind = ExternKind::core_module;
    e.core_kind = desc.kind;
    e.core_tag = desc.is_tag;
    e.table = desc.table;
    e.memory = desc.memory;
    e.table.limits.is64 = desc.kind == wrt::ExternKind::table && desc.memory64;
    e.memory.limits.is64 = desc.kind == wrt::ExternKind::memory && desc.memory64;
    e.memory.limits.shared = desc.shared;
    e.global = desc.global;
    if (desc.kind == wrt::ExternKind::memory && !desc.memory64) {
      const Limits& l = desc.memory.limits;
      if (l.min > 65536 || (l.has_max && l.max > 65536)) return invalid("memory size must be at most 65536 pages (4GiB)", decl.offset);
      if (l.has_max && l.min > l.max) return invalid("size minimum must not be greater than maximum", decl.offset);
    }
    if (desc.kind == wrt::ExternKind::table && desc.table.limits.has_max && desc.table.limits.min > desc.table.limits.max) {
      return invalid("size minimum must not be greater than maximum", decl.offset);
    }
    if (desc.kind == wrt::ExternKind::function) {
      if (desc.index >= local_types.size()) {
        return Error(ErrorCode::invalid, "type index out of bounds").at(decl.offset).append_detail_number(desc.index);
      }
      if (node(local_types[desc.index]).kind != NodeKind::core_func) {
        return Error(ErrorCode::invalid, "type is not a function type: type index").at(decl.offset).append_detail_number(desc.index);
      }
      e.type = local_types[desc.index];
    }
    return {};
  };
  for (std::uint32_t i = 0; i < def.result_count; ++i) {
    const CoreDecl& decl = d_.core_decls[def.first + i];
    switch (decl.kind) {
      case CoreDeclKind::type: {
        const CoreTypeDef& inner = d_.core_types[decl.index];
        if (inner.kind == CoreTypeKind::module) return invalid("invalid leading byte: module types cannot define module types", decl.offset);
        TypeId t = WRT_TRY(core_type_definition(s, inner));
        WRT_TRY(local_types.push_back(t));
        break;
      }
      case CoreDeclKind::alias: {
        // Count 0 is the module type itself; 1 the scope that defines it, and so on.
        if (decl.alias_count == 0) {
          if (decl.index >= local_types.size()) return invalid("type index out of bounds", decl.offset);
          WRT_TRY(local_types.push_back(local_types[decl.index]));
          break;
        }
        Scope* target = &s;
        for (std::uint32_t k = 1; k < decl.alias_count; ++k) {
          target = target->parent;
          if (target == nullptr) return Error(ErrorCode::invalid, "invalid outer alias count of").at(decl.offset).append_detail_number(decl.alias_count);
        }
        if (decl.index >= target->core_types.size()) return invalid("core type index out of bounds", decl.offset);
        TypeId t = target->core_types[decl.index];
        if (node(t).kind == NodeKind::core_module) return invalid("module types cannot alias module types", decl.offset);
        WRT_TRY(local_types.push_back(t));
        break;
      }
      case CoreDeclKind::import: {
        TypeEntry e;
        e.module = decl.module;
        e.name = decl.name;
        WRT_TRY(check_unique_import(import_names, import_key, e.module, e.name, decl.offset));
        WRT_TRY(entry_of(decl, e));
        WRT_TRY(imports.push_back(e));
        break;
      }
      case CoreDeclKind::export_: {
        if (!WRT_TRY(export_names.insert(decl.name))) {
          return Error(ErrorCode::duplicate_name, "export name already defined").at(decl.offset).append_detail(decl.name);
        }
        TypeEntry e;
        e.name = decl.name;
        WRT_TRY(entry_of(decl, e));
        WRT_TRY(exports.push_back(e));
        break;
      }
    }
  }
  TypeNode n;
  n.kind = NodeKind::core_module;
  n.first = WRT_TRY(types_.add_entries(exports.span()));
  n.count = static_cast<std::uint32_t>(exports.size());
  n.first_import = WRT_TRY(types_.add_entries(imports.span()));
  n.import_count = static_cast<std::uint32_t>(imports.size());
  return types_.add_node(n);
}

}  // namespace wrt::component::detail
