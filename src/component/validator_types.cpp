// Component validation: type definitions and the declarators of component and instance types.
#include "component/validator_state.hpp"

namespace wrt::component::detail {

namespace {

// Labels of records, variants, flags, enums and parameters: kebab case, unique ignoring case.
Result<void> check_labels(std::span<const Labeled> items, const char* what, Allocator& alloc) noexcept {
  StringSet seen(alloc);
  char buffer[256];
  for (const Labeled& item : items) {
    if (item.label.empty()) return Error(ErrorCode::invalid_name, "a label cannot be empty").at(item.offset).append_detail(what);
    if (!is_kebab_label(item.label)) {
      return Error(ErrorCode::invalid_name, "is not in kebab case").at(item.offset).append_detail(item.label);
    }
    // Strong uniqueness of labels is case-insensitive.
    Vec<char> heap(alloc);
    char* key = buffer;
    if (item.label.size() > sizeof buffer) {
      WRT_TRY(heap.resize(item.label.size()));
      key = heap.data();
    }
    for (std::size_t i = 0; i < item.label.size(); ++i) {
      char c = item.label[i];
      key[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (!WRT_TRY(seen.insert(std::string_view(key, item.label.size())))) {
      return Error(ErrorCode::duplicate_name, "a label conflicts with a previous one").at(item.offset).append_detail(item.label);
    }
  }
  return {};
}

bool is_map_key(const TypeNode& n) noexcept {
  if (n.kind != NodeKind::primitive) return false;
  switch (n.primitive) {
    case Primitive::f32:
    case Primitive::f64:
    case Primitive::error_context: return false;
    default: return true;
  }
}

}  // namespace

Result<TypeId> Validator::type_at(Scope& s, std::uint32_t index, std::uint32_t offset) noexcept {
  if (index >= s.types.size()) return Error(ErrorCode::invalid, "type index out of bounds").at(offset).append_detail_number(index);
  return s.types[index];
}

Result<TypeId> Validator::func_type_at(Scope& s, std::uint32_t index, std::uint32_t offset) noexcept {
  TypeId t = WRT_TRY(type_at(s, index, offset));
  if (peeled(t).kind != NodeKind::func) {
    return Error(ErrorCode::invalid, "type is not a function type: type index").at(offset).append_detail_number(index);
  }
  return types_.peel(t);
}

Result<TypeId> Validator::valtype(Scope& s, ValTypeRef ref, std::uint32_t offset) noexcept {
  if (ref.is_primitive()) {
    if (ref.as_primitive() == Primitive::error_context && !options_.features.error_context) {
      return invalid("error-context requires the 📝 feature", offset);
    }
    return types_.primitive(ref.as_primitive());
  }
  TypeId t = WRT_TRY(type_at(s, ref.as_index(), offset));
  if (!is_value_kind(peeled(t).kind)) {
    return Error(ErrorCode::invalid, "type is not a defined (value) type: type index").at(offset).append_detail_number(ref.as_index());
  }
  return t;
}

Result<TypeId> Validator::type_definition(Scope& s, const TypeDef& def) noexcept {
  const std::uint32_t at = def.offset;
  // Component and instance types count declarators, not labels; and with no labels in the
  // pool its data() is null, where even `null + first` is undefined.
  const bool has_labels = def.kind != TypeKind::component && def.kind != TypeKind::instance && def.count != 0;
  std::span<const Labeled> labeled;
  if (has_labels) labeled = std::span<const Labeled>(d_.labeled.data() + def.first, def.count);
  TypeNode n;
  auto items = [&](bool typed_required) -> Result<void> {
    Vec<TypeItem> list(alloc_);
    WRT_TRY(list.reserve(labeled.size()));
    for (const Labeled& l : labeled) {
      TypeItem item;
      item.name = l.label;
      if (l.has_type) item.type = WRT_TRY(valtype(s, l.type, l.offset));
      else if (typed_required) return invalid("missing type", l.offset);
      WRT_TRY(list.push_back(item));
    }
    n.first = WRT_TRY(types_.add_items(list.span()));
    n.count = static_cast<std::uint32_t>(list.size());
    return {};
  };
  auto finish_value = [&]() -> Result<TypeId> {
    TypeId id = WRT_TRY(types_.add_value_type(n));
    if (node(id).size64 >= (std::uint64_t{1} << 28)) {
      return invalid("type exceeds maximum byte size (2^28 bytes in a 64-bit memory)", at);
    }
    return id;
  };
  switch (def.kind) {
    case TypeKind::primitive:
      if (def.primitive == Primitive::error_context && !options_.features.error_context) {
        return invalid("error-context requires the 📝 feature", at);
      }
      // Primitives are always visible by name; one node each serves every definition.
      return types_.primitive(def.primitive);
    case TypeKind::record:
      if (def.count == 0) return invalid("record type must have at least one field", at);
      WRT_TRY(check_labels(labeled, "record field", alloc_));
      n.kind = NodeKind::record;
      WRT_TRY(items(true));
      return finish_value();
    case TypeKind::variant:
      if (def.count == 0) return invalid("variant type must have at least one case", at);
      WRT_TRY(check_labels(labeled, "variant case", alloc_));
      n.kind = NodeKind::variant;
      WRT_TRY(items(false));
      return finish_value();
    case TypeKind::tuple:
      if (def.count == 0) return invalid("tuple type must have at least one type", at);
      n.kind = NodeKind::tuple;
      WRT_TRY(items(true));
      return finish_value();
    case TypeKind::flags:
      if (def.count == 0) return invalid("flags must have at least one entry", at);
      if (def.count > 32) return invalid("cannot have more than 32 flags", at);
      WRT_TRY(check_labels(labeled, "flag", alloc_));
      n.kind = NodeKind::flags;
      WRT_TRY(items(false));
      return finish_value();
    case TypeKind::enum_:
      if (def.count == 0) return invalid("enum type must have at least one variant", at);
      WRT_TRY(check_labels(labeled, "enum case", alloc_));
      n.kind = NodeKind::enum_;
      WRT_TRY(items(false));
      return finish_value();
    case TypeKind::list:
      n.kind = NodeKind::list;
      n.a = WRT_TRY(valtype(s, def.a, at));
      return finish_value();
    case TypeKind::fixed_list:
      if (!options_.features.fixed_length_lists) return invalid("fixed-length lists require the 🔧 feature", at);
      if (def.length == 0) return invalid("fixed-length lists must have more than zero elements", at);
      n.kind = NodeKind::fixed_list;
      n.a = WRT_TRY(valtype(s, def.a, at));
      n.length = def.length;
      return finish_value();
    case TypeKind::option:
      n.kind = NodeKind::option;
      n.a = WRT_TRY(valtype(s, def.a, at));
      return finish_value();
    case TypeKind::result:
      n.kind = NodeKind::result;
      if (def.has_a) n.a = WRT_TRY(valtype(s, def.a, at));
      if (def.has_b) n.b = WRT_TRY(valtype(s, def.b, at));
      return finish_value();
    case TypeKind::own:
    case TypeKind::borrow: {
      TypeId r = WRT_TRY(type_at(s, def.index, at));
      if (peeled(r).kind != NodeKind::resource) {
        return Error(ErrorCode::invalid, "type is not a resource type: type index").at(at).append_detail_number(def.index);
      }
      n.kind = def.kind == TypeKind::own ? NodeKind::own : NodeKind::borrow;
      n.a = r;
      return finish_value();
    }
    case TypeKind::stream:
    case TypeKind::future: {
      if (!options_.features.async) return invalid("streams and futures require the 🔀 feature", at);
      n.kind = def.kind == TypeKind::stream ? NodeKind::stream : NodeKind::future;
      if (def.has_a) {
        n.a = WRT_TRY(valtype(s, def.a, at));
        const TypeNode& e = peeled(n.a);
        if ((e.flags & kHasBorrow) != 0) return invalid("the element type of a stream or future cannot contain a borrow", at);
        if (def.kind == TypeKind::stream && e.kind == NodeKind::primitive && e.primitive == Primitive::char_) {
          return invalid("`stream<char>` is not valid at this time", at);
        }
      }
      return finish_value();
    }
    case TypeKind::map: {
      if (!options_.features.maps) return invalid("maps require the 🗺️ feature", at);
      n.kind = NodeKind::map;
      n.a = WRT_TRY(valtype(s, def.a, at));
      n.b = WRT_TRY(valtype(s, def.b, at));
      if (!is_map_key(peeled(n.a))) return invalid("a map key must be a boolean, integer, char or string", at);
      return finish_value();
    }
    case TypeKind::func: {
      if (def.is_async && !options_.features.async) return invalid("async functions require the 🔀 feature", at);
      WRT_TRY(check_labels(labeled, "function parameter", alloc_));
      n.kind = NodeKind::func;
      n.is_async = def.is_async;
      WRT_TRY(items(true));
      std::uint32_t flags = 0;
      for (const TypeItem& p : types_.items(n)) flags |= peeled(p.type).flags;
      if (def.has_a) {
        n.a = WRT_TRY(valtype(s, def.a, at));
        if ((peeled(n.a).flags & kHasBorrow) != 0) return invalid("function result cannot contain a `borrow` type", at);
        flags |= peeled(n.a).flags;
      }
      n.flags = flags;
      n.depth = 1;
      return types_.add_node(n);
    }
    case TypeKind::component:
    case TypeKind::instance:
      return declarators(s, def);
    case TypeKind::resource: {
      if (s.kind != ScopeKind::component) return invalid("resources can only be defined within a concrete component", at);
      if (def.rep != ValType::i32 && !(def.rep == ValType::i64 && options_.features.rep_i64)) {
        return invalid("resources can only be represented by `i32`", at);
      }
      if (def.has_dtor) {
        if (def.index >= s.core_funcs.size()) return Error(ErrorCode::invalid, "function index out of bounds").at(at).append_detail_number(def.index);
        const TypeNode& f = node(s.core_funcs[def.index]);
        auto params = types_.core_params(f);
        if (params.size() != 1 || params[0] != def.rep || f.length != 0) return invalid("wrong signature for a destructor", at);
      }
      return types_.add_resource(def.rep, def.has_dtor, def.index, s.id);
    }
  }
  return invalid("unknown type", at);
}

Result<TypeId> Validator::declarators(Scope& parent, const TypeDef& def) noexcept {
  const bool component_type = def.kind == TypeKind::component;
  if (parent.depth + 1 > options_.limits.max_nesting) return Error(ErrorCode::limit_exceeded, "types nested too deeply").at(def.offset);
  Scope s(alloc_, component_type ? ScopeKind::component_type : ScopeKind::instance_type, &parent, next_scope_id_++);
  s.depth = parent.depth + 1;
  for (std::uint32_t i = 0; i < def.count; ++i) {
    const Decl& decl = d_.decls[def.first + i];
    switch (decl.kind) {
      case DeclKind::core_type: {
        TypeId t = WRT_TRY(core_type_definition(s, d_.core_types[decl.index]));
        WRT_TRY(s.core_types.push_back(t));
        break;
      }
      case DeclKind::type: {
        TypeId t = WRT_TRY(type_definition(s, d_.types[decl.index]));
        WRT_TRY(s.types.push_back(t));
        break;
      }
      case DeclKind::alias:
        WRT_TRY(alias(s, d_.aliases[decl.index], true));
        break;
      case DeclKind::import:
        WRT_TRY(import(s, decl.name, decl.desc, decl.offset));
        break;
      case DeclKind::export_: {
        Entity entity = WRT_TRY(entity_from_desc(s, decl.desc, decl.offset));
        bool fresh = decl.desc.kind == ExternKind::type && !decl.desc.bound_eq;
        WRT_TRY(export_(s, decl.name, entity, fresh, decl.offset));
        break;
      }
    }
  }
  return build_component_type(s, s.defined_resources.span(), def.offset);
}

}  // namespace wrt::component::detail
