// The interpreter loop. One function holds every handler, so the hot state (ip, fp, the
// memory base and size, fuel) lives in registers, and each handler ends by jumping to the next
// instruction's handler (direct threading); see docs/interpreter.md.
#include "runtime/interpreter.hpp"

#include <bit>
#include <cstring>
#include <type_traits>

#include <wrt/decoder/instruction.hpp>
#include <wrt/foundation/checked.hpp>
#include <wrt/runtime/module_code.hpp>

#include "runtime/kernels.hpp"

#if WRT_DISPATCH_COMPUTED_GOTO
// Taking a label's address is the GNU extension this dispatch is built on.
#pragma GCC diagnostic ignored "-Wpedantic"
#endif

// WRT_IF_COMPILED(feature, yes, no): `yes` for opcodes of a feature compiled into this build
// (every feature but SIMD always is), else `no`. The decoder rejects opcodes compiled out, so
// their handler-table entries point at x_invalid and they have no handler code.
#define WRT_IF_COMPILED(feature, yes, no) WRT_IF_COMPILED_##feature(yes, no)
#define WRT_IF_COMPILED_mvp(yes, no) yes
#define WRT_IF_COMPILED_sign_extension(yes, no) yes
#define WRT_IF_COMPILED_saturating_float_to_int(yes, no) yes
#define WRT_IF_COMPILED_bulk_memory(yes, no) yes
#define WRT_IF_COMPILED_reference_types(yes, no) yes
// Tail calls run as x_return_call / x_return_call_indirect: no generic handler.
#define WRT_IF_COMPILED_tail_call(yes, no) no
// Wide arithmetic runs as x_wide: no generic handler.
#define WRT_IF_COMPILED_wide_arithmetic(yes, no) no
#define WRT_IF_COMPILED_exceptions(yes, no) yes
#define WRT_IF_COMPILED_legacy_exceptions(yes, no) yes
// The threads rows run only as x_far (interpreter_far.inc): no generic handler.
#define WRT_IF_COMPILED_threads(yes, no) no
// Typed function references run as internal operations (x_call_ref, ...): no generic handler.
#define WRT_IF_COMPILED_function_references(yes, no) no
#if WRT_ENABLE_SIMD
#define WRT_IF_COMPILED_simd(yes, no) yes
#else
#define WRT_IF_COMPILED_simd(yes, no) no
#endif
#define WRT_IF_COMPILED_relaxed_simd(yes, no) WRT_IF_COMPILED_simd(yes, no)
// Which rows x_far serves (interpreter_far.inc): those compiled in, threads included.
#define WRT_IF_FAR_COMPILED(feature, yes, no) WRT_IF_FAR_COMPILED_##feature(yes, no)
#define WRT_IF_FAR_COMPILED_mvp(yes, no) yes
#define WRT_IF_FAR_COMPILED_sign_extension(yes, no) yes
#define WRT_IF_FAR_COMPILED_saturating_float_to_int(yes, no) yes
#define WRT_IF_FAR_COMPILED_bulk_memory(yes, no) yes
#define WRT_IF_FAR_COMPILED_reference_types(yes, no) yes
#define WRT_IF_FAR_COMPILED_tail_call(yes, no) no
#define WRT_IF_FAR_COMPILED_wide_arithmetic(yes, no) no
#define WRT_IF_FAR_COMPILED_relaxed_simd(yes, no) no
#define WRT_IF_FAR_COMPILED_exceptions(yes, no) yes
#define WRT_IF_FAR_COMPILED_legacy_exceptions(yes, no) yes
#define WRT_IF_FAR_COMPILED_simd(yes, no) WRT_IF_COMPILED_simd(yes, no)
#define WRT_IF_FAR_COMPILED_threads(yes, no) yes
#define WRT_IF_FAR_COMPILED_function_references(yes, no) no
// Handler-table entries of one opcode row: WRT_ENTRY_<feature>(id) for the rows before SIMD,
// WRT_SIMD_ENTRY_<feature>(id) for the SIMD rows (see the Op order in code.hpp).
#define WRT_ENTRY_mvp(id) &&h_##id,
#define WRT_ENTRY_sign_extension(id) &&h_##id,
#define WRT_ENTRY_saturating_float_to_int(id) &&h_##id,
#define WRT_ENTRY_bulk_memory(id) &&h_##id,
#define WRT_ENTRY_reference_types(id) &&h_##id,
#define WRT_ENTRY_tail_call(id) &&h_x_invalid,
#define WRT_ENTRY_wide_arithmetic(id) &&h_x_invalid,
#define WRT_ENTRY_relaxed_simd(id)
#define WRT_ENTRY_exceptions(id) &&h_##id,
#define WRT_ENTRY_legacy_exceptions(id) &&h_##id,
#define WRT_ENTRY_simd(id)
#define WRT_ENTRY_threads(id)
#define WRT_ENTRY_function_references(id) &&h_x_invalid,
#define WRT_SIMD_ENTRY_mvp(id)
#define WRT_SIMD_ENTRY_sign_extension(id)
#define WRT_SIMD_ENTRY_saturating_float_to_int(id)
#define WRT_SIMD_ENTRY_bulk_memory(id)
#define WRT_SIMD_ENTRY_reference_types(id)
#define WRT_SIMD_ENTRY_tail_call(id)
#define WRT_SIMD_ENTRY_wide_arithmetic(id)
#define WRT_SIMD_ENTRY_exceptions(id)
#define WRT_SIMD_ENTRY_legacy_exceptions(id)
#if WRT_ENABLE_SIMD
#define WRT_SIMD_ENTRY_simd(id) &&h_##id,
#else
#define WRT_SIMD_ENTRY_simd(id) &&h_x_invalid,
#endif
#define WRT_SIMD_ENTRY_threads(id) &&h_x_invalid,
#define WRT_SIMD_ENTRY_relaxed_simd(id) WRT_SIMD_ENTRY_simd(id)
#define WRT_SIMD_ENTRY_function_references(id)

