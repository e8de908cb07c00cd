// Translator: the validator's emitter that writes the interpreter's code for a function.
//
// It mirrors the operand stack with Operands that say where each value is: in its own frame
// slot (its "home", fixed by the stack height, as the validator computes it), still in a local
// (local.get costs nothing until the local changes or the value must move), or a constant not
// yet written anywhere. Instructions address their operands by slot, so most local.get and
// constants disappear into the instructions that use them, and a result consumed by local.set
// is written straight into the local. At block boundaries and calls, pending values are
// written to their homes, so every label sees one layout. See docs/interpreter.md.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>

#include <wrt/decoder/instruction.hpp>
#include <wrt/decoder/module.hpp>
#include <wrt/error/result.hpp>
#include <wrt/foundation/vec.hpp>
#include <wrt/validator/function_validator.hpp>

#include "runtime/code.hpp"

namespace wrt {

struct TranslatorOperand {
  enum class Kind : std::uint8_t { stack, local, constant };
  Kind kind = Kind::stack;
  ValType type = ValType::i32;
  std::uint32_t home = 0;        // its slot when on the stack
  std::uint32_t local_slot = 0;  // kind == local
  std::uint64_t bits[2] = {0, 0};  // kind == constant
};

struct TranslatorLabel {
  ControlFrame::Kind kind = ControlFrame::Kind::block;
  bool dead = false;         // opened in unreachable code: nothing inside is emitted
  bool unreachable = false;  // the rest of this block follows an unconditional branch
  bool has_else = false;
  BlockType type;
  std::uint32_t operand_base = 0;  // operand stack size below the block's parameters
  std::uint32_t slot_base = 0;     // slot height below the block's parameters
  std::uint32_t fixups = 0;        // pending forward branches (a chain through their offset words)
  std::uint32_t else_fixup = 0;    // if: the branch to the else (or end)
  std::uint32_t loop_start = 0;    // loop: the position branches jump back to
  // Exception handling: where the try's range starts and (legacy try) ends; try_table's clauses.
  // Compiled out (WRT_ENABLE_EXCEPTIONS = 0), labels keep none of it (translation scratch).
#if WRT_ENABLE_EXCEPTIONS
  std::uint32_t try_start = 0;
  std::uint32_t try_end = 0;
  bool in_catch = false;           // legacy try: in a catch body (the exnref is at slot_base)
  std::uint32_t catch_entry = 0;   // legacy try in a catch body: its HandlerEntry
  const std::uint8_t* clauses = nullptr;
  std::uint32_t clause_count = 0;
  std::uint32_t clause_bytes = 0;
#else
  static constexpr bool in_catch = false;
#endif
};

// A constant a function's loops read: kept in a frame slot of its own (the constant pool),
// written once when the function is entered instead of on every iteration.
struct TranslatorPoolEntry {
  ValType type = ValType::i32;
  std::uint64_t bits[2] = {0, 0};
  std::uint32_t slot = 0;
};

// Buffers reused across the functions of a module.
struct TranslatorScratch {
  explicit TranslatorScratch(Allocator& allocator) noexcept
      : code(allocator), offsets(allocator), operands(allocator), labels(allocator), local_slots(allocator),
        trampolines(allocator), pool(allocator), zero_locals(allocator), handlers(allocator), saved_operands(allocator) {}
  Vec<CodeWord> code;
  Vec<OffsetEntry> offsets;
  Vec<TranslatorOperand> operands;
  Vec<TranslatorLabel> labels;
  Vec<std::uint32_t> local_slots;
  Vec<std::uint32_t> trampolines;  // br_table: a shared trampoline per target label
  Vec<TranslatorPoolEntry> pool;
  Vec<std::uint8_t> zero_locals;  // per local: still zero (see straight_line_)
  [[no_unique_address]] VecIf<kExceptions, HandlerEntry> handlers;     // exception handling: the function's catch clauses
  [[no_unique_address]] VecIf<kExceptions, TranslatorOperand> saved_operands;  // catch pads: the operands below a try_table
};

class Translator {
 public:
  // `handlers` maps each Op to its handler word(s) (interpreter addresses, or Op numbers in the
  // switch build). `metered` adds fuel accounting.
  Translator(const ModuleDescription& module, TranslatorScratch& scratch, const void* const* handlers, bool metered) noexcept;

