// Component validation: subtyping, substitution of resource types, instantiation of
// component types (Explainer.md, "Type Checking").
//
// Resources are abstract. A component type binds resources in two ways: its imports bind
// them universally (the instantiator chooses), its exports existentially (each instantiation
// makes fresh ones); instance types bind exported resources existentially too. Each bound
// resource comes with a path (an import or export, then exports of nested instances) so that
// instantiation and subtyping can find what stands for it on the other side, then substitute.
#include "component/validator_state.hpp"

namespace wrt::component::detail {

namespace {

const char* entity_name(ExternKind kind) noexcept { return name_of(kind); }

// Looks an entry up by name through an index of `entries`.
const TypeEntry* find_in(std::span<const TypeEntry> entries, const NameIndex& index, std::string_view name) noexcept {
  std::int64_t at = index.find(name);
  return at < 0 ? nullptr : &entries[static_cast<std::size_t>(at)];
}

Result<void> index_entries(NameIndex& index, std::span<const TypeEntry> entries) noexcept {
  return index.build(entries.size(), [&](std::size_t i) { return entries[i].name; });
}

}  // namespace

Result<TypeId> Validator::substitute(TypeId root, const IdMap& map) noexcept {
  IdMap memo(alloc_);
  return substitute(root, map, memo);
}

Result<TypeId> Validator::substitute(TypeId root, const IdMap& map, IdMap& memo) noexcept {
  if (map.size() == 0 || root == kNoType) return root;
  Vec<TypeId> stack(alloc_);
  WRT_TRY(stack.push_back(root));
  Vec<TypeId> children(alloc_);
  while (!stack.empty()) {
    TypeId id = stack.back();
    if (memo.contains(id)) {
      stack.pop_back();
      continue;
    }
    if (std::uint32_t to = map.get(id); to != IdMap::kEmpty) {
      // A resource bound to another, or a type identity standing for an argument's.
      stack.pop_back();
      WRT_TRY(memo.set(id, to));
      continue;
    }
    const TypeNode n = types_[id];  // a copy: the arena may grow below
    // Children first.
    children.clear();
    auto child = [&](TypeId c) -> Result<void> {
      if (c != kNoType && !memo.contains(c)) WRT_TRY(children.push_back(c));
      return {};
    };
    switch (n.kind) {
      case NodeKind::resource:
      case NodeKind::primitive:
      case NodeKind::flags:
      case NodeKind::enum_:
      case NodeKind::core_func:
      case NodeKind::core_module:
      case NodeKind::core_instance:
        break;
      case NodeKind::alias:
        WRT_TRY(child(n.a));
        break;
      case NodeKind::instance:
      case NodeKind::component:
        for (const TypeEntry& e : types_.exports(n)) {
          if (e.kind != ExternKind::core_module) WRT_TRY(child(e.type));
        }
        for (const TypeEntry& e : types_.imports(n)) {
          if (e.kind != ExternKind::core_module) WRT_TRY(child(e.type));
        }
        break;
      default:  // value types and functions
        WRT_TRY(child(n.a));
        WRT_TRY(child(n.b));
        if (n.kind == NodeKind::record || n.kind == NodeKind::variant || n.kind == NodeKind::tuple ||
            n.kind == NodeKind::func) {
          for (const TypeItem& item : types_.items(n)) WRT_TRY(child(item.type));
        }
        break;
    }
    if (!children.empty()) {
      if (stack.size() > (std::size_t{1} << 24)) return Error(ErrorCode::limit_exceeded, "type too large to substitute");
      WRT_TRY(stack.append(children.span()));
      continue;
    }
    stack.pop_back();
    auto mapped = [&](TypeId c) -> TypeId { return c == kNoType ? kNoType : memo.get(c); };
    TypeId result = id;
    switch (n.kind) {
      case NodeKind::resource:
        break;
      case NodeKind::alias: {
        TypeId target = mapped(n.a);
        if (target != n.a) result = WRT_TRY(types_.add_alias(target));
        break;
      }
      case NodeKind::instance:
      case NodeKind::component: {
        bool changed = false;
        Vec<TypeEntry> exports(alloc_);
        Vec<TypeEntry> imports(alloc_);
        WRT_TRY(exports.append(types_.exports(n)));
        WRT_TRY(imports.append(types_.imports(n)));
        for (TypeEntry& e : exports) {
          if (e.kind == ExternKind::core_module) continue;
          TypeId t = mapped(e.type);
          changed = changed || t != e.type;
          e.type = t;
        }
        for (TypeEntry& e : imports) {
          if (e.kind == ExternKind::core_module) continue;
          TypeId t = mapped(e.type);
          changed = changed || t != e.type;
          e.type = t;
        }
        if (changed) {
          TypeNode copy = n;
          copy.first = WRT_TRY(types_.add_entries(exports.span()));
          copy.first_import = WRT_TRY(types_.add_entries(imports.span()));
          result = WRT_TRY(types_.add_node(copy));
        }
        break;
      }
      case NodeKind::primitive:
      case NodeKind::flags:
      case NodeKind::enum_:
      case NodeKind::core_func:
      case NodeKind::core_module:
      case NodeKind::core_instance:
        break;
      default: {
        TypeNode copy = n;
        copy.a = mapped(n.a);
        copy.b = mapped(n.b);
        bool changed = copy.a != n.a || copy.b != n.b;
        Vec<TypeItem> items(alloc_);
        if (n.kind == NodeKind::record || n.kind == NodeKind::variant || n.kind == NodeKind::tuple ||
            n.kind == NodeKind::func) {
          WRT_TRY(items.append(types_.items(n)));
          for (TypeItem& item : items) {
            TypeId t = mapped(item.type);
            changed = changed || t != item.type;
            item.type = t;
          }
        }
        if (changed) {
          if (!items.empty()) copy.first = WRT_TRY(types_.add_items(items.span()));
          result = n.kind == NodeKind::func ? WRT_TRY(types_.add_node(copy)) : WRT_TRY(types_.add_value_type(copy));
        }
        break;
      }
    }
    WRT_TRY(memo.set(id, result));
  }
  return memo.get(root);
}

Result<Entity> Validator::substitute(Entity entity, const IdMap& map) noexcept {
  if (entity.kind == ExternKind::core_module) return entity;
  entity.type = WRT_TRY(substitute(entity.type, map));
  return entity;
}

Result<void> Validator::free_resources(std::span<const TypeId> roots, IdMap& out) noexcept {
  IdMap seen(alloc_);
  IdMap bound(alloc_);
  Vec<TypeId> stack(alloc_);
  for (TypeId r : roots) {
    if (r != kNoType && !seen.contains(r)) {
      WRT_TRY(seen.insert(r));
      WRT_TRY(stack.push_back(r));
    }
  }
  IdMap found(alloc_);
  auto push = [&](TypeId c) -> Result<void> {
    if (c != kNoType && !seen.contains(c)) {
      WRT_TRY(seen.insert(c));
      WRT_TRY(stack.push_back(c));
    }
    return {};
  };
  while (!stack.empty()) {
    TypeId id = stack.back();
    stack.pop_back();
    const TypeNode& n = types_[id];
    switch (n.kind) {
      case NodeKind::resource:
        WRT_TRY(found.insert(n.canon));
        break;
      case NodeKind::alias:
        WRT_TRY(push(n.a));
        break;
      case NodeKind::instance:
      case NodeKind::component:
        for (const BoundResource& r : types_.bound(n)) WRT_TRY(bound.insert(r.resource));
        for (const BoundResource& r : types_.imported_resources(n)) WRT_TRY(bound.insert(r.resource));
        for (const TypeEntry& e : types_.exports(n)) {
          if (e.kind != ExternKind::core_module) WRT_TRY(push(e.type));
        }
        for (const TypeEntry& e : types_.imports(n)) {
          if (e.kind != ExternKind::core_module) WRT_TRY(push(e.type));
        }
        break;
      case NodeKind::primitive:
      case NodeKind::flags:
      case NodeKind::enum_:
      case NodeKind::core_func:
      case NodeKind::core_module:
      case NodeKind::core_instance:
        break;
      default:
        WRT_TRY(push(n.a));
        WRT_TRY(push(n.b));
        if (n.kind == NodeKind::record || n.kind == NodeKind::variant || n.kind == NodeKind::tuple ||
            n.kind == NodeKind::func) {
          for (const TypeItem& item : types_.items(n)) WRT_TRY(push(item.type));
        }
        break;
    }
  }
  Result<void> status;
  found.for_each([&](std::uint32_t key, std::uint32_t) {
    if (status && !bound.contains(key)) status = out.insert(key);
  });
  return status;
}

Result<void> Validator::bind_resources(std::span<const BoundResource> resources, std::span<const TypeEntry> entries,
                                       std::span<const TypeEntry> args, IdMap& map) noexcept {
  if (resources.empty()) return {};
  NameIndex index(alloc_);
  WRT_TRY(index_entries(index, args));
  for (const BoundResource& r : resources) {
    auto path = types_.path(r);
    if (path.empty() || path[0] >= entries.size()) continue;
    const TypeEntry* expected = &entries[path[0]];
    const TypeEntry* actual = find_in(args, index, expected->name);
    for (std::size_t i = 1; i < path.size() && actual != nullptr; ++i) {
      const TypeNode& expected_instance = peeled(expected->type);
      if (expected->kind != ExternKind::instance || path[i] >= expected_instance.count) {
        actual = nullptr;
        break;
      }
      expected = &types_.exports(expected_instance)[path[i]];
      if (actual->kind != ExternKind::instance) {
        actual = nullptr;
        break;
      }
      const TypeNode& actual_instance = peeled(actual->type);
      std::int64_t at = types_.find_export(actual_instance, expected->name);
      actual = at < 0 ? nullptr : &types_.exports(actual_instance)[static_cast<std::size_t>(at)];
    }
    // A mismatch is left for the subtype check to report.
    if (actual != nullptr && actual->kind == ExternKind::type && peeled(actual->type).kind == NodeKind::resource) {
      WRT_TRY(map.set(r.resource, peeled(actual->type).canon));
    }
  }
  return {};
}

Result<TypeId> Validator::instantiate(TypeId component_type, std::span<const TypeEntry> args, std::uint32_t offset) noexcept {
  const TypeNode ct = node(types_.peel(component_type));
  IdMap map(alloc_);
  WRT_TRY(bind_resources(types_.imported_resources(ct), types_.imports(ct), args, map));
  NameIndex index(alloc_);
  WRT_TRY(index_entries(index, args));
  for (std::uint32_t i = 0; i < ct.import_count; ++i) {
    const TypeEntry import = types_.imports(ct)[i];
    const TypeEntry* arg = find_in(args, index, import.name);
    if (arg == nullptr) return Error(ErrorCode::invalid, "missing import named").at(offset).append_detail(import.name);
    Entity expected = WRT_TRY(substitute(Entity{import.kind, import.type}, map));
    WRT_TRY(check_subtype(Entity{arg->kind, arg->type}, expected, offset).with_context("in an instantiation argument"));
    // Inside the instance, the imported type is the argument: its identity (and so its name
    // in this component) replaces the import's.
    if (import.kind == ExternKind::type) WRT_TRY(map.set(import.type, arg->type));
  }
  // Each instantiation defines fresh resources.
  for (const BoundResource& r : types_.bound(ct)) {
    TypeId fresh = WRT_TRY(fresh_resource());
    WRT_TRY(map.set(r.resource, fresh));
  }
  Vec<TypeEntry> exports(alloc_);
  WRT_TRY(exports.append(types_.exports(ct)));
  std::uint32_t flags = 0;
  IdMap memo(alloc_);  // shared, so that exports referring to one type keep referring to one
  for (TypeEntry& e : exports) {
    if (e.kind == ExternKind::core_module) continue;
    e.type = WRT_TRY(substitute(e.type, map, memo));
    flags |= peeled(e.type).flags;
  }
  TypeNode n;
  n.kind = NodeKind::instance;
  n.first = WRT_TRY(types_.add_entries(exports.span()));
  n.count = static_cast<std::uint32_t>(exports.size());
  n.depth = ct.depth;
  n.flags = flags;
  return types_.add_node(n);
}

Result<void> Validator::check_subtype(Entity actual, Entity expected, std::uint32_t offset) noexcept {
  if (actual.kind != expected.kind) {
    return Error(ErrorCode::type_mismatch, "expected a").at(offset).append_detail(entity_name(expected.kind))
        .append_detail(", found a ")
        .append_detail(entity_name(actual.kind));
  }
  switch (actual.kind) {
    case ExternKind::core_module: {
      // Module subtyping: the actual module imports no more and exports no less.
      const TypeNode& a = node(actual.type);
      const TypeNode& e = node(expected.type);
      for (const TypeEntry& import : types_.imports(a)) {
        std::int64_t at = types_.find_core_import(e, import.module, import.name);
        if (at < 0) return Error(ErrorCode::type_mismatch, "the module has an unexpected import").at(offset).append_detail(import.name);
        WRT_TRY(check_core_extern_subtype(types_.imports(e)[static_cast<std::size_t>(at)], import, offset));
      }
      for (const TypeEntry& x : types_.exports(e)) {
        std::int64_t at = types_.find_export(a, x.name);
        if (at < 0) return Error(ErrorCode::type_mismatch, "the module lacks an expected export").at(offset).append_detail(x.name);
        WRT_TRY(check_core_extern_subtype(types_.exports(a)[static_cast<std::size_t>(at)], x, offset));
      }
      return {};
    }
    case ExternKind::value:
      if (!types_.value_types_equal(actual.type, expected.type)) return Error(ErrorCode::type_mismatch, "value type mismatch").at(offset);
      return {};
    case ExternKind::func:
    case ExternKind::type:
    case ExternKind::instance:
    case ExternKind::component:
      break;
  }
  const TypeId actual_id = types_.peel(actual.type);
  const TypeId expected_id = types_.peel(expected.type);
  if (actual_id == expected_id || proven_subtypes_.contains(actual_id, expected_id)) return {};  // reflexive; known
  const TypeNode& a = peeled(actual.type);
  const TypeNode& e = peeled(expected.type);
  if (e.kind == NodeKind::resource || a.kind == NodeKind::resource) {
    if (e.kind != a.kind) {
      return Error(ErrorCode::type_mismatch, e.kind == NodeKind::resource ? "expected a resource, found a defined type"
                                                                           : "expected a defined type, found a resource")
          .at(offset);
    }
    if (a.canon != e.canon) return Error(ErrorCode::type_mismatch, "resource types are not the same").at(offset);
    return {};
  }
  if (is_value_kind(e.kind) || is_value_kind(a.kind)) {
    if (!is_value_kind(e.kind) || !is_value_kind(a.kind) || a.canon != e.canon) {
      return Error(ErrorCode::type_mismatch, "value types differ: expected").at(offset).append_detail(name_of(e.kind))
          .append_detail(", found ")
          .append_detail(name_of(a.kind));
    }
    return {};
  }
  if (a.kind != e.kind) {
    return Error(ErrorCode::type_mismatch, "expected").at(offset).append_detail(name_of(e.kind)).append_detail(", found ")
        .append_detail(name_of(a.kind));
  }
  switch (e.kind) {
    case NodeKind::func: {
      // Function types must be equal (as wasmtime checks): parameters by name and type, result.
      if (a.is_async != e.is_async) return Error(ErrorCode::type_mismatch, "async and sync functions differ").at(offset);
      auto ap = types_.items(a);
      auto ep = types_.items(e);
      if (ap.size() != ep.size()) {
        return Error(ErrorCode::type_mismatch, "expected another number of parameters").at(offset).append_detail_number(ep.size());
      }
      for (std::size_t i = 0; i < ap.size(); ++i) {
        if (ap[i].name != ep[i].name) {
          return Error(ErrorCode::type_mismatch, "expected parameter named").at(offset).append_detail(ep[i].name);
        }
        if (!types_.value_types_equal(ap[i].type, ep[i].type)) {
          return Error(ErrorCode::type_mismatch, "type mismatch in function parameter").at(offset).append_detail(ep[i].name);
        }
      }
      if ((a.a == kNoType) != (e.a == kNoType)) {
        return Error(ErrorCode::type_mismatch, e.a == kNoType ? "expected no result, found one" : "expected a result, found none").at(offset);
      }
      if (a.a != kNoType && !types_.value_types_equal(a.a, e.a)) {
        return Error(ErrorCode::type_mismatch, "type mismatch with result type").at(offset);
      }
      return {};
    }
    case NodeKind::instance: {
      // The expected type's own (existential) resources stand for what the actual exports.
      IdMap map(alloc_);
      const TypeNode a_copy = a;
      const TypeNode e_copy = e;
      WRT_TRY(bind_resources(types_.bound(e_copy), types_.exports(e_copy), types_.exports(a_copy), map));
      for (std::uint32_t i = 0; i < e_copy.count; ++i) {
        const TypeEntry x = types_.exports(e_copy)[i];
        std::int64_t at = types_.find_export(a_copy, x.name);
        if (at < 0) return Error(ErrorCode::type_mismatch, "missing expected export").at(offset).append_detail(x.name);
        const TypeEntry y = types_.exports(a_copy)[static_cast<std::size_t>(at)];
        Entity want = WRT_TRY(substitute(Entity{x.kind, x.type}, map));
        WRT_TRY(check_subtype(Entity{y.kind, y.type}, want, offset).with_context("in an instance export"));
      }
      return proven_subtypes_.insert(actual_id, expected_id);
    }
    case NodeKind::component: {
      // Imports are contravariant, exports covariant; resources line up through their paths
      // (first the actual's imported ones onto the expected's imports, then the expected's
      // defined ones onto the actual's exports).
      const TypeNode a_copy = a;
      const TypeNode e_copy = e;
      IdMap import_map(alloc_);
      WRT_TRY(bind_resources(types_.imported_resources(a_copy), types_.imports(a_copy), types_.imports(e_copy), import_map));
      for (std::uint32_t i = 0; i < a_copy.import_count; ++i) {
        const TypeEntry x = types_.imports(a_copy)[i];
        std::int64_t at = types_.find_import(e_copy, x.name);
        if (at < 0) return Error(ErrorCode::type_mismatch, "missing expected import").at(offset).append_detail(x.name);
        const TypeEntry y = types_.imports(e_copy)[static_cast<std::size_t>(at)];
        Entity want = WRT_TRY(substitute(Entity{x.kind, x.type}, import_map));
        WRT_TRY(check_subtype(Entity{y.kind, y.type}, want, offset).with_context("in a component import"));
      }
      Vec<TypeEntry> exports(alloc_);
      WRT_TRY(exports.append(types_.exports(a_copy)));
      IdMap memo(alloc_);
      for (TypeEntry& x : exports) {
        if (x.kind != ExternKind::core_module) x.type = WRT_TRY(substitute(x.type, import_map, memo));
      }
      IdMap export_map(alloc_);
      WRT_TRY(bind_resources(types_.bound(e_copy), types_.exports(e_copy), exports.span(), export_map));
      NameIndex index(alloc_);
      WRT_TRY(index_entries(index, exports.span()));
      for (std::uint32_t i = 0; i < e_copy.count; ++i) {
        const TypeEntry x = types_.exports(e_copy)[i];
        const TypeEntry* y = find_in(exports.span(), index, x.name);
        if (y == nullptr) return Error(ErrorCode::type_mismatch, "missing expected export").at(offset).append_detail(x.name);
        Entity want = WRT_TRY(substitute(Entity{x.kind, x.type}, export_map));
        WRT_TRY(check_subtype(Entity{y->kind, y->type}, want, offset).with_context("in a component export"));
      }
      return proven_subtypes_.insert(actual_id, expected_id);
    }
    default:
      return Error(ErrorCode::type_mismatch, "types of this kind cannot be compared").at(offset).append_detail(name_of(e.kind));
  }
}

}  // namespace wrt::component::detail
