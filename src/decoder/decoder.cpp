#include <wrt/decoder/decoder.hpp>

#include <wrt/decoder/instruction.hpp>
#include <wrt/foundation/utf8.hpp>

#include "decoder/name_section.hpp"

namespace wrt {

namespace {

enum SectionId : std::uint8_t {
  kCustom = 0,
  kType = 1,
  kImport = 2,
  kFunction = 3,
  kTable = 4,
  kMemory = 5,
  kGlobal = 6,
  kExport = 7,
  kStart = 8,
  kElement = 9,
  kCode = 10,
  kData = 11,
  kDataCount = 12,
  kTag = 13,  // exception handling (WebAssembly 3.0)
};

}  // namespace

const char* section_name(std::uint8_t id) noexcept {
  switch (id) {
    case kCustom: return "custom";
    case kType: return "type";
    case kImport: return "import";
    case kFunction: return "function";
    case kTable: return "table";
    case kMemory: return "memory";
    case kGlobal: return "global";
    case kExport: return "export";
    case kStart: return "start";
    case kElement: return "element";
    case kCode: return "code";
    case kData: return "data";
    case kDataCount: return "data count";
#if WRT_ENABLE_EXCEPTIONS
    case kTag: return "tag";
#endif
    default: return "unknown";
  }
}

namespace {

const char* section_context(std::uint8_t id) noexcept {
  switch (id) {
    case kCustom: return "in custom section";
    case kType: return "in type section";
    case kImport: return "in import section";
    case kFunction: return "in function section";
    case kTable: return "in table section";
    case kMemory: return "in memory section";
    case kGlobal: return "in global section";
    case kExport: return "in export section";
    case kStart: return "in start section";
    case kElement: return "in element section";
    case kCode: return "in code section";
    case kData: return "in data section";
    case kDataCount: return "in data count section";
#if WRT_ENABLE_EXCEPTIONS
    case kTag: return "in tag section";
#endif
    default: return "in section";
  }
}

// The position of each non-custom section in the required order (data count sits between
// element and code, tag between memory and global).
std::uint8_t order_of(std::uint8_t id) noexcept {
  switch (id) {
#if WRT_ENABLE_EXCEPTIONS
    case kTag: return 2 * kMemory + 1;
    case kDataCount: return 2 * kElement + 1;
    default: return static_cast<std::uint8_t>(2 * id);
#else  // 2.0's order, as it was (the doubled positions cost the firmware's decode() 170 bytes)
    case kDataCount: return 10;
    case kCode: return 11;
    case kData: return 12;
    default: return id;
#endif
  }
}

class ModuleDecoder {
 public:
  ModuleDecoder(Bytes bytes, const DecodeOptions& options, ModuleDescription& module) noexcept
      : reader_(bytes), options_(options), limits_(options.limits), module_(module) {}

  Result<void> decode() noexcept;

 private:
  Result<void> decode_section(std::uint8_t id, ByteReader& payload) noexcept;
  Result<void> decode_types(ByteReader& r) noexcept;
  Result<void> decode_imports(ByteReader& r) noexcept;
  Result<void> decode_functions(ByteReader& r) noexcept;
  Result<void> decode_tables(ByteReader& r) noexcept;
  Result<void> decode_memories(ByteReader& r) noexcept;
  Result<void> decode_globals(ByteReader& r) noexcept;
  Result<void> decode_exports(ByteReader& r) noexcept;
  Result<void> decode_start(ByteReader& r) noexcept;
  Result<void> decode_elements(ByteReader& r) noexcept;
  Result<void> decode_data_count(ByteReader& r) noexcept;
  Result<void> decode_tags(ByteReader& r) noexcept;
  Result<std::uint32_t> read_tag_type(ByteReader& r) noexcept;
  Result<void> decode_code(ByteReader& r) noexcept;
  Result<void> decode_data(ByteReader& r) noexcept;
  Result<void> decode_custom(ByteReader& r) noexcept;