namespace wrt {

using numeric::Trap;

// A table index or count in a slot: an i32 (kept zero-extended) or, for a table64, an i64.
// Without the memory proposals only the i32, as in 2.0 (smaller code on 32-bit targets).
using TableIndex = std::conditional_t<kMemoryProposals, std::uint64_t, std::uint32_t>;

struct Interpreter::Machine {
  std::uint8_t* mem;
  std::uint64_t mem_size;
  Instance* inst;
};

namespace {

// An instruction's operand-word count as a constant (a plain call of the constexpr function
// may be left as a run-time call at -Os).
template <Opcode op>
inline constexpr std::uint32_t kOperandWords = direct_operand_words(op);

// Slots hold i32 and f32 in their low 32 bits, zero-extended; i64, f64 and references in all
// 64; v128 in two consecutive slots.
template <typename T>
WRT_ALWAYS_INLINE T get(const Slot* s) noexcept {
  if constexpr (std::is_same_v<T, std::uint32_t>) {
    return static_cast<std::uint32_t>(*s);
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    return *s;
  } else if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<float>(static_cast<std::uint32_t>(*s));
  } else if constexpr (std::is_same_v<T, double>) {
    return std::bit_cast<double>(*s);
  } else {
    V128 v;
    std::memcpy(v.bytes, s, 16);
    return v;
  }
}

template <typename T>
WRT_ALWAYS_INLINE void put(Slot* s, T v) noexcept {
  if constexpr (std::is_same_v<T, std::uint32_t>) {
    *s = v;
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    *s = v;
  } else if constexpr (std::is_same_v<T, float>) {
    *s = std::bit_cast<std::uint32_t>(v);
  } else if constexpr (std::is_same_v<T, double>) {
    *s = std::bit_cast<std::uint64_t>(v);
  } else {
    std::memcpy(s, v.bytes, 16);
  }
}

template <ValType T>
struct CTypeOf;
template <>
struct CTypeOf<ValType::i32> {
  using type = std::uint32_t;
};
template <>
struct CTypeOf<ValType::i64> {
  using type = std::uint64_t;
};
template <>
struct CTypeOf<ValType::f32> {
  using type = float;
};
template <>
struct CTypeOf<ValType::f64> {
  using type = double;
};
template <>
struct CTypeOf<ValType::v128> {
  using type = V128;
};
template <ValType T>
using CType = typename CTypeOf<T>::type;

// A constant operand of a fused operation: its 32-bit word, sign-extended for i64.
template <typename T>
WRT_ALWAYS_INLINE T immediate(CodeWord w) noexcept {
  if constexpr (std::is_same_v<T, std::uint32_t>) {
    return w;
  } else {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int32_t>(w)));
  }
}

// dst a imm: a binary operation with a constant second operand.
template <Opcode O>
WRT_ALWAYS_INLINE void binary_immediate(const CodeWord* ops, Slot* fp) noexcept {
  constexpr const SignatureTypes& sig = signature_types(info(O).signature);
  using A = CType<sig.params[0]>;
  using B = CType<sig.params[1]>;
  Trap unused = Trap::none;  // the fused operations cannot trap
  put(fp + ops[0], Kernel<O>::apply(get<A>(fp + ops[1]), immediate<B>(ops[2]), nullptr, unused));
}

// a b (or a imm): the comparison a fused branch tests.
template <Opcode O, bool kImmediate>
WRT_ALWAYS_INLINE bool compare(const CodeWord* ops, const Slot* fp) noexcept {
  constexpr const SignatureTypes& sig = signature_types(info(O).signature);
  using A = CType<sig.params[0]>;
  Trap unused = Trap::none;
  A b = kImmediate ? immediate<A>(ops[1]) : get<A>(fp + ops[1]);
  return Kernel<O>::apply(get<A>(fp + ops[0]), b, nullptr, unused) != 0;
}

// dst a b c: a * b, then + c (kind 0), - c (1) or subtracted from c (2); rounded twice, exactly
// as the two instructions (integers wrap).
template <Opcode O, int kKind>
WRT_ALWAYS_INLINE void multiply_then(const CodeWord* ops, Slot* fp) noexcept {
  constexpr const SignatureTypes& sig = signature_types(info(O).signature);
  using T = CType<sig.params[0]>;
  Trap unused = Trap::none;
  T product = Kernel<O>::apply(get<T>(fp + ops[1]), get<T>(fp + ops[2]), nullptr, unused);
  T c = get<T>(fp + ops[3]);
  T r;
  if constexpr (kKind == 0) {
    r = product + c;
  } else if constexpr (kKind == 1) {
    r = product - c;
  } else {
    r = c - product;
  }
  put(fp + ops[0], r);
}

// A load (dst a b offset) or store (a b value offset) at the address a + b, b a slot or (for the
// displaced form) a constant: the i32.add that computed the address fused into the access. The
// sum wraps at 32 bits as the add did; the offset is added after, as for any access.
template <Opcode O, bool kDisplaced>
WRT_ALWAYS_INLINE Trap indexed_access(const CodeWord* ops, Slot* fp, std::uint8_t* mem, std::uint64_t mem_size) noexcept {
  constexpr const OpcodeInfo& oi = info(O);
  constexpr const SignatureTypes& sig = signature_types(oi.signature);
  constexpr std::uint32_t r = sig.result_count;
  const std::uint32_t b = kDisplaced ? ops[r + 1] : get<std::uint32_t>(fp + ops[r + 1]);
  const std::uint32_t address = get<std::uint32_t>(fp + ops[r]) + b;
  const std::uint64_t ea = std::uint64_t{address} + ops[3];
  if (WRT_UNLIKELY(ea + oi.access_bytes > mem_size)) return Trap::out_of_bounds_memory;
  if constexpr (r == 1) {
    put(fp + ops[0], Kernel<O>::load(mem + ea));
  } else {
    Kernel<O>::store(mem + ea, get<CType<sig.params[1]>>(fp + ops[2]));
  }
  return Trap::none;
}

constexpr bool is_memarg_lane(ImmediateKind k) {
  return k == ImmediateKind::memarg_lane2 || k == ImmediateKind::memarg_lane4 || k == ImmediateKind::memarg_lane8 ||
         k == ImmediateKind::memarg_lane16;
}

}  // namespace

ErrorCode error_code_of(Trap trap) noexcept {
  switch (trap) {
    case Trap::integer_divide_by_zero: return ErrorCode::integer_divide_by_zero;
    case Trap::integer_overflow: return ErrorCode::integer_overflow;
    case Trap::invalid_conversion: return ErrorCode::invalid_conversion;
    case Trap::unreachable: return ErrorCode::unreachable_executed;
    case Trap::out_of_bounds_memory: return ErrorCode::out_of_bounds_memory;
    case Trap::out_of_bounds_table: return ErrorCode::out_of_bounds_table;
    case Trap::indirect_call_mismatch: return ErrorCode::indirect_call_mismatch;
    case Trap::uninitialized_element: return ErrorCode::uninitialized_element;
    case Trap::undefined_element: return ErrorCode::undefined_element;
    case Trap::call_stack_exhausted: return ErrorCode::call_stack_exhausted;
    case Trap::out_of_memory: return ErrorCode::out_of_memory;
    case Trap::unaligned_atomic: return ErrorCode::unaligned_atomic;
    case Trap::expected_shared_memory: return ErrorCode::expected_shared_memory;
    case Trap::null_function_reference: return ErrorCode::null_function_reference;
    case Trap::null_reference: return ErrorCode::null_reference;
    case Trap::endless_wait: return ErrorCode::not_supported;
    case Trap::null_exception_reference: return ErrorCode::null_exception_reference;
    case Trap::none:
    case Trap::invalid: break;
  }
  return ErrorCode::trap;
}