  // Emitter hooks (see FunctionValidator).
  void begin_function(std::uint32_t function_index, FuncType type, std::span<const ValType> locals) noexcept;
  void begin_instruction(const Instruction& inst) noexcept;
  Result<void> end_function() noexcept { return {}; }
  Result<void> simple(const Instruction& inst) noexcept;
  Result<void> constant(const Instruction& inst) noexcept;
  Result<void> local_get(std::uint32_t index, ValType type) noexcept;
  Result<void> local_set(std::uint32_t index, ValType type) noexcept;
  Result<void> local_tee(std::uint32_t index, ValType type) noexcept;
  Result<void> global_get(std::uint32_t index, ValType type) noexcept;
  Result<void> global_set(std::uint32_t index, ValType type) noexcept;
  Result<void> drop(ValType type) noexcept;
  Result<void> select(ValType type) noexcept;
  Result<void> call(std::uint32_t function_index, FuncType type) noexcept;
  Result<void> call_indirect(const Instruction& inst, FuncType type) noexcept;
#if WRT_ENABLE_WIDE_ARITHMETIC
  Result<void> wide_arithmetic(const Instruction& inst) noexcept;
#endif
#if WRT_ENABLE_TAIL_CALL
  Result<void> return_call(std::uint32_t function_index, FuncType type) noexcept;
  Result<void> return_call_indirect(const Instruction& inst, FuncType type) noexcept;
  Result<void> return_call_ref(const Instruction& inst, FuncType type) noexcept;
#endif
  Result<void> call_ref(const Instruction& inst, FuncType type) noexcept;
  Result<void> ref_as_non_null() noexcept;
  Result<void> br_on_null(std::uint32_t depth) noexcept;
  Result<void> br_on_non_null(std::uint32_t depth) noexcept;
  Result<void> reference(const Instruction& inst, ValType type) noexcept;
  Result<void> table(const Instruction& inst, ValType type) noexcept;
  Result<void> unreachable() noexcept;
  Result<void> return_() noexcept;
  Result<void> br(std::uint32_t depth) noexcept;
  Result<void> br_if(std::uint32_t depth) noexcept;
  Result<void> br_table(const Instruction& inst) noexcept;
  Result<void> block(const ControlFrame& frame, bool reachable) noexcept;
  Result<void> loop(const ControlFrame& frame, bool reachable) noexcept;
  Result<void> if_(const ControlFrame& frame, bool reachable) noexcept;
  Result<void> else_(const ControlFrame& frame, bool reachable_before) noexcept;
  Result<void> end(const ControlFrame& frame, bool reachable_before) noexcept;
  // Exception handling (translator_exceptions.cpp).
  Result<void> try_table(const ControlFrame& frame, const Instruction& inst, bool reachable) noexcept;
  Result<void> throw_(std::uint32_t tag, FuncType tag_type) noexcept;
  Result<void> throw_ref() noexcept;
  Result<void> try_(const ControlFrame& frame, bool reachable) noexcept;
  Result<void> catch_(const ControlFrame& frame, std::uint32_t tag, bool reachable_before) noexcept;
  Result<void> catch_all(const ControlFrame& frame, bool reachable_before) noexcept;
  Result<void> delegate(const ControlFrame& frame, std::uint32_t depth, bool reachable_before) noexcept;
  Result<void> rethrow(std::uint32_t depth) noexcept;

  // The finished function, copied into `allocator`.
  Result<CompiledFunction*> finish(Allocator& allocator) noexcept;

