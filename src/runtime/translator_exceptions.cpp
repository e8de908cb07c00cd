// The translator's exception handling: throw, throw_ref, try_table and the legacy
// try/catch/catch_all/delegate/rethrow.
//
// Nothing is emitted for a try itself: a try adds entries to the function's handler table
// (HandlerEntry) when its range ends, so code that does not throw runs exactly as without it.
// A try_table's clauses become landing pads after its end (jumped over by the fall-through):
// each pad finds the payload where the unwinder wrote it, at the try's slot base, and branches
// to the clause's label like `br`. A legacy catch body is its own pad; its exception stays in
// the slot at the try's base (below the payload) for `rethrow`. See docs/architecture.md.
#include "runtime/translator.hpp"

// Compiled out, the validator never calls these hooks (and the labels have no try fields).
#if WRT_ENABLE_EXCEPTIONS
namespace wrt {

void Translator::add_handler(const HandlerEntry& entry) noexcept {
  if (!scratch_.handlers.push_back(entry)) out_of_memory_ = true;
}

Result<void> Translator::throw_(std::uint32_t tag, FuncType tag_type) noexcept {
  if (!WRT_ENABLE_EXCEPTIONS || !live()) return {};
  const std::size_t n = tag_type.params.size();
  materialize_top(n);
  const std::uint32_t base = n > 0 ? operands_[operands_.size() - n].home : height_;
  for (std::size_t i = 0; i < n; ++i) (void)pop();
  handler(Op::x_throw);
  word(tag);
  word(base);
  mark_unreachable();
  return {};
}

Result<void> Translator::throw_ref() noexcept {
  if (!WRT_ENABLE_EXCEPTIONS || !live()) return {};
  const std::uint32_t slot = pop_readable();
  handler(Op::x_throw_ref);
  word(slot);
  mark_unreachable();
  return {};
}

Result<void> Translator::rethrow(std::uint32_t depth) noexcept {
  if (!WRT_ENABLE_EXCEPTIONS || !live()) return {};
  // The catch's exception is in the slot at its try's base (begin_legacy_catch).
  const Label& target = labels_[labels_.size() - 1 - depth];
  if (target.catch_entry < scratch_.handlers.size()) scratch_.handlers[target.catch_entry].rethrown = 1;
  // With no try between here and the catch body, the throw certainly leaves that body (the
  // cleanup-pad shape `catch_all ... rethrow 0`): its hold on the exception ends now.
  bool leaves_body = target.in_catch;
  for (std::uint32_t i = 0; i < depth && leaves_body; ++i) {
    const ControlFrame::Kind kind = labels_[labels_.size() - 1 - i].kind;
    leaves_body = kind != ControlFrame::Kind::try_ && kind != ControlFrame::Kind::try_table;
  }
  handler(leaves_body ? Op::x_rethrow_held : Op::x_throw_ref);
  word(target.slot_base);
  mark_unreachable();
  return {};
}

Result<void> Translator::try_table(const ControlFrame& frame, const Instruction& inst, bool reachable) noexcept {
  WRT_TRY(block(frame, reachable));
  if (out_of_memory_) return {};
  Label& label = labels_.back();
  label.kind = ControlFrame::Kind::try_table;
  label.try_start = position();
  label.clauses = inst.try_table.clauses;
  label.clause_count = inst.try_table.count;
  label.clause_bytes = inst.try_table.size;
  straight_line_ = false;  // handlers are joins
  return {};
}

Result<void> Translator::try_(const ControlFrame& frame, bool reachable) noexcept {
  WRT_TRY(block(frame, reachable));
  if (out_of_memory_) return {};
  Label& label = labels_.back();
  label.kind = ControlFrame::Kind::try_;
  label.try_start = position();
  straight_line_ = false;
  return {};
}

void Translator::emit_catch_pads(const Label& closed, std::uint32_t range_end) noexcept {
  if (closed.clause_count == 0 || out_of_memory_ || labels_.empty()) return;
  // The state after the try_table (its results on the stack) is restored after the pads.
  const auto results = results_of(closed);
  const bool was_unreachable = labels_.back().unreachable;
  // A pad's branch marks the enclosing block unreachable, which drops its operands from the
  // mirror: those below the try_table (all in their homes, since the try's entry) come back
  // after each pad.
  Vec<TranslatorOperand>& saved = scratch_.saved_operands;
  saved.clear();
  const std::uint32_t outer_base = labels_.back().operand_base;
  for (std::uint32_t i = outer_base; i < closed.operand_base; ++i) {
    if (!saved.push_back(operands_[i])) out_of_memory_ = true;
  }
  auto restore_below = [&] {
    while (operands_.size() > outer_base) (void)pop();
    for (const TranslatorOperand& o : saved) push(o.type);
  };
  handler(Op::x_br);
  const std::uint32_t over = position();
  word(kNoFixup);

  Instruction clauses_inst;
  clauses_inst.try_table.clauses = closed.clauses;
  clauses_inst.try_table.count = closed.clause_count;
  clauses_inst.try_table.size = closed.clause_bytes;
  CatchReader clauses(clauses_inst);
  for (std::uint32_t i = 0; i < closed.clause_count && !out_of_memory_; ++i) {
    const CatchClause c = clauses.next();
    HandlerEntry entry;
    entry.start = closed.try_start;
    entry.end = range_end;
    entry.target = position();
    entry.tag = c.tag;
    entry.slot = closed.slot_base;
    entry.nesting = static_cast<std::uint16_t>(labels_.size());
    entry.kind = static_cast<HandlerKind>(static_cast<std::uint8_t>(c.kind));  // same order
    add_handler(entry);

    // The pad: the payload (and the exnref) are on the stack where the unwinder put them.
    labels_.back().unreachable = false;
    forget_producer();
    restore_below();
    if (c.has_tag()) {
      for (ValType t : module_.type(module_.tags[c.tag]).params) push(t);
    }
    if (c.has_ref()) push(ValType::exnref);
    start_fuel_block();
    (void)br(c.label);  // the clause's label counts from outside the try_table, as here
  }
  restore_below();
  for (ValType t : results) push(t);
  labels_.back().unreachable = was_unreachable;
  straight_line_ = false;
  bind(over);
  start_fuel_block();
}

void Translator::release_held(const Label& label) noexcept {
  // Only a body with a rethrow holds its exception (the unwinder frees it otherwise).
  if (label.catch_entry >= scratch_.handlers.size() || scratch_.handlers[label.catch_entry].rethrown == 0) return;
  handler(Op::x_release_held);
  word(label.slot_base);
}

void Translator::begin_legacy_catch(bool has_tag, std::uint32_t tag) noexcept {
  Label& label = labels_.back();
  if (!label.in_catch) label.try_end = position();
  if (label.in_catch && !label.unreachable) release_held(label);  // the previous catch body ends
  if (!label.unreachable) {
    // The body before falls through: its results go where the try's label wants them.
    emit_branch_values(label);
    handler(Op::x_br);
    branch_offset(labels_.back());
  }
  Label& l = labels_.back();
  HandlerEntry entry;
  entry.start = l.try_start;
  entry.end = l.try_end;
  entry.target = position();
  entry.tag = tag;
  entry.slot = l.slot_base;
  entry.nesting = static_cast<std::uint16_t>(labels_.size() - 1);
  entry.kind = has_tag ? HandlerKind::legacy_catch : HandlerKind::legacy_catch_all;
  l.catch_entry = static_cast<std::uint32_t>(scratch_.handlers.size());
  add_handler(entry);

  forget_producer();
  straight_line_ = false;
  while (operands_.size() > l.operand_base) (void)pop();
  push(ValType::exnref);  // below the payload, for rethrow; no instruction sees it
  if (has_tag) {
    for (ValType t : module_.type(module_.tags[tag]).params) push(t);
  }
  l.unreachable = false;
  l.in_catch = true;
  start_fuel_block();
}

Result<void> Translator::catch_(const ControlFrame& /*frame*/, std::uint32_t tag, bool /*reachable_before*/) noexcept {
  if (!WRT_ENABLE_EXCEPTIONS || out_of_memory_ || labels_.back().dead) return {};
  begin_legacy_catch(true, tag);
  return {};
}

Result<void> Translator::catch_all(const ControlFrame& /*frame*/, bool /*reachable_before*/) noexcept {
  if (!WRT_ENABLE_EXCEPTIONS || out_of_memory_ || labels_.back().dead) return {};
  begin_legacy_catch(false, 0);
  return {};
}

Result<void> Translator::delegate(const ControlFrame& frame, std::uint32_t depth, bool reachable_before) noexcept {
  if (WRT_ENABLE_EXCEPTIONS && !out_of_memory_ && !labels_.back().dead) {
    // Exceptions from the body go on to the tries at the label `depth` counts from outside
    // this one, or outside it: the entries of tries nested deeper are skipped.
    const Label& label = labels_.back();
    HandlerEntry entry;
    entry.start = label.try_start;
    entry.end = position();
    entry.target = static_cast<std::uint32_t>(labels_.size() - 2 - depth);
    entry.nesting = static_cast<std::uint16_t>(labels_.size() - 1);
    entry.kind = HandlerKind::delegate;
    add_handler(entry);
  }
  return end(frame, reachable_before);
}

}  // namespace wrt
#endif  // WRT_ENABLE_EXCEPTIONS