// One directly executed instruction: operands per the generic layout (result, operands,
// immediates), semantics from Kernel<O>.
template <Opcode O>
WRT_ALWAYS_INLINE Trap Interpreter::direct(const CodeWord* ops, Slot* fp, Machine& m) noexcept {
  constexpr const OpcodeInfo& oi = info(O);
  constexpr const SignatureTypes& sig = signature_types(oi.signature);
  constexpr ImmediateKind imm = oi.immediate;
  constexpr std::uint32_t r = sig.result_count;  // operand words before the first source

  if constexpr (!is_direct(O)) {
    return Trap::invalid;
  } else if constexpr (imm == ImmediateKind::memarg && r == 1) {  // load: dst addr offset
    std::uint64_t ea = std::uint64_t{get<std::uint32_t>(fp + ops[1])} + ops[2];
    if (WRT_UNLIKELY(ea + oi.access_bytes > m.mem_size)) return Trap::out_of_bounds_memory;
    put(fp + ops[0], Kernel<O>::load(m.mem + ea));
    return Trap::none;
  } else if constexpr (imm == ImmediateKind::memarg) {  // store: addr value offset
    std::uint64_t ea = std::uint64_t{get<std::uint32_t>(fp + ops[0])} + ops[2];
    if (WRT_UNLIKELY(ea + oi.access_bytes > m.mem_size)) return Trap::out_of_bounds_memory;
    Kernel<O>::store(m.mem + ea, get<CType<sig.params[1]>>(fp + ops[1]));
    return Trap::none;
  } else if constexpr (is_memarg_lane(imm) && r == 1) {  // dst addr vec offset lane
    std::uint64_t ea = std::uint64_t{get<std::uint32_t>(fp + ops[1])} + ops[3];
    if (WRT_UNLIKELY(ea + oi.access_bytes > m.mem_size)) return Trap::out_of_bounds_memory;
    put(fp + ops[0], Kernel<O>::load_lane(m.mem + ea, get<V128>(fp + ops[2]), ops[4]));
    return Trap::none;
  } else if constexpr (is_memarg_lane(imm)) {  // addr vec offset lane
    std::uint64_t ea = std::uint64_t{get<std::uint32_t>(fp + ops[0])} + ops[2];
    if (WRT_UNLIKELY(ea + oi.access_bytes > m.mem_size)) return Trap::out_of_bounds_memory;
    Kernel<O>::store_lane(m.mem + ea, get<V128>(fp + ops[1]), ops[3]);
    return Trap::none;
  } else if constexpr (O == Opcode::memory_size) {
    put(fp + ops[0], static_cast<std::uint32_t>(m.mem_size / MemoryInstance::kPageSize));
    return Trap::none;
  } else if constexpr (O == Opcode::memory_grow) {
    MemoryInstance* memory = m.inst->memory0_;
    std::int64_t old = memory->grow(get<std::uint32_t>(fp + ops[1]));
    put(fp + ops[0], static_cast<std::uint32_t>(old));
    m.mem = memory->data_;
    m.mem_size = memory->size_;
    return Trap::none;
  } else if constexpr (O == Opcode::memory_fill) {  // d value n
    return memory_fill(m, get<std::uint32_t>(fp + ops[0]), get<std::uint32_t>(fp + ops[1]), get<std::uint32_t>(fp + ops[2]));
  } else if constexpr (O == Opcode::memory_copy) {  // d s n
    return memory_copy(m, get<std::uint32_t>(fp + ops[0]), get<std::uint32_t>(fp + ops[1]), get<std::uint32_t>(fp + ops[2]));
  } else if constexpr (O == Opcode::memory_init) {  // d s n segment
    return memory_init(m, ops[3], get<std::uint32_t>(fp + ops[0]), get<std::uint32_t>(fp + ops[1]),
                       get<std::uint32_t>(fp + ops[2]));
  } else if constexpr (O == Opcode::data_drop) {  // segment
    m.inst->dropped_data_[ops[0]] = 1;
    return Trap::none;
  } else if constexpr (O == Opcode::table_size) {  // dst table
    put(fp + ops[0], m.inst->tables_[ops[1]]->size());
    return Trap::none;
  } else if constexpr (O == Opcode::table_copy) {  // d s n dst-table src-table
    return table_copy(m.inst, ops[3], ops[4], get<TableIndex>(fp + ops[0]), get<TableIndex>(fp + ops[1]),
                      get<TableIndex>(fp + ops[2]));
  } else if constexpr (O == Opcode::table_init) {  // d s n segment table
    return table_init(m.inst, ops[4], ops[3], get<TableIndex>(fp + ops[0]), get<std::uint32_t>(fp + ops[1]),
                      get<std::uint32_t>(fp + ops[2]));
  } else if constexpr (O == Opcode::elem_drop) {  // segment
    m.inst->dropped_elements_[ops[0]] = 1;
    return Trap::none;
  } else {
    // Arithmetic: results and operands in slots, immediates (lanes, shuffle masks) after them.
    const CodeWord* immediates = ops + r + sig.param_count;
    Trap trap = Trap::none;
    if constexpr (sig.param_count == 1) {
      auto v = Kernel<O>::apply(get<CType<sig.params[0]>>(fp + ops[r]), immediates, trap);
      put(fp + ops[0], v);
    } else if constexpr (sig.param_count == 2) {
      auto v = Kernel<O>::apply(get<CType<sig.params[0]>>(fp + ops[r]), get<CType<sig.params[1]>>(fp + ops[r + 1]),
                                immediates, trap);
      put(fp + ops[0], v);
    } else {
      auto v = Kernel<O>::apply(get<CType<sig.params[0]>>(fp + ops[r]), get<CType<sig.params[1]>>(fp + ops[r + 1]),
                                get<CType<sig.params[2]>>(fp + ops[r + 2]), immediates, trap);
      put(fp + ops[0], v);
    }
    return trap;
  }
}

#if WRT_MEMORY_PROPOSALS
#include "runtime/interpreter_far.inc"
#endif

// --- bulk memory and tables ----------------------------------------------------------------

Trap Interpreter::memory_fill(Machine& m, std::uint64_t d, std::uint32_t value, std::uint64_t n) noexcept {
  if (d + n > m.mem_size) return Trap::out_of_bounds_memory;
  if (n > 0) std::memset(m.mem + d, static_cast<int>(value & 0xFF), static_cast<std::size_t>(n));  // n <= size
  return Trap::none;
}

Trap Interpreter::memory_copy(Machine& m, std::uint64_t d, std::uint64_t s, std::uint64_t n) noexcept {
  if (d + n > m.mem_size || s + n > m.mem_size) return Trap::out_of_bounds_memory;
  if (n > 0) std::memmove(m.mem + d, m.mem + s, static_cast<std::size_t>(n));
  return Trap::none;
}

Trap Interpreter::memory_init(Machine& m, std::uint32_t segment, std::uint64_t d, std::uint64_t s, std::uint64_t n) noexcept {
  const DataSegment& seg = m.inst->module_->data[segment];
  std::uint64_t length = m.inst->dropped_data_[segment] ? 0 : seg.init.size();
  if (s + n > length || d + n > m.mem_size) return Trap::out_of_bounds_memory;
  if (n > 0) std::memcpy(m.mem + d, seg.init.data() + s, static_cast<std::size_t>(n));
  return Trap::none;
}

