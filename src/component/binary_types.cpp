// The component binary reader: types, declarators, names, sorts and aliases (Binary.md).
#include <wrt/decoder/instruction.hpp>

#include "component/binary_decoder.hpp"

namespace wrt::component::detail {

namespace {

// Raw sort bytes as they appear before being interpreted: `0x00 <core:sort>` or one byte.
struct RawSort {
  std::uint8_t first = 0;
  std::uint8_t core = 0;
  std::uint32_t offset = 0;
};

bool core_sort_from_byte(std::uint8_t byte, Sort& sort) noexcept {
  switch (byte) {
    case 0x00: sort = Sort::core_func; return true;
    case 0x01: sort = Sort::core_table; return true;
    case 0x02: sort = Sort::core_memory; return true;
    case 0x03: sort = Sort::core_global; return true;
    case 0x04: sort = Sort::core_tag; return true;
    case 0x10: sort = Sort::core_type; return true;
    case 0x11: sort = Sort::core_module; return true;
    case 0x12: sort = Sort::core_instance; return true;
    default: return false;
  }
}

bool sort_from_byte(std::uint8_t byte, Sort& sort) noexcept {
  switch (byte) {
    case 0x01: sort = Sort::func; return true;
    case 0x02: sort = Sort::value; return true;
    case 0x03: sort = Sort::type; return true;
    case 0x04: sort = Sort::component; return true;
    case 0x05: sort = Sort::instance; return true;
    default: return false;
  }
}

}  // namespace

Result<std::string_view> ComponentDecoder::read_label(ByteReader& r) noexcept {
  return read_name(r);
}

Result<Sort> ComponentDecoder::read_core_sort(ByteReader& r) noexcept {
  std::size_t at = r.offset();
  std::uint8_t byte = WRT_TRY(r.read_u8());
  Sort sort;
  if (!core_sort_from_byte(byte, sort)) return leading_byte(at, byte, "core sort");
  return sort;
}

Result<Sort> ComponentDecoder::read_sort(ByteReader& r) noexcept {
  std::size_t at = r.offset();
  std::uint8_t byte = WRT_TRY(r.read_u8());
  if (byte == 0x00) return read_core_sort(r);
  Sort sort;
  if (!sort_from_byte(byte, sort)) return leading_byte(at, byte, "component sort");
  return sort;
}

Result<SortIndex> ComponentDecoder::read_sort_index(ByteReader& r) noexcept {
  SortIndex item;
  item.sort = WRT_TRY(read_sort(r));
  item.index = WRT_TRY(read_index(r));
  return item;
}

Result<Alias> ComponentDecoder::read_alias(ByteReader& r) noexcept {
  Alias alias;
  alias.offset = ByteReader::offset32(r.offset());
  RawSort raw;
  raw.offset = alias.offset;
  raw.first = WRT_TRY(r.read_u8());
  if (raw.first == 0x00) raw.core = WRT_TRY(r.read_u8());
  std::size_t target_at = r.offset();
  std::uint8_t target = WRT_TRY(r.read_u8());
  auto interpret = [&]() -> Result<Sort> {
    Sort sort;
    if (raw.first == 0x00) {
      if (!core_sort_from_byte(raw.core, sort)) return leading_byte(raw.offset + 1, raw.core, "core sort");
    } else if (!sort_from_byte(raw.first, sort)) {
      return leading_byte(raw.offset, raw.first, "component sort");
    }
    return sort;
  };
  switch (target) {
    case 0x00:
      alias.kind = AliasKind::instance_export;
      alias.sort = WRT_TRY(interpret());
      alias.instance = WRT_TRY(read_index(r));
      alias.name = WRT_TRY(read_name(r));
      break;
    case 0x01:
      alias.kind = AliasKind::core_instance_export;
      alias.sort = WRT_TRY(interpret());
      alias.instance = WRT_TRY(read_index(r));
      alias.name = WRT_TRY(read_name(r));
      break;
    case 0x02:
      alias.kind = AliasKind::outer;
      // Only core module, core type, type and component may be aliased from outside.
      if (raw.first == 0x00) {
        if (raw.core == 0x10) {
          alias.sort = Sort::core_type;
        } else if (raw.core == 0x11) {
          alias.sort = Sort::core_module;
        } else {
          return leading_byte(raw.offset + 1, raw.core, "component outer alias kind");
        }
      } else if (raw.first == 0x03) {
        alias.sort = Sort::type;
      } else if (raw.first == 0x04) {
        alias.sort = Sort::component;
      } else {
        return leading_byte(raw.offset, raw.first, "component outer alias kind");
      }
      alias.count = WRT_TRY(r.read_u32());
      alias.index = WRT_TRY(read_index(r));
      break;
    default:
      return leading_byte(target_at, target, "alias");
  }
  return alias;
}

Result<ValTypeRef> ComponentDecoder::read_valtype(ByteReader& r) noexcept {
  std::uint8_t byte = WRT_TRY(r.peek_u8());
  if (is_primitive_code(byte)) {
    (void)r.read_u8();
    return ValTypeRef::primitive(static_cast<Primitive>(byte));
  }
  // A type index, read as the s33 of the type-or-index encoding: negative values (other type
  // constructors where a value type belongs) become an index no index space holds.
  std::int64_t value = WRT_TRY(r.read_s33());
  if (value < 0 || value >= 0x8000'0000) return ValTypeRef::index(0x7fff'ffffu);
  return ValTypeRef::index(static_cast<std::uint32_t>(value));
}

Result<void> ComponentDecoder::read_labels(ByteReader& r, TypeDef& type, bool typed, bool optional_type) noexcept {
  type.count = WRT_TRY(read_count(r, limits_.max_type_items, "too many fields"));
  Vec<Labeled> items(out_.allocator());
  WRT_TRY(reserve_for(items, type.count, r));
  for (std::uint32_t i = 0; i < type.count; ++i) {
    Labeled item;
    item.offset = ByteReader::offset32(r.offset());
    item.label = WRT_TRY(read_label(r));
    if (typed) {
      item.type = WRT_TRY(read_valtype(r));
      item.has_type = true;
    } else if (optional_type) {
      item.has_type = WRT_TRY(read_flag(r, "optional value type"));
      if (item.has_type) item.type = WRT_TRY(read_valtype(r));
      // A variant case ends with a 0x00 (the former "refines" field).
      std::size_t at = r.offset();
      std::uint8_t zero = WRT_TRY(r.read_u8());
      if (zero != 0x00) return leading_byte(at, zero, "zero byte required");
    }
    WRT_TRY(items.push_back(item));
  }
  type.first = WRT_TRY(append_block(out_.labeled, items));
  return {};
}

Result<TypeDef> ComponentDecoder::read_defvaltype(ByteReader& r, std::uint8_t code, std::size_t at) noexcept {
  TypeDef type;
  type.offset = ByteReader::offset32(at);
  auto optional_valtype = [&](bool& has, ValTypeRef& out) -> Result<void> {
    has = WRT_TRY(read_flag(r, "optional value type"));
    if (has) out = WRT_TRY(read_valtype(r));
    return {};
  };
  if (is_primitive_code(code)) {
    type.kind = TypeKind::primitive;
    type.primitive = static_cast<Primitive>(code);
    return type;
  }
  switch (code) {
    case 0x72:
      type.kind = TypeKind::record;
      WRT_TRY(read_labels(r, type, true, false));
      break;
    case 0x71:
      type.kind = TypeKind::variant;
      WRT_TRY(read_labels(r, type, false, true));
      break;
    case 0x70:
      type.kind = TypeKind::list;
      type.a = WRT_TRY(read_valtype(r));
      type.has_a = true;
      break;
    case 0x67:
      type.kind = TypeKind::fixed_list;
      type.a = WRT_TRY(read_valtype(r));
      type.has_a = true;
      type.length = WRT_TRY(r.read_u32());
      break;
    case 0x6f: {
      type.kind = TypeKind::tuple;
      type.count = WRT_TRY(read_count(r, limits_.max_type_items, "too many tuple fields"));
      Vec<Labeled> items(out_.allocator());
      WRT_TRY(reserve_for(items, type.count, r));
      for (std::uint32_t i = 0; i < type.count; ++i) {
        Labeled item;
        item.offset = ByteReader::offset32(r.offset());
        item.type = WRT_TRY(read_valtype(r));
        item.has_type = true;
        WRT_TRY(items.push_back(item));
      }
      type.first = WRT_TRY(append_block(out_.labeled, items));
      break;
    }
    case 0x6e:
      type.kind = TypeKind::flags;
      WRT_TRY(read_labels(r, type, false, false));
      break;
    case 0x6d:
      type.kind = TypeKind::enum_;
      WRT_TRY(read_labels(r, type, false, false));
      break;
    case 0x6b:
      type.kind = TypeKind::option;
      type.a = WRT_TRY(read_valtype(r));
      type.has_a = true;
      break;
    case 0x6a:
      type.kind = TypeKind::result;
      WRT_TRY(optional_valtype(type.has_a, type.a));
      WRT_TRY(optional_valtype(type.has_b, type.b));
      break;
    case 0x69:
    case 0x68:
      type.kind = code == 0x69 ? TypeKind::own : TypeKind::borrow;
      type.index = WRT_TRY(read_index(r));
      break;
    case 0x66:
    case 0x65:
      type.kind = code == 0x66 ? TypeKind::stream : TypeKind::future;
      WRT_TRY(optional_valtype(type.has_a, type.a));
      break;
    case 0x63:
      type.kind = TypeKind::map;
      type.a = WRT_TRY(read_valtype(r));
      type.b = WRT_TRY(read_valtype(r));
      type.has_a = type.has_b = true;
      break;
    default:
      return leading_byte(at, code, "component defined type");
  }
  return type;
}

Result<void> ComponentDecoder::read_func_type(ByteReader& r, TypeDef& type) noexcept {
  type.kind = TypeKind::func;
  WRT_TRY(read_labels(r, type, true, false));
  std::size_t at = r.offset();
  std::uint8_t form = WRT_TRY(r.read_u8());
  if (form == 0x00) {
    type.has_a = true;
    type.a = WRT_TRY(read_valtype(r));
  } else if (form == 0x01) {
    std::size_t zero_at = r.offset();
    std::uint8_t zero = WRT_TRY(r.read_u8());
    if (zero != 0x00) return leading_byte(zero_at, zero, "number of results");
  } else {
    return leading_byte(at, form, "component function results");
  }
  return {};
}

Result<void> ComponentDecoder::read_decls(ByteReader& r, TypeDef& type, bool component_type, std::uint32_t depth) noexcept {
  type.count = WRT_TRY(read_count(r, limits_.max_type_items, "too many declarations"));
  Vec<Decl> items(out_.allocator());
  WRT_TRY(reserve_for(items, type.count, r));
  for (std::uint32_t i = 0; i < type.count; ++i) {
    Decl decl;
    std::size_t at = r.offset();
    decl.offset = ByteReader::offset32(at);
    std::uint8_t code = WRT_TRY(r.read_u8());
    switch (code) {
      case 0x00:
        decl.kind = DeclKind::core_type;
        decl.index = WRT_TRY(read_core_type(r, depth));
        break;
      case 0x01:
        decl.kind = DeclKind::type;
        decl.index = WRT_TRY(read_type(r, depth));
        break;
      case 0x02: {
        decl.kind = DeclKind::alias;
        Alias alias = WRT_TRY(read_alias(r));
        WRT_TRY(out_.aliases.push_back(alias));
        decl.index = static_cast<std::uint32_t>(out_.aliases.size() - 1);
        break;
      }
      case 0x03:
        if (!component_type) return leading_byte(at, code, "component or instance type declaration");
        decl.kind = DeclKind::import;
        decl.name = WRT_TRY(read_extern_name(r));
        decl.desc = WRT_TRY(read_extern_desc(r));
        break;
      case 0x04:
        decl.kind = DeclKind::export_;
        decl.name = WRT_TRY(read_extern_name(r));
        decl.desc = WRT_TRY(read_extern_desc(r));
        break;
      default:
        return leading_byte(at, code, "component or instance type declaration");
    }
    WRT_TRY(items.push_back(decl));
  }
  type.first = WRT_TRY(append_block(out_.decls, items));
  return {};
}

Result<std::uint32_t> ComponentDecoder::read_type(ByteReader& r, std::uint32_t depth) noexcept {
  std::size_t at = r.offset();
  std::uint8_t code = WRT_TRY(r.read_u8());
  TypeDef type;
  type.offset = ByteReader::offset32(at);
  switch (code) {
    case 0x40:
    case 0x43:
      WRT_TRY(read_func_type(r, type));
      type.is_async = code == 0x43;
      break;
    case 0x41:
    case 0x42:
      if (depth + 1 > limits_.max_nesting) {
        return Error(ErrorCode::limit_exceeded, "types nested too deeply").at(ByteReader::offset32(at));
      }
      type.kind = code == 0x41 ? TypeKind::component : TypeKind::instance;
      WRT_TRY(read_decls(r, type, code == 0x41, depth + 1));
      break;
    case 0x3f: {
      type.kind = TypeKind::resource;
      type.rep = WRT_TRY(read_value_type(r, options_.core.features));
      type.has_dtor = WRT_TRY(read_flag(r, "optional destructor"));
      if (type.has_dtor) type.index = WRT_TRY(read_index(r));
      break;
    }
    default:
      type = WRT_TRY(read_defvaltype(r, code, at));
      break;
  }
  WRT_TRY(out_.types.push_back(type));
  return static_cast<std::uint32_t>(out_.types.size() - 1);
}

Result<void> ComponentDecoder::read_core_func_type(ByteReader& r, CoreTypeDef& type) noexcept {
  type.kind = CoreTypeKind::func;
  type.first = static_cast<std::uint32_t>(out_.core_valtypes.size());
  type.param_count = WRT_TRY(read_count(r, options_.core.limits.max_params, "too many parameters"));
  WRT_TRY(reserve_for(out_.core_valtypes, type.param_count, r));
  for (std::uint32_t i = 0; i < type.param_count; ++i) {
    ValType t = WRT_TRY(read_value_type(r, options_.core.features));
    WRT_TRY(out_.core_valtypes.push_back(t));
  }
  type.result_count = WRT_TRY(read_count(r, options_.core.limits.max_results, "too many results"));
  WRT_TRY(reserve_for(out_.core_valtypes, type.result_count, r));
  for (std::uint32_t i = 0; i < type.result_count; ++i) {
    ValType t = WRT_TRY(read_value_type(r, options_.core.features));
    WRT_TRY(out_.core_valtypes.push_back(t));
  }
  return {};
}

Result<Limits> ComponentDecoder::read_limits(ByteReader& r, bool& memory64, bool& shared, bool is_memory) noexcept {
  std::size_t at = r.offset();
  std::uint8_t flags = WRT_TRY(r.read_u8());
  // bit 0: a maximum; bit 1: shared (memories); bit 2: 64-bit addresses.
  std::uint8_t allowed = is_memory ? 0x07 : 0x05;
  if ((flags & ~allowed) != 0) return Error(ErrorCode::integer_too_large).at(ByteReader::offset32(at)).append_detail("limits flags");
  memory64 = (flags & 0x04) != 0;
  shared = (flags & 0x02) != 0;
  Limits limits;
  limits.min = memory64 ? WRT_TRY(r.read_u64()) : WRT_TRY(r.read_u32());
  if ((flags & 0x01) != 0) {
    limits.has_max = true;
    limits.max = memory64 ? WRT_TRY(r.read_u64()) : WRT_TRY(r.read_u32());
  }
  return limits;
}

Result<CoreExternDesc> ComponentDecoder::read_core_extern(ByteReader& r) noexcept {
  CoreExternDesc desc;
  std::size_t at = r.offset();
  std::uint8_t kind = WRT_TRY(r.read_u8());
  switch (kind) {
    case 0x00:
      desc.kind = wrt::ExternKind::function;
      desc.index = WRT_TRY(read_index(r));
      break;
    case 0x01: {
      desc.kind = wrt::ExternKind::table;
      desc.table.element = WRT_TRY(read_reference_type(r, wrt::Features::wasm2()));  // funcref or externref
      bool shared = false;
      desc.table.limits = WRT_TRY(read_limits(r, desc.memory64, shared, false));
      break;
    }
    case 0x02:
      desc.kind = wrt::ExternKind::memory;
      desc.memory.limits = WRT_TRY(read_limits(r, desc.memory64, desc.shared, true));
      break;
    case 0x03: {
      desc.kind = wrt::ExternKind::global;
      desc.global.type = WRT_TRY(read_value_type(r, options_.core.features));
      std::size_t mut_at = r.offset();
      std::uint8_t mut = WRT_TRY(r.read_u8());
      if (mut > 1) return Error(ErrorCode::malformed_mutability).at(ByteReader::offset32(mut_at));
      desc.global.is_mutable = mut == 1;
      break;
    }
    case 0x04: {
      desc.kind = wrt::ExternKind::function;
      desc.is_tag = true;
      std::size_t attr_at = r.offset();
      std::uint8_t attribute = WRT_TRY(r.read_u8());
      if (attribute != 0x00) return leading_byte(attr_at, attribute, "tag attribute");
      desc.index = WRT_TRY(read_index(r));
      break;
    }
    default:
      return leading_byte(at, kind, "core extern kind");
  }
  return desc;
}

Result<void> ComponentDecoder::read_module_type(ByteReader& r, CoreTypeDef& type, std::uint32_t depth) noexcept {
  type.kind = CoreTypeKind::module;
  type.result_count = WRT_TRY(read_count(r, limits_.max_type_items, "too many module declarations"));
  Vec<CoreDecl> items(out_.allocator());
  WRT_TRY(reserve_for(items, type.result_count, r));
  for (std::uint32_t i = 0; i < type.result_count; ++i) {
    CoreDecl decl;
    std::size_t at = r.offset();
    decl.offset = ByteReader::offset32(at);
    std::uint8_t code = WRT_TRY(r.read_u8());
    switch (code) {
      case 0x00:
        decl.kind = CoreDeclKind::import;
        decl.module = WRT_TRY(read_name(r));
        decl.name = WRT_TRY(read_name(r));
        decl.desc = WRT_TRY(read_core_extern(r));
        break;
      case 0x01:
        decl.kind = CoreDeclKind::type;
        decl.index = WRT_TRY(read_core_type(r, depth));
        break;
      case 0x02: {
        decl.kind = CoreDeclKind::alias;
        std::size_t sort_at = r.offset();
        std::uint8_t sort = WRT_TRY(r.read_u8());
        if (sort != 0x10) return leading_byte(sort_at, sort, "outer alias kind");
        std::size_t target_at = r.offset();
        std::uint8_t target = WRT_TRY(r.read_u8());
        if (target != 0x01) return leading_byte(target_at, target, "outer alias target");
        decl.alias_count = WRT_TRY(r.read_u32());
        decl.index = WRT_TRY(read_index(r));
        break;
      }
      case 0x03:
        decl.kind = CoreDeclKind::export_;
        decl.name = WRT_TRY(read_name(r));
        decl.desc = WRT_TRY(read_core_extern(r));
        break;
      default:
        return leading_byte(at, code, "type definition");
    }
    WRT_TRY(items.push_back(decl));
  }
  type.first = WRT_TRY(append_block(out_.core_decls, items));
  return {};
}

Result<std::uint32_t> ComponentDecoder::read_core_type(ByteReader& r, std::uint32_t depth) noexcept {
  std::size_t at = r.offset();
  std::uint8_t code = WRT_TRY(r.read_u8());
  CoreTypeDef type;
  type.offset = ByteReader::offset32(at);
  switch (code) {
    case 0x60:
      WRT_TRY(read_core_func_type(r, type));
      break;
    case 0x50:
      if (depth + 1 > limits_.max_nesting) {
        return Error(ErrorCode::limit_exceeded, "types nested too deeply").at(ByteReader::offset32(at));
      }
      WRT_TRY(read_module_type(r, type, depth + 1));
      break;
    case 0x00:
    case 0x4f: {
      // A subtype: `0x00 0x50` (non-final, prefixed in this position) or `0x4f` (final).
      // Without supertypes and with a function type it is that function type; anything
      // else needs garbage-collection types.
      if (code == 0x00) {
        std::size_t sub_at = r.offset();
        std::uint8_t sub = WRT_TRY(r.read_u8());
        if (sub != 0x50) return leading_byte(sub_at, sub, "core type");
      }
      std::uint32_t supertypes = WRT_TRY(r.read_u32());
      std::uint8_t form = WRT_TRY(r.peek_u8());
      if (supertypes == 0 && form == 0x60) {
        (void)r.read_u8();
        WRT_TRY(read_core_func_type(r, type));
        break;
      }
      return Error(ErrorCode::malformed_type_form, "garbage-collection core types are not supported")
          .at(ByteReader::offset32(at));
    }
    case 0x4e:
    case 0x5e:
    case 0x5f:
      // Garbage-collection types (rec groups, subtypes, structs, arrays) need the GC proposal,
      // which this build's core decoder does not have.
      return Error(ErrorCode::malformed_type_form, "garbage-collection core types are not supported")
          .at(ByteReader::offset32(at));
    default:
      return leading_byte(at, code, "core type");
  }
  WRT_TRY(out_.core_types.push_back(type));
  return static_cast<std::uint32_t>(out_.core_types.size() - 1);
}

Result<ExternName> ComponentDecoder::read_extern_name(ByteReader& r) noexcept {
  ExternName name;
  std::size_t at = r.offset();
  name.offset = ByteReader::offset32(at);
  name.form = WRT_TRY(r.read_u8());
  if (name.form > 0x02) return leading_byte(at, name.form, "component name");
  name.name = WRT_TRY(read_name(r));
  if (name.form != 0x02) return name;
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_type_items, "too many name attributes"));
  for (std::uint32_t i = 0; i < count; ++i) {
    std::size_t attr_at = r.offset();
    std::uint8_t kind = WRT_TRY(r.read_u8());
    std::string_view value;
    switch (kind) {
      case 0x00:
        value = WRT_TRY(read_name(r));
        if (name.has_implements) name.duplicate_attribute = true;
        name.has_implements = true;
        name.implements = value;
        break;
      case 0x01:
        value = WRT_TRY(read_name(r));
        if (name.has_version_suffix) name.duplicate_attribute = true;
        name.has_version_suffix = true;
        name.version_suffix = value;
        break;
      case 0x02:
        value = WRT_TRY(read_name(r));
        if (name.has_external_id) name.duplicate_attribute = true;
        name.has_external_id = true;
        name.external_id = value;
        break;
      default:
        return leading_byte(attr_at, kind, "name option");
    }
  }
  return name;
}

