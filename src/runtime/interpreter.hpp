// The interpreter: runs translated code on a Thread.
#pragma once

#include <wrt/error/result.hpp>
#include <wrt/runtime/store.hpp>
#include <wrt/runtime/thread.hpp>

#include "runtime/code.hpp"
#include "runtime/numeric.hpp"

namespace wrt {

class Interpreter {
 public:
  // The handler of each Op, indexed by Op: what the translator writes into code.
  static const void* const* handlers() noexcept;
  // Continues the Thread's current execution (its saved state) until it completes, traps or
  // suspends.
  static Result<ExecStatus> run(Thread& thread) noexcept;

 private:
  struct Machine;
  enum class HostOutcome : std::uint8_t { done, suspend, error };
  static HostOutcome call_host(Thread& thread, FunctionInstance* callee, Slot* args, Instance* caller) noexcept;
  static Result<ExecStatus> execute(Thread* thread, const void* const** table) noexcept;
  template <Opcode O>
  static numeric::Trap direct(const CodeWord* ops, Slot* fp, Machine& m) noexcept;

#if WRT_MEMORY_PROPOSALS
  // x_far: memory instructions on memories other than the fast one (interpreter_far.inc).
  struct FarArgs;
  template <Opcode O>
  static numeric::Trap far(const FarArgs& args) noexcept;
  template <Opcode O>
  static numeric::Trap atomic(const FarArgs& args) noexcept;
  static numeric::Trap far_memory(const CodeWord* ops, Slot* fp, Machine& m) noexcept;
#endif

  // The bulk memory and table instructions, out of the hot loop.
  static numeric::Trap memory_fill(Machine& m, std::uint64_t d, std::uint32_t value, std::uint64_t n) noexcept;
  static numeric::Trap memory_copy(Machine& m, std::uint64_t d, std::uint64_t s, std::uint64_t n) noexcept;
  static numeric::Trap memory_init(Machine& m, std::uint32_t segment, std::uint64_t d, std::uint64_t s, std::uint64_t n) noexcept;
  static numeric::Trap table_copy(Instance* inst, std::uint32_t dt, std::uint32_t st, std::uint64_t d, std::uint64_t s, std::uint64_t n) noexcept;
  static numeric::Trap table_init(Instance* inst, std::uint32_t table, std::uint32_t segment, std::uint64_t d, std::uint64_t s, std::uint64_t n) noexcept;
  static numeric::Trap table_fill(Instance* inst, std::uint32_t table, std::uint64_t i, RefBits value, std::uint64_t n) noexcept;

#if WRT_ENABLE_WIDE_ARITHMETIC
  static std::uint32_t wide_arithmetic(const CodeWord* ops, Slot* fp) noexcept;
#endif
#if WRT_ENABLE_TAIL_CALL
  static numeric::Trap indirect_callee(Instance* inst, std::uint32_t type, std::uint32_t table, std::uint64_t index,
                                       FunctionInstance*& callee) noexcept;
#endif

#if WRT_ENABLE_EXCEPTIONS
  // Finds the handler of `exception` thrown at `ip` (inside the throwing instruction), from
  // this frame outwards; true with the state moved to the handler's pad, false when it leaves
  // the execution uncaught.
  static bool unwind(Thread& thread, ExceptionInstance* exception, const CodeWord*& ip, Slot*& fp, CallFrame*& frame,
                     FunctionInstance*& func, const CompiledFunction*& code) noexcept;
#endif
  static void record_backtrace(Thread& thread, FunctionInstance* function, const CompiledFunction* code,
                               const CodeWord* ip, CallFrame* frame) noexcept;
  static Error trap_error(Thread& thread, numeric::Trap trap, FunctionInstance* function, const CompiledFunction* code,
                          const CodeWord* ip, CallFrame* frame) noexcept;
};

// The ErrorCode of a trap.
ErrorCode error_code_of(numeric::Trap trap) noexcept;

// Evaluates element segment items and constant expressions (shared with instantiation).
Result<Value> evaluate_const_expr(ByteReader& reader, Instance& instance) noexcept;
Result<RefBits> element_item(const ElementSegment& segment, ByteReader& reader, Instance& instance) noexcept;

}  // namespace wrt