  Result<std::uint32_t> read_count(ByteReader& r, std::uint32_t limit, const char* what) noexcept;
  Result<Limits> read_limits(ByteReader& r, bool memory) noexcept;
  Result<TableType> read_table_type(ByteReader& r) noexcept;
  Result<GlobalType> read_global_type(ByteReader& r) noexcept;
  Result<ConstExpr> read_const_expr(ByteReader& r) noexcept;
  Result<void> read_local_declarations(ByteReader& body, std::uint32_t function_index, FunctionBody& out) noexcept;

  // Reserves room for `count` entries, but never more than the remaining bytes could hold:
  // every entry takes at least one byte, so a lying count cannot cause a large allocation.
  template <typename V>  // a Vec (or VecIf)
  Result<void> reserve_for(V& vec, std::uint32_t count, const ByteReader& r) noexcept {
    std::size_t bounded = count < r.remaining() ? count : r.remaining();
    return vec.reserve(vec.size() + bounded);
  }

  ByteReader reader_;
  const DecodeOptions& options_;
  const DecodeLimits& limits_;
  ModuleDescription& module_;
  std::uint32_t declared_functions_ = 0;
};

Result<void> ModuleDecoder::decode() noexcept {
  if (reader_.remaining() > limits_.max_module_size) {
    return Error(ErrorCode::limit_exceeded, "module larger than the module size limit");
  }
  module_.bytes = reader_.rest();

  // The header: magic, then version 1. Too short is "unexpected end".
  Bytes magic = WRT_TRY(reader_.read_bytes(4));
  if (magic[0] != 0x00 || magic[1] != 0x61 || magic[2] != 0x73 || magic[3] != 0x6D) {
    return Error(ErrorCode::bad_magic).at(0);
  }
  std::uint32_t version = WRT_TRY(reader_.read_fixed_u32());
  if (version != 1) return Error(ErrorCode::bad_version).at(4).append_detail_number(version);

  std::uint8_t last_order = 0;
  while (!reader_.at_end()) {
    std::size_t section_start = reader_.offset();
    std::uint8_t id = WRT_TRY(reader_.read_u8());
    if (id > kDataCount && !(id == kTag && (WRT_ENABLE_EXCEPTIONS && options_.features.exceptions))) {
      return Error(ErrorCode::malformed_section_id).at(ByteReader::offset32(section_start)).append_detail_number(id);
    }
    std::uint32_t size = WRT_TRY(reader_.read_u32().with_context(section_context(id)));
    if (size > reader_.remaining()) {
      return Error(ErrorCode::length_out_of_bounds).append_detail("section size exceeds the module")
          .at(ByteReader::offset32(section_start))
          .with_context(section_context(id));
    }
    SectionInfo info{id, ByteReader::offset32(section_start), size, ByteReader::offset32(reader_.offset())};
    WRT_TRY(module_.sections.push_back(info));
    ByteReader payload = WRT_TRY(reader_.read_sub_reader(size));
    payload.set_end_error(ErrorCode::unexpected_end_of_section);
    if (id != kCustom) {
      std::uint8_t order = order_of(id);
      if (order <= last_order) {
        return Error(ErrorCode::unexpected_content).append_detail("section out of order or repeated")
            .at(ByteReader::offset32(section_start))
            .with_context(section_context(id));
      }
      last_order = order;
    }
    WRT_TRY(decode_section(id, payload).with_context(section_context(id)));
    if (!payload.at_end()) {
      return payload.error_here(ErrorCode::section_size_mismatch).with_context(section_context(id));
    }
  }

  if (declared_functions_ != module_.bodies.size()) {
    return Error(ErrorCode::function_code_mismatch).at(ByteReader::offset32(reader_.offset()));
  }
  if (module_.has_data_count && module_.data_count != module_.data.size()) {
    return Error(ErrorCode::data_count_mismatch).at(ByteReader::offset32(reader_.offset()));
  }

#if WRT_NAME_SECTION
  decode_name_section(module_);
#endif
  return {};
}

Result<void> ModuleDecoder::decode_section(std::uint8_t id, ByteReader& r) noexcept {
  switch (id) {
    case kCustom: return decode_custom(r);
    case kType: return decode_types(r);
    case kImport: return decode_imports(r);
    case kFunction: return decode_functions(r);
    case kTable: return decode_tables(r);
    case kMemory: return decode_memories(r);
    case kGlobal: return decode_globals(r);
    case kExport: return decode_exports(r);
    case kStart: return decode_start(r);
    case kElement: return decode_elements(r);
    case kCode: return decode_code(r);
    case kData: return decode_data(r);
    case kDataCount: return decode_data_count(r);
#if WRT_ENABLE_EXCEPTIONS  // compiled out, decode() refuses the id
    case kTag: return decode_tags(r);
#endif
    default: return Error(ErrorCode::malformed_section_id);
  }
}

Result<std::uint32_t> ModuleDecoder::read_count(ByteReader& r, std::uint32_t limit, const char* what) noexcept {
  std::size_t at = r.offset();
  std::uint32_t count = WRT_TRY(r.read_u32());
  if (count > limit) {
    return Error(ErrorCode::limit_exceeded, what).at(ByteReader::offset32(at)).append_detail_number(count);
  }
  return count;
}

// Limits after their flags byte: bit 0 a maximum follows, bit 1 shared (threads), bit 2 64-bit
// addresses (memory64), bit 3 a page size follows (custom-page-sizes). Which bits are allowed
// depends on the enabled features and on whether a memory or a table is described. The 3.0
// parts are behind kMemoryProposals: without it only bit 0 is allowed, and the firmware build
// keeps the 2.0 decoding alone.
Result<Limits> ModuleDecoder::read_limits(ByteReader& r, bool memory) noexcept {
  std::size_t at = r.offset();
  std::uint8_t flags = WRT_TRY(r.read_u8());
  if ((flags & 0x80) != 0) return Error(ErrorCode::integer_too_long).at(ByteReader::offset32(at)).append_detail("limits flags");
  std::uint8_t allowed = 0x01;
  if constexpr (kMemoryProposals) {
    if (options_.features.memory64) allowed |= 0x04;
    if (memory && options_.features.threads) allowed |= 0x02;
    if (memory && options_.features.custom_page_sizes) allowed |= 0x08;
  }
  if ((flags & ~allowed) != 0) {
    // 2.0 reads the flags as a LEB128 u32 of which only 0 and 1 are defined.
    if (!kMemoryProposals || (!options_.features.memory64 && !options_.features.threads)) {
      return Error(ErrorCode::integer_too_large).at(ByteReader::offset32(at)).append_detail("limits flags");
    }
    return Error(ErrorCode::malformed, "malformed limits flags").at(ByteReader::offset32(at));
  }
  // With memory64 (3.0) every bound is a u64, and validation judges it against the address
  // type ("memory size", "table size"); 2.0 reads u32 bounds.
  const bool wide = kMemoryProposals && options_.features.memory64;
  const std::uint64_t min = wide ? WRT_TRY(r.read_u64()) : WRT_TRY(r.read_u32());
  const bool has_max = (flags & 0x01) != 0;
  std::uint64_t max = 0;
  if (has_max) max = wide ? WRT_TRY(r.read_u64()) : WRT_TRY(r.read_u32());
  bool one_byte_pages = false;
  if (kMemoryProposals && (flags & 0x08) != 0) {
    at = r.offset();
    std::uint32_t log2 = WRT_TRY(r.read_u32());
    // Only 1 and 65536 are page sizes today; anything else a binary can say is refused here
    // ("invalid custom page size" is a validation error in the proposal's tests).
    if (log2 != 0 && log2 != 16) {
      if (log2 >= 64) return Error(ErrorCode::malformed, "malformed custom page size").at(ByteReader::offset32(at));
      return Error(ErrorCode::invalid, "invalid custom page size").at(ByteReader::offset32(at));
    }
    one_byte_pages = log2 == 0;
  }
  // Built at the end, from values: the firmware's code then stores no more than 2.0's did.
  return Limits{min, max, has_max, kMemoryProposals && (flags & 0x04) != 0, kMemoryProposals && (flags & 0x02) != 0,
                one_byte_pages};
}

Result<TableType> ModuleDecoder::read_table_type(ByteReader& r) noexcept {
  const ValType element = WRT_TRY(read_reference_type(r, options_.features));
  const Limits limits = WRT_TRY(read_limits(r, false));
  return TableType{element, limits};
}

Result<GlobalType> ModuleDecoder::read_global_type(ByteReader& r) noexcept {
  GlobalType type;
  type.type = WRT_TRY(read_value_type(r, options_.features));
  std::size_t at = r.offset();
  std::uint8_t mut = WRT_TRY(r.read_u8());
  if (mut > 1) return Error(ErrorCode::malformed_mutability).at(ByteReader::offset32(at));
  type.is_mutable = mut == 1;
  return type;
}

// A constant expression runs to the `end` that closes it. Its instructions are decoded here
// (so malformed ones are reported as such); the validator checks that they are constant.
Result<ConstExpr> ModuleDecoder::read_const_expr(ByteReader& r) noexcept {
  ConstExpr expr;
  expr.offset = ByteReader::offset32(r.offset());
  const std::uint8_t* begin = r.cursor();
  // Constant expressions come before the data section; none of their instructions needs it.
  InstructionReader::Context context{options_.features, false, limits_.max_br_table_targets};
  InstructionReader instructions(r, context);
  std::uint32_t depth = 0;
  for (;;) {
    Instruction inst;
    WRT_TRY(instructions.read(inst));
    if (inst.op == Opcode::block || inst.op == Opcode::loop || inst.op == Opcode::if_) {
      ++depth;
    } else if (inst.op == Opcode::end) {
      if (depth == 0) break;
      --depth;
    }
  }
  expr.code = Bytes(begin, static_cast<std::size_t>(r.cursor() - begin));
  return expr;
}

Result<void> ModuleDecoder::decode_types(ByteReader& r) noexcept {
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_types, "too many types"));
  WRT_TRY(reserve_for(module_.types, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    std::size_t at = r.offset();
    std::uint8_t form = WRT_TRY(r.read_u8());
    if (form != 0x60) return Error(ErrorCode::malformed_type_form).at(ByteReader::offset32(at)).append_detail_number(form);
    TypeEntry entry;
    entry.first = static_cast<std::uint32_t>(module_.type_storage.size());
    entry.param_count = WRT_TRY(read_count(r, limits_.max_params, "too many parameters"));
    WRT_TRY(reserve_for(module_.type_storage, entry.param_count, r));
    for (std::uint32_t p = 0; p < entry.param_count; ++p) {
      ValType t = WRT_TRY(read_value_type(r, options_.features));
      WRT_TRY(module_.type_storage.push_back(t));
    }
    entry.result_count = WRT_TRY(read_count(r, limits_.max_results, "too many results"));
    WRT_TRY(reserve_for(module_.type_storage, entry.result_count, r));
    for (std::uint32_t p = 0; p < entry.result_count; ++p) {
      ValType t = WRT_TRY(read_value_type(r, options_.features));
      WRT_TRY(module_.type_storage.push_back(t));
    }
    WRT_TRY(module_.types.push_back(entry));
  }
  if constexpr (kFunctionReferences) return compute_canonical_types(module_);  // else no type names another
  return {};
}

Result<void> ModuleDecoder::decode_imports(ByteReader& r) noexcept {
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_imports, "too many imports"));
  WRT_TRY(reserve_for(module_.imports, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    Import import;
    import.offset = ByteReader::offset32(r.offset());
    import.module = WRT_TRY(read_name(r));
    import.name = WRT_TRY(read_name(r));
    std::size_t kind_at = r.offset();
    std::uint8_t kind = WRT_TRY(r.read_u8());
    switch (kind) {
      case 0:
        import.kind = ExternKind::function;
        import.type_index = WRT_TRY(r.read_u32());
        if (module_.functions.size() >= limits_.max_functions) {
          return Error(ErrorCode::limit_exceeded, "too many functions").at(import.offset);
        }
        WRT_TRY(module_.functions.push_back(import.type_index));
        ++module_.imported_functions;
        break;
      case 1:
        import.kind = ExternKind::table;
        import.table = WRT_TRY(read_table_type(r));
        if (module_.tables.size() >= limits_.max_tables) {
          return Error(ErrorCode::limit_exceeded, "too many tables").at(import.offset);
        }
        WRT_TRY(module_.tables.push_back(import.table));
        ++module_.imported_tables;
        break;
      case 2:
        import.kind = ExternKind::memory;
        import.memory.limits = WRT_TRY(read_limits(r, true));
        if (module_.memories.size() >= limits_.max_memories) {
          return Error(ErrorCode::limit_exceeded, "too many memories").at(import.offset);
        }
        WRT_TRY(module_.memories.push_back(import.memory));
        ++module_.imported_memories;
        break;
      case 3:
        import.kind = ExternKind::global;
        import.global = WRT_TRY(read_global_type(r));
        if (module_.globals.size() >= limits_.max_globals) {
          return Error(ErrorCode::limit_exceeded, "too many globals").at(import.offset);
        }
        WRT_TRY(module_.globals.push_back(GlobalDefinition{import.global, ConstExpr{}}));
        ++module_.imported_globals;
        break;
#if WRT_ENABLE_EXCEPTIONS  // compiled out, kind 4 is malformed as in 2.0
      case 4:
        if (!(WRT_ENABLE_EXCEPTIONS && options_.features.exceptions)) {
          return Error(ErrorCode::malformed_import_kind).at(ByteReader::offset32(kind_at)).append_detail_number(kind);
        }
        import.kind = ExternKind::tag;
        import.type_index = WRT_TRY(read_tag_type(r));
        if (module_.tags.size() >= limits_.max_tags) return Error(ErrorCode::limit_exceeded, "too many tags").at(import.offset);
        WRT_TRY(module_.tags.push_back(import.type_index));
        ++module_.imported_tags;
        break;
#endif
      default:
        return Error(ErrorCode::malformed_import_kind).at(ByteReader::offset32(kind_at)).append_detail_number(kind);
    }
    WRT_TRY(module_.imports.push_back(import));
  }
  return {};
}