Trap Interpreter::table_copy(Instance* inst, std::uint32_t dt, std::uint32_t st, std::uint64_t d,
                             std::uint64_t s, std::uint64_t n) noexcept {
  TableInstance* dst = inst->tables_[dt];
  TableInstance* src = inst->tables_[st];
  if (n > dst->size() || d > dst->size() - n || n > src->size() || s > src->size() - n) return Trap::out_of_bounds_table;
  if (n > 0) std::memmove(dst->data() + d, src->data() + s, static_cast<std::size_t>(n) * sizeof(RefBits));
  return Trap::none;
}

Trap Interpreter::table_init(Instance* inst, std::uint32_t table, std::uint32_t segment, std::uint64_t d,
                             std::uint64_t s, std::uint64_t n) noexcept {
  const ElementSegment& seg = inst->module_->elements[segment];
  TableInstance* t = inst->tables_[table];
  std::uint64_t length = inst->dropped_elements_[segment] ? 0 : seg.count;
  if (s + n > length || n > t->size() || d > t->size() - n) return Trap::out_of_bounds_table;
  ByteReader reader(seg.items, seg.items_offset);
  for (std::uint64_t i = 0; i < s + n; ++i) {
    auto item = element_item(seg, reader, *inst);
    if (!item) return Trap::out_of_memory;  // validated items do not fail to evaluate
    if (i >= s) t->set(static_cast<std::uint32_t>(d + i - s), *item);
  }
  return Trap::none;
}

Trap Interpreter::table_fill(Instance* inst, std::uint32_t table, std::uint64_t i, RefBits value,
                             std::uint64_t n) noexcept {
  TableInstance* t = inst->tables_[table];
  if (n > t->size() || i > t->size() - n) return Trap::out_of_bounds_table;
  for (std::uint64_t k = 0; k < n; ++k) t->set(static_cast<std::uint32_t>(i + k), value);
  return Trap::none;
}

#if WRT_ENABLE_TAIL_CALL
// The callee of an indirect call through table `table` at `index`, checked against type `type`
// (out of the loop: only the tail calls use it).
Trap Interpreter::indirect_callee(Instance* inst, std::uint32_t type, std::uint32_t table, std::uint64_t index,
                                  FunctionInstance*& callee) noexcept {
  TableInstance* t = inst->tables_[table];
  if (index >= t->size()) return Trap::undefined_element;
  callee = reinterpret_cast<FunctionInstance*>(t->get(static_cast<std::uint32_t>(index)));
  if (callee == nullptr) return Trap::uninitialized_element;
  if (callee->type_ != inst->types_[type]) return Trap::indirect_call_mismatch;
  return Trap::none;
}
#endif

#if WRT_ENABLE_WIDE_ARITHMETIC
namespace {

// The 128-bit product of two 64-bit values, from 32-bit halves (no 128-bit type on 32-bit
// targets): low and high 64 bits.
void multiply_64x64(std::uint64_t a, std::uint64_t b, std::uint64_t& low, std::uint64_t& high) noexcept {
  const std::uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32, b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
  const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const std::uint64_t middle = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
  low = (p00 & 0xFFFFFFFFu) | (middle << 32);
  high = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
}

}  // namespace

// x_wide: the wide-arithmetic instructions (operands in code.hpp). Every operand is read
// before a result is written: the results' slots are the first operands' slots. Returns the
// instruction's operand words.
std::uint32_t Interpreter::wide_arithmetic(const CodeWord* ops, Slot* fp) noexcept {
  const auto op = static_cast<Opcode>(ops[0]);
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  if (op == Opcode::i64_add128 || op == Opcode::i64_sub128) {
    const std::uint64_t a_low = fp[ops[3]], a_high = fp[ops[4]], b_low = fp[ops[5]], b_high = fp[ops[6]];
    if (op == Opcode::i64_add128) {
      low = a_low + b_low;
      high = a_high + b_high + (low < a_low ? 1 : 0);
    } else {
      low = a_low - b_low;
      high = a_high - b_high - (a_low < b_low ? 1 : 0);
    }
    fp[ops[1]] = low;
    fp[ops[2]] = high;
    return 7;
  }
  const std::uint64_t a = fp[ops[3]], b = fp[ops[4]];
  multiply_64x64(a, b, low, high);
  if (op == Opcode::i64_mul_wide_s) {
    // Two's complement: a negative operand contributes -2^64 times the other one.
    if (static_cast<std::int64_t>(a) < 0) high -= b;
    if (static_cast<std::int64_t>(b) < 0) high -= a;
  }
  fp[ops[1]] = low;
  fp[ops[2]] = high;
  return 5;
}
#endif

// --- host calls ----------------------------------------------------------------------------

// Out of the loop: its Result has a destructor, which an indirect goto may not jump past.
Interpreter::HostOutcome Interpreter::call_host(Thread& t, FunctionInstance* callee, Slot* args,
                                                Instance* caller) noexcept {
  HostCall call(*callee->type_, args, caller, callee->user_data_);
  call.set_thread(&t);
  Result<HostAction> action = callee->host_(call);
  if (!action) {
    t.host_error_ = action.error();
    return HostOutcome::error;
  }
  if (*action == HostAction::suspend) {
    t.pending_type_ = callee->type_;
    t.pending_slots_ = args;
    t.pending_caller_ = caller;
    t.pending_user_data_ = callee->user_data_;
    return HostOutcome::suspend;
  }
  return HostOutcome::done;
}

// --- the loop ------------------------------------------------------------------------------

const void* const* Interpreter::handlers() noexcept {
  static const void* const* table = [] {
    const void* const* t = nullptr;
    (void)execute(nullptr, &t);
    return t;
  }();
  return table;
}

Result<ExecStatus> Interpreter::run(Thread& thread) noexcept { return execute(&thread, nullptr); }

