// The interpreter's internal code: what the translator writes and the interpreter runs.
//
// A function's code is an array of 32-bit words. Each instruction is a handler (the address of
// its code in the interpreter, or its operation number in the switch build: kHandlerWords
// words) followed by operand words: frame slot indices, immediates, branch offsets. Operands of
// WebAssembly instructions that map one to one follow a single rule: result slot (if any),
// then operand slots in order, then immediates. See docs/interpreter.md.
#pragma once

#include <cstdint>

#include <wrt/decoder/opcode.hpp>
#include <wrt/platform.hpp>
#include <wrt/runtime/value.hpp>

namespace wrt {

using CodeWord = std::uint32_t;
inline constexpr std::uint32_t kHandlerWords = sizeof(void*) / sizeof(CodeWord);

// Operations that are not WebAssembly instructions one to one.
// clang-format off
#define WRT_INTERNAL_OPS(X)                                                             \
  X(x_copy)         /* dst src                 one slot */                                \
  X(x_copy2)        /* dst src                 two slots (v128) */                        \
  X(x_const32)      /* dst imm                 zero-extended */                           \
  X(x_const64)      /* dst lo hi */                                                        \
  X(x_const128)     /* dst w0 w1 w2 w3 */                                                  \
  X(x_br)           /* offset */                                                           \
  X(x_br_nez)       /* cond offset */                                                      \
  X(x_br_eqz)       /* cond offset */                                                      \
  X(x_br_table)     /* index count offset*count default-offset */                         \
  X(x_call)         /* function arg-base */                                                \
  X(x_call_indirect)/* type table index-slot arg-base */                                   \
  X(x_return)       /* (results are in fp[0..]) */                                         \
  X(x_fuel)         /* instructions in this block */                                       \
  X(x_unreachable)  /* */                                                                  \
  X(x_select)       /* dst a b cond */                                                     \
  X(x_select2)      /* dst a b cond            v128 */                                    \
  X(x_global_get)   /* dst global */                                                       \
  X(x_global_get2)  /* dst global              v128 */                                    \
  X(x_global_set)   /* src global */                                                       \
  X(x_global_set2)  /* src global              v128 */                                    \
  X(x_table_get)    /* dst index table */                                                  \
  X(x_table_set)    /* index value table */                                                \
  X(x_table_grow)   /* dst value count table */                                            \
  X(x_table_fill)   /* index value count table */                                          \
  X(x_ref_is_null)  /* dst src */                                                          \
  X(x_ref_func)     /* dst function */                                                     \
  X(x_invalid)      /* never emitted: the handler of instructions that have none */    \
  WRT_FUNCTION_REFERENCE_OPS(X)                                                            \
  WRT_EXCEPTION_OPS(X)                                                                     \
  WRT_FAR_MEMORY_OP(X)                                                                     \
  WRT_TAIL_CALL_OPS(X)                                                                     \
  WRT_WIDE_ARITHMETIC_OPS(X)
// Typed function references (rare: kept apart from the common operations above).
// clang-format off
#define WRT_FUNCTION_REFERENCE_OPS(X)                                                    \
  X(x_call_ref)        /* ref-slot arg-base        traps on null */                    \
  X(x_ref_as_non_null) /* ref-slot                 traps on null; the value stays */   \
  X(x_br_null)         /* ref-slot offset          jump when the reference is null */  \
  X(x_br_non_null)     /* ref-slot offset          jump when it is not */
// clang-format on
// Exception handling (WRT_ENABLE_EXCEPTIONS; compiled out, none exists).
// clang-format off
#if WRT_ENABLE_EXCEPTIONS
#define WRT_EXCEPTION_OPS(X)                                                                \
  X(x_throw)        /* tag payload-base        exception handling */                      \
  X(x_throw_ref)    /* exnref-slot             throw_ref, and the legacy rethrow */       \
  X(x_release_held) /* exnref-slot             a legacy catch body that can rethrow ends */ \
  X(x_rethrow_held) /* exnref-slot             rethrow that leaves its catch body */
#else
#define WRT_EXCEPTION_OPS(X)
#endif
// clang-format on
// x_far: a memory instruction on a memory other than the fast one (memory 0 with 32-bit
// addresses and 64 KiB pages, whose base and size the interpreter keeps in registers):
//   x_far opcode <the far layout of the opcode, far_operand_words()>
#if WRT_MEMORY_PROPOSALS
#define WRT_FAR_MEMORY_OP(X) X(x_far)
#else
#define WRT_FAR_MEMORY_OP(X)
#endif
// Tail calls (WRT_ENABLE_TAIL_CALL): the callee replaces the current frame. Operands as x_call
// and x_call_indirect; the instructions that follow return the results of a host callee (which
// cannot replace a frame: it is called, then the caller returns).
//   x_return_call           function arg-base
//   x_return_call_indirect  type table index-slot arg-base
//   x_return_call_ref       ref-slot arg-base (null traps)
#if WRT_ENABLE_TAIL_CALL
#define WRT_TAIL_CALL_OPS(X) X(x_return_call) X(x_return_call_indirect) X(x_return_call_ref)
#else
#define WRT_TAIL_CALL_OPS(X)
#endif
// Wide arithmetic (WRT_ENABLE_WIDE_ARITHMETIC), rare: one operation for the four instructions,
// which calls out of the loop.
//   x_wide  opcode dst-low dst-high a-low a-high b-low b-high   (i64.add128, i64.sub128)
//   x_wide  opcode dst-low dst-high a b                          (i64.mul_wide_s, i64.mul_wide_u)
#if WRT_ENABLE_WIDE_ARITHMETIC
#define WRT_WIDE_ARITHMETIC_OPS(X) X(x_wide)
#else
#define WRT_WIDE_ARITHMETIC_OPS(X)
#endif
// clang-format on

// Fused operations (superinstructions, WRT_FUSED_OPS). Compiled C is full of operations with a
// constant operand (`i + 1`, `x & 0xFF`, `n < 16`), comparisons that only feed a branch or a
// select, addresses computed just before the access, and products summed at once; each such
// pair costs one dispatch instead of two, and its intermediate value never goes through a slot.
//
// The fused operations come in families; WRT_FUSED_OPS_LIST(X) calls X(family, opcode) for
// each, and the operation is named <family>_<opcode> (imm_i32_add, br_i64_lt_s, ...).
//   imm_<op>        dst a imm          the binary op with a constant second operand (i64: the
//                                      constant sign-extended from 32 bits)
//   br_<cmp>        a b offset         jump when the comparison holds
//   br_imm_<cmp>    a imm offset
//   idx_<load>      dst a b offset     the access at address a + b (wrapping at 32 bits, as the
//   idx_<store>     a b value offset   i32.add did), then the offset
//   disp_<access>   (same, b a constant)
//   sel_<cmp>       dst a b x y        dst = (x cmp y) ? a : b
//   sel_imm_<cmp>   dst a b x imm
//   madd_<mul>      dst a b c          dst = a * b + c   (two roundings, as the two instructions)
//   msub_<mul>      dst a b c          dst = a * b - c
//   mrsub_<mul>     dst a b c          dst = c - a * b
//   x_select64      dst a b cond       select on an i64 condition (i64.eqz fused, a b swapped)
//   x_br_eqz64      cond offset        branch on an i64 being zero (i64.eqz fused) or not
//   x_br_nez64      cond offset
//   x_sext32        dst src k          (src << k) >> k arithmetic: i32.shl k; i32.shr_s k
// clang-format off
#define WRT_IMM_OPS(X, F)                                                                        \
  X(F, i32_add) X(F, i32_sub) X(F, i32_mul) X(F, i32_and) X(F, i32_or) X(F, i32_xor)             \
  X(F, i32_shl) X(F, i32_shr_s) X(F, i32_shr_u) X(F, i32_rotl) X(F, i32_rotr)                    \
  X(F, i64_add) X(F, i64_sub) X(F, i64_mul) X(F, i64_and) X(F, i64_or) X(F, i64_xor)             \
  X(F, i64_shl) X(F, i64_shr_s) X(F, i64_shr_u) X(F, i64_rotl) X(F, i64_rotr)                    \
  WRT_COMPARES(X, F)
#define WRT_I32_COMPARES(X, F)                                                                   \
  X(F, i32_eq) X(F, i32_ne) X(F, i32_lt_s) X(F, i32_lt_u) X(F, i32_gt_s) X(F, i32_gt_u)          \
  X(F, i32_le_s) X(F, i32_le_u) X(F, i32_ge_s) X(F, i32_ge_u)
#define WRT_COMPARES(X, F)                                                                       \
  WRT_I32_COMPARES(X, F)                                                                         \
  X(F, i64_eq) X(F, i64_ne) X(F, i64_lt_s) X(F, i64_lt_u) X(F, i64_gt_s) X(F, i64_gt_u)          \
  X(F, i64_le_s) X(F, i64_le_u) X(F, i64_ge_s) X(F, i64_ge_u)
#define WRT_INDEXED_ACCESSES(X, F)                                                               \
  X(F, i32_load) X(F, i64_load) X(F, f32_load) X(F, f64_load) X(F, i32_load8_s)                  \
  X(F, i32_load8_u) X(F, i32_load16_s) X(F, i32_load16_u) X(F, i64_load8_u) X(F, i64_load32_u)   \
  X(F, i32_store) X(F, i64_store) X(F, f32_store) X(F, f64_store) X(F, i32_store8)               \
  X(F, i32_store16)
#define WRT_MULTIPLIES(X, F) X(F, i32_mul) X(F, i64_mul) X(F, f32_mul) X(F, f64_mul)
#define WRT_SINGLE_FUSED_OPS(X, F) X(F, select64) X(F, br_eqz64) X(F, br_nez64) X(F, sext32)
// clang-format on
#if WRT_FUSED_OPS
#define WRT_FUSED_OPS_LIST(X)                                                                    \
  WRT_IMM_OPS(X, imm) WRT_COMPARES(X, br) WRT_COMPARES(X, br_imm) WRT_INDEXED_ACCESSES(X, idx)   \
  WRT_INDEXED_ACCESSES(X, disp) WRT_I32_COMPARES(X, sel) WRT_I32_COMPARES(X, sel_imm)            \
  WRT_MULTIPLIES(X, madd) WRT_MULTIPLIES(X, msub) WRT_MULTIPLIES(X, mrsub)                       \
  WRT_SINGLE_FUSED_OPS(X, x)
#else
#define WRT_FUSED_OPS_LIST(X)
#endif

// The interpreter's operations: the WebAssembly opcodes except SIMD, the internal operations,
// the fused operations, then the SIMD opcodes. SIMD comes last so that a build without it has no handler-table
// entries for it (kOpCount stops before them).
enum class Op : std::uint16_t {
#define WRT_X(id, prefix, code, text, imm, sig, bytes, feature) WRT_OP_IF_NOT_SIMD_##feature(id)
#define WRT_OP_IF_NOT_SIMD_mvp(id) id,
#define WRT_OP_IF_NOT_SIMD_sign_extension(id) id,
#define WRT_OP_IF_NOT_SIMD_saturating_float_to_int(id) id,
#define WRT_OP_IF_NOT_SIMD_bulk_memory(id) id,
#define WRT_OP_IF_NOT_SIMD_reference_types(id) id,
#define WRT_OP_IF_NOT_SIMD_tail_call(id) id,
#define WRT_OP_IF_NOT_SIMD_wide_arithmetic(id) id,
#define WRT_OP_IF_NOT_SIMD_relaxed_simd(id)
#define WRT_OP_IF_NOT_SIMD_exceptions(id) id,
#define WRT_OP_IF_NOT_SIMD_legacy_exceptions(id) id,
#define WRT_OP_IF_NOT_SIMD_simd(id)
#define WRT_OP_IF_NOT_SIMD_threads(id)
#define WRT_OP_IF_NOT_SIMD_function_references(id) id,
  WRT_OPCODES(WRT_X)
#undef WRT_X
#define WRT_X(id) id,
  WRT_INTERNAL_OPS(WRT_X)
#undef WRT_X
#define WRT_X(family, id) family##_##id,
  WRT_FUSED_OPS_LIST(WRT_X)
#undef WRT_X
  first_simd,
#define WRT_X(id, prefix, code, text, imm, sig, bytes, feature) WRT_OP_IF_SIMD_##feature(id)
#define WRT_OP_IF_SIMD_mvp(id)
#define WRT_OP_IF_SIMD_sign_extension(id)
#define WRT_OP_IF_SIMD_saturating_float_to_int(id)
#define WRT_OP_IF_SIMD_bulk_memory(id)
#define WRT_OP_IF_SIMD_reference_types(id)
#define WRT_OP_IF_SIMD_tail_call(id)
#define WRT_OP_IF_SIMD_wide_arithmetic(id)
#define WRT_OP_IF_SIMD_relaxed_simd(id) id,
#define WRT_OP_IF_SIMD_exceptions(id)
#define WRT_OP_IF_SIMD_legacy_exceptions(id)
#define WRT_OP_IF_SIMD_simd(id) id,
#define WRT_OP_IF_SIMD_threads(id) id,
#define WRT_OP_IF_SIMD_function_references(id)
  WRT_OPCODES(WRT_X)
#undef WRT_X
  end_simd,
};

inline constexpr std::size_t kInternalOpCount = 0
#define WRT_X(id) +1
    WRT_INTERNAL_OPS(WRT_X)
#undef WRT_X
#define WRT_X(family, id) +1
    WRT_FUSED_OPS_LIST(WRT_X)
#undef WRT_X
    ;
// Handler-table entries: every operation, or, without SIMD and the memory proposals (whose
// threads rows come after SIMD), those before them.
inline constexpr std::size_t kOpCount = WRT_ENABLE_SIMD || WRT_MEMORY_PROPOSALS ? static_cast<std::size_t>(Op::end_simd) - 1
                                                                                : static_cast<std::size_t>(Op::first_simd);

// Handler-table index of an operation (first_simd is a marker, not an operation).
[[nodiscard]] constexpr std::size_t op_index(Op op) noexcept {
  auto i = static_cast<std::size_t>(op);
  return i < static_cast<std::size_t>(Op::first_simd) ? i : i - 1;
}

// The operation of a WebAssembly opcode that the interpreter runs one to one.
[[nodiscard]] constexpr Op op_of(Opcode opcode) noexcept {
  auto i = static_cast<std::size_t>(opcode);
  return i < kFirstSimdOpcode ? static_cast<Op>(i) : static_cast<Op>(i + kInternalOpCount + 1);
}

// Which WebAssembly opcodes the interpreter runs as one instruction of the generic layout
// (result, operands, immediates): every opcode typed by a signature, except the constants,
// which the translator folds into operands.
[[nodiscard]] constexpr bool is_direct(Opcode op) noexcept {
  const OpcodeInfo& i = info(op);
  if (i.signature == OpSignature::special) return false;
  switch (i.immediate) {
    case ImmediateKind::i32:
    case ImmediateKind::i64:
    case ImmediateKind::f32:
    case ImmediateKind::f64:
    case ImmediateKind::v128:
      return false;
    default:
      return op != Opcode::nop;
  }
}

// Words of immediates the generic layout gives an opcode.
[[nodiscard]] constexpr std::uint32_t immediate_words(Opcode op) noexcept {
  switch (info(op).immediate) {
    case ImmediateKind::memarg: return 1;  // offset
    case ImmediateKind::memarg_lane2:
    case ImmediateKind::memarg_lane4:
    case ImmediateKind::memarg_lane8:
    case ImmediateKind::memarg_lane16: return 2;  // offset, lane
    case ImmediateKind::lane2:
    case ImmediateKind::lane4:
    case ImmediateKind::lane8:
    case ImmediateKind::lane16: return 1;
    case ImmediateKind::shuffle: return 4;
    case ImmediateKind::memory_init: return 1;  // data segment
    case ImmediateKind::data: return 1;
    case ImmediateKind::table: return 1;
    case ImmediateKind::table_init: return 2;  // element segment, table
    case ImmediateKind::table_copy: return 2;  // destination table, source table
    case ImmediateKind::element: return 1;
    default: return 0;  // memory (always 0 in 2.0), memory_copy, none
  }
}

// Operand words (after the handler) of a direct opcode.
[[nodiscard]] constexpr std::uint32_t direct_operand_words(Opcode op) noexcept {
  const SignatureTypes& s = signature_types(info(op).signature);
  return s.result_count + s.param_count + immediate_words(op);
}

// Whether an instruction names a memory (a memory access, memory.size/grow/fill/copy/init):
// on other than the fast memory it runs as x_far.
[[nodiscard]] constexpr bool is_memory_instruction(Opcode op) noexcept {
  switch (info(op).immediate) {
    case ImmediateKind::memarg:
    case ImmediateKind::memarg_lane2:
    case ImmediateKind::memarg_lane4:
    case ImmediateKind::memarg_lane8:
    case ImmediateKind::memarg_lane16:
    case ImmediateKind::memory:
    case ImmediateKind::memory_init:
    case ImmediateKind::memory_copy:
      return true;
    default:
      return false;
  }
}

// Operand words of a memory instruction in its x_far layout (after the opcode word): result and
// operand slots as in the generic layout, then
//   accesses       offset (two words, low first), memory [, lane]
//   memory.size/grow/fill   memory
//   memory.init    segment, memory
//   memory.copy    destination memory, source memory
[[nodiscard]] constexpr std::uint32_t far_operand_words(Opcode op) noexcept {
  const SignatureTypes& s = signature_types(info(op).signature);
  const std::uint32_t slots = s.result_count + s.param_count;
  switch (info(op).immediate) {
    case ImmediateKind::memarg: return slots + 3;
    case ImmediateKind::memarg_lane2:
    case ImmediateKind::memarg_lane4:
    case ImmediateKind::memarg_lane8:
    case ImmediateKind::memarg_lane16: return slots + 4;
    case ImmediateKind::memory: return slots + 1;
    case ImmediateKind::memory_init:
    case ImmediateKind::memory_copy: return slots + 2;
    default: return 0;
  }
}

// Where a code position came from, for trap backtraces.
// Whether an instruction can trap or call: only those need their byte offset kept, for the
// trap's offset and the backtrace (a caller's frame points at its call).
[[nodiscard]] constexpr bool may_trap_or_call(Opcode op) noexcept {
  if (kMemoryProposals && info(op).feature == Feature::threads) return true;  // the atomics
  switch (info(op).immediate) {
    case ImmediateKind::memarg:
    case ImmediateKind::memarg_lane2:
    case ImmediateKind::memarg_lane4:
    case ImmediateKind::memarg_lane8:
    case ImmediateKind::memarg_lane16:
      return true;
    default:
      break;
  }
  switch (op) {
    case Opcode::unreachable:
    case Opcode::call:
    case Opcode::call_indirect:
#if WRT_ENABLE_TAIL_CALL
    case Opcode::return_call:
    case Opcode::return_call_indirect:
#endif
#if WRT_ENABLE_FUNCTION_REFERENCES
#if WRT_ENABLE_TAIL_CALL
    case Opcode::return_call_ref:
#endif
    case Opcode::call_ref:
    case Opcode::ref_as_non_null:
#endif
    case Opcode::i32_div_s:
    case Opcode::i32_div_u:
    case Opcode::i32_rem_s:
    case Opcode::i32_rem_u:
    case Opcode::i64_div_s:
    case Opcode::i64_div_u:
    case Opcode::i64_rem_s:
    case Opcode::i64_rem_u:
    case Opcode::i32_trunc_f32_s:
    case Opcode::i32_trunc_f32_u:
    case Opcode::i32_trunc_f64_s:
    case Opcode::i32_trunc_f64_u:
    case Opcode::i64_trunc_f32_s:
    case Opcode::i64_trunc_f32_u:
    case Opcode::i64_trunc_f64_s:
    case Opcode::i64_trunc_f64_u:
    case Opcode::memory_init:
    case Opcode::memory_copy:
    case Opcode::memory_fill:
    case Opcode::table_get:
    case Opcode::table_set:
    case Opcode::table_init:
    case Opcode::table_copy:
    case Opcode::table_fill:
#if WRT_ENABLE_EXCEPTIONS
    case Opcode::throw_:
    case Opcode::throw_ref:
    case Opcode::rethrow:
#endif
      return true;
    default:
      return false;
  }
}

struct OffsetEntry {
  std::uint32_t code_position;  // word index of an instruction
  std::uint32_t wasm_offset;    // byte offset of the WebAssembly instruction in the module
};

// Exception handling: where a function catches what is thrown inside it. One entry per catch
// clause (or delegate), innermost try first (the translator appends an entry when its try's
// range ends), so that the first entry whose range holds the throwing position and whose tag
// matches is the handler. Nothing runs for these until something throws.
enum class HandlerKind : std::uint8_t {
  catch_,            // payload at slot
  catch_ref,         // payload at slot, then the exnref
  catch_all,         // nothing
  catch_all_ref,     // the exnref at slot
  legacy_catch,      // the exnref at slot (for rethrow), then the payload
  legacy_catch_all,  // the exnref at slot
  delegate,          // not a handler: go on with the entries of tries at label `target` or outside
};
struct HandlerEntry {
  std::uint32_t start = 0;   // code positions [start, end) the try covers
  std::uint32_t end = 0;
  std::uint32_t target = 0;  // the landing pad's position; delegate: the label's nesting
  std::uint32_t tag = 0;     // the module's tag index (not for the catch_all kinds)
  std::uint32_t slot = 0;    // frame slot where what the handler receives goes
  std::uint16_t nesting = 0; // the try's label nesting (the function's label is 0)
  HandlerKind kind = HandlerKind::catch_;
  std::uint8_t rethrown = 0; // legacy catches: a rethrow reads the exception (else it is freed)
  [[nodiscard]] bool has_tag() const noexcept {
    return kind == HandlerKind::catch_ || kind == HandlerKind::catch_ref || kind == HandlerKind::legacy_catch;
  }
};

struct CompiledFunction;
// The alignment of a CompiledFunction's allocation (its constant pool holds 8-byte slots).
inline constexpr std::size_t kCompiledFunctionAlign = alignof(Slot) > alignof(void*) ? alignof(Slot) : alignof(void*);

struct CompiledFunction {
  const CodeWord* code = nullptr;
  std::uint32_t code_words = 0;
  std::uint32_t param_slots = 0;
  std::uint32_t local_slots = 0;  // parameters and declared locals
  std::uint32_t frame_slots = 0;  // locals and the deepest operand stack
  const OffsetEntry* offsets = nullptr;
  std::uint32_t offset_count = 0;
#if WRT_ENABLE_EXCEPTIONS
  const HandlerEntry* handlers = nullptr;  // exception handling (see HandlerEntry)
  std::uint32_t handler_count = 0;
#endif
  const Slot* pool = nullptr;      // the constant pool: slots [local_slots, local_slots + pool_slots)
  std::uint32_t pool_slots = 0;
  std::size_t allocation_bytes = 0;  // this struct, its code, offsets and pool: one allocation

  // A new frame: declared locals zero, the constant pool filled (parameters are in place).
  WRT_ALWAYS_INLINE void enter(Slot* fp) const noexcept {
    for (std::uint32_t i = param_slots; i < local_slots; ++i) fp[i] = 0;
    if constexpr (WRT_FUSED_OPS) {  // the constant pool goes with the fused operations
      for (std::uint32_t i = 0; i < pool_slots; ++i) fp[local_slots + i] = pool[i];
    }
  }

  // The WebAssembly byte offset of the instruction at code word `position`.
  [[nodiscard]] std::uint32_t wasm_offset_of(std::uint32_t position) const noexcept;
};

}  // namespace wrt
