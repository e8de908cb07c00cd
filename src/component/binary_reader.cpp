// The component binary reader: preamble, sections and definitions (Binary.md).
#include <wrt/decoder/instruction.hpp>

#include "component/binary_decoder.hpp"

namespace wrt::component {

namespace {

enum SectionId : std::uint8_t {
  kCustom = 0,
  kCoreModule = 1,
  kCoreInstance = 2,
  kCoreType = 3,
  kComponent = 4,
  kInstance = 5,
  kAlias = 6,
  kType = 7,
  kCanon = 8,
  kStart = 9,
  kImport = 10,
  kExport = 11,
  kValue = 12,
};

constexpr std::uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};

}  // namespace

bool looks_like_component(Bytes bytes) noexcept {
  return bytes.size() >= 8 && bytes[0] == kMagic[0] && bytes[1] == kMagic[1] && bytes[2] == kMagic[2] &&
         bytes[3] == kMagic[3] && bytes[6] == kComponentLayer && bytes[7] == 0;
}

ComponentDescription::ComponentDescription(Allocator& allocator) noexcept
    : components(allocator),
      definitions(allocator),
      core_modules(allocator),
      modules(allocator),
      core_instances(allocator),
      core_args(allocator),
      core_exports(allocator),
      core_types(allocator),
      core_valtypes(allocator),
      core_decls(allocator),
      instances(allocator),
      args(allocator),
      inline_exports(allocator),
      aliases(allocator),
      types(allocator),
      labeled(allocator),
      decls(allocator),
      canons(allocator),
      options(allocator),
      starts(allocator),
      value_indices(allocator),
      imports(allocator),
      exports(allocator),
      values(allocator),
      customs(allocator),
      allocator_(&allocator) {}

namespace detail {

Error ComponentDecoder::leading_byte(std::size_t at, std::uint8_t byte, const char* what) noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  const char text[5] = {'0', 'x', kHex[byte >> 4], kHex[byte & 0xf], '\0'};
  return Error(ErrorCode::malformed, "invalid leading byte")
      .at(ByteReader::offset32(at))
      .append_detail(text)
      .append_detail(" for ")
      .append_detail(what);
}

Result<std::uint32_t> ComponentDecoder::read_count(ByteReader& r, std::uint32_t limit, const char* what) noexcept {
  std::size_t at = r.offset();
  std::uint32_t count = WRT_TRY(r.read_u32());
  if (count > limit) return Error(ErrorCode::limit_exceeded, what).at(ByteReader::offset32(at)).append_detail_number(count);
  return count;
}

Result<std::uint32_t> ComponentDecoder::read_index(ByteReader& r) noexcept {
  // Indices up to 2^31 - 1 are representable in a ValTypeRef; no index space can be that
  // large (max_definitions), so a larger index is simply out of bounds: clamp it to one.
  std::uint32_t index = WRT_TRY(r.read_u32());
  return index < 0x8000'0000u ? index : 0x7fff'ffffu;
}

Result<bool> ComponentDecoder::read_flag(ByteReader& r, const char* what) noexcept {
  std::size_t at = r.offset();
  std::uint8_t byte = WRT_TRY(r.read_u8());
  if (byte > 1) return leading_byte(at, byte, what);
  return byte == 1;
}

