// FunctionValidator: the spec's validation algorithm for one function body (the appendix
// "Validation Algorithm"), with hooks so that a translator can produce code in the same pass.
//
// The validator decodes each instruction (InstructionReader), checks it against the operand and
// control stacks, and then tells the Emitter what happened. NullEmitter does nothing, which is
// plain validation; the interpreter's translator implements the same hooks. Hooks are called
// only for reachable code, except the structural ones (block, loop, if, else, end), which are
// always called with `reachable` so an emitter can keep its own label stack in step.
#pragma once

#include <cstdint>
#include <span>

#include <wrt/decoder/instruction.hpp>
#include <wrt/decoder/module.hpp>
#include <wrt/decoder/opcode.hpp>
#include <wrt/error/result.hpp>
#include <wrt/foundation/vec.hpp>
#include <wrt/validator/context.hpp>

namespace wrt {

// An operand type as the validator tracks it: a ValType (all its bits: reference types carry
// their heap type), or unknown (the bottom type that unreachable code produces).
using StackType = ValTypeBits;  // one byte when typed function references are compiled out
inline constexpr StackType kUnknownType = 0;
[[nodiscard]] inline StackType stack_type(ValType t) noexcept { return static_cast<StackType>(t); }

struct ControlFrame {
  // try_table, and the legacy try's body and its catch/catch_all bodies, are blocks (their
  // label is their end) that the emitter must know apart.
  enum class Kind : std::uint8_t { function, block, loop, if_, else_, try_table, try_, catch_, catch_all };
  Kind kind = Kind::block;
  bool unreachable = false;
  BlockType type;                // block/loop/if/else
  ValType single_result = ValType::i32;  // storage for a one-value block type
  std::uint32_t height = 0;      // operand stack height at entry (after its params are popped)
  std::uint32_t offset = 0;      // byte offset of the opening instruction
  std::uint32_t init_height = 0; // locals initialized before the block (typed function references)
};

// The emitter interface, as a no-op: the hooks a translator implements.
struct NullEmitter {
  void begin_function(std::uint32_t /*function_index*/, FuncType /*type*/, std::span<const ValType> /*locals*/) noexcept {}
  void begin_instruction(const Instruction& /*inst*/) noexcept {}  // every instruction, before its hook
  Result<void> end_function() noexcept { return {}; }
  Result<void> simple(const Instruction&) noexcept { return {}; }
  Result<void> constant(const Instruction&) noexcept { return {}; }
  Result<void> local_get(std::uint32_t, ValType) noexcept { return {}; }
  Result<void> local_set(std::uint32_t, ValType) noexcept { return {}; }
  Result<void> local_tee(std::uint32_t, ValType) noexcept { return {}; }
  Result<void> global_get(std::uint32_t, ValType) noexcept { return {}; }
  Result<void> global_set(std::uint32_t, ValType) noexcept { return {}; }
  Result<void> drop(ValType) noexcept { return {}; }
  Result<void> select(ValType) noexcept { return {}; }
  Result<void> call(std::uint32_t, FuncType) noexcept { return {}; }
  Result<void> call_indirect(const Instruction&, FuncType) noexcept { return {}; }
  // Tail calls (the operands are popped, the callee's results match the function's).
  Result<void> return_call(std::uint32_t, FuncType) noexcept { return {}; }
  Result<void> return_call_indirect(const Instruction&, FuncType) noexcept { return {}; }
  // i64.add128, i64.sub128, i64.mul_wide_s/u (operands popped, the two i64 results pushed).
  Result<void> wide_arithmetic(const Instruction&) noexcept { return {}; }
  Result<void> call_ref(const Instruction&, FuncType) noexcept { return {}; }
  Result<void> ref_as_non_null() noexcept { return {}; }
  Result<void> br_on_null(std::uint32_t /*depth*/) noexcept { return {}; }
  Result<void> br_on_non_null(std::uint32_t /*depth*/) noexcept { return {}; }
  Result<void> return_call_ref(const Instruction&, FuncType) noexcept { return {}; }
  Result<void> reference(const Instruction&, ValType) noexcept { return {}; }  // ref.null, ref.func, ref.is_null
  Result<void> table(const Instruction&, ValType) noexcept { return {}; }      // table.get/set/grow/fill
  Result<void> unreachable() noexcept { return {}; }
  Result<void> return_() noexcept { return {}; }
  Result<void> br(std::uint32_t /*depth*/) noexcept { return {}; }
  Result<void> br_if(std::uint32_t /*depth*/) noexcept { return {}; }
  Result<void> br_table(const Instruction&) noexcept { return {}; }
  Result<void> block(const ControlFrame&, bool /*reachable*/) noexcept { return {}; }
  Result<void> loop(const ControlFrame&, bool /*reachable*/) noexcept { return {}; }
  Result<void> if_(const ControlFrame&, bool /*reachable*/) noexcept { return {}; }
  Result<void> else_(const ControlFrame&, bool /*reachable_before*/) noexcept { return {}; }
  Result<void> end(const ControlFrame&, bool /*reachable_before*/) noexcept { return {}; }
  // Exception handling: try_table (its clauses name labels outside it), throw, throw_ref; the
  // legacy try/catch/catch_all/delegate/rethrow. catch_ and catch_all get the new frame.
  Result<void> try_table(const ControlFrame&, const Instruction&, bool /*reachable*/) noexcept { return {}; }
  Result<void> throw_(std::uint32_t /*tag*/, FuncType /*tag_type*/) noexcept { return {}; }
  Result<void> throw_ref() noexcept { return {}; }
  Result<void> try_(const ControlFrame&, bool /*reachable*/) noexcept { return {}; }
  Result<void> catch_(const ControlFrame&, std::uint32_t /*tag*/, bool /*reachable_before*/) noexcept { return {}; }
  Result<void> catch_all(const ControlFrame&, bool /*reachable_before*/) noexcept { return {}; }
  Result<void> delegate(const ControlFrame&, std::uint32_t /*depth*/, bool /*reachable_before*/) noexcept { return {}; }
  Result<void> rethrow(std::uint32_t /*depth*/) noexcept { return {}; }
};

// Buffers reused across functions, so that validating a module allocates once, not per body.
struct ValidatorScratch {
  explicit ValidatorScratch(Allocator& allocator) noexcept
      : operands(allocator), frames(allocator), locals(allocator), local_set(allocator), inits(allocator) {}
  Vec<StackType> operands;
  Vec<ControlFrame> frames;
  Vec<ValType> locals;  // parameters, then declared locals
  // Locals without a default value (non-null references): whether each is set where the
  // validator is, and the ones set since function entry, in order, so that the end of a block
  // can unset those its body set (the spec's local initialization rule).
  [[no_unique_address]] VecIf<kFunctionReferences, std::uint8_t> local_set;
  [[no_unique_address]] VecIf<kFunctionReferences, std::uint32_t> inits;
};

template <typename Emitter>
class FunctionValidator {
 public:
  FunctionValidator(const ValidationContext& context, ValidatorScratch& scratch, Emitter& emitter) noexcept
      : ctx_(context), module_(context.module), scratch_(scratch), emitter_(emitter) {}