Result<ExecStatus> Interpreter::execute(Thread* thread, const void* const** table) noexcept {
#if WRT_DISPATCH_COMPUTED_GOTO
  // In Op order (code.hpp): the opcodes but SIMD, the internal operations, then SIMD if built.
  static const void* const kHandlers[] = {
#define WRT_X(id, prefix, code, text, imm, sig, bytes, feature) WRT_ENTRY_##feature(id)
      WRT_OPCODES(WRT_X)
#undef WRT_X
#define WRT_X(id) &&h_##id,
          WRT_INTERNAL_OPS(WRT_X)
#undef WRT_X
#define WRT_X(family, id) &&h_##family##_##id,
              WRT_FUSED_OPS_LIST(WRT_X)
#undef WRT_X
#if WRT_ENABLE_SIMD || WRT_MEMORY_PROPOSALS
#define WRT_X(id, prefix, code, text, imm, sig, bytes, feature) WRT_SIMD_ENTRY_##feature(id)
              WRT_OPCODES(WRT_X)
#undef WRT_X
#endif
  };
  static_assert(sizeof(kHandlers) / sizeof(kHandlers[0]) == kOpCount);
#define HANDLER(name) h_##name:
#define DISPATCH()                              \
  do {                                          \
    std::uintptr_t target_;                     \
    std::memcpy(&target_, ip, sizeof target_);  \
    goto* reinterpret_cast<void*>(target_);     \
  } while (0)
#else
  // The switch build: the "handler" words hold the Op itself, and there is no table.
  static const void* const* kHandlers = nullptr;
#define HANDLER(name) case Op::name:
#define DISPATCH() goto dispatch
#endif
  if (table != nullptr) {
    *table = kHandlers;
    return ExecStatus::completed;
  }

#define W(n) ip[kHandlerWords + (n)]
#define NEXT(n)                     \
  do {                              \
    ip += kHandlerWords + (n);      \
    DISPATCH();                     \
  } while (0)
#define JUMP(word_index)                                                              \
  do {                                                                                \
    const CodeWord* at_ = &W(word_index);                                            \
    ip = at_ + static_cast<std::int32_t>(*at_);                                       \
    DISPATCH();                                                                       \
  } while (0)
#define RELOAD_MEMORY()                                      \
  do {                                                       \
    MemoryInstance* memory_ = m.inst->memory0_;              \
    m.mem = memory_ != nullptr ? memory_->data_ : nullptr;   \
    m.mem_size = memory_ != nullptr ? memory_->size_ : 0;    \
  } while (0)
#define TRAP(reason)  \
  do {                \
    trap = (reason);  \
    goto do_trap;     \
  } while (0)

  Thread& t = *thread;
  const CodeWord* ip = t.execution_.ip;
  Slot* fp = t.execution_.fp;
  CallFrame* frame = t.execution_.frame;
  FunctionInstance* func = t.execution_.function;
  const CompiledFunction* code = t.execution_.code;
  std::uint64_t fuel = t.fuel_;
  const bool metered = t.metered_;
  const unsigned variant = metered ? 1 : 0;
  Machine m{nullptr, 0, func->instance_};
  RELOAD_MEMORY();
  Trap trap = Trap::none;

  [[maybe_unused]] ExceptionInstance* exception = nullptr;  // being thrown
  // Call state shared by call and call_indirect.
  FunctionInstance* callee = nullptr;
  Slot* args = nullptr;
  const CodeWord* return_ip = nullptr;

#if WRT_DISPATCH_COMPUTED_GOTO
  DISPATCH();
#else
dispatch:
  switch (static_cast<Op>(ip[0])) {
#endif

#define WRT_GENERIC_HANDLER(id)                                                    \
  HANDLER(id) {                                                                    \
    trap = direct<Opcode::id>(ip + kHandlerWords, fp, m);                          \
    if (WRT_UNLIKELY(trap != Trap::none)) goto do_trap;                            \
    NEXT(kOperandWords<Opcode::id>);                                               \
  }
#define WRT_X(id, prefix, code_, text, imm, sig, bytes, feature) WRT_IF_COMPILED(feature, WRT_GENERIC_HANDLER(id), )
  WRT_OPCODES(WRT_X)
#undef WRT_X
#undef WRT_GENERIC_HANDLER

  HANDLER(x_copy) {
    fp[W(0)] = fp[W(1)];
    NEXT(2);
  }
  HANDLER(x_copy2) {
    Slot lo = fp[W(1)];
    Slot hi = fp[W(1) + 1];
    fp[W(0)] = lo;
    fp[W(0) + 1] = hi;
    NEXT(2);
  }
  HANDLER(x_const32) {
    fp[W(0)] = W(1);
    NEXT(2);
  }
  HANDLER(x_const64) {
    fp[W(0)] = W(1) | (std::uint64_t{W(2)} << 32);
    NEXT(3);
  }
  HANDLER(x_const128) {
    fp[W(0)] = W(1) | (std::uint64_t{W(2)} << 32);
    fp[W(0) + 1] = W(3) | (std::uint64_t{W(4)} << 32);
    NEXT(5);
  }
  HANDLER(x_br) { JUMP(0); }
  HANDLER(x_br_nez) {
    if (static_cast<std::uint32_t>(fp[W(0)]) != 0) JUMP(1);
    NEXT(2);
  }
  HANDLER(x_br_eqz) {
    if (static_cast<std::uint32_t>(fp[W(0)]) == 0) JUMP(1);
    NEXT(2);
  }
  HANDLER(x_br_table) {
    std::uint32_t index = static_cast<std::uint32_t>(fp[W(0)]);
    std::uint32_t count = W(1);
    if (index > count) index = count;
    JUMP(2 + index);
  }
  HANDLER(x_call) {
    callee = m.inst->functions_[W(0)];
    args = fp + W(1);
    return_ip = ip + kHandlerWords + 2;
    goto do_call;
  }
  HANDLER(x_call_indirect) {
    TableInstance* table_ = m.inst->tables_[W(1)];
    TableIndex index = static_cast<TableIndex>(fp[W(2)]);
    if (WRT_UNLIKELY(index >= table_->size())) TRAP(Trap::undefined_element);
    callee = reinterpret_cast<FunctionInstance*>(table_->get(static_cast<std::uint32_t>(index)));
    if (WRT_UNLIKELY(callee == nullptr)) TRAP(Trap::uninitialized_element);
    if (WRT_UNLIKELY(callee->type_ != m.inst->types_[W(0)])) TRAP(Trap::indirect_call_mismatch);
    args = fp + W(3);
    return_ip = ip + kHandlerWords + 4;
    goto do_call;
  }
  HANDLER(x_return) {
    --frame;
    if (frame->return_ip == nullptr) goto do_complete;
    ip = frame->return_ip;
    fp = frame->fp;
    func = frame->function;
    code = frame->code;
    m.inst = func->instance_;
    RELOAD_MEMORY();
    DISPATCH();
  }
  HANDLER(x_fuel) {
    std::uint32_t cost = W(0);
    if (WRT_UNLIKELY(fuel < cost)) goto do_out_of_fuel;
    fuel -= cost;
    NEXT(1);
  }
  HANDLER(x_unreachable) { TRAP(Trap::unreachable); }
  HANDLER(x_select) {
    fp[W(0)] = static_cast<std::uint32_t>(fp[W(3)]) != 0 ? fp[W(1)] : fp[W(2)];
    NEXT(4);
  }
  HANDLER(x_select2) {
    std::uint32_t src = static_cast<std::uint32_t>(fp[W(3)]) != 0 ? W(1) : W(2);
    Slot lo = fp[src];
    Slot hi = fp[src + 1];
    fp[W(0)] = lo;
    fp[W(0) + 1] = hi;
    NEXT(4);
  }
  HANDLER(x_global_get) {
    fp[W(0)] = m.inst->globals_[W(1)]->value_[0];
    NEXT(2);
  }
  HANDLER(x_global_get2) {
    const Slot* g = m.inst->globals_[W(1)]->value_;
    fp[W(0)] = g[0];
    fp[W(0) + 1] = g[1];
    NEXT(2);
  }
  HANDLER(x_global_set) {
    m.inst->globals_[W(1)]->value_[0] = fp[W(0)];
    NEXT(2);
  }
  HANDLER(x_global_set2) {
    Slot* g = m.inst->globals_[W(1)]->value_;
    g[0] = fp[W(0)];
    g[1] = fp[W(0) + 1];
    NEXT(2);
  }
  HANDLER(x_table_get) {
    TableInstance* table_ = m.inst->tables_[W(2)];
    TableIndex index = static_cast<TableIndex>(fp[W(1)]);
    if (WRT_UNLIKELY(index >= table_->size())) TRAP(Trap::out_of_bounds_table);
    fp[W(0)] = table_->get(static_cast<std::uint32_t>(index));
    NEXT(3);
  }
  HANDLER(x_table_set) {
    TableInstance* table_ = m.inst->tables_[W(2)];
    TableIndex index = static_cast<TableIndex>(fp[W(0)]);
    if (WRT_UNLIKELY(index >= table_->size())) TRAP(Trap::out_of_bounds_table);
    table_->set(static_cast<std::uint32_t>(index), static_cast<RefBits>(fp[W(1)]));
    NEXT(3);
  }
  HANDLER(x_table_grow) {
    TableInstance* table_ = m.inst->tables_[W(3)];
    std::int64_t old = table_->grow(static_cast<TableIndex>(fp[W(2)]), static_cast<RefBits>(fp[W(1)]));
    // -1 when refused: an i32 for a 32-bit table, an i64 for a table64.
    fp[W(0)] = old >= 0 || table_->type().is64() ? static_cast<std::uint64_t>(old) : 0xFFFFFFFFu;
    NEXT(4);
  }
  HANDLER(x_table_fill) {
    trap = table_fill(m.inst, W(3), static_cast<TableIndex>(fp[W(0)]), static_cast<RefBits>(fp[W(1)]),
                      static_cast<TableIndex>(fp[W(2)]));
    if (WRT_UNLIKELY(trap != Trap::none)) goto do_trap;
    NEXT(4);
  }
  HANDLER(x_ref_is_null) {
    fp[W(0)] = fp[W(1)] == 0 ? 1 : 0;
    NEXT(2);
  }
  HANDLER(x_ref_func) {
    fp[W(0)] = reinterpret_cast<RefBits>(m.inst->functions_[W(1)]);
    NEXT(2);
  }
  HANDLER(x_invalid) { TRAP(Trap::invalid); }
  // Typed function references.
#if WRT_ENABLE_FUNCTION_REFERENCES
  HANDLER(x_call_ref) {
    callee = reinterpret_cast<FunctionInstance*>(fp[W(0)]);
    if (WRT_UNLIKELY(callee == nullptr)) TRAP(Trap::null_function_reference);
    args = fp + W(1);
    return_ip = ip + kHandlerWords + 2;
    goto do_call;
  }
  HANDLER(x_ref_as_non_null) {
    if (WRT_UNLIKELY(fp[W(0)] == 0)) TRAP(Trap::null_reference);
    NEXT(1);
  }
  HANDLER(x_br_null) {
    if (fp[W(0)] == 0) JUMP(1);
    NEXT(2);
  }
  HANDLER(x_br_non_null) {
    if (fp[W(0)] != 0) JUMP(1);
    NEXT(2);
  }
#else  // never emitted
  HANDLER(x_call_ref) { TRAP(Trap::invalid); }
  HANDLER(x_ref_as_non_null) { TRAP(Trap::invalid); }
  HANDLER(x_br_null) { TRAP(Trap::invalid); }
  HANDLER(x_br_non_null) { TRAP(Trap::invalid); }
#endif
#if WRT_ENABLE_EXCEPTIONS
  HANDLER(x_throw) {
    exception = t.store_->allocate_exception(*m.inst->tags_[W(0)], fp + W(1));
    if (WRT_UNLIKELY(exception == nullptr)) TRAP(Trap::out_of_memory);
    goto do_throw;
  }
  HANDLER(x_throw_ref) {
    exception = reinterpret_cast<ExceptionInstance*>(static_cast<RefBits>(fp[W(0)]));
    if (WRT_UNLIKELY(exception == nullptr)) TRAP(Trap::null_exception_reference);
    goto do_throw;
  }
  HANDLER(x_rethrow_held) {
    exception = reinterpret_cast<ExceptionInstance*>(static_cast<RefBits>(fp[W(0)]));
    if (WRT_UNLIKELY(exception == nullptr)) TRAP(Trap::null_exception_reference);
    fp[W(0)] = 0;
    --exception->held_;  // the body it is held by is left by this throw
    goto do_throw;
  }
  HANDLER(x_release_held) {
    auto* held = reinterpret_cast<ExceptionInstance*>(static_cast<RefBits>(fp[W(0)]));
    fp[W(0)] = 0;
    if (held != nullptr && --held->held_ == 0 && !held->exposed_) t.store_->release_exception(held);
    NEXT(1);
  }
#endif
#if WRT_MEMORY_PROPOSALS
  HANDLER(x_far) {
    trap = far_memory(ip + kHandlerWords, fp, m);
    if (WRT_UNLIKELY(trap != Trap::none)) goto do_trap;
    NEXT(1 + far_operand_words(static_cast<Opcode>(W(0))));
  }
#endif
#if WRT_ENABLE_WIDE_ARITHMETIC
  HANDLER(x_wide) {
    NEXT(wide_arithmetic(ip + kHandlerWords, fp));
  }
#endif
#if WRT_ENABLE_TAIL_CALL
  HANDLER(x_return_call) {
    callee = m.inst->functions_[W(0)];
    args = fp + W(1);
    return_ip = ip + kHandlerWords + 2;
    goto do_tail_call;
  }
  HANDLER(x_return_call_indirect) {
    trap = indirect_callee(m.inst, W(0), W(1), fp[W(2)], callee);
    if (WRT_UNLIKELY(trap != Trap::none)) goto do_trap;
    args = fp + W(3);
    return_ip = ip + kHandlerWords + 4;
    goto do_tail_call;
  }
  HANDLER(x_return_call_ref) {  // ref-slot arg-base
#if WRT_ENABLE_FUNCTION_REFERENCES
    callee = reinterpret_cast<FunctionInstance*>(fp[W(0)]);
    if (WRT_UNLIKELY(callee == nullptr)) TRAP(Trap::null_function_reference);
    args = fp + W(1);
    return_ip = ip + kHandlerWords + 2;
    goto do_tail_call;
#else
    TRAP(Trap::invalid);  // never emitted
#endif
  }
#endif


  // Fused operations: one handler macro per family (code.hpp).
#define WRT_FUSED_imm(id)                                 \
  binary_immediate<Opcode::id>(ip + kHandlerWords, fp); \
  NEXT(3);
#define WRT_FUSED_br(id)                                          \
  if (compare<Opcode::id, false>(ip + kHandlerWords, fp)) JUMP(2); \
  NEXT(3);
#define WRT_FUSED_br_imm(id)                                     \
  if (compare<Opcode::id, true>(ip + kHandlerWords, fp)) JUMP(2); \
  NEXT(3);
#define WRT_FUSED_idx(id)                                                                 \
  trap = indexed_access<Opcode::id, false>(ip + kHandlerWords, fp, m.mem, m.mem_size); \
  if (WRT_UNLIKELY(trap != Trap::none)) goto do_trap;                                   \
  NEXT(4);
#define WRT_FUSED_disp(id)                                                               \
  trap = indexed_access<Opcode::id, true>(ip + kHandlerWords, fp, m.mem, m.mem_size); \
  if (WRT_UNLIKELY(trap != Trap::none)) goto do_trap;                                  \
  NEXT(4);
#define WRT_FUSED_sel(id)                                                             \
  fp[W(0)] = compare<Opcode::id, false>(ip + kHandlerWords + 3, fp) ? fp[W(1)] : fp[W(2)]; \
  NEXT(5);
#define WRT_FUSED_sel_imm(id)                                                        \
  fp[W(0)] = compare<Opcode::id, true>(ip + kHandlerWords + 3, fp) ? fp[W(1)] : fp[W(2)]; \
  NEXT(5);
#define WRT_FUSED_madd(id)                                   \
  multiply_then<Opcode::id, 0>(ip + kHandlerWords, fp); \
  NEXT(4);
#define WRT_FUSED_msub(id)                                   \
  multiply_then<Opcode::id, 1>(ip + kHandlerWords, fp); \
  NEXT(4);
#define WRT_FUSED_mrsub(id)                                  \
  multiply_then<Opcode::id, 2>(ip + kHandlerWords, fp); \
  NEXT(4);
#define WRT_FUSED_x(id) WRT_FUSED_x_##id
#define WRT_FUSED_x_select64                            \
  fp[W(0)] = fp[W(3)] != 0 ? fp[W(1)] : fp[W(2)]; \
  NEXT(4);
#define WRT_FUSED_x_br_eqz64    \
  if (fp[W(0)] == 0) JUMP(1); \
  NEXT(2);
#define WRT_FUSED_x_br_nez64    \
  if (fp[W(0)] != 0) JUMP(1); \
  NEXT(2);
#define WRT_FUSED_x_sext32 /* k is 1..31 (the translator masks it) */                                  \
  fp[W(0)] = static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::uint32_t>(fp[W(1)]) << W(2)) >> W(2)); \
  NEXT(3);