Result<void> ModuleDecoder::decode_functions(ByteReader& r) noexcept {
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_functions, "too many functions"));
  if (module_.functions.size() + count > limits_.max_functions) {
    return Error(ErrorCode::limit_exceeded, "too many functions");
  }
  WRT_TRY(reserve_for(module_.functions, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t type_index = WRT_TRY(r.read_u32());
    WRT_TRY(module_.functions.push_back(type_index));
  }
  declared_functions_ = count;
  return {};
}

Result<void> ModuleDecoder::decode_tables(ByteReader& r) noexcept {
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_tables, "too many tables"));
  if (module_.tables.size() + count > limits_.max_tables) return Error(ErrorCode::limit_exceeded, "too many tables");
  WRT_TRY(reserve_for(module_.tables, count, r));
  if constexpr (kFunctionReferences) WRT_TRY(reserve_for(module_.table_inits, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    // Typed function references: `0x40 0x00 tabletype expr` is a table with an initializer.
    ConstExpr init;
    if (WRT_ENABLE_FUNCTION_REFERENCES && options_.features.function_references && WRT_TRY(r.peek_u8()) == 0x40) {
      (void)r.read_u8();
      std::size_t at = r.offset();
      if (WRT_TRY(r.read_u8()) != 0x00) return Error(ErrorCode::malformed, "malformed table type").at(ByteReader::offset32(at));
      TableType type = WRT_TRY(read_table_type(r));
      init = WRT_TRY(read_const_expr(r));
      WRT_TRY(module_.tables.push_back(type));
    } else {
      TableType type = WRT_TRY(read_table_type(r));
      WRT_TRY(module_.tables.push_back(type));
    }
    if constexpr (kFunctionReferences) WRT_TRY(module_.table_inits.push_back(init));  // else none has one
  }
  return {};
}