Result<void> ComponentDecoder::decode_component(ByteReader& r, std::uint32_t node, std::uint32_t depth) noexcept {
  std::size_t start = r.offset();
  Bytes magic = WRT_TRY(r.read_bytes(4).with_context("reading the preamble"));
  for (int i = 0; i < 4; ++i) {
    if (magic[static_cast<std::size_t>(i)] != kMagic[i]) return Error(ErrorCode::bad_magic).at(ByteReader::offset32(start));
  }
  std::size_t version_at = r.offset();
  Bytes version = WRT_TRY(r.read_bytes(4).with_context("reading the preamble"));
  std::uint16_t v = static_cast<std::uint16_t>(version[0] | (version[1] << 8));
  std::uint16_t layer = static_cast<std::uint16_t>(version[2] | (version[3] << 8));
  if (layer != kComponentLayer) {
    return Error(ErrorCode::bad_version, "expected a version header for a component")
        .at(ByteReader::offset32(version_at))
        .append_detail("layer ")
        .append_detail_number(layer);
  }
  if (v != kComponentVersion) {
    return Error(ErrorCode::bad_version).at(ByteReader::offset32(version_at)).append_detail_number(v);
  }

  Vec<Definition> defs(out_.allocator());
  while (!r.at_end()) {
    std::size_t section_at = r.offset();
    std::uint8_t id = WRT_TRY(r.read_u8());
    std::uint32_t size = WRT_TRY(r.read_u32().with_context("reading a section size"));
    if (size > r.remaining()) {
      return Error(ErrorCode::unexpected_end, "unexpected end-of-file")
          .at(ByteReader::offset32(section_at))
          .append_detail("section of ")
          .append_detail_number(size)
          .append_detail(" bytes");
    }
    ByteReader section = WRT_TRY(r.read_sub_reader(size));
    section.set_end_error(ErrorCode::unexpected_end_of_section);
    if (id > kValue) return Error(ErrorCode::malformed_section_id).at(ByteReader::offset32(section_at)).append_detail_number(id);
    WRT_TRY(decode_section(section, id, depth, defs));
    if (!section.at_end()) {
      return Error(ErrorCode::section_size_mismatch).at(ByteReader::offset32(section.offset()));
    }
  }
  std::uint32_t first = WRT_TRY(append_block(out_.definitions, defs));
  ComponentNode& n = out_.components[node];
  n.first = first;
  n.count = static_cast<std::uint32_t>(defs.size());
  n.offset = ByteReader::offset32(start);
  n.end = ByteReader::offset32(r.offset());
  n.depth = depth;
  return {};
}

Result<void> ComponentDecoder::decode_section(ByteReader& r, std::uint8_t id, std::uint32_t depth,
                                              Vec<Definition>& defs) noexcept {
  auto add = [&](DefinitionKind kind, std::size_t index, std::size_t at) -> Result<void> {
    if (out_.definitions.size() + defs.size() >= limits_.max_definitions) {
      return Error(ErrorCode::limit_exceeded, "too many definitions").at(ByteReader::offset32(at));
    }
    return defs.push_back(Definition{kind, static_cast<std::uint32_t>(index), ByteReader::offset32(at)});
  };
  switch (id) {
    case kCustom: {
      CustomSectionDef custom;
      custom.name = WRT_TRY(read_name(r).with_context("in a custom section"));
      custom.offset = ByteReader::offset32(r.offset());
      custom.data = WRT_TRY(r.read_bytes(r.remaining()));
      return out_.customs.push_back(custom);
    }
    case kCoreModule:
      return decode_core_module(r, defs).with_context("in a core module section");
    case kComponent:
      return decode_nested_component(r, depth, defs);
    case kStart: {
      std::size_t at = r.offset();
      StartDef start = WRT_TRY(read_start(r).with_context("in the start section"));
      WRT_TRY(out_.starts.push_back(start));
      return add(DefinitionKind::start, out_.starts.size() - 1, at);
    }
    default:
      break;
  }
  // The other sections are vectors of definitions.
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_definitions, "too many definitions in a section"));
  WRT_TRY(reserve_for(defs, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    std::size_t at = r.offset();
    switch (id) {
      case kCoreInstance: {
        CoreInstanceDef def = WRT_TRY(read_core_instance(r).with_context("in a core instance section"));
        WRT_TRY(out_.core_instances.push_back(def));
        WRT_TRY(add(DefinitionKind::core_instance, out_.core_instances.size() - 1, at));
        break;
      }
      case kCoreType: {
        std::uint32_t index = WRT_TRY(read_core_type(r, depth).with_context("in a core type section"));
        WRT_TRY(add(DefinitionKind::core_type, index, at));
        break;
      }
      case kInstance: {
        InstanceDef def = WRT_TRY(read_instance(r).with_context("in an instance section"));
        WRT_TRY(out_.instances.push_back(def));
        WRT_TRY(add(DefinitionKind::instance, out_.instances.size() - 1, at));
        break;
      }
      case kAlias: {
        Alias alias = WRT_TRY(read_alias(r).with_context("in an alias section"));
        WRT_TRY(out_.aliases.push_back(alias));
        WRT_TRY(add(DefinitionKind::alias, out_.aliases.size() - 1, at));
        break;
      }
      case kType: {
        std::uint32_t index = WRT_TRY(read_type(r, depth).with_context("in a type section"));
        WRT_TRY(add(DefinitionKind::type, index, at));
        break;
      }
      case kCanon: {
        CanonDef def = WRT_TRY(read_canon(r).with_context("in a canon section"));
        WRT_TRY(out_.canons.push_back(def));
        WRT_TRY(add(DefinitionKind::canon, out_.canons.size() - 1, at));
        break;
      }
      case kImport: {
        ImportDef def;
        def.offset = ByteReader::offset32(at);
        def.name = WRT_TRY(read_extern_name(r).with_context("in an import section"));
        def.desc = WRT_TRY(read_extern_desc(r).with_context("in an import section"));
        WRT_TRY(out_.imports.push_back(def));
        WRT_TRY(add(DefinitionKind::import, out_.imports.size() - 1, at));
        break;
      }
      case kExport: {
        ExportDef def = WRT_TRY(read_export(r).with_context("in an export section"));
        WRT_TRY(out_.exports.push_back(def));
        WRT_TRY(add(DefinitionKind::export_, out_.exports.size() - 1, at));
        break;
      }
      case kValue: {
        ValueDef def = WRT_TRY(read_value(r).with_context("in a value section"));
        WRT_TRY(out_.values.push_back(def));
        WRT_TRY(add(DefinitionKind::value, out_.values.size() - 1, at));
        break;
      }
      default:
        return Error(ErrorCode::malformed_section_id).at(ByteReader::offset32(at)).append_detail_number(id);
    }
  }
  return {};
}