#define WRT_X(family, id)   \
  HANDLER(family##_##id) {  \
    WRT_FUSED_##family(id)  \
  }
  WRT_FUSED_OPS_LIST(WRT_X)
#undef WRT_X

#if !WRT_DISPATCH_COMPUTED_GOTO
    default: TRAP(Trap::invalid);  // Op::count, and operations compiled out
  }
#endif

do_call : {
  if (callee->host_ != nullptr) {
    // A host function runs on the host stack; it may call back into WebAssembly, whose frames
    // then start above this one.
    t.free_slot_ = fp + code->frame_slots;
    t.free_frame_ = frame;
    t.fuel_ = fuel;
    HostOutcome outcome = call_host(t, callee, args, m.inst);
    fuel = t.fuel_;
    if (WRT_UNLIKELY(outcome != HostOutcome::done)) {
      ip = return_ip;
      if (outcome == HostOutcome::suspend) goto do_suspend;
#if WRT_ENABLE_EXCEPTIONS
      // A WebAssembly exception (thrown by the host, or by WebAssembly it called): it unwinds
      // from the call, like one thrown here.
      if (t.host_error_.code() == ErrorCode::uncaught_exception && t.exception_ != nullptr) {
        exception = t.exception_;
        RELOAD_MEMORY();
        ip = return_ip - 1;  // inside the call instruction
        goto do_throw;
      }
#endif
      // The host's error, with the WebAssembly frames that called it (a host function that
      // fails traps its caller).
      record_backtrace(t, func, code, return_ip - 1, frame);
      Error error(t.host_error_);
      if (!t.backtrace_.frames.empty()) error.at_if_unset(t.backtrace_.frames[0].code_offset);
      return error;
    }
    RELOAD_MEMORY();  // the host, or WebAssembly it called, may have grown the memory
    ip = return_ip;
    DISPATCH();
  }
  const CompiledFunction* callee_code = callee->compiled_[variant];
  if (WRT_UNLIKELY(callee_code == nullptr)) {
    auto translated = callee->code_->get(callee->index_, metered);
    if (!translated) {
      t.fuel_ = fuel;
      return Error(translated.error());
    }
    callee_code = *translated;
    callee->compiled_[variant] = callee_code;
  }
  if (WRT_UNLIKELY(frame == t.frames_end_ || args + callee_code->frame_slots > t.stack_end_)) {
    TRAP(Trap::call_stack_exhausted);
  }
  frame->return_ip = return_ip;
  frame->fp = fp;
  frame->function = func;
  frame->code = code;
  ++frame;
  fp = args;
  func = callee;
  code = callee_code;
  if (m.inst != callee->instance_) {
    m.inst = callee->instance_;
    RELOAD_MEMORY();
  }
  code->enter(fp);
  ip = code->code;
  DISPATCH();
}