Result<void> ModuleDecoder::decode_memories(ByteReader& r) noexcept {
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_memories, "too many memories"));
  if (module_.memories.size() + count > limits_.max_memories) return Error(ErrorCode::limit_exceeded, "too many memories");
  WRT_TRY(reserve_for(module_.memories, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    MemoryType type;
    type.limits = WRT_TRY(read_limits(r, true));
    WRT_TRY(module_.memories.push_back(type));
  }
  return {};
}

Result<void> ModuleDecoder::decode_globals(ByteReader& r) noexcept {
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_globals, "too many globals"));
  if (module_.globals.size() + count > limits_.max_globals) return Error(ErrorCode::limit_exceeded, "too many globals");
  WRT_TRY(reserve_for(module_.globals, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    GlobalDefinition global;
    global.type = WRT_TRY(read_global_type(r));
    global.init = WRT_TRY(read_const_expr(r));
    WRT_TRY(module_.globals.push_back(global));
  }
  return {};
}

Result<void> ModuleDecoder::decode_exports(ByteReader& r) noexcept {
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_exports, "too many exports"));
  WRT_TRY(reserve_for(module_.exports, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    Export exp;
    exp.offset = ByteReader::offset32(r.offset());
    exp.name = WRT_TRY(read_name(r));
    std::size_t kind_at = r.offset();
    std::uint8_t kind = WRT_TRY(r.read_u8());
    const std::uint8_t max_kind = (WRT_ENABLE_EXCEPTIONS && options_.features.exceptions) ? 4 : 3;
    if (kind > max_kind) return Error(ErrorCode::malformed_export_kind).at(ByteReader::offset32(kind_at)).append_detail_number(kind);
    exp.kind = static_cast<ExternKind>(kind);
    exp.index = WRT_TRY(r.read_u32());
    WRT_TRY(module_.exports.push_back(exp));
  }
  return {};
}