Result<ExternDesc> ComponentDecoder::read_extern_desc(ByteReader& r) noexcept {
  ExternDesc desc;
  std::size_t at = r.offset();
  desc.offset = ByteReader::offset32(at);
  std::uint8_t kind = WRT_TRY(r.read_u8());
  switch (kind) {
    case 0x00: {
      std::size_t sub_at = r.offset();
      std::uint8_t sub = WRT_TRY(r.read_u8());
      if (sub != 0x11) return leading_byte(sub_at, sub, "component external kind");
      desc.kind = ExternKind::core_module;
      desc.index = WRT_TRY(read_index(r));
      break;
    }
    case 0x01:
      desc.kind = ExternKind::func;
      desc.index = WRT_TRY(read_index(r));
      break;
    case 0x02: {
      desc.kind = ExternKind::value;
      std::size_t bound_at = r.offset();
      std::uint8_t bound = WRT_TRY(r.read_u8());
      if (bound == 0x00) {
        desc.bound_eq = true;
        desc.index = WRT_TRY(read_index(r));
      } else if (bound == 0x01) {
        desc.value_type = WRT_TRY(read_valtype(r));
      } else {
        return leading_byte(bound_at, bound, "value bound");
      }
      break;
    }
    case 0x03: {
      desc.kind = ExternKind::type;
      std::size_t bound_at = r.offset();
      std::uint8_t bound = WRT_TRY(r.read_u8());
      if (bound == 0x00) {
        desc.bound_eq = true;
        desc.index = WRT_TRY(read_index(r));
      } else if (bound != 0x01) {
        return leading_byte(bound_at, bound, "type bound");
      }
      break;
    }
    case 0x04:
      desc.kind = ExternKind::component;
      desc.index = WRT_TRY(read_index(r));
      break;
    case 0x05:
      desc.kind = ExternKind::instance;
      desc.index = WRT_TRY(read_index(r));
      break;
    default:
      return leading_byte(at, kind, "component external kind");
  }
  return desc;
}

}  // namespace wrt::component::detail