  // Constants that loops read were found: translating the function again with them in a
  // constant pool gives faster code (the caller validates the body once more).
  [[nodiscard]] bool wants_constant_pool() const noexcept {
    return WRT_FUSED_OPS && !pool_pass_ && !scratch_.pool.empty();
  }
  void use_constant_pool() noexcept { pool_pass_ = true; }

 private:
  using Operand = TranslatorOperand;
  using Label = TranslatorLabel;
  static constexpr std::uint32_t kNoFixup = 0xFFFFFFFFu;
  static constexpr std::uint32_t kNoPosition = 0xFFFFFFFFu;

  [[nodiscard]] bool live() const noexcept;
  [[nodiscard]] std::uint32_t position() const noexcept { return static_cast<std::uint32_t>(code_.size()); }

  // Emission; a failed allocation is remembered and reported by finish().
  void word(CodeWord w) noexcept;
  void handler(Op op) noexcept;
  void copy(std::uint32_t dst, std::uint32_t src, ValType type) noexcept;
  void constant_to(std::uint32_t dst, const Operand& constant) noexcept;

  // The operand stack mirror.
  void push(ValType type, Operand::Kind kind = Operand::Kind::stack) noexcept;
  Operand pop() noexcept;
  void materialize(Operand& operand) noexcept;
  void materialize_all() noexcept;
  void materialize_top(std::size_t count) noexcept;
  // A slot the value can be read from (materializing constants).
  std::uint32_t readable_slot(Operand& operand) noexcept;
  // Pops the top operand and returns a slot its value can be read from.
  std::uint32_t pop_readable() noexcept;
  // Constant pool: notes a constant read in a loop (first pass); its pool slot (second pass).
  void note_pool_constant(const Operand& constant) noexcept;
  [[nodiscard]] const TranslatorPoolEntry* pool_entry(const Operand& constant) const noexcept;
  // Writes pending copies of local `slot` before it changes.
  void flush_local(std::uint32_t local_slot) noexcept;

  // Calls: `op`, the words naming the callee, then the slot where the callee's frame starts.
  Result<void> emit_call(Op op, std::initializer_list<CodeWord> callee, FuncType type, bool tail) noexcept;

  // Branches and labels.
  [[nodiscard]] std::span<const ValType> params_of(const Label& label) const noexcept;
  [[nodiscard]] std::span<const ValType> results_of(const Label& label) const noexcept;
  [[nodiscard]] std::span<const ValType> branch_types(const Label& label) const noexcept;
  // Moves the top `slots` slots down to `target` (no-op when already there).
  void move_down(std::uint32_t from, std::uint32_t target, std::uint32_t slots) noexcept;
  // Emits the offset word of a branch to `label` (patched later for forward branches).
  void branch_offset(Label& label) noexcept;
  void bind(std::uint32_t fixups) noexcept;
  void emit_branch_values(Label& label) noexcept;  // materialize and move values for a branch
  // A conditional branch to the label `depth` out, its values on top of the operand stack:
  // `taken` jumps when the condition holds, `not_taken` when it does not (both test `cond`).
  void conditional_branch(std::uint32_t depth, Op taken, Op not_taken, std::uint32_t cond) noexcept;
  void mark_unreachable() noexcept;
  void start_fuel_block() noexcept;
  // Whether `o` is the value the instruction just emitted wrote (so that instruction can be
  // retargeted or fused with the one consuming `o`).
  [[nodiscard]] bool just_produced(const Operand& o) const noexcept {
    return o.kind == Operand::Kind::stack && !out_of_memory_ && producer_end_ == position() &&
           code_[producer_dst_] == o.home;
  }
  // Whether the instruction just emitted was `last_op_` (fusions start from it).
  [[nodiscard]] bool last_is_fusible() const noexcept {
    return last_end_ == position() && producer_end_ == position() && !out_of_memory_;
  }
  void remember_last(std::uint32_t start, Opcode op, bool immediate) noexcept {
    last_start_ = start;
    last_end_ = position();
    last_op_ = op;
    last_immediate_ = immediate;
  }
  void forget_producer() noexcept {
    producer_end_ = kNoPosition;
    last_end_ = kNoPosition;
  }