#if WRT_ENABLE_EXCEPTIONS
// A tag type: the attribute 0 (exception), then the index of a function type (whose results
// validation requires to be empty).
Result<std::uint32_t> ModuleDecoder::read_tag_type(ByteReader& r) noexcept {
  std::size_t at = r.offset();
  std::uint8_t attribute = WRT_TRY(r.read_u8());
  if (attribute != 0) return Error(ErrorCode::malformed, "malformed tag attribute").at(ByteReader::offset32(at)).append_detail_number(attribute);
  return r.read_u32();
}

Result<void> ModuleDecoder::decode_tags(ByteReader& r) noexcept {
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_tags, "too many tags"));
  if (module_.tags.size() + count > limits_.max_tags) return Error(ErrorCode::limit_exceeded, "too many tags");
  WRT_TRY(reserve_for(module_.tags, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t type_index = WRT_TRY(read_tag_type(r));
    WRT_TRY(module_.tags.push_back(type_index));
  }
  return {};
}
#endif

Result<void> ModuleDecoder::decode_start(ByteReader& r) noexcept {
  module_.start = WRT_TRY(r.read_u32());
  module_.has_start = true;
  return {};
}

Result<void> ModuleDecoder::decode_elements(ByteReader& r) noexcept {
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_element_segments, "too many element segments"));
  WRT_TRY(reserve_for(module_.elements, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    ElementSegment seg;
    seg.entry_offset = ByteReader::offset32(r.offset());
    std::uint32_t flags = WRT_TRY(r.read_u32());
    if (flags > 7) return Error(ErrorCode::malformed_segment_kind).at(seg.entry_offset).append_detail_number(flags);
    const bool not_active = (flags & 1) != 0;
    const bool explicit_table_or_declarative = (flags & 2) != 0;
    seg.item_expressions = (flags & 4) != 0;
    if (!not_active) {
      seg.mode = SegmentMode::active;
      if (explicit_table_or_declarative) seg.table = WRT_TRY(r.read_u32());
      seg.offset = WRT_TRY(read_const_expr(r));
    } else {
      seg.mode = explicit_table_or_declarative ? SegmentMode::declarative : SegmentMode::passive;
    }
    // Flags 0 and 4 imply funcref; the others spell the element kind or reference type. With
    // typed function references, function indices (flags 0..3) are non-null: (ref func).
    const ValType function_indices = WRT_ENABLE_FUNCTION_REFERENCES && options_.features.function_references
                                         ? make_ref(false, HeapKind::func)
                                         : ValType::funcref;
    if (flags == 0 || flags == 4) {
      seg.type = flags == 0 ? function_indices : ValType::funcref;
    } else if (seg.item_expressions) {
      seg.type = WRT_TRY(read_reference_type(r, options_.features));
    } else {
      std::size_t at = r.offset();
      std::uint8_t elem_kind = WRT_TRY(r.read_u8());
      if (elem_kind != 0x00) return Error(ErrorCode::malformed_element_kind).at(ByteReader::offset32(at));
      seg.type = function_indices;
    }
    seg.count = WRT_TRY(r.read_u32());
    seg.items_offset = ByteReader::offset32(r.offset());
    const std::uint8_t* begin = r.cursor();
    for (std::uint32_t k = 0; k < seg.count; ++k) {
      if (seg.item_expressions) {
        (void)WRT_TRY(read_const_expr(r));
      } else {
        (void)WRT_TRY(r.read_u32());
      }
    }
    seg.items = Bytes(begin, static_cast<std::size_t>(r.cursor() - begin));
    WRT_TRY(module_.elements.push_back(seg));
  }
  return {};
}