  // Validates defined function `function_index` (imports first in the index space).
  Result<void> validate(std::uint32_t function_index) noexcept;

  // The frames and operand stack, for emitters that inspect them.
  [[nodiscard]] std::span<const ControlFrame> frames() const noexcept { return scratch_.frames.span(); }
  [[nodiscard]] std::span<const ValType> label_types(const ControlFrame& frame) const noexcept {
    return frame.kind == ControlFrame::Kind::loop ? start_types(frame) : end_types(frame);
  }
  [[nodiscard]] std::span<const ValType> start_types(const ControlFrame& frame) const noexcept;
  [[nodiscard]] std::span<const ValType> end_types(const ControlFrame& frame) const noexcept;

 private:
  Result<void> run(std::uint32_t function_index) noexcept;
  Result<void> step(const Instruction& inst) noexcept;
  Result<void> step_special(const Instruction& inst) noexcept;
  Result<void> check_immediate(const Instruction& inst) noexcept;
  Result<void> step_exception(const Instruction& inst) noexcept;
  Result<FuncType> tag_type(const Instruction& inst, std::uint32_t tag) const noexcept {
    if (tag >= module_.tags.size()) return error(ErrorCode::unknown_tag, inst).append_detail_number(tag);
    return module_.type(module_.tags[tag]);
  }
  // Whether a catch clause's values (the tag's `payload`, then `(ref exn)` for the _ref forms)
  // match its label's `types`: each a subtype of the label's (3.0, with typed references).
  bool same_types(std::span<const ValType> types, std::span<const ValType> payload, bool plus_exnref) const noexcept {
    if (types.size() != payload.size() + (plus_exnref ? 1 : 0)) return false;
    for (std::size_t i = 0; i < payload.size(); ++i) {
      if (!is_subtype(payload[i], types[i], module_)) return false;
    }
    return !plus_exnref || is_subtype(make_ref(false, HeapKind::exn), types.back(), module_);
  }

  Error error(ErrorCode code, const Instruction& inst) const noexcept {
    Error e = Error(code).at(inst.offset);
    with_instruction(e, inst.op);
    return e;
  }
  Error mismatch(const Instruction& inst, StackType expected, StackType actual) const noexcept {
    Error e = error(ErrorCode::type_mismatch, inst);
    e.append_detail("expected ").append_detail(type_name(expected));
    e.append_detail(", found ").append_detail(type_name(actual));
    return e;
  }
  static const char* type_name(StackType t) noexcept {
    return t == kUnknownType ? "nothing" : name_of(static_cast<ValType>(t));
  }
  // Whether an operand of type `actual` may stand where `expected` is wanted (WebAssembly 3.0
  // subtyping; equality for everything but references).
  [[nodiscard]] bool matches(StackType actual, StackType expected) const noexcept {
    return actual == expected || actual == kUnknownType || expected == kUnknownType ||
           (kFunctionReferences && is_subtype(static_cast<ValType>(actual), static_cast<ValType>(expected), module_));
  }
  // A value type named in code must name a defined type (concrete references).
  Result<void> check_type(const Instruction& inst, ValType t) const noexcept {
    if (is_reference(t) && is_concrete(t) && type_index_of(t) >= module_.types.size()) {
      return error(ErrorCode::unknown_type, inst).append_detail_number(type_index_of(t));
    }
    return {};
  }
  WRT_ALWAYS_INLINE Result<StackType> pop_reference(const Instruction& inst) noexcept {
    StackType t = WRT_TRY(pop(inst));
    if (t != kUnknownType && !is_reference(static_cast<ValType>(t))) {
      Error e = error(ErrorCode::type_mismatch, inst).append_detail("expected a reference");
      if constexpr (kFunctionReferences) e.append_detail(", found ").append_detail(type_name(t));  // several kinds
      return e;
    }
    return t;
  }
  // Whether the local initialization rule is being tracked (only non-null locals need it, and
  // only typed function references make them).
  [[nodiscard]] bool tracks_inits() const noexcept { return kFunctionReferences && !scratch_.local_set.empty(); }
  void reset_inits(std::uint32_t height) noexcept {
    if constexpr (!kFunctionReferences) return;
    while (scratch_.inits.size() > height) {
      scratch_.local_set[scratch_.inits.back()] = 0;
      scratch_.inits.pop_back();
    }
  }
  Result<void> set_local(std::uint32_t index) noexcept {
    if (scratch_.local_set[index] != 0) return {};
    scratch_.local_set[index] = 1;
    return scratch_.inits.push_back(index);
  }

  // The operand stack, exactly as the spec's algorithm describes it.
  Result<void> push(StackType t) noexcept { return scratch_.operands.push_back(t); }
  Result<StackType> pop(const Instruction& inst) noexcept {
    ControlFrame& top = scratch_.frames.back();
    if (scratch_.operands.size() == top.height) {
      if (top.unreachable) return kUnknownType;
      Error e = error(ErrorCode::type_mismatch, inst);
      e.append_detail("operand stack empty");
      return e;
    }
    StackType t = scratch_.operands.back();
    scratch_.operands.pop_back();
    return t;
  }
  Result<StackType> pop(const Instruction& inst, StackType expected) noexcept {
    StackType actual = WRT_TRY(pop(inst));
    if (!matches(actual, expected)) return mismatch(inst, expected, actual);
    return actual;
  }
  // Checks that the top of the stack matches `types` without changing it: what the spec's
  // push_vals(pop_vals(types)) does (missing values in unreachable code are unknown).
  Result<void> check_top(const Instruction& inst, std::span<const ValType> types) const noexcept {
    const ControlFrame& top = scratch_.frames.back();
    std::size_t size = scratch_.operands.size();
    for (std::size_t k = 0; k < types.size(); ++k) {
      std::size_t from_top = types.size() - k;  // 1 = the top value
      if (size < top.height + from_top) {
        if (top.unreachable) continue;
        Error e = error(ErrorCode::type_mismatch, inst);
        e.append_detail("operand stack empty");
        return e;
      }
      StackType actual = scratch_.operands[size - from_top];
      if (!matches(actual, stack_type(types[k]))) return mismatch(inst, stack_type(types[k]), actual);
    }
    return {};
  }
  // A tail call returns the callee's results as the function's own: as many, each matching.
  Result<void> tail_call_results(const Instruction& inst, FuncType callee) noexcept {
    if (callee.results.size() != function_type_.results.size()) {
      return error(ErrorCode::type_mismatch, inst).append_detail("the callee's results are not the function's");
    }
    WRT_TRY(push_types(callee.results));
    return pop_types(inst, function_type_.results);
  }

