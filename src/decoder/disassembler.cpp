#include <wrt/decoder/disassembler.hpp>

#include <cstring>

#include <wrt/error/text_writer.hpp>

namespace wrt {

namespace {

void put_memarg(TextWriter& out, const Instruction& inst) {
  if (inst.memarg.memory != 0) {  // multi-memory: the text format's memory index comes first
    out.put(" ");
    out.put_decimal(inst.memarg.memory);
  }
  if (inst.memarg.offset != 0) {
    out.put(" offset=");
    out.put_decimal(inst.memarg.offset);
  }
  if ((std::uint64_t{1} << inst.memarg.align_log2) != info(inst.op).access_bytes) {
    out.put(" align=");
    out.put_decimal(std::uint64_t{1} << inst.memarg.align_log2);
  }
}

void put_index(TextWriter& out, std::uint32_t index) {
  out.put(" ");
  out.put_decimal(index);
}

void put_block_type(TextWriter& out, const BlockType& block) {
  if (block.kind == BlockTypeKind::value) {
    out.put(" (result ");
    out.put(text_of(block.value).c_str());
    out.put(")");
  } else if (block.kind == BlockTypeKind::type_index) {
    out.put(" (type ");
    out.put_decimal(block.type_index);
    out.put(")");
  }
}

}  // namespace

std::size_t disassemble(const Instruction& inst, char* buffer, std::size_t size) noexcept {
  TextWriter out(buffer, size);
  out.put(name_of(inst.op));
  switch (info(inst.op).immediate) {
    case ImmediateKind::none:
      break;
    case ImmediateKind::block_type:
      put_block_type(out, inst.block);
      break;
    case ImmediateKind::try_table: {
      put_block_type(out, inst.try_table.block);
      CatchReader clauses(inst);
      static const char* const kClauseNames[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
      for (std::uint32_t i = 0; i < inst.try_table.count; ++i) {
        CatchClause c = clauses.next();
        out.put(" (");
        out.put(kClauseNames[static_cast<std::size_t>(c.kind)]);
        if (c.has_tag()) put_index(out, c.tag);
        put_index(out, c.label);
        out.put(")");
      }
      break;
    }
    case ImmediateKind::tag:
    case ImmediateKind::label:
    case ImmediateKind::function:
    case ImmediateKind::local:
    case ImmediateKind::global:
    case ImmediateKind::table:
    case ImmediateKind::data:
    case ImmediateKind::element:
      put_index(out, inst.index);
      break;
    case ImmediateKind::memory:
      if (inst.index != 0) put_index(out, inst.index);
      break;
    case ImmediateKind::label_table: {
      BrTableReader targets(inst);
      for (std::uint32_t i = 0; i <= inst.br_table.count; ++i) put_index(out, targets.next());
      break;
    }
    case ImmediateKind::call_indirect:
      if (inst.pair.second != 0) put_index(out, inst.pair.second);
      out.put(" (type ");
      out.put_decimal(inst.pair.first);
      out.put(")");
      break;
    case ImmediateKind::memory_init:
      if (inst.pair.second != 0) put_index(out, inst.pair.second);
      put_index(out, inst.pair.first);
      break;
    case ImmediateKind::memory_copy:
      if (inst.pair.first != 0 || inst.pair.second != 0) {
        put_index(out, inst.pair.first);
        put_index(out, inst.pair.second);
      }
      break;
    case ImmediateKind::table_init:
      if (inst.pair.second != 0) put_index(out, inst.pair.second);
      put_index(out, inst.pair.first);
      break;
    case ImmediateKind::table_copy:
      if (inst.pair.first != 0 || inst.pair.second != 0) {
        put_index(out, inst.pair.first);
        put_index(out, inst.pair.second);
      }
      break;
    case ImmediateKind::memarg:
      put_memarg(out, inst);
      break;
    case ImmediateKind::memarg_lane2:
    case ImmediateKind::memarg_lane4:
    case ImmediateKind::memarg_lane8:
    case ImmediateKind::memarg_lane16:
      put_memarg(out, inst);
      put_index(out, inst.lane);
      break;
    case ImmediateKind::lane2:
    case ImmediateKind::lane4:
    case ImmediateKind::lane8:
    case ImmediateKind::lane16:
      put_index(out, inst.lane);
      break;
    case ImmediateKind::i32:
      out.put(" ");
      out.put_signed(inst.i32);
      break;
    case ImmediateKind::i64:
      out.put(" ");
      out.put_signed(inst.i64);
      break;
    case ImmediateKind::f32:
      out.put(" bits=");
      out.put_hex(inst.f32_bits, 8);
      break;
    case ImmediateKind::f64:
      out.put(" bits=");
      out.put_hex(inst.f64_bits, 16);
      break;
    case ImmediateKind::v128:
      out.put(" i32x4");
      for (int lane = 0; lane < 4; ++lane) {
        std::uint32_t v;
        std::memcpy(&v, inst.v128 + 4 * lane, 4);
        out.put(" ");
        out.put_hex(v, 8);
      }
      break;
    case ImmediateKind::shuffle:
      for (std::uint8_t lane : inst.v128) put_index(out, lane);
      break;
    case ImmediateKind::zero_byte:
      break;
    case ImmediateKind::ref_type:
      if (is_concrete(inst.ref_type)) {
        out.put(" ");
        out.put_decimal(type_index_of(inst.ref_type));
      } else {
        switch (heap_kind(inst.ref_type)) {
          case HeapKind::extern_: out.put(" extern"); break;
          case HeapKind::exn: out.put(" exn"); break;
          case HeapKind::nofunc: out.put(" nofunc"); break;
          case HeapKind::noextern: out.put(" noextern"); break;
          case HeapKind::noexn: out.put(" noexn"); break;
          default: out.put(" func"); break;
        }
      }
      break;
    case ImmediateKind::type_index:
      out.put(" (type ");
      out.put_decimal(inst.index);
      out.put(")");
      break;
    case ImmediateKind::select_types:
      out.put(" (result");
      if (inst.select.count >= 1) {
        out.put(" ");
        out.put(text_of(inst.select.type).c_str());
      }
      if (inst.select.count > 1) out.put(" ...");
      out.put(")");
      break;
  }
  return out.finish();
}

}  // namespace wrt
