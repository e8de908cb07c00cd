#include <wrt/decoder/instruction.hpp>

#include <cstring>

namespace wrt {

// A heap type (typed function references): a negative s33 is an abstract heap type (its
// code is the byte), a non-negative one a type index (checked against the type section by
// validation, "unknown type").
Result<ValType> read_heap_type(ByteReader& reader, const Features& features, bool nullable) noexcept {
  std::size_t at = reader.offset();
  // Compiled out, nothing calls this; the s33 reader then stays inlined in the block types.
  if constexpr (!kFunctionReferences) return Error(ErrorCode::malformed_value_type).at(ByteReader::offset32(at));
  std::int64_t value = WRT_TRY(reader.read_s33());
  if (value >= 0) {
    if (value > kMaxTypeIndexInRef) return Error(ErrorCode::unknown_type).at(ByteReader::offset32(at));
    return make_ref(nullable, static_cast<std::uint32_t>(value));
  }
  const auto code = static_cast<std::uint8_t>(value & 0x7F);
  if (value < -0x40 || !is_heap_code(code)) {
    Error e = Error(ErrorCode::malformed_value_type).at(ByteReader::offset32(at));
    if (value >= -0x40 && code >= 0x6A && code <= 0x71) e.append_detail("GC heap types are not implemented");
    return e;
  }
  const auto kind = static_cast<HeapKind>(code);
  if ((kind == HeapKind::exn || kind == HeapKind::noexn) && !(WRT_ENABLE_EXCEPTIONS && features.exceptions)) {
    return Error(ErrorCode::malformed_value_type).at(ByteReader::offset32(at));
  }
  return make_ref(nullable, kind);
}

namespace {

[[nodiscard]] bool typed_references(const Features& features) noexcept {
  return WRT_ENABLE_FUNCTION_REFERENCES && features.function_references;
}

}  // namespace

Result<ValType> read_value_type(ByteReader& reader, const Features& features) noexcept {
  std::size_t at = reader.offset();
  std::uint8_t byte = WRT_TRY(reader.read_u8());
  if (is_ref_type_prefix(byte) && typed_references(features)) return read_heap_type(reader, features, byte == 0x63);
  if (!is_value_type_byte(byte)) {
    return Error(ErrorCode::malformed_value_type).at(ByteReader::offset32(at));
  }
  auto type = static_cast<ValType>(byte);
  if (type == ValType::v128 && !(features.simd && WRT_ENABLE_SIMD)) {
    Error e = Error(ErrorCode::malformed_value_type).at(ByteReader::offset32(at));
    if (!WRT_ENABLE_SIMD) e.append_detail("v128: SIMD is not compiled into this build");
    return e;
  }
  if (type == ValType::externref && !features.reference_types) {
    return Error(ErrorCode::malformed_value_type).at(ByteReader::offset32(at));
  }
  if (type == ValType::exnref && !(kExceptions && features.exceptions)) {
    return Error(ErrorCode::malformed_value_type).at(ByteReader::offset32(at));
  }
  return type;
}

Result<ValType> read_reference_type(ByteReader& reader, const Features& features) noexcept {
  std::size_t at = reader.offset();
  std::uint8_t byte = WRT_TRY(reader.read_u8());
  if (is_ref_type_prefix(byte) && typed_references(features)) return read_heap_type(reader, features, byte == 0x63);
  if (byte != static_cast<std::uint8_t>(ValType::funcref) && byte != static_cast<std::uint8_t>(ValType::externref) &&
      !(kExceptions && byte == static_cast<std::uint8_t>(ValType::exnref) && features.exceptions)) {
    return Error(ErrorCode::malformed_reference_type).at(ByteReader::offset32(at));
  }
  return static_cast<ValType>(byte);
}

Result<void> InstructionReader::read(Instruction& out) noexcept {
  out.offset = ByteReader::offset32(reader_.offset());
  std::uint8_t byte = WRT_TRY(reader_.read_u8());
  Opcode op;
  if (!is_prefix_byte(byte)) {
    if (!lookup_opcode(byte, op)) return Error(ErrorCode::illegal_opcode).at(out.offset).append_detail_number(byte);
  } else {
    std::uint32_t code = WRT_TRY(reader_.read_u32());
    if (!lookup_prefixed_opcode(byte, code, op)) {
      Error e = Error(ErrorCode::illegal_opcode).at(out.offset).append_detail_number(byte).append_detail(" ").append_detail_number(code);
      if (byte == 0xFD && !WRT_ENABLE_SIMD) e.append_detail(": SIMD is not compiled into this build");
      return e;
    }
  }
  if (!feature_enabled(info(op).feature, context_.features)) {
    Error e = Error(ErrorCode::illegal_opcode).at(out.offset);
    with_instruction(e, op);
    if (info(op).feature == Feature::simd && !WRT_ENABLE_SIMD) e.append_detail("SIMD is not compiled into this build");
    return e;
  }
#if WRT_ENABLE_TAIL_CALL && WRT_ENABLE_FUNCTION_REFERENCES
  if (op == Opcode::return_call_ref && !feature_enabled(Feature::function_references, context_.features)) {
    Error e = Error(ErrorCode::illegal_opcode).at(out.offset);
    return with_instruction(e, op);
  }
#endif
  out.op = op;
  if (info(op).immediate == ImmediateKind::none) return {};
  return read_immediate(out);
}

// 0x40 (empty), a one-byte value type, or a non-negative s33 type index.
WRT_ALWAYS_INLINE Result<void> InstructionReader::read_block_type(BlockType& out) noexcept {
  std::size_t at = reader_.offset();
  std::uint8_t first = WRT_TRY(reader_.peek_u8());
  if (first == 0x40) {
    (void)reader_.read_u8();
    out.kind = BlockTypeKind::empty;
    return {};
  }
  if (is_value_type_byte(first) || (is_ref_type_prefix(first) && typed_references(context_.features))) {
    out.kind = BlockTypeKind::value;
    out.value = WRT_TRY(read_value_type(reader_, context_.features));
    return {};
  }
  std::int64_t index = WRT_TRY(reader_.read_s33());
  if (index < 0) return Error(ErrorCode::malformed_value_type).at(ByteReader::offset32(at));
  out.kind = BlockTypeKind::type_index;
  out.type_index = static_cast<std::uint32_t>(index);
  return {};
}

Result<void> InstructionReader::read_zero_byte() noexcept {
  std::size_t at = reader_.offset();
  std::uint8_t byte = WRT_TRY(reader_.read_u8());
  if (byte != 0) return Error(ErrorCode::zero_byte_expected).at(ByteReader::offset32(at));
  return {};
}

Result<void> InstructionReader::read_memarg(Instruction& out) noexcept {
  std::size_t at = reader_.offset();
  std::uint32_t flags = WRT_TRY(reader_.read_u32());
  // Bit 6 says a memory index follows (multi-memory, WebAssembly 3.0): the flags are then an
  // alignment exponent below 64 (validation refuses one above the natural alignment), with or
  // without bit 6. In 2.0, exponents of 32 and more are malformed (they cannot describe a power
  // of two of a 32-bit size) and bit 6 is reserved.
  out.memarg.memory = 0;
  if (WRT_MEMORY_PROPOSALS && context_.features.multi_memory) {
    if (flags >= 0x80) return Error(ErrorCode::malformed_memop_flags).at(ByteReader::offset32(at));
    if ((flags & 0x40) != 0) {
      flags &= ~0x40u;
      out.memarg.memory = WRT_TRY(reader_.read_u32());
    }
  } else if (flags >= 32) {
    return Error(ErrorCode::malformed_memop_flags).at(ByteReader::offset32(at));
  }
  out.memarg.align_log2 = flags;
  // memory64 reads every offset as a u64; validation bounds it for 32-bit memories.
  out.memarg.offset = WRT_MEMORY_PROPOSALS && context_.features.memory64 ? WRT_TRY(reader_.read_u64()) : WRT_TRY(reader_.read_u32());
  return {};
}

// A memory index: a u32 with multi-memory, else the reserved zero byte of 2.0 (memory 0).
// Inlined, so that a build without the memory proposals reads zero bytes as 2.0 did.
WRT_ALWAYS_INLINE Result<void> InstructionReader::read_memory_index(std::uint32_t& index) noexcept {
  if (kMemoryProposals && context_.features.multi_memory) {
    index = WRT_TRY(reader_.read_u32());
    return {};
  }
  index = 0;
  return read_zero_byte();
}

// The lane is a byte in the binary; its range is checked by validation ("invalid lane index").
Result<void> InstructionReader::read_lane(Instruction& out) noexcept {
  out.lane = WRT_TRY(reader_.read_u8());
  return {};
}

Result<void> InstructionReader::read_immediate(Instruction& out) noexcept {
  switch (info(out.op).immediate) {
    case ImmediateKind::none:
      return {};
    case ImmediateKind::block_type:
      return read_block_type(out.block);
#if WRT_ENABLE_EXCEPTIONS  // compiled out, no row has this immediate
    case ImmediateKind::try_table: {
      WRT_TRY(read_block_type(out.try_table.block));
      std::size_t at = reader_.offset();
      std::uint32_t count = WRT_TRY(reader_.read_u32());
      if (count > context_.max_br_table_targets) {
        return Error(ErrorCode::limit_exceeded, "too many catch clauses").at(ByteReader::offset32(at));
      }
      const std::uint8_t* begin = reader_.cursor();
      for (std::uint32_t i = 0; i < count; ++i) {
        std::size_t kind_at = reader_.offset();
        std::uint8_t kind = WRT_TRY(reader_.read_u8());
        if (kind > 3) return Error(ErrorCode::malformed, "malformed catch clause").at(ByteReader::offset32(kind_at)).append_detail_number(kind);
        if (kind < 2) (void)WRT_TRY(reader_.read_u32());  // the tag
        (void)WRT_TRY(reader_.read_u32());                // the label
      }
      out.try_table.count = count;
      out.try_table.clauses = begin;
      out.try_table.size = static_cast<std::uint32_t>(reader_.cursor() - begin);
      return {};
    }
#else
    case ImmediateKind::try_table:  // no row has it in this build
#endif
    case ImmediateKind::tag:
    case ImmediateKind::type_index:
    case ImmediateKind::label:
    case ImmediateKind::function:
    case ImmediateKind::local:
    case ImmediateKind::global:
    case ImmediateKind::table:
    case ImmediateKind::data:
    case ImmediateKind::element:
      out.index = WRT_TRY(reader_.read_u32());
      if (out.op == Opcode::data_drop && context_.missing_data_count) {
        return Error(ErrorCode::data_count_required).at(out.offset);
      }
      return {};
    case ImmediateKind::label_table: {
      std::size_t at = reader_.offset();
      std::uint32_t count = WRT_TRY(reader_.read_u32());
      if (count > context_.max_br_table_targets) {
        return Error(ErrorCode::limit_exceeded, "too many br_table targets").at(ByteReader::offset32(at));
      }
      const std::uint8_t* begin = reader_.cursor();
      for (std::uint32_t i = 0; i <= count; ++i) (void)WRT_TRY(reader_.read_u32());
      out.br_table.count = count;
      out.br_table.targets = begin;
      out.br_table.size = static_cast<std::uint32_t>(reader_.cursor() - begin);
      return {};
    }
    case ImmediateKind::call_indirect:
      out.pair.first = WRT_TRY(reader_.read_u32());
      if (context_.features.reference_types) {
        out.pair.second = WRT_TRY(reader_.read_u32());
      } else {
        WRT_TRY(read_zero_byte());
        out.pair.second = 0;
      }
      return {};
    case ImmediateKind::memarg:
      return read_memarg(out);
    case ImmediateKind::memory:
      return read_memory_index(out.index);
    case ImmediateKind::memory_init:
      out.pair.first = WRT_TRY(reader_.read_u32());
      if (context_.missing_data_count) return Error(ErrorCode::data_count_required).at(out.offset);
      return read_memory_index(out.pair.second);
    case ImmediateKind::memory_copy:
      WRT_TRY(read_memory_index(out.pair.first));
      return read_memory_index(out.pair.second);
    case ImmediateKind::table_init:
    case ImmediateKind::table_copy:
      out.pair.first = WRT_TRY(reader_.read_u32());
      out.pair.second = WRT_TRY(reader_.read_u32());
      return {};
    case ImmediateKind::i32:
      out.i32 = WRT_TRY(reader_.read_s32());
      return {};
    case ImmediateKind::i64:
      out.i64 = WRT_TRY(reader_.read_s64());
      return {};
    case ImmediateKind::f32:
      out.f32_bits = WRT_TRY(reader_.read_fixed_u32());
      return {};
    case ImmediateKind::f64:
      out.f64_bits = WRT_TRY(reader_.read_fixed_u64());
      return {};
    case ImmediateKind::v128:
    case ImmediateKind::shuffle: {
      Bytes bytes = WRT_TRY(reader_.read_bytes(16));
      std::memcpy(out.v128, bytes.data(), 16);
      return {};
    }
    case ImmediateKind::lane2:
    case ImmediateKind::lane4:
    case ImmediateKind::lane8:
    case ImmediateKind::lane16:
      return read_lane(out);
    case ImmediateKind::memarg_lane2:
    case ImmediateKind::memarg_lane4:
    case ImmediateKind::memarg_lane8:
    case ImmediateKind::memarg_lane16:
      WRT_TRY(read_memarg(out));
      return read_lane(out);
    case ImmediateKind::ref_type:
      // ref.null: a heap type with typed function references, else funcref/externref.
      out.ref_type = typed_references(context_.features) ? WRT_TRY(read_heap_type(reader_, context_.features, true))
                                                         : WRT_TRY(read_reference_type(reader_, context_.features));
      return {};
    case ImmediateKind::zero_byte:
      return read_zero_byte();
    case ImmediateKind::select_types: {
      std::uint32_t count = WRT_TRY(reader_.read_u32());
      out.select.count = count;
      out.select.type = ValType::i32;
      // Read every type so that a malformed one is reported; 2.0 allows only one.
      for (std::uint32_t i = 0; i < count; ++i) {
        ValType t = WRT_TRY(read_value_type(reader_, context_.features));
        if (i == 0) out.select.type = t;
      }
      return {};
    }
  }
  return {};
}

}  // namespace wrt