#if WRT_ENABLE_TAIL_CALL
// A tail call: `callee`, its arguments at `args`, replaces the current frame (the one helper
// for every tail-calling instruction; each sets callee, args and return_ip, then jumps here).
// The arguments move down to fp, where the caller of the current function expects the
// results, and the frame record stack does not grow: a tail-recursive loop runs in constant
// space. A host function cannot take over a frame: it is called as by `call`, and the code
// after the tail call (at return_ip) returns its results; suspension and errors then work as
// for any host call.
do_tail_call : {
  if (callee->host_ != nullptr) goto do_call;
  const CompiledFunction* callee_code = callee->compiled_[variant];
  if (WRT_UNLIKELY(callee_code == nullptr)) {
    auto translated = callee->code_->get(callee->index_, metered);
    if (!translated) {
      t.fuel_ = fuel;
      return Error(translated.error());
    }
    callee_code = *translated;
    callee->compiled_[variant] = callee_code;
  }
  if (WRT_UNLIKELY(fp + callee_code->frame_slots > t.stack_end_)) TRAP(Trap::call_stack_exhausted);
  std::memmove(fp, args, std::size_t{callee_code->param_slots} * sizeof(Slot));
  func = callee;
  code = callee_code;
  if (m.inst != callee->instance_) {
    m.inst = callee->instance_;
    RELOAD_MEMORY();
  }
  code->enter(fp);
  ip = code->code;
  DISPATCH();
}
#endif