Result<void> ModuleDecoder::decode_data_count(ByteReader& r) noexcept {
  module_.data_count = WRT_TRY(r.read_u32());
  module_.has_data_count = true;
  return {};
}

Result<void> ModuleDecoder::read_local_declarations(ByteReader& body, std::uint32_t function_index,
                                                    FunctionBody& out) noexcept {
  std::uint32_t groups = WRT_TRY(body.read_u32());
  // Parameters count towards the 2^32-1 locals the format allows (when the type is known;
  // an unknown type index is for validation to report).
  std::uint64_t total = 0;
  std::uint32_t type_index = module_.functions[function_index];
  if (type_index < module_.types.size()) total = module_.types[type_index].param_count;
  const std::uint64_t params = total;
  out.first_local_group = static_cast<std::uint32_t>(module_.local_groups.size());
  WRT_TRY(reserve_for(module_.local_groups, groups, body));
  for (std::uint32_t g = 0; g < groups; ++g) {
    std::size_t at = body.offset();
    LocalGroup group;
    group.count = WRT_TRY(body.read_u32());
    group.type = WRT_TRY(read_value_type(body, options_.features));
    total += group.count;
    if (total > 0xFFFFFFFFu) return Error(ErrorCode::too_many_locals).at(ByteReader::offset32(at));
    if (group.count > 0) WRT_TRY(module_.local_groups.push_back(group));
  }
  // The format's own bound first (malformed), then the configured one.
  if (total > limits_.max_locals) {
    return Error(ErrorCode::limit_exceeded, "too many locals for the configured limit").append_detail_number(total);
  }
  out.local_group_count = static_cast<std::uint32_t>(module_.local_groups.size()) - out.first_local_group;
  out.local_count = static_cast<std::uint32_t>(total - params);
  return {};
}