  // Exception handling: the landing pads of a try_table just closed (`closed`), after its end.
  void emit_catch_pads(const Label& closed, std::uint32_t range_end) noexcept;
  // A legacy catch or catch_all: ends the try body (or the previous catch body), starts a pad.
  void begin_legacy_catch(bool has_tag, std::uint32_t tag) noexcept;
  // A legacy catch body that falls through ends: its exception is released (x_release_held).
  void release_held(const Label& label) noexcept;
  void add_handler(const HandlerEntry& entry) noexcept;

  // A memory instruction on other than the fast memory (memory 0, 32-bit, 64 KiB pages): x_far.
  [[nodiscard]] bool needs_far(const Instruction& inst) const noexcept;
  Result<void> far_memory(const Instruction& inst) noexcept;

  // Fused operations (WRT_FUSED_OPS).
  // Emits a binary operation with a constant operand as one instruction, if it has that form.
  bool immediate_form(Opcode op) noexcept;
  // i32.shl k followed by i32.shr_s/shr_u k: one sign extension or mask.
  bool extension_form(Opcode op) noexcept;
  // Emits an add or sub of the product just computed as one multiply-add instruction, if so.
  bool multiply_form(Opcode op) noexcept;
  // The comparison that computed the condition on top of the operand stack, if it was the last
  // instruction emitted: a branch on the condition can test it directly.
  struct FusibleCondition {
    bool valid = false;
    Opcode compare = Opcode::nop;  // a comparison, or i32_eqz
    bool immediate = false;        // b is a constant (the _imm form)
    std::uint32_t start = 0;       // where the comparison's instruction starts
    std::uint32_t a = 0;
    std::uint32_t b = 0;
  };
  [[nodiscard]] FusibleCondition fusible_condition() const noexcept;
  // Replaces the comparison by a branch taken when it is `when`; the caller emits the offset.
  // False when something was emitted after the comparison (then nothing changes).
  bool fuse_branch(const FusibleCondition& condition, bool when) noexcept;

  const ModuleDescription& module_;
  TranslatorScratch& scratch_;
  Vec<CodeWord>& code_;
  Vec<TranslatorOperand>& operands_;
  Vec<TranslatorLabel>& labels_;
  const void* const* handlers_;
  bool metered_;
  bool out_of_memory_ = false;

  FuncType type_{};
  std::uint32_t param_slots_ = 0;
  std::uint32_t declared_slots_ = 0;  // parameters and declared locals (zeroed on entry)
  std::uint32_t local_slots_ = 0;     // those and the constant pool: the operand stack starts here
  std::uint32_t pool_slots_ = 0;
  bool pool_pass_ = false;
  std::uint32_t loop_depth_ = 0;      // loops open around the current instruction
  bool straight_line_ = false;        // no loop or join since the entry: zero_locals is exact
  std::uint32_t height_ = 0;      // stack height in slots
  std::uint32_t max_height_ = 0;
  std::uint32_t pending_ = 0;     // operands that are locals or constants
  std::uint32_t current_offset_ = 0;
  bool current_may_trap_ = false;

  // The last instruction wrote its result to the home of the top operand: local.set can
  // retarget it (its destination word is at producer_dst_).
  std::uint32_t producer_end_ = kNoPosition;
  std::uint32_t producer_dst_ = 0;
  // The last instruction emitted was the WebAssembly instruction last_op_ (in its _imm form if
  // last_immediate_), from last_start_ to last_end_: a comparison a branch can fuse with, or an
  // i32.add a memory access can.
  std::uint32_t last_end_ = kNoPosition;
  std::uint32_t last_start_ = 0;
  Opcode last_op_ = Opcode::nop;
  bool last_immediate_ = false;

  std::uint32_t fuel_word_ = kNoPosition;  // the count word of the current block's fuel
  std::uint32_t fuel_count_ = 0;
};

}  // namespace wrt