do_complete:
  t.fuel_ = fuel;
  return ExecStatus::completed;

do_out_of_fuel:
  t.pending_type_ = nullptr;
do_suspend:
  t.execution_.ip = ip;
  t.execution_.fp = fp;
  t.execution_.frame = frame;
  t.execution_.function = func;
  t.execution_.code = code;
  t.fuel_ = fuel;
  t.suspended_ = true;
  return t.pending_type_ != nullptr ? ExecStatus::host_suspended : ExecStatus::out_of_fuel;

do_trap:
  t.fuel_ = fuel;
  return trap_error(t, trap, func, code, ip, frame);

#if WRT_ENABLE_EXCEPTIONS
do_throw : {
  // `ip` is inside the instruction that threw (or the call it came through).
  const std::uint32_t offset = code->wasm_offset_of(static_cast<std::uint32_t>(ip - code->code));
  // unwind takes copies: the registers of the hot loop (ip, fp, frame, func, code) must never
  // have their address taken, or the compiler keeps them in memory in every handler.
  const CodeWord* unwind_ip = ip;
  Slot* unwind_fp = fp;
  CallFrame* unwind_frame = frame;
  FunctionInstance* unwind_func = func;
  const CompiledFunction* unwind_code = code;
  if (unwind(t, exception, unwind_ip, unwind_fp, unwind_frame, unwind_func, unwind_code)) {
    ip = unwind_ip;
    fp = unwind_fp;
    frame = unwind_frame;
    func = unwind_func;
    code = unwind_code;
    t.exception_ = nullptr;  // caught: none in flight (one from a host call included)
    m.inst = func->instance_;
    RELOAD_MEMORY();
    DISPATCH();
  }
  t.fuel_ = fuel;
  t.exception_ = exception;
  return Error(ErrorCode::uncaught_exception).at(offset);
}
#endif

#undef W
#undef NEXT
#undef JUMP
#undef RELOAD_MEMORY
#undef TRAP
#undef HANDLER
#undef DISPATCH
}

#if WRT_ENABLE_EXCEPTIONS
bool Interpreter::unwind(Thread& t, ExceptionInstance* exception, const CodeWord*& ip, Slot*& fp, CallFrame*& frame,
                         FunctionInstance*& func, const CompiledFunction*& code) noexcept {
  TagInstance* const tag = &exception->tag();
  const std::uint32_t payload_slots = tag->type().param_slots;
  for (;;) {
    const std::uint32_t at = static_cast<std::uint32_t>(ip - code->code);
    std::uint32_t outermost = 0xFFFFFFFFu;  // a delegate skips the tries nested deeper than its label
    for (std::uint32_t i = 0; i < code->handler_count; ++i) {
      const HandlerEntry& h = code->handlers[i];
      if (at < h.start || at >= h.end || h.nesting > outermost) continue;
      if (h.kind == HandlerKind::delegate) {
        outermost = h.target;
        continue;
      }
      if (h.has_tag() && func->instance_->tags_[h.tag] != tag) continue;
      Slot* to = fp + h.slot;
      switch (h.kind) {
        case HandlerKind::catch_:
          for (std::uint32_t k = 0; k < payload_slots; ++k) to[k] = exception->payload_slots()[k];
          // Caught by value, never seen as a reference: nothing can use it again.
          if (!exception->exposed_ && exception->held_ == 0) t.store_->release_exception(exception);
          break;
        case HandlerKind::catch_ref:
          for (std::uint32_t k = 0; k < payload_slots; ++k) to[k] = exception->payload_slots()[k];
          to[payload_slots] = reinterpret_cast<RefBits>(exception);
          exception->exposed_ = true;
          break;
        case HandlerKind::catch_all:
          if (!exception->exposed_ && exception->held_ == 0) t.store_->release_exception(exception);
          break;
        case HandlerKind::legacy_catch:
        case HandlerKind::legacy_catch_all:
          if (h.kind == HandlerKind::legacy_catch) {
            for (std::uint32_t k = 0; k < payload_slots; ++k) to[1 + k] = exception->payload_slots()[k];
          }
          // The slot below the payload is read by rethrow only; without one the exception is
          // unreachable once caught.
          // With one, the body holds it until it ends (x_release_held).
          if (h.rethrown != 0) {
            to[0] = reinterpret_cast<RefBits>(exception);
            ++exception->held_;
          } else {
            to[0] = 0;
            if (!exception->exposed_ && exception->held_ == 0) t.store_->release_exception(exception);
          }
          break;
        case HandlerKind::catch_all_ref:
          to[0] = reinterpret_cast<RefBits>(exception);
          exception->exposed_ = true;
          break;
        case HandlerKind::delegate:
          break;
      }
      ip = code->code + h.target;
      return true;
    }
    // Not caught in this frame: on to its caller, if it is WebAssembly.
    --frame;
    if (frame->return_ip == nullptr) {
      ++frame;
      exception->exposed_ = true;  // the embedder gets it
      return false;
    }
    ip = frame->return_ip - 1;  // inside the call
    fp = frame->fp;
    func = frame->function;
    code = frame->code;
  }
}
#endif

void Interpreter::record_backtrace(Thread& thread, FunctionInstance* function, const CompiledFunction* code,
                                   const CodeWord* ip, CallFrame* frame) noexcept {
  Backtrace& bt = thread.backtrace_;
  bt.frames.clear();
  bt.total_frames = 0;
  auto add = [&](FunctionInstance* f, const CompiledFunction* c, const CodeWord* at) {
    ++bt.total_frames;
    if (bt.frames.full() || f == nullptr) return;
    BacktraceFrame entry;
    entry.function = f;
    entry.function_index = f->index_;
    entry.code_offset = c != nullptr ? c->wasm_offset_of(static_cast<std::uint32_t>(at - c->code)) : 0;
    if (f->instance_ != nullptr) entry.name = f->instance_->module().function_name(f->index_);
    (void)bt.frames.push_back(entry);
  };
  add(function, code, ip);
  // Callers: each frame record holds where its caller continues; the call is the word before.
  for (CallFrame* f = frame - 1; f >= thread.frames_begin_ && f->return_ip != nullptr; --f) {
    add(f->function, f->code, f->return_ip - 1);
  }
}

Error Interpreter::trap_error(Thread& thread, Trap trap, FunctionInstance* function, const CompiledFunction* code,
                              const CodeWord* ip, CallFrame* frame) noexcept {
  record_backtrace(thread, function, code, ip, frame);
  const Backtrace& bt = thread.backtrace_;
  std::uint32_t offset = bt.frames.empty() ? 0 : bt.frames[0].code_offset;
  if (trap == Trap::invalid) return Error(ErrorCode::trap, "internal error: instruction without a handler").at(offset);
  Error error(error_code_of(trap));
  error.at(offset);
  if (function != nullptr) error.with_context("in function", function->index_);
  return error;
}

}  // namespace wrt