Result<void> ComponentDecoder::decode_core_module(ByteReader& r, Vec<Definition>& defs) noexcept {
  CoreModuleDef def;
  def.offset = ByteReader::offset32(r.offset());
  def.bytes = WRT_TRY(r.read_bytes(r.remaining()));
  if (def.bytes.size() >= 8 && looks_like_component(def.bytes)) {
    return Error(ErrorCode::bad_version, "expected a version header for a module").at(def.offset + 4);
  }
  WRT_TRY(out_.modules.emplace_back(out_.allocator()));
  ModuleDescription& module = out_.modules.back();
  // The core decoder reports offsets within the module; shift them to the component's.
  Result<void> decoded = wrt::decode_module(def.bytes, options_.core, module);
  if (!decoded) {
    Error e = decoded.error();
    if (e.has_offset()) e.at(e.offset() + def.offset);
    return e;
  }
  def.description = static_cast<std::uint32_t>(out_.modules.size() - 1);
  WRT_TRY(out_.core_modules.push_back(def));
  if (out_.definitions.size() + defs.size() >= limits_.max_definitions) {
    return Error(ErrorCode::limit_exceeded, "too many definitions").at(def.offset);
  }
  return defs.push_back(Definition{DefinitionKind::core_module, static_cast<std::uint32_t>(out_.core_modules.size() - 1),
                                   def.offset});
}

Result<void> ComponentDecoder::decode_nested_component(ByteReader& r, std::uint32_t depth, Vec<Definition>& defs) noexcept {
  std::size_t at = r.offset();
  if (depth + 1 > limits_.max_nesting) {
    return Error(ErrorCode::limit_exceeded, "components nested too deeply").at(ByteReader::offset32(at)).append_detail_number(depth + 1);
  }
  WRT_TRY(out_.components.push_back(ComponentNode{}));
  auto node = static_cast<std::uint32_t>(out_.components.size() - 1);
  WRT_TRY(decode_component(r, node, depth + 1).with_context("in a nested component"));
  if (out_.definitions.size() + defs.size() >= limits_.max_definitions) {
    return Error(ErrorCode::limit_exceeded, "too many definitions").at(ByteReader::offset32(at));
  }
  return defs.push_back(Definition{DefinitionKind::component, node, ByteReader::offset32(at)});
}

Result<CoreInstanceDef> ComponentDecoder::read_core_instance(ByteReader& r) noexcept {
  CoreInstanceDef def;
  def.offset = ByteReader::offset32(r.offset());
  std::uint8_t form = WRT_TRY(r.read_u8());
  if (form == 0x00) {
    def.instantiate = true;
    def.module = WRT_TRY(read_index(r));
    def.count = WRT_TRY(read_count(r, limits_.max_type_items, "too many instantiation arguments"));
    def.first = static_cast<std::uint32_t>(out_.core_args.size());
    WRT_TRY(reserve_for(out_.core_args, def.count, r));
    for (std::uint32_t i = 0; i < def.count; ++i) {
      CoreInstantiateArg arg;
      arg.offset = ByteReader::offset32(r.offset());
      arg.name = WRT_TRY(read_name(r));
      std::size_t at = r.offset();
      std::uint8_t kind = WRT_TRY(r.read_u8());
      if (kind != 0x12) return leading_byte(at, kind, "instantiation arg kind");
      arg.instance = WRT_TRY(read_index(r));
      WRT_TRY(out_.core_args.push_back(arg));
    }
  } else if (form == 0x01) {
    def.instantiate = false;
    def.count = WRT_TRY(read_count(r, limits_.max_type_items, "too many exports"));
    def.first = static_cast<std::uint32_t>(out_.core_exports.size());
    WRT_TRY(reserve_for(out_.core_exports, def.count, r));
    for (std::uint32_t i = 0; i < def.count; ++i) {
      CoreInlineExport e;
      e.offset = ByteReader::offset32(r.offset());
      e.name = WRT_TRY(read_name(r));
      e.sort = WRT_TRY(read_core_sort(r));
      e.index = WRT_TRY(read_index(r));
      WRT_TRY(out_.core_exports.push_back(e));
    }
  } else {
    return leading_byte(def.offset, form, "core instance");
  }
  return def;
}