Result<void> ModuleDecoder::decode_code(ByteReader& r) noexcept {
  std::size_t at = r.offset();
  std::uint32_t count = WRT_TRY(r.read_u32());
  if (count != declared_functions_) {
    return Error(ErrorCode::function_code_mismatch).at(ByteReader::offset32(at));
  }
  WRT_TRY(reserve_for(module_.bodies, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t function_index = module_.imported_functions + i;
    std::size_t size_at = r.offset();
    std::uint32_t size = WRT_TRY(r.read_u32().with_context("in function", function_index));
    if (size > limits_.max_function_size) {
      return Error(ErrorCode::limit_exceeded, "function body larger than the configured limit")
          .at(ByteReader::offset32(size_at))
          .with_context("in function", function_index);
    }
    if (size > r.remaining()) {
      return Error(ErrorCode::length_out_of_bounds).append_detail("function body size exceeds the section")
          .at(ByteReader::offset32(size_at))
          .with_context("in function", function_index);
    }
    ByteReader body = WRT_TRY(r.read_sub_reader(size));
    FunctionBody fb;
    fb.body_offset = ByteReader::offset32(body.offset());
    WRT_TRY(read_local_declarations(body, function_index, fb).with_context("in function", function_index));
    fb.code_offset = ByteReader::offset32(body.offset());
    fb.code = body.rest();
    WRT_TRY(module_.bodies.push_back(fb));
  }
  return {};
}

Result<void> ModuleDecoder::decode_data(ByteReader& r) noexcept {
  std::uint32_t count = WRT_TRY(read_count(r, limits_.max_data_segments, "too many data segments"));
  if (module_.has_data_count && count != module_.data_count) {
    return r.error_here(ErrorCode::data_count_mismatch);
  }
  WRT_TRY(reserve_for(module_.data, count, r));
  for (std::uint32_t i = 0; i < count; ++i) {
    DataSegment seg;
    seg.entry_offset = ByteReader::offset32(r.offset());
    std::uint32_t flags = WRT_TRY(r.read_u32());
    switch (flags) {
      case 0:
        seg.mode = SegmentMode::active;
        seg.offset = WRT_TRY(read_const_expr(r));
        break;
      case 1:
        seg.mode = SegmentMode::passive;
        break;
      case 2:
        seg.mode = SegmentMode::active;
        seg.memory = WRT_TRY(r.read_u32());
        seg.offset = WRT_TRY(read_const_expr(r));
        break;
      default:
        return Error(ErrorCode::malformed_segment_kind).at(seg.entry_offset).append_detail_number(flags);
    }
    std::size_t length_at = r.offset();
    std::uint32_t length = WRT_TRY(r.read_u32());
    if (length > r.remaining()) {
      return Error(ErrorCode::unexpected_end_of_section).append_detail("data segment longer than the section")
          .at(ByteReader::offset32(length_at));
    }
    seg.init = WRT_TRY(r.read_bytes(length));
    WRT_TRY(module_.data.push_back(seg));
  }
  return {};
}

Result<void> ModuleDecoder::decode_custom(ByteReader& r) noexcept {
  CustomSection custom;
  custom.name = WRT_TRY(read_name(r));
  custom.offset = ByteReader::offset32(r.offset());
  custom.data = r.rest();
  WRT_TRY(r.skip(r.remaining()));
  return module_.customs.push_back(custom);
}

}  // namespace

Result<std::string_view> read_name(ByteReader& r) noexcept {
  std::size_t at = r.offset();
  std::uint32_t length = WRT_TRY(r.read_u32());
  if (length > r.remaining()) {
    return Error(ErrorCode::length_out_of_bounds).append_detail("name longer than the bytes left").at(ByteReader::offset32(at));
  }
  Bytes bytes = WRT_TRY(r.read_bytes(length));
  if (!is_valid_utf8(bytes)) return Error(ErrorCode::malformed_utf8).at(ByteReader::offset32(at));
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Result<void> decode_module(Bytes bytes, const DecodeOptions& options, ModuleDescription& module) noexcept {
  ModuleDecoder decoder(bytes, options, module);
  return decoder.decode();
}

}  // namespace wrt
