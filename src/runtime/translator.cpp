#include "runtime/translator.hpp"

#include <cstring>
#include <new>

namespace wrt {

namespace {

// --- fused operations: which forms exist -----------------------------------------------------

// The single fused operations (they exist only with WRT_FUSED_OPS; the translator never emits
// them otherwise, since no fusion is found).
#if WRT_FUSED_OPS
constexpr Op kSelect64 = Op::x_select64;
constexpr Op kBrEqz64 = Op::x_br_eqz64;
constexpr Op kBrNez64 = Op::x_br_nez64;
constexpr Op kSext32 = Op::x_sext32;
#else
constexpr Op kSelect64 = Op::x_invalid;
constexpr Op kBrEqz64 = Op::x_invalid;
constexpr Op kBrNez64 = Op::x_invalid;
constexpr Op kSext32 = Op::x_invalid;
#endif

[[nodiscard]] constexpr Op immediate_op(Opcode op) noexcept {
  switch (op) {
#if WRT_FUSED_OPS
#define WRT_X(family, id) \
  case Opcode::id: return Op::family##_##id;
    WRT_IMM_OPS(WRT_X, imm)
#undef WRT_X
#endif
    default: return Op::x_invalid;
  }
}

[[nodiscard]] constexpr Op branch_op(Opcode compare, [[maybe_unused]] bool immediate) noexcept {
  switch (compare) {
#if WRT_FUSED_OPS
#define WRT_X(family, id) \
  case Opcode::id: return immediate ? Op::br_imm_##id : Op::br_##id;
    WRT_COMPARES(WRT_X, unused)
#undef WRT_X
#endif
    default: return Op::x_invalid;
  }
}

[[nodiscard]] constexpr Op indexed_op(Opcode op, [[maybe_unused]] bool displaced) noexcept {
  switch (op) {
#if WRT_FUSED_OPS
#define WRT_X(family, id) \
  case Opcode::id: return displaced ? Op::disp_##id : Op::idx_##id;
    WRT_INDEXED_ACCESSES(WRT_X, unused)
#undef WRT_X
#endif
    default: return Op::x_invalid;
  }
}

[[nodiscard]] constexpr Op select_op(Opcode compare, [[maybe_unused]] bool immediate) noexcept {
  switch (compare) {
#if WRT_FUSED_OPS
#define WRT_X(family, id) \
  case Opcode::id: return immediate ? Op::sel_imm_##id : Op::sel_##id;
    WRT_I32_COMPARES(WRT_X, unused)
#undef WRT_X
#endif
    default: return Op::x_invalid;
  }
}

// The fused form of `op` (an add or a sub) applied to the product just computed: madd, msub
// (product - c) or mrsub (c - product), by the multiplication's opcode.
[[nodiscard]] constexpr Op multiply_op(Opcode mul, [[maybe_unused]] int kind) noexcept {
  switch (mul) {
#if WRT_FUSED_OPS
#define WRT_X(family, id) \
  case Opcode::id: return kind == 0 ? Op::madd_##id : kind == 1 ? Op::msub_##id : Op::mrsub_##id;
    WRT_MULTIPLIES(WRT_X, unused)
#undef WRT_X
#endif
    default: return Op::x_invalid;
  }
}

// The multiplication whose result an add or sub of the same type can take in: i32.add -> i32.mul.
[[nodiscard]] constexpr Opcode product_of(Opcode op, bool& subtract) noexcept {
  subtract = false;
  switch (op) {
    case Opcode::i32_add: return Opcode::i32_mul;
    case Opcode::i64_add: return Opcode::i64_mul;
    case Opcode::f32_add: return Opcode::f32_mul;
    case Opcode::f64_add: return Opcode::f64_mul;
    case Opcode::i32_sub: subtract = true; return Opcode::i32_mul;
    case Opcode::i64_sub: subtract = true; return Opcode::i64_mul;
    case Opcode::f32_sub: subtract = true; return Opcode::f32_mul;
    case Opcode::f64_sub: subtract = true; return Opcode::f64_mul;
    default: return Opcode::nop;
  }
}

[[nodiscard]] constexpr bool is_commutative(Opcode op) noexcept {
  switch (op) {
    case Opcode::i32_add: case Opcode::i32_mul: case Opcode::i32_and: case Opcode::i32_or: case Opcode::i32_xor:
    case Opcode::i32_eq: case Opcode::i32_ne:
    case Opcode::i64_add: case Opcode::i64_mul: case Opcode::i64_and: case Opcode::i64_or: case Opcode::i64_xor:
    case Opcode::i64_eq: case Opcode::i64_ne:
      return true;
    default:
      return false;
  }
}

// The comparison with its operands swapped (a < b is b > a), or nop when there is none.
[[nodiscard]] constexpr Opcode mirrored(Opcode op) noexcept {
  switch (op) {
#define WRT_MIRROR(T)                                           \
  case Opcode::T##_lt_s: return Opcode::T##_gt_s;               \
  case Opcode::T##_lt_u: return Opcode::T##_gt_u;               \
  case Opcode::T##_gt_s: return Opcode::T##_lt_s;               \
  case Opcode::T##_gt_u: return Opcode::T##_lt_u;               \
  case Opcode::T##_le_s: return Opcode::T##_ge_s;               \
  case Opcode::T##_le_u: return Opcode::T##_ge_u;               \
  case Opcode::T##_ge_s: return Opcode::T##_le_s;               \
  case Opcode::T##_ge_u: return Opcode::T##_le_u;
    WRT_MIRROR(i32)
    WRT_MIRROR(i64)
#undef WRT_MIRROR
    default: return Opcode::nop;
  }
}

// The comparison that holds exactly when `op` does not.
[[nodiscard]] constexpr Opcode negated(Opcode op) noexcept {
  switch (op) {
#define WRT_NEGATE(T)                                           \
  case Opcode::T##_eq: return Opcode::T##_ne;                   \
  case Opcode::T##_ne: return Opcode::T##_eq;                   \
  case Opcode::T##_lt_s: return Opcode::T##_ge_s;               \
  case Opcode::T##_lt_u: return Opcode::T##_ge_u;               \
  case Opcode::T##_gt_s: return Opcode::T##_le_s;               \
  case Opcode::T##_gt_u: return Opcode::T##_le_u;               \
  case Opcode::T##_le_s: return Opcode::T##_gt_s;               \
  case Opcode::T##_le_u: return Opcode::T##_gt_u;               \
  case Opcode::T##_ge_s: return Opcode::T##_lt_s;               \
  case Opcode::T##_ge_u: return Opcode::T##_lt_u;
    WRT_NEGATE(i32)
    WRT_NEGATE(i64)
#undef WRT_NEGATE
    default: return Opcode::nop;
  }
}

// Whether a constant fits the 32-bit immediate word of `type` (i64 constants are sign-extended).
[[nodiscard]] bool fits_immediate(const TranslatorOperand& o) noexcept {
  if (o.kind != TranslatorOperand::Kind::constant) return false;
  if (o.type == ValType::i32) return true;
  auto low = static_cast<std::int32_t>(static_cast<std::uint32_t>(o.bits[0]));
  return o.type == ValType::i64 && static_cast<std::uint64_t>(static_cast<std::int64_t>(low)) == o.bits[0];
}

}  // namespace

Translator::Translator(const ModuleDescription& module, TranslatorScratch& scratch, const void* const* handlers,
                       bool metered) noexcept
    : module_(module),
      scratch_(scratch),
      code_(scratch.code),
      operands_(scratch.operands),
      labels_(scratch.labels),
      handlers_(handlers),
      metered_(metered) {}

// --- emission ------------------------------------------------------------------------------

void Translator::word(CodeWord w) noexcept {
  if (!code_.push_back(w)) out_of_memory_ = true;
}

void Translator::handler(Op op) noexcept {
  // Byte offsets are kept for the instructions that can trap or call, not every one: they are
  // what traps and backtraces report, and the table is a good part of a small module's code.
  Vec<OffsetEntry>& offsets = scratch_.offsets;
  if (current_may_trap_ && (offsets.empty() || offsets.back().wasm_offset != current_offset_)) {
    if (!offsets.push_back(OffsetEntry{position(), current_offset_})) out_of_memory_ = true;
  }
#if WRT_DISPATCH_COMPUTED_GOTO
  auto bits = reinterpret_cast<std::uintptr_t>(handlers_[op_index(op)]);
#else
  auto bits = static_cast<std::uintptr_t>(op);  // the switch build dispatches on the Op itself
#endif
  for (std::uint32_t i = 0; i < kHandlerWords; ++i) {
    word(static_cast<CodeWord>(static_cast<std::uint64_t>(bits) >> (32 * i)));
  }
}

void Translator::copy(std::uint32_t dst, std::uint32_t src, ValType type) noexcept {
  if (dst == src) return;
  handler(type == ValType::v128 ? Op::x_copy2 : Op::x_copy);
  word(dst);
  word(src);
  forget_producer();
}

void Translator::constant_to(std::uint32_t dst, const Operand& c) noexcept {
  if (c.type == ValType::v128) {
    handler(Op::x_const128);
    word(dst);
    for (int i = 0; i < 2; ++i) {
      word(static_cast<CodeWord>(c.bits[i]));
      word(static_cast<CodeWord>(c.bits[i] >> 32));
    }
  } else if ((c.bits[0] >> 32) == 0) {
    handler(Op::x_const32);
    word(dst);
    word(static_cast<CodeWord>(c.bits[0]));
  } else {
    handler(Op::x_const64);
    word(dst);
    word(static_cast<CodeWord>(c.bits[0]));
    word(static_cast<CodeWord>(c.bits[0] >> 32));
  }
  forget_producer();
}

// --- the operand stack mirror --------------------------------------------------------------

bool Translator::live() const noexcept {
  // After a failed allocation nothing more is emitted: finish() reports the failure.
  if (labels_.empty() || out_of_memory_) return false;
  const Label& top = labels_.back();
  return !top.dead && !top.unreachable;
}

void Translator::push(ValType type, Operand::Kind kind) noexcept {
  Operand o;
  o.kind = kind;
  o.type = type;
  o.home = height_;
  height_ += slot_count(type);
  if (height_ > max_height_) max_height_ = height_;
  if (kind != Operand::Kind::stack) ++pending_;
  if (!operands_.push_back(o)) out_of_memory_ = true;
}

Translator::Operand Translator::pop() noexcept {
  Operand o = operands_.back();
  operands_.pop_back();
  height_ -= slot_count(o.type);
  if (o.kind != Operand::Kind::stack) --pending_;
  return o;
}

void Translator::materialize(Operand& o) noexcept {
  if (o.kind == Operand::Kind::stack) return;
  if (o.kind == Operand::Kind::local) {
    copy(o.home, o.local_slot, o.type);
  } else {
    constant_to(o.home, o);
  }
  o.kind = Operand::Kind::stack;
  --pending_;
}

void Translator::materialize_all() noexcept {
  if (pending_ == 0) return;
  for (Operand& o : operands_) materialize(o);
}

void Translator::materialize_top(std::size_t count) noexcept {
  if (pending_ == 0) return;
  for (std::size_t i = operands_.size() - count; i < operands_.size(); ++i) materialize(operands_[i]);
}

void Translator::note_pool_constant(const Operand& o) noexcept {
  constexpr std::size_t kMaxPoolEntries = 32;
  if (!WRT_FUSED_OPS || loop_depth_ == 0 || pool_entry(o) != nullptr) return;
  if (scratch_.pool.size() >= kMaxPoolEntries) return;
  TranslatorPoolEntry e;
  e.type = o.type;
  e.bits[0] = o.bits[0];
  e.bits[1] = o.bits[1];
  if (!scratch_.pool.push_back(e)) out_of_memory_ = true;
}

const TranslatorPoolEntry* Translator::pool_entry(const Operand& o) const noexcept {
  for (const TranslatorPoolEntry& e : scratch_.pool) {
    if (e.type == o.type && e.bits[0] == o.bits[0] && (o.type != ValType::v128 || e.bits[1] == o.bits[1])) return &e;
  }
  return nullptr;
}

std::uint32_t Translator::readable_slot(Operand& o) noexcept {
  switch (o.kind) {
    case Operand::Kind::local: return o.local_slot;
    case Operand::Kind::constant:
      if (WRT_FUSED_OPS && pool_pass_) {
        if (const TranslatorPoolEntry* e = pool_entry(o)) return e->slot;
      } else if (WRT_FUSED_OPS) {
        note_pool_constant(o);
      }
      materialize(o);
      return o.home;
    case Operand::Kind::stack: return o.home;
  }
  return o.home;
}

void Translator::flush_local(std::uint32_t local_slot) noexcept {
  if (pending_ == 0) return;
  for (Operand& o : operands_) {
    if (o.kind == Operand::Kind::local && o.local_slot == local_slot) materialize(o);
  }
}

// --- labels and branches -------------------------------------------------------------------

std::span<const ValType> Translator::params_of(const Label& label) const noexcept {
  if (label.kind == ControlFrame::Kind::function) return {};
  if (label.type.kind == BlockTypeKind::type_index) return module_.type(label.type.type_index).params;
  return {};
}

std::span<const ValType> Translator::results_of(const Label& label) const noexcept {
  if (label.kind == ControlFrame::Kind::function) return type_.results;
  switch (label.type.kind) {
    case BlockTypeKind::empty: return {};
    case BlockTypeKind::value: return {&label.type.value, 1};
    case BlockTypeKind::type_index: return module_.type(label.type.type_index).results;
  }
  return {};
}

std::span<const ValType> Translator::branch_types(const Label& label) const noexcept {
  return label.kind == ControlFrame::Kind::loop ? params_of(label) : results_of(label);
}

void Translator::move_down(std::uint32_t from, std::uint32_t target, std::uint32_t slots) noexcept {
  if (from == target) return;
  // Ascending single-slot copies are right even when the ranges overlap (target < from).
  for (std::uint32_t i = 0; i < slots; ++i) {
    handler(Op::x_copy);
    word(target + i);
    word(from + i);
  }
  forget_producer();
}

void Translator::branch_offset(Label& label) noexcept {
  std::uint32_t at = position();
  if (label.kind == ControlFrame::Kind::loop) {
    word(static_cast<CodeWord>(static_cast<std::int32_t>(label.loop_start) - static_cast<std::int32_t>(at)));
  } else {
    word(label.fixups);  // chained; bind() resolves
    label.fixups = at;
  }
}

void Translator::bind(std::uint32_t fixups) noexcept {
  if (fixups != kNoFixup) straight_line_ = false;  // a join: other paths may have written locals
  std::uint32_t target = position();
  std::uint32_t at = fixups;
  while (at != kNoFixup && !out_of_memory_) {
    std::uint32_t next = code_[at];
    code_[at] = static_cast<CodeWord>(static_cast<std::int32_t>(target) - static_cast<std::int32_t>(at));
    at = next;
  }
  forget_producer();
}

void Translator::emit_branch_values(Label& label) noexcept {
  auto types = branch_types(label);
  std::uint32_t target = label.kind == ControlFrame::Kind::function ? 0 : label.slot_base;
  if (types.size() == 1) {
    // The branch is unconditional, so whatever else is on the stack is dead: the instruction
    // that computed the value can write it where the label wants it.
    if (just_produced(operands_.back())) {
      code_[producer_dst_] = target;
      forget_producer();
      return;
    }
  }
  materialize_top(types.size());
  std::uint32_t from = types.empty() ? height_ : operands_[operands_.size() - types.size()].home;
  move_down(from, target, slot_count(types));
}

void Translator::mark_unreachable() noexcept {
  Label& label = labels_.back();
  label.unreachable = true;
  while (operands_.size() > label.operand_base) (void)pop();
  forget_producer();
}

void Translator::start_fuel_block() noexcept {
  if (!metered_) return;
  if (fuel_word_ != kNoPosition && !out_of_memory_) code_[fuel_word_] = fuel_count_;
  handler(Op::x_fuel);
  fuel_word_ = position();
  word(0);
  fuel_count_ = 0;
}

// --- hooks ---------------------------------------------------------------------------------

void Translator::begin_function(std::uint32_t /*function_index*/, FuncType type, std::span<const ValType> locals) noexcept {
  code_.clear();
  scratch_.offsets.clear();
  scratch_.handlers.clear();
  operands_.clear();
  labels_.clear();
  scratch_.local_slots.clear();
  out_of_memory_ = false;
  type_ = type;

  std::uint32_t slot = 0;
  if (!scratch_.local_slots.reserve(locals.size())) out_of_memory_ = true;
  for (std::size_t i = 0; i < locals.size(); ++i) {
    if (i == type.params.size()) param_slots_ = slot;
    if (!scratch_.local_slots.push_back(slot)) out_of_memory_ = true;
    slot += slot_count(locals[i]);
  }
  if (locals.size() == type.params.size()) param_slots_ = slot;
  declared_slots_ = slot;
  // Tracking zero locals is a speed optimization, like the fused operations (off in firmware).
  straight_line_ = false;
  if (WRT_FUSED_OPS) {
    straight_line_ = static_cast<bool>(scratch_.zero_locals.resize(locals.size()));
    if (!straight_line_) out_of_memory_ = true;
    for (std::size_t i = 0; i < scratch_.zero_locals.size(); ++i) {
      scratch_.zero_locals[i] = i >= type.params.size() ? 1 : 0;
    }
  }
  pool_slots_ = 0;
  if (WRT_FUSED_OPS && pool_pass_) {
    for (TranslatorPoolEntry& e : scratch_.pool) {
      e.slot = slot + pool_slots_;
      pool_slots_ += slot_count(e.type);
    }
  } else {
    scratch_.pool.clear();
  }
  local_slots_ = slot + pool_slots_;
  loop_depth_ = 0;
  height_ = max_height_ = local_slots_;
  pending_ = 0;
  forget_producer();

  Label function;
  function.kind = ControlFrame::Kind::function;
  function.slot_base = local_slots_;
  function.fixups = kNoFixup;
  function.else_fixup = kNoFixup;
  if (!labels_.push_back(function)) out_of_memory_ = true;

  fuel_word_ = kNoPosition;
  fuel_count_ = 0;
  start_fuel_block();
}

void Translator::begin_instruction(const Instruction& inst) noexcept {
  current_offset_ = inst.offset;
  current_may_trap_ = may_trap_or_call(inst.op);
  if (live()) ++fuel_count_;
}

Result<void> Translator::constant(const Instruction& inst) noexcept {
  if (!live()) return {};
  Operand o;
  switch (inst.op) {
    case Opcode::i32_const:
      o.type = ValType::i32;
      o.bits[0] = static_cast<std::uint32_t>(inst.i32);
      break;
    case Opcode::i64_const:
      o.type = ValType::i64;
      o.bits[0] = static_cast<std::uint64_t>(inst.i64);
      break;
    case Opcode::f32_const:
      o.type = ValType::f32;
      o.bits[0] = inst.f32_bits;
      break;
    case Opcode::f64_const:
      o.type = ValType::f64;
      o.bits[0] = inst.f64_bits;
      break;
    default:  // v128.const
      o.type = ValType::v128;
      std::memcpy(o.bits, inst.v128, 16);
      break;
  }
  push(o.type, Operand::Kind::constant);
  operands_.back().bits[0] = o.bits[0];
  operands_.back().bits[1] = o.bits[1];
  return {};
}

bool Translator::immediate_form(Opcode op) noexcept {
  if (immediate_op(op) == Op::x_invalid) return false;
  const std::size_t size = operands_.size();
  if ((op == Opcode::i32_shr_s || op == Opcode::i32_shr_u) && extension_form(op)) return true;
  Opcode form = op;
  bool swapped = false;
  if (!fits_immediate(operands_[size - 1])) {
    if (!fits_immediate(operands_[size - 2])) return false;
    if (!is_commutative(op)) {
      form = mirrored(op);
      if (form == Opcode::nop) return false;
    }
    swapped = true;
  }
  Operand& variable = operands_[size - (swapped ? 1 : 2)];
  const auto immediate = static_cast<CodeWord>(operands_[size - (swapped ? 2 : 1)].bits[0]);
  const std::uint32_t source = readable_slot(variable);
  const std::uint32_t dst = operands_[size - 2].home;
  (void)pop();
  (void)pop();
  push(signature_types(info(op).signature).results[0]);
  const std::uint32_t start = position();
  handler(immediate_op(form));
  producer_dst_ = position();
  word(dst);
  word(source);
  word(immediate);
  producer_end_ = position();
  remember_last(start, form, true);
  return true;
}

bool Translator::multiply_form(Opcode op) noexcept {
  bool subtract = false;
  const Opcode mul = product_of(op, subtract);
  if (mul == Opcode::nop || last_op_ != mul || last_immediate_ || !last_is_fusible()) return false;
  // Which operand is the product (the top one when both could be: it was pushed last).
  const std::size_t size = operands_.size();
  const Operand& below = operands_[size - 2];
  int product_at;
  if (just_produced(operands_[size - 1])) {
    product_at = 1;
  } else if (just_produced(below)) {
    product_at = 0;
  } else {
    return false;
  }
  const int kind = !subtract ? 0 : product_at == 0 ? 1 : 2;  // a*b + c, a*b - c, c - a*b
  const std::uint32_t a = code_[producer_dst_ + 1];
  const std::uint32_t b = code_[producer_dst_ + 2];
  const std::uint32_t start = last_start_;
  const std::uint32_t c = readable_slot(operands_[size - 1 - static_cast<std::size_t>(product_at)]);
  if (last_end_ != position() || out_of_memory_) {
    // The other operand needed an instruction of its own after the multiplication.
    return false;
  }
  const std::uint32_t dst = below.home;
  (void)pop();
  (void)pop();
  push(signature_types(info(op).signature).results[0]);
  code_.truncate(start);
  handler(multiply_op(mul, kind));
  producer_dst_ = position();
  word(dst);
  word(a);
  word(b);
  word(c);
  producer_end_ = position();
  last_end_ = kNoPosition;
  return true;
}

bool Translator::extension_form(Opcode op) noexcept {
  // i32.shl k; i32.shr_s k sign-extends the low 32 - k bits (what compilers emit for a narrow
  // signed value without the sign-extension instructions); with shr_u it masks them.
  const Operand& shift = operands_.back();
  const Operand& value = operands_[operands_.size() - 2];
  if (!fits_immediate(shift) || last_op_ != Opcode::i32_shl || !last_immediate_ || !last_is_fusible()) return false;
  const std::uint32_t k = static_cast<std::uint32_t>(shift.bits[0]) & 31;  // 1..31 below: the handler needs no mask
  if (k == 0 || !just_produced(value) || (code_[producer_dst_ + 2] & 31) != k) return false;
  const std::uint32_t source = code_[producer_dst_ + 1];
  const std::uint32_t dst = value.home;
  code_.truncate(last_start_);
  (void)pop();
  (void)pop();
  push(ValType::i32);
  const std::uint32_t start = position();
  handler(op == Opcode::i32_shr_s ? kSext32 : immediate_op(Opcode::i32_and));
  producer_dst_ = position();
  word(dst);
  word(source);
  word(op == Opcode::i32_shr_s ? k : 0xFFFFFFFFu >> k);
  producer_end_ = position();
  remember_last(start, Opcode::i32_and, true);
  if (op == Opcode::i32_shr_s) last_end_ = kNoPosition;  // x_sext32 fuses with nothing
  return true;
}

Translator::FusibleCondition Translator::fusible_condition() const noexcept {
  FusibleCondition c;
  // (After a failed allocation the code is incomplete: nothing is fused.)
  if (!WRT_FUSED_OPS || !last_is_fusible()) return c;
  const bool eqz = last_op_ == Opcode::i32_eqz || last_op_ == Opcode::i64_eqz;
  if (!eqz && branch_op(last_op_, false) == Op::x_invalid) return c;
  if (!just_produced(operands_.back())) return c;
  c.valid = true;
  c.compare = last_op_;
  c.immediate = last_immediate_;
  c.start = last_start_;
  c.a = code_[producer_dst_ + 1];
  c.b = eqz ? 0 : code_[producer_dst_ + 2];
  return c;
}

bool Translator::fuse_branch(const FusibleCondition& c, bool when) noexcept {
  if (!c.valid || last_end_ != position() || out_of_memory_) return false;
  code_.truncate(c.start);
  forget_producer();
  if (c.compare == Opcode::i32_eqz || c.compare == Opcode::i64_eqz) {  // branch when a == 0 holds: br_eqz a
    const bool wide = c.compare == Opcode::i64_eqz;
    handler(when ? (wide ? kBrEqz64 : Op::x_br_eqz) : (wide ? kBrNez64 : Op::x_br_nez));
    word(c.a);
    return true;
  }
  handler(branch_op(when ? c.compare : negated(c.compare), c.immediate));
  word(c.a);
  word(c.b);
  return true;
}

bool Translator::needs_far(const Instruction& inst) const noexcept {
  auto other = [&](std::uint32_t memory) { return memory != 0 || !module_.memories[memory].is_classic(); };
  switch (info(inst.op).immediate) {
    case ImmediateKind::memory: return other(inst.index);
    case ImmediateKind::memory_init: return other(inst.pair.second);
    case ImmediateKind::memory_copy: return other(inst.pair.first) || other(inst.pair.second);
    default: return other(inst.memarg.memory);  // the accesses
  }
}

Result<void> Translator::far_memory(const Instruction& inst) noexcept {
#if WRT_MEMORY_PROPOSALS
  const OpcodeInfo& oi = info(inst.op);
  const SignatureTypes& sig = signature_types(oi.signature);
  const std::size_t n = sig.param_count;
  std::uint32_t sources[3] = {0, 0, 0};
  for (std::size_t i = 0; i < n; ++i) sources[i] = readable_slot(operands_[operands_.size() - n + i]);
  const std::uint32_t dst = n > 0 ? operands_[operands_.size() - n].home : height_;
  for (std::size_t i = 0; i < n; ++i) (void)pop();
  if (sig.result_count == 1) {
    // memory.size and memory.grow give an i64 for a memory64.
    const bool wide = oi.immediate == ImmediateKind::memory && module_.memories[inst.index].is64();
    push(wide ? ValType::i64 : sig.results[0]);
  }
  handler(Op::x_far);
  word(static_cast<CodeWord>(inst.op));
  if (sig.result_count == 1) word(dst);
  for (std::size_t i = 0; i < n; ++i) word(sources[i]);
  switch (oi.immediate) {
    case ImmediateKind::memory: word(inst.index); break;
    case ImmediateKind::zero_byte: break;  // atomic.fence
    case ImmediateKind::memory_init:
    case ImmediateKind::memory_copy:
      word(inst.pair.first);
      word(inst.pair.second);
      break;
    default:
      word(static_cast<CodeWord>(inst.memarg.offset));
      word(static_cast<CodeWord>(inst.memarg.offset >> 32));
      word(inst.memarg.memory);
      if (oi.immediate != ImmediateKind::memarg) word(inst.lane);
      break;
  }
  forget_producer();
  return {};
#else
  (void)inst;
  return Error(ErrorCode::not_supported, "memory proposals are not compiled into this build");
#endif
}

Result<void> Translator::simple(const Instruction& inst) noexcept {
  if (!live() || inst.op == Opcode::nop) return {};
  if (WRT_MEMORY_PROPOSALS && ((is_memory_instruction(inst.op) && needs_far(inst)) || info(inst.op).feature == Feature::threads)) {
    return far_memory(inst);
  }
  const OpcodeInfo& oi = info(inst.op);
  const SignatureTypes& sig = signature_types(oi.signature);
  const std::size_t n = sig.param_count;
  if (WRT_FUSED_OPS && n == 2 && immediate_form(inst.op)) return {};
  if (WRT_FUSED_OPS && n == 2 && multiply_form(inst.op)) return {};
  // A memory access whose address the i32.add just before computed: one instruction for both.
  Op indexed = Op::x_invalid;
  std::uint32_t add_a = 0;
  std::uint32_t add_b = 0;
  if (WRT_FUSED_OPS && oi.immediate == ImmediateKind::memarg && last_op_ == Opcode::i32_add && last_is_fusible() &&
      just_produced(operands_[operands_.size() - n])) {
    indexed = indexed_op(inst.op, last_immediate_);
    add_a = code_[producer_dst_ + 1];
    add_b = code_[producer_dst_ + 2];
  }
  std::uint32_t sources[3] = {0, 0, 0};
  for (std::size_t i = 0; i < n; ++i) sources[i] = readable_slot(operands_[operands_.size() - n + i]);
  if (indexed != Op::x_invalid && last_end_ == position()) {  // nothing was emitted for the other operands
    const std::uint32_t dst = operands_[operands_.size() - n].home;
    code_.truncate(last_start_);
    for (std::size_t i = 0; i < n; ++i) (void)pop();
    if (sig.result_count == 1) push(sig.results[0]);
    handler(indexed);
    const std::uint32_t dst_word = position();
    if (sig.result_count == 1) word(dst);
    word(add_a);
    word(add_b);
    if (sig.result_count == 0) word(sources[1]);
    word(static_cast<CodeWord>(inst.memarg.offset));
    if (sig.result_count == 1) {
      producer_dst_ = dst_word;
      producer_end_ = position();
    } else {
      forget_producer();
    }
    last_end_ = kNoPosition;
    return {};
  }
  const std::uint32_t dst = n > 0 ? operands_[operands_.size() - n].home : height_;
  for (std::size_t i = 0; i < n; ++i) (void)pop();
  if (sig.result_count == 1) push(sig.results[0]);

  const std::uint32_t start = position();
  handler(op_of(inst.op));
  std::uint32_t dst_word = position();
  if (sig.result_count == 1) word(dst);
  for (std::size_t i = 0; i < n; ++i) word(sources[i]);
  switch (oi.immediate) {
    case ImmediateKind::memarg:
      word(static_cast<CodeWord>(inst.memarg.offset));
      break;
    case ImmediateKind::memarg_lane2:
    case ImmediateKind::memarg_lane4:
    case ImmediateKind::memarg_lane8:
    case ImmediateKind::memarg_lane16:
      word(static_cast<CodeWord>(inst.memarg.offset));
      word(inst.lane);
      break;
    case ImmediateKind::lane2:
    case ImmediateKind::lane4:
    case ImmediateKind::lane8:
    case ImmediateKind::lane16:
      word(inst.lane);
      break;
    case ImmediateKind::shuffle:
      for (int i = 0; i < 4; ++i) {
        CodeWord w;
        std::memcpy(&w, inst.v128 + 4 * i, 4);
        word(w);
      }
      break;
    case ImmediateKind::memory_init:
    case ImmediateKind::table_init:
    case ImmediateKind::table_copy:
      word(inst.pair.first);
      if (oi.immediate != ImmediateKind::memory_init) word(inst.pair.second);
      break;
    case ImmediateKind::data:
    case ImmediateKind::element:
    case ImmediateKind::table:
      word(inst.index);
      break;
    default:
      break;
  }
  if (sig.result_count == 1) {
    producer_dst_ = dst_word;
    producer_end_ = position();
    remember_last(start, inst.op, false);
  } else {
    forget_producer();
  }
  return {};
}

Result<void> Translator::local_get(std::uint32_t index, ValType type) noexcept {
  if (!live()) return {};
  push(type, Operand::Kind::local);
  operands_.back().local_slot = scratch_.local_slots[index];
  return {};
}

Result<void> Translator::local_set(std::uint32_t index, ValType type) noexcept {
  if (!live()) return {};
  const std::uint32_t slot = scratch_.local_slots[index];
  if (WRT_FUSED_OPS && straight_line_) {
    // Declared locals start at zero: setting one to zero before anything else can have written
    // it (no loop or join yet) does nothing. Compilers emit this at the top of functions.
    const Operand& top = operands_.back();
    const bool zero = top.kind == Operand::Kind::constant && top.bits[0] == 0 && top.bits[1] == 0;
    if (zero && scratch_.zero_locals[index] != 0) {
      (void)pop();
      return {};
    }
    scratch_.zero_locals[index] = 0;
  }
  {
    const Operand& top = operands_.back();
    if (top.kind == Operand::Kind::local && top.local_slot == slot) {  // local.set x (local.get x)
      (void)pop();
      return {};
    }
  }
  // Pending reads of the old value are written out first (not the top: it is being stored).
  if (pending_ > 0) {
    for (std::size_t i = 0; i + 1 < operands_.size(); ++i) {
      Operand& o = operands_[i];
      if (o.kind == Operand::Kind::local && o.local_slot == slot) materialize(o);
    }
  }
  if (just_produced(operands_.back())) {
    // The instruction that produced the value writes the local directly.
    code_[producer_dst_] = slot;
    (void)pop();
    forget_producer();
    return {};
  }
  Operand v = pop();
  if (v.kind == Operand::Kind::constant) {
    constant_to(slot, v);
  } else {
    copy(slot, v.kind == Operand::Kind::local ? v.local_slot : v.home, type);
  }
  return {};
}

Result<void> Translator::local_tee(std::uint32_t index, ValType type) noexcept {
  if (!live()) return {};
  const std::uint32_t slot = scratch_.local_slots[index];
  const Operand& top = operands_.back();
  if (top.kind == Operand::Kind::local && top.local_slot == slot) return {};
  WRT_TRY(local_set(index, type));
  push(type, Operand::Kind::local);
  operands_.back().local_slot = slot;
  return {};
}

Result<void> Translator::global_get(std::uint32_t index, ValType type) noexcept {
  if (!live()) return {};
  push(type);
  handler(type == ValType::v128 ? Op::x_global_get2 : Op::x_global_get);
  producer_dst_ = position();
  word(operands_.back().home);
  word(index);
  producer_end_ = position();
  return {};
}

Result<void> Translator::global_set(std::uint32_t index, ValType type) noexcept {
  if (!live()) return {};
  std::uint32_t src = pop_readable();
  handler(type == ValType::v128 ? Op::x_global_set2 : Op::x_global_set);
  word(src);
  word(index);
  forget_producer();
  return {};
}

Result<void> Translator::drop(ValType /*type*/) noexcept {
  if (!live()) return {};
  (void)pop();
  forget_producer();
  return {};
}

Result<void> Translator::select(ValType type) noexcept {
  if (!live()) return {};
  const std::size_t n = operands_.size();
  const FusibleCondition condition = type == ValType::v128 ? FusibleCondition{} : fusible_condition();
  std::uint32_t cond = readable_slot(operands_[n - 1]);
  std::uint32_t b = readable_slot(operands_[n - 2]);
  std::uint32_t a = readable_slot(operands_[n - 3]);
  std::uint32_t dst = operands_[n - 3].home;
  (void)pop();
  (void)pop();
  (void)pop();
  push(type);
  // The comparison computing the condition just before (nothing emitted since) fuses in:
  // select on eqz(x) is select on x with the values swapped.
  if (condition.valid && last_end_ == position() && !out_of_memory_) {
    const Op fused = condition.compare == Opcode::i32_eqz   ? Op::x_select
                     : condition.compare == Opcode::i64_eqz ? kSelect64
                                                            : select_op(condition.compare, condition.immediate);
    if (fused != Op::x_invalid) {
      code_.truncate(condition.start);
      handler(fused);
      producer_dst_ = position();
      word(dst);
      if (fused == Op::x_select || fused == kSelect64) {
        word(b);
        word(a);
        word(condition.a);
      } else {
        word(a);
        word(b);
        word(condition.a);
        word(condition.b);
      }
      producer_end_ = position();
      last_end_ = kNoPosition;
      return {};
    }
  }
  handler(type == ValType::v128 ? Op::x_select2 : Op::x_select);
  producer_dst_ = position();
  word(dst);
  word(a);
  word(b);
  word(cond);
  producer_end_ = position();
  return {};
}

// The bookkeeping every call shares: the arguments (the top operands) are made to sit in
// consecutive slots, where the callee's frame starts (`base`, after the words naming the callee),
// and popped; the results are pushed where they come back. A tail call then returns them
// (reached only when the callee is a host function).
Result<void> Translator::emit_call(Op op, std::initializer_list<CodeWord> callee, FuncType type, bool tail) noexcept {
  const std::size_t n = type.params.size();
  materialize_top(n);
  const std::uint32_t base = n > 0 ? operands_[operands_.size() - n].home : height_;
  for (std::size_t i = 0; i < n; ++i) (void)pop();
  handler(op);
  for (CodeWord w : callee) word(w);
  word(base);
  for (ValType t : type.results) push(t);
  forget_producer();
  if (tail) return return_();
  return {};
}

std::uint32_t Translator::pop_readable() noexcept {
  const std::uint32_t slot = readable_slot(operands_.back());
  (void)pop();
  return slot;
}

// x_call function base
Result<void> Translator::call(std::uint32_t function_index, FuncType type) noexcept {
  if (!live()) return {};
  return emit_call(Op::x_call, {function_index}, type, false);
}

// x_call_indirect type table index-slot base
Result<void> Translator::call_indirect(const Instruction& inst, FuncType type) noexcept {
  if (!live()) return {};
  const std::uint32_t index_slot = pop_readable();
  return emit_call(Op::x_call_indirect, {inst.pair.first, inst.pair.second, index_slot}, type, false);
}

#if WRT_ENABLE_WIDE_ARITHMETIC
// x_wide opcode dst-low dst-high operands...: the results go to the homes of the two values
// pushed, which are the first two operands' homes.
Result<void> Translator::wide_arithmetic(const Instruction& inst) noexcept {
  if (!live()) return {};
  const std::size_t n = inst.op == Opcode::i64_add128 || inst.op == Opcode::i64_sub128 ? 4 : 2;
  std::uint32_t sources[4] = {0, 0, 0, 0};
  for (std::size_t i = 0; i < n; ++i) sources[i] = readable_slot(operands_[operands_.size() - n + i]);
  for (std::size_t i = 0; i < n; ++i) (void)pop();
  push(ValType::i64);
  push(ValType::i64);
  handler(Op::x_wide);
  word(static_cast<CodeWord>(inst.op));
  word(operands_[operands_.size() - 2].home);
  word(operands_[operands_.size() - 1].home);
  for (std::size_t i = 0; i < n; ++i) word(sources[i]);
  forget_producer();
  return {};
}
#endif

#if WRT_ENABLE_TAIL_CALL
// A tail call is a call whose callee takes over the frame (x_return_call*), followed by a
// `return` of its results: that return runs only when the callee is a host function, which is
// called in place instead (see do_tail_call in the interpreter).
Result<void> Translator::return_call(std::uint32_t function_index, FuncType type) noexcept {
  if (!live()) return {};
  return emit_call(Op::x_return_call, {function_index}, type, true);
}

Result<void> Translator::return_call_indirect(const Instruction& inst, FuncType type) noexcept {
  if (!live()) return {};
  const std::uint32_t index_slot = pop_readable();
  return emit_call(Op::x_return_call_indirect, {inst.pair.first, inst.pair.second, index_slot}, type, true);
}

// return_call_ref: call_ref's operands, then as return_call.
Result<void> Translator::return_call_ref(const Instruction& /*inst*/, FuncType type) noexcept {
  if (!live()) return {};
  const std::uint32_t ref_slot = pop_readable();
  return emit_call(Op::x_return_call_ref, {ref_slot}, type, true);
}
#endif

// --- typed function references ---------------------------------------------------------------

// x_call_ref ref-slot base
Result<void> Translator::call_ref(const Instruction& /*inst*/, FuncType type) noexcept {
  if (!live()) return {};
  const std::uint32_t ref_slot = pop_readable();
  return emit_call(Op::x_call_ref, {ref_slot}, type, false);
}

Result<void> Translator::ref_as_non_null() noexcept {
  if (!live()) return {};
  Operand& top = operands_.back();
  handler(Op::x_ref_as_non_null);
  word(readable_slot(top));
  top.type = with_nullable(top.type, false);
  forget_producer();
  return {};
}

void Translator::conditional_branch(std::uint32_t depth, Op taken, Op not_taken, std::uint32_t cond) noexcept {
  const std::size_t label_index = labels_.size() - 1 - depth;
  auto types = branch_types(labels_[label_index]);
  materialize_top(types.size());
  const std::uint32_t from = types.empty() ? height_ : operands_[operands_.size() - types.size()].home;
  const bool is_return = labels_[label_index].kind == ControlFrame::Kind::function;
  const std::uint32_t target = is_return ? 0 : labels_[label_index].slot_base;
  if (from == target && !is_return) {
    handler(taken);
    word(cond);
    branch_offset(labels_[label_index]);
  } else {
    handler(not_taken);
    word(cond);
    std::uint32_t skip = position();
    word(kNoFixup);
    move_down(from, target, slot_count(types));
    if (is_return) {
      handler(Op::x_return);
    } else {
      handler(Op::x_br);
      branch_offset(labels_[label_index]);
    }
    bind(skip);
  }
  start_fuel_block();
  forget_producer();
}

Result<void> Translator::br_on_null(std::uint32_t depth) noexcept {
  if (!live()) return {};
  // The reference stays in its home on the fall-through path; the label's values are below it.
  materialize(operands_.back());
  const Operand ref = pop();
  conditional_branch(depth, Op::x_br_null, Op::x_br_non_null, ref.home);
  push(with_nullable(ref.type, false));
  return {};
}

Result<void> Translator::br_on_non_null(std::uint32_t depth) noexcept {
  if (!live()) return {};
  // The reference is the label's last value: it goes with the branch, and is dropped otherwise.
  materialize(operands_.back());
  conditional_branch(depth, Op::x_br_non_null, Op::x_br_null, operands_.back().home);
  (void)pop();
  return {};
}

Result<void> Translator::reference(const Instruction& inst, ValType type) noexcept {
  if (!live()) return {};
  switch (inst.op) {
    case Opcode::ref_null:
      push(type, Operand::Kind::constant);
      operands_.back().bits[0] = 0;
      return {};
    case Opcode::ref_is_null: {
      std::uint32_t src = readable_slot(operands_.back());
      std::uint32_t dst = operands_.back().home;
      (void)pop();
      push(ValType::i32);
      handler(Op::x_ref_is_null);
      producer_dst_ = position();
      word(dst);
      word(src);
      producer_end_ = position();
      return {};
    }
    default: {  // ref.func
      push(type);
      handler(Op::x_ref_func);
      producer_dst_ = position();
      word(operands_.back().home);
      word(inst.index);
      producer_end_ = position();
      return {};
    }
  }
}

Result<void> Translator::table(const Instruction& inst, ValType type) noexcept {
  if (!live()) return {};
  const std::size_t n = operands_.size();
  switch (inst.op) {
    case Opcode::table_get: {
      std::uint32_t index = readable_slot(operands_[n - 1]);
      std::uint32_t dst = operands_[n - 1].home;
      (void)pop();
      push(type);
      handler(Op::x_table_get);
      word(dst);
      word(index);
      word(inst.index);
      break;
    }
    case Opcode::table_set: {
      std::uint32_t value = readable_slot(operands_[n - 1]);
      std::uint32_t index = readable_slot(operands_[n - 2]);
      (void)pop();
      (void)pop();
      handler(Op::x_table_set);
      word(index);
      word(value);
      word(inst.index);
      break;
    }
    case Opcode::table_grow: {
      std::uint32_t count = readable_slot(operands_[n - 1]);
      std::uint32_t value = readable_slot(operands_[n - 2]);
      std::uint32_t dst = operands_[n - 2].home;
      (void)pop();
      (void)pop();
      push(ValType::i32);
      handler(Op::x_table_grow);
      word(dst);
      word(value);
      word(count);
      word(inst.index);
      break;
    }
    default: {  // table.fill
      std::uint32_t count = readable_slot(operands_[n - 1]);
      std::uint32_t value = readable_slot(operands_[n - 2]);
      std::uint32_t index = readable_slot(operands_[n - 3]);
      (void)pop();
      (void)pop();
      (void)pop();
      handler(Op::x_table_fill);
      word(index);
      word(value);
      word(count);
      word(inst.index);
      break;
    }
  }
  forget_producer();
  return {};
}

Result<void> Translator::unreachable() noexcept {
  if (!live()) return {};
  handler(Op::x_unreachable);
  mark_unreachable();
  return {};
}

Result<void> Translator::return_() noexcept {
  if (!live()) return {};
  emit_branch_values(labels_[0]);
  handler(Op::x_return);
  mark_unreachable();
  return {};
}

Result<void> Translator::br(std::uint32_t depth) noexcept {
  if (!live()) return {};
  Label& target = labels_[labels_.size() - 1 - depth];
  if (target.kind == ControlFrame::Kind::function) return return_();
  emit_branch_values(target);
  handler(Op::x_br);
  branch_offset(labels_[labels_.size() - 1 - depth]);
  mark_unreachable();
  return {};
}

Result<void> Translator::br_if(std::uint32_t depth) noexcept {
  if (!live()) return {};
  const FusibleCondition condition = fusible_condition();
  std::uint32_t cond = pop_readable();
  const std::size_t label_index = labels_.size() - 1 - depth;
  auto types = branch_types(labels_[label_index]);
  // Values are written out before the branch, so both paths see them in their homes.
  materialize_top(types.size());
  const std::uint32_t from = types.empty() ? height_ : operands_[operands_.size() - types.size()].home;
  const bool is_return = labels_[label_index].kind == ControlFrame::Kind::function;
  const std::uint32_t target = is_return ? 0 : labels_[label_index].slot_base;
  if (from == target && !is_return) {
    if (!fuse_branch(condition, true)) {
      handler(Op::x_br_nez);
      word(cond);
    }
    branch_offset(labels_[label_index]);
  } else {
    if (!fuse_branch(condition, false)) {
      handler(Op::x_br_eqz);
      word(cond);
    }
    std::uint32_t skip = position();
    word(kNoFixup);
    move_down(from, target, slot_count(types));
    if (is_return) {
      handler(Op::x_return);
    } else {
      handler(Op::x_br);
      branch_offset(labels_[label_index]);
    }
    bind(skip);
  }
  start_fuel_block();
  forget_producer();
  return {};
}

Result<void> Translator::br_table(const Instruction& inst) noexcept {
  if (!live()) return {};
  std::uint32_t index = pop_readable();
  BrTableReader reader(inst);
  const std::uint32_t count = inst.br_table.count;
  // All targets take the same number of values (validation checked); the default's tells it.
  BrTableReader peek(inst);
  for (std::uint32_t i = 0; i < count; ++i) (void)peek.next();
  std::uint32_t default_depth = peek.next();
  auto types = branch_types(labels_[labels_.size() - 1 - default_depth]);
  materialize_top(types.size());
  const std::uint32_t from = types.empty() ? height_ : operands_[operands_.size() - types.size()].home;
  const std::uint32_t slots = slot_count(types);

  handler(Op::x_br_table);
  word(index);
  word(count);
  const std::uint32_t entries = position();
  for (std::uint32_t i = 0; i <= count; ++i) word(0);
  if (out_of_memory_) return {};

  // Entries that need values moved, or return, go through a trampoline after the table; one
  // per target label, shared by the entries that name it.
  Vec<std::uint32_t>& trampolines = scratch_.trampolines;
  trampolines.clear();
  if (!trampolines.resize(labels_.size())) {
    out_of_memory_ = true;
    return {};
  }
  for (std::uint32_t& t : trampolines) t = kNoPosition;

  for (std::uint32_t i = 0; i <= count; ++i) {
    const std::uint32_t depth = reader.next();
    const std::uint32_t entry = entries + i;
    const std::size_t label_index = labels_.size() - 1 - depth;
    Label& label = labels_[label_index];
    const bool is_return = label.kind == ControlFrame::Kind::function;
    const std::uint32_t target = is_return ? 0 : label.slot_base;
    if (!is_return && from == target) {
      if (label.kind == ControlFrame::Kind::loop) {
        code_[entry] = static_cast<CodeWord>(static_cast<std::int32_t>(label.loop_start) - static_cast<std::int32_t>(entry));
      } else {
        code_[entry] = label.fixups;
        label.fixups = entry;
      }
      continue;
    }
    std::uint32_t& trampoline = trampolines[label_index];
    if (trampoline == kNoPosition) {
      trampoline = position();
      move_down(from, target, slots);
      if (is_return) {
        handler(Op::x_return);
      } else {
        handler(Op::x_br);
        branch_offset(labels_[label_index]);
      }
    }
    if (out_of_memory_) return {};
    code_[entry] = static_cast<CodeWord>(static_cast<std::int32_t>(trampoline) - static_cast<std::int32_t>(entry));
  }
  mark_unreachable();
  return {};
}

Result<void> Translator::block(const ControlFrame& frame, bool /*reachable*/) noexcept {
  Label label;
  label.kind = ControlFrame::Kind::block;
  label.type = frame.type;
  label.fixups = kNoFixup;
  label.else_fixup = kNoFixup;
  if (!live()) {
    label.dead = true;
  } else {
    materialize_all();
    const std::size_t params = params_of(label).size();
    label.operand_base = static_cast<std::uint32_t>(operands_.size() - params);
    label.slot_base = params > 0 ? operands_[label.operand_base].home : height_;
    forget_producer();
  }
  if (!labels_.push_back(label)) out_of_memory_ = true;
  return {};
}

Result<void> Translator::loop(const ControlFrame& frame, bool reachable) noexcept {
  bool was_live = live();
  WRT_TRY(block(frame, reachable));
  if (out_of_memory_) return {};
  Label& label = labels_.back();
  label.kind = ControlFrame::Kind::loop;
  straight_line_ = false;  // the back edge is a join
  if (was_live) {
    ++loop_depth_;
    label.loop_start = position();
    start_fuel_block();  // at loop_start: every iteration pays for the loop body
  }
  return {};
}

Result<void> Translator::if_(const ControlFrame& frame, bool /*reachable*/) noexcept {
  Label label;
  label.kind = ControlFrame::Kind::if_;
  label.type = frame.type;
  label.fixups = kNoFixup;
  label.else_fixup = kNoFixup;
  if (!live()) {
    label.dead = true;
    if (!labels_.push_back(label)) out_of_memory_ = true;
    return {};
  }
  const FusibleCondition condition = fusible_condition();
  std::uint32_t cond = pop_readable();
  materialize_all();
  const std::size_t params = params_of(label).size();
  label.operand_base = static_cast<std::uint32_t>(operands_.size() - params);
  label.slot_base = params > 0 ? operands_[label.operand_base].home : height_;
  if (!fuse_branch(condition, false)) {
    handler(Op::x_br_eqz);
    word(cond);
  }
  label.else_fixup = position();
  word(kNoFixup);
  if (!labels_.push_back(label)) out_of_memory_ = true;
  start_fuel_block();
  forget_producer();
  return {};
}

Result<void> Translator::else_(const ControlFrame& /*frame*/, bool /*reachable_before*/) noexcept {
  if (out_of_memory_ || labels_.back().dead) return {};
  {
    Label& label = labels_.back();
    if (!label.unreachable) {
      // The then-branch falls through: its results are at their homes; jump over the else.
      materialize_top(results_of(label).size());
      handler(Op::x_br);
      branch_offset(labels_.back());
    }
  }
  Label& label = labels_.back();
  straight_line_ = false;  // the else starts from the state before the then-branch
  bind(label.else_fixup);
  label.else_fixup = kNoFixup;
  label.has_else = true;
  while (operands_.size() > label.operand_base) (void)pop();
  for (ValType t : params_of(label)) push(t);
  label.unreachable = false;
  start_fuel_block();
  return {};
}

Result<void> Translator::end(const ControlFrame& /*frame*/, bool /*reachable_before*/) noexcept {
  if (out_of_memory_) return {};
  Label& label = labels_.back();
  if (label.kind == ControlFrame::Kind::function) {
    if (live()) {
      emit_branch_values(label);
      handler(Op::x_return);
    }
    if (metered_ && fuel_word_ != kNoPosition && !out_of_memory_) code_[fuel_word_] = fuel_count_;
    labels_.pop_back();
    return {};
  }
  if (label.dead) {
    labels_.pop_back();
    return {};
  }
  const std::uint32_t range_end = position();
  const bool falls_through = !label.unreachable;
  if (falls_through) materialize_top(results_of(label).size());
  // A legacy catch body's results sit above its exception's slot: move them to the label's.
  if constexpr (WRT_ENABLE_EXCEPTIONS) {
    if (falls_through && label.in_catch) {
      release_held(label);  // before the results move down over its slot
      emit_branch_values(label);
    }
  }
  const bool join = label.fixups != kNoFixup || label.else_fixup != kNoFixup || !falls_through;
  bind(label.fixups);
  if (label.else_fixup != kNoFixup) bind(label.else_fixup);  // an if without else: false lands here
  const Label closed = label;
  labels_.pop_back();
  if (closed.kind == ControlFrame::Kind::loop) --loop_depth_;
  while (operands_.size() > closed.operand_base) (void)pop();
  for (ValType t : results_of(closed)) push(t);
  if (join) start_fuel_block();
  forget_producer();
#if WRT_ENABLE_EXCEPTIONS
  if (closed.kind == ControlFrame::Kind::try_table) emit_catch_pads(closed, range_end);
#else
  (void)range_end;
#endif
  return {};
}

Result<CompiledFunction*> Translator::finish(Allocator& allocator) noexcept {
  if (out_of_memory_) return Error(ErrorCode::out_of_memory).append_detail("translating a function");
  const std::size_t code_bytes = code_.size() * sizeof(CodeWord);
  const std::size_t offset_bytes = scratch_.offsets.size() * sizeof(OffsetEntry) + scratch_.handlers.size() * sizeof(HandlerEntry);
  // The pool's slots come last, 8-byte aligned.
  const std::size_t pool_at = (sizeof(CompiledFunction) + code_bytes + offset_bytes + alignof(Slot) - 1) &
                              ~(alignof(Slot) - 1);
  const std::size_t pool_bytes = WRT_FUSED_OPS && pool_pass_ ? pool_slots_ * sizeof(Slot) : 0;
  const std::size_t total = pool_bytes > 0 ? pool_at + pool_bytes : sizeof(CompiledFunction) + code_bytes + offset_bytes;
  void* memory = allocator.allocate(total, kCompiledFunctionAlign);
  if (memory == nullptr) return Error(ErrorCode::out_of_memory).append_detail("storing translated code");
  auto* fn = ::new (memory) CompiledFunction();
  // One block: the struct, then the code words, then the offsets (all 4-byte aligned).
  auto* bytes = static_cast<unsigned char*>(memory);
  auto* code = static_cast<CodeWord*>(static_cast<void*>(bytes + sizeof(CompiledFunction)));
  auto* offsets = static_cast<OffsetEntry*>(static_cast<void*>(bytes + sizeof(CompiledFunction) + code_bytes));
  if (code_bytes > 0) std::memcpy(code, code_.data(), code_bytes);
  // Then the exception handlers (all 4-byte fields).
  auto* handler_table = static_cast<HandlerEntry*>(static_cast<void*>(offsets + scratch_.offsets.size()));
  if (!scratch_.offsets.empty()) std::memcpy(offsets, scratch_.offsets.data(), scratch_.offsets.size() * sizeof(OffsetEntry));
  if (!scratch_.handlers.empty()) std::memcpy(handler_table, scratch_.handlers.data(), scratch_.handlers.size() * sizeof(HandlerEntry));
#if WRT_ENABLE_EXCEPTIONS
  fn->handlers = handler_table;
  fn->handler_count = static_cast<std::uint32_t>(scratch_.handlers.size());
#endif
  fn->code = code;
  fn->code_words = static_cast<std::uint32_t>(code_.size());
  fn->param_slots = param_slots_;
  fn->local_slots = declared_slots_;
  fn->frame_slots = max_height_;
  if (pool_bytes > 0) {
    auto* pool = static_cast<Slot*>(static_cast<void*>(bytes + pool_at));
    for (const TranslatorPoolEntry& e : scratch_.pool) {
      pool[e.slot - declared_slots_] = e.bits[0];
      if (e.type == ValType::v128) pool[e.slot - declared_slots_ + 1] = e.bits[1];
    }
    fn->pool = pool;
    fn->pool_slots = pool_slots_;
  }
  fn->offsets = offsets;
  fn->offset_count = static_cast<std::uint32_t>(scratch_.offsets.size());
  fn->allocation_bytes = total;
  return fn;
}

std::uint32_t CompiledFunction::wasm_offset_of(std::uint32_t position) const noexcept {
  // The last entry at or before `position`.
  std::uint32_t lo = 0;
  std::uint32_t hi = offset_count;
  while (lo < hi) {
    std::uint32_t mid = lo + (hi - lo) / 2;
    if (offsets[mid].code_position <= position) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo == 0 ? 0 : offsets[lo - 1].wasm_offset;
}

}  // namespace wrt