Result<InstanceDef> ComponentDecoder::read_instance(ByteReader& r) noexcept {
  InstanceDef def;
  def.offset = ByteReader::offset32(r.offset());
  std::uint8_t form = WRT_TRY(r.read_u8());
  if (form == 0x00) {
    def.instantiate = true;
    def.component = WRT_TRY(read_index(r));
    def.count = WRT_TRY(read_count(r, limits_.max_type_items, "too many instantiation arguments"));
    def.first = static_cast<std::uint32_t>(out_.args.size());
    WRT_TRY(reserve_for(out_.args, def.count, r));
    for (std::uint32_t i = 0; i < def.count; ++i) {
      InstantiateArg arg;
      arg.offset = ByteReader::offset32(r.offset());
      arg.name = WRT_TRY(read_name(r));
      arg.item = WRT_TRY(read_sort_index(r));
      WRT_TRY(out_.args.push_back(arg));
    }
  } else if (form == 0x01) {
    def.instantiate = false;
    def.count = WRT_TRY(read_count(r, limits_.max_type_items, "too many exports"));
    def.first = static_cast<std::uint32_t>(out_.inline_exports.size());
    WRT_TRY(reserve_for(out_.inline_exports, def.count, r));
    for (std::uint32_t i = 0; i < def.count; ++i) {
      InlineExport e;
      e.offset = ByteReader::offset32(r.offset());
      e.name = WRT_TRY(read_extern_name(r));
      e.item = WRT_TRY(read_sort_index(r));
      WRT_TRY(out_.inline_exports.push_back(e));
    }
  } else {
    return leading_byte(def.offset, form, "instance");
  }
  return def;
}

Result<void> ComponentDecoder::read_canon_options(ByteReader& r, CanonDef& canon) noexcept {
  canon.option_count = WRT_TRY(read_count(r, limits_.max_type_items, "too many canonical options"));
  canon.first_option = static_cast<std::uint32_t>(out_.options.size());
  WRT_TRY(reserve_for(out_.options, canon.option_count, r));
  for (std::uint32_t i = 0; i < canon.option_count; ++i) {
    CanonOption option;
    option.offset = ByteReader::offset32(r.offset());
    std::uint8_t code = WRT_TRY(r.read_u8());
    if (code > 0x07) return leading_byte(option.offset, code, "canonical option");
    option.kind = static_cast<CanonOptionKind>(code);
    if (option.kind == CanonOptionKind::memory || option.kind == CanonOptionKind::realloc ||
        option.kind == CanonOptionKind::post_return || option.kind == CanonOptionKind::callback) {
      option.index = WRT_TRY(read_index(r));
    }
    WRT_TRY(out_.options.push_back(option));
  }
  return {};
}

