// Instruction: one decoded instruction with its immediates, and the reader that decodes them.
//
// The reader checks everything the binary format says about an instruction (known opcode,
// enabled feature, well-formed immediates, zero bytes where 2.0 reserves them, the data count
// section for memory.init/data.drop); typing is the validator's business.
#pragma once

#include <cstdint>

#include <wrt/decoder/module.hpp>
#include <wrt/decoder/opcode.hpp>
#include <wrt/decoder/types.hpp>
#include <wrt/error/result.hpp>
#include <wrt/foundation/byte_reader.hpp>

namespace wrt {

struct MemArg {
  std::uint32_t align_log2 = 0;
  std::uint32_t memory = 0;
  std::uint64_t offset = 0;
};

enum class BlockTypeKind : std::uint8_t { empty, value, type_index };

struct BlockType {
  BlockTypeKind kind = BlockTypeKind::empty;
  ValType value = ValType::i32;  // kind == value
  std::uint32_t type_index = 0;  // kind == type_index
};

struct IndexPair {
  std::uint32_t first;
  std::uint32_t second;
};

struct BrTableImmediate {
  std::uint32_t count;            // targets, not counting the default
  const std::uint8_t* targets;    // count + 1 LEB128 u32, already checked well-formed
  std::uint32_t size;
};

// try_table's immediates: the block type and the catch clauses, read again with CatchReader.
struct TryTableImmediate {
  BlockType block;
  std::uint32_t count;          // catch clauses
  const std::uint8_t* clauses;  // `count` clauses, already checked well-formed
  std::uint32_t size;
};

// One catch clause of try_table.
struct CatchClause {
  enum class Kind : std::uint8_t { catch_ = 0, catch_ref = 1, catch_all = 2, catch_all_ref = 3 };
  Kind kind = Kind::catch_;
  std::uint32_t tag = 0;    // catch_ and catch_ref
  std::uint32_t label = 0;  // depth, relative to the labels around the try_table
  [[nodiscard]] bool has_tag() const noexcept { return kind == Kind::catch_ || kind == Kind::catch_ref; }
  [[nodiscard]] bool has_ref() const noexcept { return kind == Kind::catch_ref || kind == Kind::catch_all_ref; }
};

struct SelectImmediate {
  std::uint32_t count;
  ValType type;  // the first type (2.0 allows exactly one)
};

struct Instruction {
  Opcode op = Opcode::nop;
  std::uint32_t offset = 0;  // absolute offset of the opcode
  union {
    std::uint32_t index;  // label, function, local, global, table, data, element, memory, type
    IndexPair pair;  // call_indirect (type, table), table.init (element, table), table.copy (dst, src),
             // memory.init (data, memory), memory.copy (dst, src)
    std::int32_t i32;
    std::int64_t i64;
    std::uint32_t f32_bits;
    std::uint64_t f64_bits;
    std::uint8_t v128[16];  // v128.const bytes, or i8x16.shuffle lanes
    MemArg memarg;
    BlockType block;
    ValType ref_type;
    BrTableImmediate br_table;
    TryTableImmediate try_table;
    SelectImmediate select;
  };
  std::uint8_t lane = 0;  // lane index of extract/replace and the memory lane ops

  Instruction() noexcept : index(0) {}
};

// Reads the label depths of a br_table: `count` targets, then the default.
class BrTableReader {
 public:
  explicit BrTableReader(const Instruction& inst) noexcept
      : reader_(Bytes(inst.br_table.targets, inst.br_table.size)) {}
  std::uint32_t next() noexcept {
    auto depth = reader_.read_u32();  // checked when the instruction was read
    return depth ? *depth : 0;
  }

 private:
  ByteReader reader_;
};

// Reads the catch clauses of a try_table, in order.
class CatchReader {
 public:
  explicit CatchReader(const Instruction& inst) noexcept
      : reader_(Bytes(inst.try_table.clauses, inst.try_table.size)) {}
  CatchClause next() noexcept {  // checked well-formed when the instruction was read
    CatchClause c;
    auto kind = reader_.read_u8();
    c.kind = static_cast<CatchClause::Kind>(kind ? *kind : 0);
    if (c.has_tag()) {
      auto tag = reader_.read_u32();
      c.tag = tag ? *tag : 0;
    }
    auto label = reader_.read_u32();
    c.label = label ? *label : 0;
    return c;
  }

 private:
  ByteReader reader_;
};

class InstructionReader {
 public:
  struct Context {
    Features features;
    // The module has data segments but no data count section: memory.init and data.drop are
    // then malformed ("data count section required"). Without any data segments the count is
    // simply zero, and the same instructions are invalid ("unknown data segment").
    bool missing_data_count = false;
    std::uint32_t max_br_table_targets = 1'000'000;

    static Context for_module(const ModuleDescription& module, const Features& features, std::uint32_t max_br_table_targets) noexcept {
      return Context{features, !module.has_data_count && !module.data.empty(), max_br_table_targets};
    }
  };

  InstructionReader(ByteReader& reader, const Context& context) noexcept
      : reader_(reader), context_(context) {}

  // Decodes the next instruction; errors are malformed-kind with the offset.
  Result<void> read(Instruction& out) noexcept;

 private:
  Result<void> read_immediate(Instruction& out) noexcept;
  Result<void> read_memarg(Instruction& out) noexcept;
  Result<void> read_zero_byte() noexcept;
  Result<void> read_memory_index(std::uint32_t& index) noexcept;
  Result<void> read_block_type(BlockType& out) noexcept;
  Result<void> read_lane(Instruction& out) noexcept;

  ByteReader& reader_;
  const Context& context_;
};

// Reads a value type byte; anything else is "malformed value type" (or "malformed reference
// type" when `reference_only`).
// With typed function references (WebAssembly 3.0) both also read `0x63 ht` / `0x64 ht`.
Result<ValType> read_value_type(ByteReader& reader, const Features& features) noexcept;
Result<ValType> read_reference_type(ByteReader& reader, const Features& features) noexcept;
// A heap type (s33) as the reference type `(ref null? ht)`.
Result<ValType> read_heap_type(ByteReader& reader, const Features& features, bool nullable) noexcept;

}  // namespace wrt