  Result<void> pop_types(const Instruction& inst, std::span<const ValType> types) noexcept {
    for (std::size_t i = types.size(); i-- > 0;) (void)WRT_TRY(pop(inst, stack_type(types[i])));
    return {};
  }
  Result<void> push_types(std::span<const ValType> types) noexcept {
    WRT_TRY(scratch_.operands.reserve_more(types.size()));
    for (ValType t : types) (void)scratch_.operands.push_back(stack_type(t));  // reserved above
    return {};
  }
  Result<void> push_frame(ControlFrame::Kind kind, const BlockType& type, const Instruction& inst) noexcept;
  Result<ControlFrame> pop_frame(const Instruction& inst) noexcept;
  void mark_unreachable() noexcept {
    ControlFrame& top = scratch_.frames.back();
    scratch_.operands.truncate(top.height);
    top.unreachable = true;
  }
  [[nodiscard]] bool reachable() const noexcept { return !scratch_.frames.back().unreachable; }
  Result<const ControlFrame*> label(const Instruction& inst, std::uint32_t depth) const noexcept {
    if (depth >= scratch_.frames.size()) return error(ErrorCode::unknown_label, inst).append_detail_number(depth);
    return &scratch_.frames[scratch_.frames.size() - 1 - depth];
  }
  Result<void> check_block_type(const Instruction& inst) const noexcept {
    if (inst.block.kind == BlockTypeKind::type_index && inst.block.type_index >= module_.types.size()) {
      return error(ErrorCode::unknown_type, inst).append_detail_number(inst.block.type_index);
    }
    if (inst.block.kind == BlockTypeKind::value) return check_type(inst, inst.block.value);
    return {};
  }
  Result<ValType> local_type(const Instruction& inst) const noexcept {
    if (inst.index >= scratch_.locals.size()) return error(ErrorCode::unknown_local, inst).append_detail_number(inst.index);
    return scratch_.locals[inst.index];
  }
  Result<void> check_memory(const Instruction& inst, std::uint32_t memory) const noexcept {
    if (memory >= module_.memories.size()) return error(ErrorCode::unknown_memory, inst).append_detail_number(memory);
    return {};
  }
  // memory64/table64: the type of addresses (and sizes) of a memory or table, i32 or i64.
  [[nodiscard]] ValType memory_address(std::uint32_t memory) const noexcept {
    return memory < module_.memories.size() && module_.memories[memory].is64() ? ValType::i64 : ValType::i32;
  }
  [[nodiscard]] ValType table_address(std::uint32_t table) const noexcept {
    return table < module_.tables.size() && module_.tables[table].is64() ? ValType::i64 : ValType::i32;
  }
  // The signature of a memory or table instruction whose memory or table has 64-bit addresses:
  // i64 replaces i32 where the operand is an address or a size. False when nothing changes.
  bool address_typed(const Instruction& inst, SignatureTypes& sig) const noexcept;
  Result<ValType> table_type(const Instruction& inst, std::uint32_t table) const noexcept {
    if (table >= module_.tables.size()) return error(ErrorCode::unknown_table, inst).append_detail_number(table);
    return module_.tables[table].element;
  }