Result<CanonDef> ComponentDecoder::read_canon(ByteReader& r) noexcept {
  CanonDef def;
  def.offset = ByteReader::offset32(r.offset());
  std::uint8_t code = WRT_TRY(r.read_u8());
  auto type_index = [&]() -> Result<void> {
    def.type = WRT_TRY(read_index(r));
    return {};
  };
  auto flag = [&](const char* what) -> Result<void> {
    def.flag = WRT_TRY(read_flag(r, what));
    return {};
  };
  switch (code) {
    case 0x00: {
      std::size_t at = r.offset();
      std::uint8_t sort = WRT_TRY(r.read_u8());
      if (sort != 0x00) return leading_byte(at, sort, "canonical function lift");
      def.kind = CanonKind::lift;
      def.func = WRT_TRY(read_index(r));
      WRT_TRY(read_canon_options(r, def));
      WRT_TRY(type_index());
      break;
    }
    case 0x01: {
      std::size_t at = r.offset();
      std::uint8_t sort = WRT_TRY(r.read_u8());
      if (sort != 0x00) return leading_byte(at, sort, "canonical function lower");
      def.kind = CanonKind::lower;
      def.func = WRT_TRY(read_index(r));
      WRT_TRY(read_canon_options(r, def));
      break;
    }
    case 0x02: def.kind = CanonKind::resource_new; WRT_TRY(type_index()); break;
    case 0x03: def.kind = CanonKind::resource_drop; WRT_TRY(type_index()); break;
    case 0x04: def.kind = CanonKind::resource_rep; WRT_TRY(type_index()); break;
    case 0x24: def.kind = CanonKind::backpressure_inc; break;
    case 0x25: def.kind = CanonKind::backpressure_dec; break;
    case 0x09: {
      def.kind = CanonKind::task_return;
      std::size_t at = r.offset();
      std::uint8_t form = WRT_TRY(r.read_u8());
      if (form == 0x00) {
        def.has_result = true;
        def.result = WRT_TRY(read_valtype(r));
      } else if (form == 0x01) {
        std::size_t zero_at = r.offset();
        std::uint8_t zero = WRT_TRY(r.read_u8());
        if (zero != 0x00) return leading_byte(zero_at, zero, "number of results");
      } else {
        return leading_byte(at, form, "component function results");
      }
      WRT_TRY(read_canon_options(r, def));
      break;
    }
    case 0x05: def.kind = CanonKind::task_cancel; break;
    case 0x0a:
    case 0x0b: {
      def.kind = code == 0x0a ? CanonKind::context_get : CanonKind::context_set;
      std::size_t at = r.offset();
      std::uint8_t t = WRT_TRY(r.read_u8());
      if (t != static_cast<std::uint8_t>(ValType::i32) && t != static_cast<std::uint8_t>(ValType::i64)) {
        return leading_byte(at, t, "context type");
      }
      def.context_type = static_cast<ValType>(t);
      def.context_index = WRT_TRY(r.read_u32());
      break;
    }
    case 0x06: def.kind = CanonKind::subtask_cancel; WRT_TRY(flag("async")); break;
    case 0x0d: def.kind = CanonKind::subtask_drop; break;
    case 0x0e: def.kind = CanonKind::stream_new; WRT_TRY(type_index()); break;
    case 0x0f: def.kind = CanonKind::stream_read; WRT_TRY(type_index()); WRT_TRY(read_canon_options(r, def)); break;
    case 0x10: def.kind = CanonKind::stream_write; WRT_TRY(type_index()); WRT_TRY(read_canon_options(r, def)); break;
    case 0x11: def.kind = CanonKind::stream_cancel_read; WRT_TRY(type_index()); WRT_TRY(flag("async")); break;
    case 0x12: def.kind = CanonKind::stream_cancel_write; WRT_TRY(type_index()); WRT_TRY(flag("async")); break;
    case 0x13: def.kind = CanonKind::stream_drop_readable; WRT_TRY(type_index()); break;
    case 0x14: def.kind = CanonKind::stream_drop_writable; WRT_TRY(type_index()); break;
    case 0x15: def.kind = CanonKind::future_new; WRT_TRY(type_index()); break;
    case 0x16: def.kind = CanonKind::future_read; WRT_TRY(type_index()); WRT_TRY(read_canon_options(r, def)); break;
    case 0x17: def.kind = CanonKind::future_write; WRT_TRY(type_index()); WRT_TRY(read_canon_options(r, def)); break;
    case 0x18: def.kind = CanonKind::future_cancel_read; WRT_TRY(type_index()); WRT_TRY(flag("async")); break;
    case 0x19: def.kind = CanonKind::future_cancel_write; WRT_TRY(type_index()); WRT_TRY(flag("async")); break;
    case 0x1a: def.kind = CanonKind::future_drop_readable; WRT_TRY(type_index()); break;
    case 0x1b: def.kind = CanonKind::future_drop_writable; WRT_TRY(type_index()); break;
    case 0x1c: def.kind = CanonKind::error_context_new; WRT_TRY(read_canon_options(r, def)); break;
    case 0x1d: def.kind = CanonKind::error_context_debug_message; WRT_TRY(read_canon_options(r, def)); break;
    case 0x1e: def.kind = CanonKind::error_context_drop; break;
    case 0x1f: def.kind = CanonKind::waitable_set_new; break;
    case 0x20:
    case 0x21:
      def.kind = code == 0x20 ? CanonKind::waitable_set_wait : CanonKind::waitable_set_poll;
      WRT_TRY(flag("cancellable"));
      def.memory = WRT_TRY(read_index(r));
      break;
    case 0x22: def.kind = CanonKind::waitable_set_drop; break;
    case 0x23: def.kind = CanonKind::waitable_join; break;
    case 0x26: def.kind = CanonKind::thread_index; break;
    case 0x27:
      def.kind = CanonKind::thread_new_indirect;
      WRT_TRY(type_index());
      def.table = WRT_TRY(read_index(r));
      break;
    case 0x28: def.kind = CanonKind::thread_resume_later; break;
    case 0x29: def.kind = CanonKind::thread_suspend; WRT_TRY(flag("cancellable")); break;
    case 0x0c: def.kind = CanonKind::thread_yield; WRT_TRY(flag("cancellable")); break;
    case 0x2a: def.kind = CanonKind::thread_suspend_then_resume; WRT_TRY(flag("cancellable")); break;
    case 0x2b: def.kind = CanonKind::thread_yield_then_resume; WRT_TRY(flag("cancellable")); break;
    case 0x2c: def.kind = CanonKind::thread_suspend_then_promote; WRT_TRY(flag("cancellable")); break;
    case 0x2d: def.kind = CanonKind::thread_yield_then_promote; WRT_TRY(flag("cancellable")); break;
    case 0x40: def.kind = CanonKind::thread_spawn_ref; WRT_TRY(flag("shared")); WRT_TRY(type_index()); break;
    case 0x41:
      def.kind = CanonKind::thread_spawn_indirect;
      WRT_TRY(flag("shared"));
      WRT_TRY(type_index());
      def.table = WRT_TRY(read_index(r));
      break;
    case 0x42: def.kind = CanonKind::thread_available_parallelism; WRT_TRY(flag("shared")); break;
    default:
      return leading_byte(def.offset, code, "canonical function");
  }
  return def;
}