  const ValidationContext& ctx_;
  const ModuleDescription& module_;
  ValidatorScratch& scratch_;
  Emitter& emitter_;
  FuncType function_type_{};
};

template <typename Emitter>
std::span<const ValType> FunctionValidator<Emitter>::start_types(const ControlFrame& frame) const noexcept {
  if (frame.kind == ControlFrame::Kind::function) return {};
  if (frame.type.kind == BlockTypeKind::type_index) return module_.type(frame.type.type_index).params;
  return {};
}

template <typename Emitter>
std::span<const ValType> FunctionValidator<Emitter>::end_types(const ControlFrame& frame) const noexcept {
  if (frame.kind == ControlFrame::Kind::function) return function_type_.results;
  switch (frame.type.kind) {
    case BlockTypeKind::empty: return {};
    case BlockTypeKind::value: return {&frame.single_result, 1};
    case BlockTypeKind::type_index: return module_.type(frame.type.type_index).results;
  }
  return {};
}

template <typename Emitter>
Result<void> FunctionValidator<Emitter>::push_frame(ControlFrame::Kind kind, const BlockType& type,
                                                     const Instruction& inst) noexcept {
  if (scratch_.frames.size() >= ctx_.limits.max_nesting_depth) {
    return Error(ErrorCode::limit_exceeded, "blocks nested deeper than the configured limit").at(inst.offset);
  }
  ControlFrame frame;
  frame.kind = kind;
  frame.type = type;
  if (type.kind == BlockTypeKind::value) frame.single_result = type.value;
  frame.height = static_cast<std::uint32_t>(scratch_.operands.size());
  frame.offset = inst.offset;
  frame.init_height = static_cast<std::uint32_t>(scratch_.inits.size());
  WRT_TRY(scratch_.frames.push_back(frame));
  return push_types(start_types(scratch_.frames.back()));
}

template <typename Emitter>
Result<ControlFrame> FunctionValidator<Emitter>::pop_frame(const Instruction& inst) noexcept {
  const ControlFrame& top = scratch_.frames.back();
  WRT_TRY(pop_types(inst, end_types(top)));
  if (scratch_.operands.size() != top.height) {
    Error e = error(ErrorCode::type_mismatch, inst);
    e.append_detail("values left on the stack at the end of a block");
    return e;
  }
  ControlFrame frame = top;
  reset_inits(frame.init_height);
  scratch_.frames.pop_back();
  return frame;
}

template <typename Emitter>
Result<void> FunctionValidator<Emitter>::validate(std::uint32_t function_index) noexcept {
  return run(function_index).with_context("in function", function_index);
}

template <typename Emitter>
Result<void> FunctionValidator<Emitter>::run(std::uint32_t function_index) noexcept {
  const FunctionBody& body = module_.body(function_index);
  function_type_ = module_.function_type(function_index);

  scratch_.operands.clear();
  scratch_.frames.clear();
  scratch_.locals.clear();
  WRT_TRY(scratch_.locals.reserve(function_type_.params.size() + body.local_count));
  for (ValType t : function_type_.params) WRT_TRY(scratch_.locals.push_back(t));
  bool non_defaultable = false;
  for (std::uint32_t g = 0; g < body.local_group_count; ++g) {
    const LocalGroup& group = module_.local_groups[body.first_local_group + g];
    if (is_reference(group.type) && is_concrete(group.type) && type_index_of(group.type) >= module_.types.size()) {
      return Error(ErrorCode::unknown_type).at(body.body_offset).append_detail_number(type_index_of(group.type));
    }
    non_defaultable = non_defaultable || !is_defaultable(group.type);
    for (std::uint32_t i = 0; i < group.count; ++i) WRT_TRY(scratch_.locals.push_back(group.type));
  }
  // Locals start set, except the non-defaultable declared ones (parameters are always set).
  scratch_.local_set.clear();
  scratch_.inits.clear();
  if (kFunctionReferences && non_defaultable) {
    WRT_TRY(scratch_.local_set.resize(scratch_.locals.size()));
    for (std::size_t i = 0; i < scratch_.locals.size(); ++i) {
      scratch_.local_set[i] = i < function_type_.params.size() || is_defaultable(scratch_.locals[i]) ? 1 : 0;
    }
  }
  emitter_.begin_function(function_index, function_type_, scratch_.locals.span());

  ControlFrame function_frame;
  function_frame.kind = ControlFrame::Kind::function;
  function_frame.offset = body.code_offset;
  WRT_TRY(scratch_.frames.push_back(function_frame));

  ByteReader reader(body.code, body.code_offset);
  reader.set_end_error(ErrorCode::unexpected_end_of_section);
  auto decode_context = InstructionReader::Context::for_module(module_, ctx_.features, ctx_.limits.max_br_table_targets);
  InstructionReader instructions(reader, decode_context);
  Instruction inst;
  while (!scratch_.frames.empty()) {
    WRT_TRY(instructions.read(inst));
    emitter_.begin_instruction(inst);
    WRT_TRY(step(inst));
  }
  if (!reader.at_end()) {
    return reader.error_here(ErrorCode::section_size_mismatch, "bytes after the end of the function");
  }
  return emitter_.end_function();
}

template <typename Emitter>
Result<void> FunctionValidator<Emitter>::check_immediate(const Instruction& inst) noexcept {
  switch (info(inst.op).immediate) {
    case ImmediateKind::memarg:
    case ImmediateKind::memarg_lane2:
    case ImmediateKind::memarg_lane4:
    case ImmediateKind::memarg_lane8:
    case ImmediateKind::memarg_lane16: {
      WRT_TRY(check_memory(inst, inst.memarg.memory));
      // Accesses are at most 16 bytes: an exponent above 4 is too large whatever the access.
      if (inst.memarg.align_log2 > 4 || (1u << inst.memarg.align_log2) > info(inst.op).access_bytes) {
        return error(ErrorCode::invalid_alignment, inst);
      }
      if constexpr (kMemoryProposals) {  // atomics and 64-bit offsets exist only with them
        if (info(inst.op).feature == Feature::threads && (std::uint64_t{1} << inst.memarg.align_log2) != info(inst.op).access_bytes) {
          return error(ErrorCode::invalid_alignment, inst).append_detail("atomic accesses must be naturally aligned");
        }
        if (!module_.memories[inst.memarg.memory].is64() && inst.memarg.offset > 0xFFFFFFFFu) {
          return error(ErrorCode::invalid, inst).append_detail("offset out of range");
        }
      }
      std::uint32_t lanes = 0;
      switch (info(inst.op).immediate) {
        case ImmediateKind::memarg_lane2: lanes = 2; break;
        case ImmediateKind::memarg_lane4: lanes = 4; break;
        case ImmediateKind::memarg_lane8: lanes = 8; break;
        case ImmediateKind::memarg_lane16: lanes = 16; break;
        default: break;
      }
      if (lanes != 0 && inst.lane >= lanes) return error(ErrorCode::invalid_lane, inst).append_detail_number(inst.lane);
      return {};
    }
    case ImmediateKind::lane2:
    case ImmediateKind::lane4:
    case ImmediateKind::lane8:
    case ImmediateKind::lane16: {
      std::uint32_t lanes = info(inst.op).immediate == ImmediateKind::lane2   ? 2
                            : info(inst.op).immediate == ImmediateKind::lane4 ? 4
                            : info(inst.op).immediate == ImmediateKind::lane8 ? 8
                                                                              : 16;
      if (inst.lane >= lanes) return error(ErrorCode::invalid_lane, inst).append_detail_number(inst.lane);
      return {};
    }
    case ImmediateKind::shuffle:
      for (std::uint8_t lane : inst.v128) {
        if (lane >= 32) return error(ErrorCode::invalid_lane, inst).append_detail_number(lane);
      }
      return {};
    case ImmediateKind::memory:
      return check_memory(inst, inst.index);
    case ImmediateKind::memory_copy:
      WRT_TRY(check_memory(inst, inst.pair.first));
      return check_memory(inst, inst.pair.second);
    case ImmediateKind::memory_init:
      WRT_TRY(check_memory(inst, inst.pair.second));
      if (inst.pair.first >= module_.data_count) {
        return error(ErrorCode::unknown_data_segment, inst).append_detail_number(inst.pair.first);
      }
      return {};
    case ImmediateKind::data:
      if (inst.index >= module_.data_count) return error(ErrorCode::unknown_data_segment, inst).append_detail_number(inst.index);
      return {};
    case ImmediateKind::element:
      if (inst.index >= module_.elements.size()) {
        return error(ErrorCode::unknown_element_segment, inst).append_detail_number(inst.index);
      }
      return {};
    case ImmediateKind::table_init: {
      ValType table = WRT_TRY(table_type(inst, inst.pair.second));
      if (inst.pair.first >= module_.elements.size()) {
        return error(ErrorCode::unknown_element_segment, inst).append_detail_number(inst.pair.first);
      }
      if (!is_subtype(module_.elements[inst.pair.first].type, table, module_)) return error(ErrorCode::type_mismatch, inst);
      return {};
    }
    case ImmediateKind::table_copy: {
      ValType dst = WRT_TRY(table_type(inst, inst.pair.first));
      ValType src = WRT_TRY(table_type(inst, inst.pair.second));
      if (!is_subtype(src, dst, module_)) return error(ErrorCode::type_mismatch, inst);
      return {};
    }
    case ImmediateKind::table:
      (void)WRT_TRY(table_type(inst, inst.index));
      return {};
    default:
      return {};
  }
}

template <typename Emitter>
bool FunctionValidator<Emitter>::address_typed(const Instruction& inst, SignatureTypes& sig) const noexcept {
  const OpcodeInfo& op = info(inst.op);
  sig = signature_types(op.signature);
  constexpr ValType i64 = ValType::i64;
  switch (op.immediate) {
    case ImmediateKind::memarg:
    case ImmediateKind::memarg_lane2:
    case ImmediateKind::memarg_lane4:
    case ImmediateKind::memarg_lane8:
    case ImmediateKind::memarg_lane16:
      if (memory_address(inst.memarg.memory) != i64) return false;
      sig.params[0] = i64;
      return true;
    case ImmediateKind::memory:
      if (memory_address(inst.index) != i64) return false;
      if (inst.op == Opcode::memory_size) sig.results[0] = i64;
      if (inst.op == Opcode::memory_grow) sig.params[0] = sig.results[0] = i64;
      if (inst.op == Opcode::memory_fill) sig.params[0] = sig.params[2] = i64;
      return true;
    case ImmediateKind::memory_init:
      if (memory_address(inst.pair.second) != i64) return false;
      sig.params[0] = i64;
      return true;
    case ImmediateKind::memory_copy: {
      ValType d = memory_address(inst.pair.first);
      ValType s = memory_address(inst.pair.second);
      if (d != i64 && s != i64) return false;
      sig.params[0] = d;
      sig.params[1] = s;
      sig.params[2] = d == i64 && s == i64 ? i64 : ValType::i32;
      return true;
    }
    case ImmediateKind::table:  // table.size
      if (table_address(inst.index) != i64) return false;
      sig.results[0] = i64;
      return true;
    case ImmediateKind::table_init:
      if (table_address(inst.pair.second) != i64) return false;
      sig.params[0] = i64;
      return true;
    case ImmediateKind::table_copy: {
      ValType d = table_address(inst.pair.first);
      ValType s = table_address(inst.pair.second);
      if (d != i64 && s != i64) return false;
      sig.params[0] = d;
      sig.params[1] = s;
      sig.params[2] = d == i64 && s == i64 ? i64 : ValType::i32;
      return true;
    }
    default:
      return false;
  }
}

template <typename Emitter>
Result<void> FunctionValidator<Emitter>::step(const Instruction& inst) noexcept {
  const OpcodeInfo& op = info(inst.op);
  if (op.signature == OpSignature::special) return step_special(inst);
  WRT_TRY(check_immediate(inst));
  SignatureTypes wide;
  if (kMemoryProposals && address_typed(inst, wide)) {
    WRT_TRY(pop_types(inst, {wide.params, wide.param_count}));
    WRT_TRY(push_types({wide.results, wide.result_count}));
  } else {
    WRT_TRY(pop_types(inst, signature_params(op.signature)));
    WRT_TRY(push_types(signature_results(op.signature)));
  }
  if (!reachable()) return {};
  switch (op.immediate) {
    case ImmediateKind::i32:
    case ImmediateKind::i64:
    case ImmediateKind::f32:
    case ImmediateKind::f64:
    case ImmediateKind::v128:
      return emitter_.constant(inst);
    default:
      return emitter_.simple(inst);
  }
}

template <typename Emitter>
Result<void> FunctionValidator<Emitter>::step_special(const Instruction& inst) noexcept {
  switch (inst.op) {
    case Opcode::unreachable:
      if (reachable()) WRT_TRY(emitter_.unreachable());
      mark_unreachable();
      return {};
    case Opcode::block:
    case Opcode::loop:
    case Opcode::if_: {
      WRT_TRY(check_block_type(inst));
      if (inst.op == Opcode::if_) (void)WRT_TRY(pop(inst, stack_type(ValType::i32)));
      BlockType type = inst.block;
      FuncType params{};
      if (type.kind == BlockTypeKind::type_index) params = module_.type(type.type_index);
      WRT_TRY(pop_types(inst, params.params));
      bool was_reachable = reachable();
      ControlFrame::Kind kind = inst.op == Opcode::block  ? ControlFrame::Kind::block
                                : inst.op == Opcode::loop ? ControlFrame::Kind::loop
                                                          : ControlFrame::Kind::if_;
      WRT_TRY(push_frame(kind, type, inst));
      // A block opened in unreachable code stays unreachable for the emitter (nothing before it
      // can branch to it), but the validator types its body normally, as the spec says.
      const ControlFrame& frame = scratch_.frames.back();
      if (inst.op == Opcode::block) return emitter_.block(frame, was_reachable);
      if (inst.op == Opcode::loop) return emitter_.loop(frame, was_reachable);
      return emitter_.if_(frame, was_reachable);
    }
    case Opcode::else_: {
      if (scratch_.frames.back().kind != ControlFrame::Kind::if_) {
        return error(ErrorCode::type_mismatch, inst).append_detail("else without if");
      }
      bool was_reachable = reachable();
      ControlFrame frame = WRT_TRY(pop_frame(inst));
      frame.kind = ControlFrame::Kind::else_;
      frame.unreachable = false;
      frame.height = static_cast<std::uint32_t>(scratch_.operands.size());
      WRT_TRY(scratch_.frames.push_back(frame));
      WRT_TRY(push_types(start_types(frame)));
      return emitter_.else_(scratch_.frames.back(), was_reachable);
    }
    case Opcode::end: {
      bool was_reachable = reachable();
      ControlFrame frame = WRT_TRY(pop_frame(inst));
      // An if without else must produce its results from its params: [t1*] -> [t1*].
      if (frame.kind == ControlFrame::Kind::if_) {
        auto in = start_types(frame);
        auto out = end_types(frame);
        bool same = in.size() == out.size();
        for (std::size_t i = 0; same && i < in.size(); ++i) same = is_subtype(in[i], out[i], module_);
        if (!same) return error(ErrorCode::type_mismatch, inst).append_detail("if without else must not change types");
      }
      if (frame.kind != ControlFrame::Kind::function) WRT_TRY(push_types(end_types(frame)));
      return emitter_.end(frame, was_reachable);
    }
    case Opcode::br: {
      const ControlFrame* target = WRT_TRY(label(inst, inst.index));
      WRT_TRY(pop_types(inst, label_types(*target)));
      if (reachable()) WRT_TRY(emitter_.br(inst.index));
      mark_unreachable();
      return {};
    }
    case Opcode::br_if: {
      (void)WRT_TRY(pop(inst, stack_type(ValType::i32)));
      const ControlFrame* target = WRT_TRY(label(inst, inst.index));
      auto types = label_types(*target);
      WRT_TRY(pop_types(inst, types));
      WRT_TRY(push_types(types));
      if (reachable()) WRT_TRY(emitter_.br_if(inst.index));
      return {};
    }
    case Opcode::br_table: {
      (void)WRT_TRY(pop(inst, stack_type(ValType::i32)));
      BrTableReader targets(inst);
      std::uint32_t arity = 0;
      bool first = true;
      for (std::uint32_t i = 0; i <= inst.br_table.count; ++i) {
        const ControlFrame* target = WRT_TRY(label(inst, targets.next()));
        auto types = label_types(*target);
        if (first) {
          arity = static_cast<std::uint32_t>(types.size());
          first = false;
        } else if (types.size() != arity) {
          return error(ErrorCode::type_mismatch, inst).append_detail("br_table targets differ in arity");
        }
        WRT_TRY(check_top(inst, types));
      }
      if (reachable()) WRT_TRY(emitter_.br_table(inst));
      mark_unreachable();
      return {};
    }
    case Opcode::return_: {
      WRT_TRY(pop_types(inst, function_type_.results));
      if (reachable()) WRT_TRY(emitter_.return_());
      mark_unreachable();
      return {};
    }
    case Opcode::call: {
      if (inst.index >= module_.functions.size()) return error(ErrorCode::unknown_function, inst).append_detail_number(inst.index);
      FuncType type = module_.function_type(inst.index);
      WRT_TRY(pop_types(inst, type.params));
      WRT_TRY(push_types(type.results));
      if (reachable()) WRT_TRY(emitter_.call(inst.index, type));
      return {};
    }
    case Opcode::call_indirect: {
      ValType table = WRT_TRY(table_type(inst, inst.pair.second));
      if (!is_subtype(table, ValType::funcref, module_)) {
        return error(ErrorCode::type_mismatch, inst).append_detail("table is not funcref");
      }
      if (inst.pair.first >= module_.types.size()) return error(ErrorCode::unknown_type, inst).append_detail_number(inst.pair.first);
      (void)WRT_TRY(pop(inst, stack_type(table_address(inst.pair.second))));
      FuncType type = module_.type(inst.pair.first);
      WRT_TRY(pop_types(inst, type.params));
      WRT_TRY(push_types(type.results));
      if (reachable()) WRT_TRY(emitter_.call_indirect(inst, type));
      return {};
    }
#if WRT_ENABLE_TAIL_CALL
    case Opcode::return_call: {
      if (inst.index >= module_.functions.size()) return error(ErrorCode::unknown_function, inst).append_detail_number(inst.index);
      FuncType type = module_.function_type(inst.index);
      WRT_TRY(pop_types(inst, type.params));
      WRT_TRY(tail_call_results(inst, type));
      if (reachable()) WRT_TRY(emitter_.return_call(inst.index, type));
      mark_unreachable();
      return {};
    }
    case Opcode::return_call_indirect: {
      ValType table = WRT_TRY(table_type(inst, inst.pair.second));
      if (!is_subtype(table, ValType::funcref, module_)) return error(ErrorCode::type_mismatch, inst).append_detail("table is not funcref");
      if (inst.pair.first >= module_.types.size()) return error(ErrorCode::unknown_type, inst).append_detail_number(inst.pair.first);
      (void)WRT_TRY(pop(inst, stack_type(table_address(inst.pair.second))));
      FuncType type = module_.type(inst.pair.first);
      WRT_TRY(pop_types(inst, type.params));
      WRT_TRY(tail_call_results(inst, type));
      if (reachable()) WRT_TRY(emitter_.return_call_indirect(inst, type));
      mark_unreachable();
      return {};
    }
#if WRT_ENABLE_FUNCTION_REFERENCES
    case Opcode::return_call_ref: {
      if (inst.index >= module_.types.size()) return error(ErrorCode::unknown_type, inst).append_detail_number(inst.index);
      (void)WRT_TRY(pop(inst, stack_type(make_ref(true, inst.index))));
      FuncType type = module_.type(inst.index);
      WRT_TRY(pop_types(inst, type.params));
      WRT_TRY(tail_call_results(inst, type));
      if (reachable()) WRT_TRY(emitter_.return_call_ref(inst, type));
      mark_unreachable();
      return {};
    }
#endif
#endif
#if WRT_ENABLE_WIDE_ARITHMETIC
    case Opcode::i64_add128:
    case Opcode::i64_sub128:
    case Opcode::i64_mul_wide_s:
    case Opcode::i64_mul_wide_u: {
      static constexpr ValType kI64s[] = {ValType::i64, ValType::i64, ValType::i64, ValType::i64};
      const bool pairs = inst.op == Opcode::i64_add128 || inst.op == Opcode::i64_sub128;
      WRT_TRY(pop_types(inst, std::span<const ValType>(kI64s, pairs ? 4 : 2)));
      WRT_TRY(push_types(std::span<const ValType>(kI64s, 2)));
      if (reachable()) WRT_TRY(emitter_.wide_arithmetic(inst));
      return {};
    }
#endif
    case Opcode::drop: {
      StackType t = WRT_TRY(pop(inst));
      if (reachable()) WRT_TRY(emitter_.drop(static_cast<ValType>(t)));
      return {};
    }
    case Opcode::select:
    case Opcode::select_t: {
      StackType expected = kUnknownType;
      if (inst.op == Opcode::select_t) {
        if (inst.select.count != 1) return error(ErrorCode::invalid_result_arity, inst);
        expected = stack_type(inst.select.type);
        WRT_TRY(check_type(inst, inst.select.type));
      }
      (void)WRT_TRY(pop(inst, stack_type(ValType::i32)));
      StackType t1 = WRT_TRY(pop(inst, expected));
      StackType t2 = WRT_TRY(pop(inst, expected));
      if (inst.op == Opcode::select) {
        // Untyped select is for numbers and vectors only.
        auto is_ref = [](StackType t) { return t != kUnknownType && is_reference(static_cast<ValType>(t)); };
        if (is_ref(t1) || is_ref(t2)) return error(ErrorCode::type_mismatch, inst).append_detail("select needs a type for references");
        if (t1 != t2 && t1 != kUnknownType && t2 != kUnknownType) return mismatch(inst, t1, t2);
      }
      StackType result = inst.op == Opcode::select_t ? expected : t1 == kUnknownType ? t2 : t1;
      WRT_TRY(push(result));
      if (reachable()) WRT_TRY(emitter_.select(static_cast<ValType>(result)));
      return {};
    }
    case Opcode::local_get: {
      ValType t = WRT_TRY(local_type(inst));
      if (tracks_inits() && scratch_.local_set[inst.index] == 0) {
        return error(ErrorCode::uninitialized_local, inst).append_detail_number(inst.index);
      }
      WRT_TRY(scratch_.operands.push_back(stack_type(t)));
      if (reachable()) WRT_TRY(emitter_.local_get(inst.index, t));
      return {};
    }
    case Opcode::local_set: {
      ValType t = WRT_TRY(local_type(inst));
      (void)WRT_TRY(pop(inst, stack_type(t)));
      if (tracks_inits()) WRT_TRY(set_local(inst.index));
      if (reachable()) WRT_TRY(emitter_.local_set(inst.index, t));
      return {};
    }
    case Opcode::local_tee: {
      ValType t = WRT_TRY(local_type(inst));
      (void)WRT_TRY(pop(inst, stack_type(t)));
      if (tracks_inits()) WRT_TRY(set_local(inst.index));
      WRT_TRY(push(stack_type(t)));
      if (reachable()) WRT_TRY(emitter_.local_tee(inst.index, t));
      return {};
    }
    case Opcode::global_get: {
      if (inst.index >= module_.globals.size()) return error(ErrorCode::unknown_global, inst).append_detail_number(inst.index);
      ValType t = module_.globals[inst.index].type.type;
      WRT_TRY(scratch_.operands.push_back(stack_type(t)));
      if (reachable()) WRT_TRY(emitter_.global_get(inst.index, t));
      return {};
    }
    case Opcode::global_set: {
      if (inst.index >= module_.globals.size()) return error(ErrorCode::unknown_global, inst).append_detail_number(inst.index);
      const GlobalType& g = module_.globals[inst.index].type;
      if (!g.is_mutable) return error(ErrorCode::immutable_global, inst).append_detail_number(inst.index);
      (void)WRT_TRY(pop(inst, stack_type(g.type)));
      if (reachable()) WRT_TRY(emitter_.global_set(inst.index, g.type));
      return {};
    }
    case Opcode::table_get: {
      ValType t = WRT_TRY(table_type(inst, inst.index));
      (void)WRT_TRY(pop(inst, stack_type(table_address(inst.index))));
      WRT_TRY(push(stack_type(t)));
      if (reachable()) WRT_TRY(emitter_.table(inst, t));
      return {};
    }
    case Opcode::table_set: {
      ValType t = WRT_TRY(table_type(inst, inst.index));
      (void)WRT_TRY(pop(inst, stack_type(t)));
      (void)WRT_TRY(pop(inst, stack_type(table_address(inst.index))));
      if (reachable()) WRT_TRY(emitter_.table(inst, t));
      return {};
    }
    case Opcode::table_grow: {
      ValType t = WRT_TRY(table_type(inst, inst.index));
      (void)WRT_TRY(pop(inst, stack_type(table_address(inst.index))));
      (void)WRT_TRY(pop(inst, stack_type(t)));
      WRT_TRY(push(stack_type(table_address(inst.index))));
      if (reachable()) WRT_TRY(emitter_.table(inst, t));
      return {};
    }
    case Opcode::table_fill: {
      ValType t = WRT_TRY(table_type(inst, inst.index));
      (void)WRT_TRY(pop(inst, stack_type(table_address(inst.index))));
      (void)WRT_TRY(pop(inst, stack_type(t)));
      (void)WRT_TRY(pop(inst, stack_type(table_address(inst.index))));
      if (reachable()) WRT_TRY(emitter_.table(inst, t));
      return {};
    }
    case Opcode::ref_null:
      WRT_TRY(check_type(inst, inst.ref_type));
      WRT_TRY(push(stack_type(inst.ref_type)));
      if (reachable()) WRT_TRY(emitter_.reference(inst, inst.ref_type));
      return {};
    case Opcode::ref_is_null: {
      StackType t = WRT_TRY(pop_reference(inst));
      WRT_TRY(push(stack_type(ValType::i32)));
      if (reachable()) WRT_TRY(emitter_.reference(inst, t == kUnknownType ? ValType::funcref : static_cast<ValType>(t)));
      return {};
    }
    case Opcode::ref_func:
      if (inst.index >= module_.functions.size()) return error(ErrorCode::unknown_function, inst).append_detail_number(inst.index);
      if (!ctx_.is_declared_reference(inst.index)) {
        return error(ErrorCode::undeclared_function_ref, inst).append_detail_number(inst.index);
      }
      {
        // With typed function references, ref.func has the function's own type: (ref $t).
        const ValType t = WRT_ENABLE_FUNCTION_REFERENCES && ctx_.features.function_references
                              ? make_ref(false, module_.functions[inst.index])
                              : ValType::funcref;
        WRT_TRY(push(stack_type(t)));
        if (reachable()) WRT_TRY(emitter_.reference(inst, t));
      }
      return {};
#if WRT_ENABLE_FUNCTION_REFERENCES
    case Opcode::ref_as_non_null: {
      StackType t = WRT_TRY(pop_reference(inst));
      WRT_TRY(push(t == kUnknownType ? kUnknownType : stack_type(with_nullable(static_cast<ValType>(t), false))));
      if (reachable()) WRT_TRY(emitter_.ref_as_non_null());
      return {};
    }
    case Opcode::br_on_null: {
      const ControlFrame* target = WRT_TRY(label(inst, inst.index));
      StackType t = WRT_TRY(pop_reference(inst));
      auto types = label_types(*target);
      WRT_TRY(pop_types(inst, types));
      WRT_TRY(push_types(types));
      WRT_TRY(push(t == kUnknownType ? kUnknownType : stack_type(with_nullable(static_cast<ValType>(t), false))));
      if (reachable()) WRT_TRY(emitter_.br_on_null(inst.index));
      return {};
    }
    case Opcode::br_on_non_null: {
      const ControlFrame* target = WRT_TRY(label(inst, inst.index));
      StackType t = WRT_TRY(pop_reference(inst));
      auto types = label_types(*target);
      if (types.empty() || !is_reference(types.back())) {
        return error(ErrorCode::type_mismatch, inst).append_detail("the label does not take a reference last");
      }
      if (t != kUnknownType && !matches(stack_type(with_nullable(static_cast<ValType>(t), false)), stack_type(types.back()))) {
        return mismatch(inst, stack_type(types.back()), t);
      }
      auto rest = types.first(types.size() - 1);
      WRT_TRY(pop_types(inst, rest));
      WRT_TRY(push_types(rest));
      if (reachable()) WRT_TRY(emitter_.br_on_non_null(inst.index));
      return {};
    }
    case Opcode::call_ref: {
      if (inst.index >= module_.types.size()) return error(ErrorCode::unknown_type, inst).append_detail_number(inst.index);
      (void)WRT_TRY(pop(inst, stack_type(make_ref(true, inst.index))));
      FuncType type = module_.type(inst.index);
      WRT_TRY(pop_types(inst, type.params));
      WRT_TRY(push_types(type.results));
      if (reachable()) WRT_TRY(emitter_.call_ref(inst, type));
      return {};
    }
#endif
#if WRT_ENABLE_EXCEPTIONS  // compiled out, the decoder has no such opcodes
    case Opcode::throw_:
    case Opcode::throw_ref:
    case Opcode::try_table:
    case Opcode::try_:
    case Opcode::catch_:
    case Opcode::catch_all:
    case Opcode::delegate:
    case Opcode::rethrow:
      return step_exception(inst);
#endif
    default:
      return error(ErrorCode::invalid, inst).append_detail("unhandled instruction");
  }
}

#if WRT_ENABLE_EXCEPTIONS
// Exception handling (WebAssembly 3.0) and its legacy instructions.
template <typename Emitter>
Result<void> FunctionValidator<Emitter>::step_exception(const Instruction& inst) noexcept {
  using Kind = ControlFrame::Kind;
  switch (inst.op) {
    case Opcode::throw_: {
      FuncType type = WRT_TRY(tag_type(inst, inst.index));
      WRT_TRY(pop_types(inst, type.params));
      if (reachable()) WRT_TRY(emitter_.throw_(inst.index, type));
      mark_unreachable();
      return {};
    }
    case Opcode::throw_ref:
      (void)WRT_TRY(pop(inst, stack_type(ValType::exnref)));
      if (reachable()) WRT_TRY(emitter_.throw_ref());
      mark_unreachable();
      return {};
    case Opcode::try_table:
    case Opcode::try_: {
      const BlockType& type = inst.op == Opcode::try_table ? inst.try_table.block : inst.block;
      if (type.kind == BlockTypeKind::type_index && type.type_index >= module_.types.size()) {
        return error(ErrorCode::unknown_type, inst).append_detail_number(type.type_index);
      }
      if (inst.op == Opcode::try_table) {
        // The clauses' labels are those around the try_table.
        CatchReader clauses(inst);
        for (std::uint32_t i = 0; i < inst.try_table.count; ++i) {
          CatchClause c = clauses.next();
          FuncType payload{};
          if (c.has_tag()) payload = WRT_TRY(tag_type(inst, c.tag));
          const ControlFrame* target = WRT_TRY(label(inst, c.label));
          if (!same_types(label_types(*target), payload.params, c.has_ref())) {
            return error(ErrorCode::type_mismatch, inst).append_detail("catch clause does not match its label");
          }
        }
      }
      FuncType params{};
      if (type.kind == BlockTypeKind::type_index) params = module_.type(type.type_index);
      WRT_TRY(pop_types(inst, params.params));
      bool was_reachable = reachable();
      WRT_TRY(push_frame(inst.op == Opcode::try_table ? Kind::try_table : Kind::try_, type, inst));
      if (inst.op == Opcode::try_table) return emitter_.try_table(scratch_.frames.back(), inst, was_reachable);
      return emitter_.try_(scratch_.frames.back(), was_reachable);
    }
    case Opcode::catch_:
    case Opcode::catch_all: {
      Kind kind = scratch_.frames.back().kind;
      if (kind != Kind::try_ && kind != Kind::catch_) {
        return error(ErrorCode::type_mismatch, inst).append_detail(kind == Kind::catch_all ? "catch after catch_all" : "catch without try");
      }
      FuncType payload{};
      if (inst.op == Opcode::catch_) payload = WRT_TRY(tag_type(inst, inst.index));
      bool was_reachable = reachable();
      ControlFrame frame = WRT_TRY(pop_frame(inst));
      frame.kind = inst.op == Opcode::catch_ ? Kind::catch_ : Kind::catch_all;
      frame.unreachable = false;
      frame.height = static_cast<std::uint32_t>(scratch_.operands.size());
      WRT_TRY(scratch_.frames.push_back(frame));
      WRT_TRY(push_types(payload.params));
      if (inst.op == Opcode::catch_) return emitter_.catch_(scratch_.frames.back(), inst.index, was_reachable);
      return emitter_.catch_all(scratch_.frames.back(), was_reachable);
    }
    case Opcode::delegate: {
      if (scratch_.frames.back().kind != Kind::try_) return error(ErrorCode::type_mismatch, inst).append_detail("delegate without try");
      bool was_reachable = reachable();
      ControlFrame frame = WRT_TRY(pop_frame(inst));
      // The label is one around the try (the function's label included).
      (void)WRT_TRY(label(inst, inst.index));
      WRT_TRY(push_types(end_types(frame)));
      return emitter_.delegate(frame, inst.index, was_reachable);
    }
    case Opcode::rethrow: {
      const ControlFrame* target = WRT_TRY(label(inst, inst.index));
      if (target->kind != Kind::catch_ && target->kind != Kind::catch_all) {
        return error(ErrorCode::invalid, inst).append_detail("invalid rethrow label");
      }
      if (reachable()) WRT_TRY(emitter_.rethrow(inst.index));
      mark_unreachable();
      return {};
    }
    default:
      return error(ErrorCode::invalid, inst).append_detail("unhandled instruction");
  }
}
#endif  // WRT_ENABLE_EXCEPTIONS

}  // namespace wrt