Result<StartDef> ComponentDecoder::read_start(ByteReader& r) noexcept {
  StartDef def;
  def.offset = ByteReader::offset32(r.offset());
  def.func = WRT_TRY(read_index(r));
  def.arg_count = WRT_TRY(read_count(r, limits_.max_type_items, "too many start arguments"));
  def.first_arg = static_cast<std::uint32_t>(out_.value_indices.size());
  WRT_TRY(reserve_for(out_.value_indices, def.arg_count, r));
  for (std::uint32_t i = 0; i < def.arg_count; ++i) {
    std::uint32_t index = WRT_TRY(read_index(r));
    WRT_TRY(out_.value_indices.push_back(index));
  }
  def.result_count = WRT_TRY(read_count(r, limits_.max_type_items, "too many start results"));
  return def;
}

Result<ValueDef> ComponentDecoder::read_value(ByteReader& r) noexcept {
  ValueDef def;
  def.offset = ByteReader::offset32(r.offset());
  def.type = WRT_TRY(read_valtype(r));
  std::uint32_t length = WRT_TRY(r.read_u32());
  def.bytes = WRT_TRY(r.read_bytes(length));
  return def;
}

Result<ExportDef> ComponentDecoder::read_export(ByteReader& r) noexcept {
  ExportDef def;
  def.offset = ByteReader::offset32(r.offset());
  def.name = WRT_TRY(read_extern_name(r));
  def.item = WRT_TRY(read_sort_index(r));
  std::size_t at = r.offset();
  std::uint8_t has = WRT_TRY(r.read_u8());
  if (has > 1) return leading_byte(at, has, "optional component export type");
  if (has == 1) {
    def.has_desc = true;
    def.desc = WRT_TRY(read_extern_desc(r));
  }
  return def;
}

}  // namespace detail

Result<void> decode_component(Bytes bytes, const ComponentDecodeOptions& options, ComponentDescription& out) noexcept {
  if (bytes.size() > options.limits.max_component_size) {
    return Error(ErrorCode::limit_exceeded, "component too large").append_detail_number(bytes.size());
  }
  out.bytes = bytes;
  WRT_TRY(out.components.push_back(ComponentNode{}));
  detail::ComponentDecoder decoder(options, out);
  ByteReader reader(bytes);
  reader.set_end_error(ErrorCode::unexpected_end);
  return decoder.decode_component(reader, 0, 0);
}

}  // namespace wrt::component
