// Thread: where WebAssembly code runs. It owns the value stack and the call-frame stack, the
// fuel, and the state of a suspended execution.
//
// Execution is stackless: WebAssembly calls push a frame on this Thread's frame stack, never
// on the host's stack, so call depth is a limit that reports exhaustion instead of crashing.
// An execution ends in one of three ways: it completes, it traps (an Error, with a backtrace
// in last_trap()), or it suspends (out of fuel, or a host function asked to) and is continued
// with resume().
#pragma once

#include <cstdint>
#include <span>

#include <wrt/error/result.hpp>
#include <wrt/foundation/bounded_vec.hpp>
#include <wrt/runtime/store.hpp>

namespace wrt {

enum class ExecStatus : std::uint8_t {
  completed,       // results are available
  out_of_fuel,     // add fuel, then resume()
  host_suspended,  // a host function suspended: set its results (host_results()), then resume()
};

struct BacktraceFrame {
  const FunctionInstance* function = nullptr;
  std::uint32_t function_index = 0;  // in its module
  std::uint32_t code_offset = 0;     // byte offset in the module binary, of the current instruction
  std::string_view name;             // from the name section, or empty
};

// The WebAssembly frames active when a trap happened, innermost first.
struct Backtrace {
  static constexpr std::size_t kMaxFrames = WRT_BACKTRACE_FRAMES;
  BoundedVec<BacktraceFrame, kMaxFrames> frames;
  std::size_t total_frames = 0;  // frames beyond kMaxFrames are counted, not kept
};

struct CallFrame;

class Thread {
 public:
  // Stacks from the store's allocator, sized by its limits.
  explicit Thread(Store& store) noexcept;
  // Stacks handed in by the embedder (no-heap profile).
  Thread(Store& store, std::span<Slot> value_stack, std::span<CallFrame> frames) noexcept;
  ~Thread();
  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;

  // Runs `function` with `args`. On completion, `results` (sized as the function's results)
  // hold the results. A trap is an Error; out of fuel and host suspension are statuses.
  Result<ExecStatus> invoke(FunctionInstance& function, std::span<const Value> args, std::span<Value> results) noexcept;
  // Continues a suspended execution; `results` as for the invoke() that started it.
  Result<ExecStatus> resume(std::span<Value> results) noexcept;
  [[nodiscard]] bool suspended() const noexcept { return suspended_; }
  // Abandons a suspended execution.
  void cancel() noexcept;

  // Fuel: when enabled, every WebAssembly instruction costs one unit, charged per straight-line
  // block as the block is entered; an execution that lacks fuel suspends (out_of_fuel).
  // add_fuel saturates at UINT64_MAX (adding never lowers the fuel; see ModuleInstance).
  void set_fuel(std::uint64_t fuel) noexcept {
    fuel_ = fuel;
    metered_ = true;
  }
  void add_fuel(std::uint64_t fuel) noexcept { fuel_ = fuel > ~fuel_ ? ~std::uint64_t{0} : fuel_ + fuel; }
  void disable_fuel() noexcept { metered_ = false; }
  [[nodiscard]] std::uint64_t fuel() const noexcept { return fuel_; }
  [[nodiscard]] bool fuel_enabled() const noexcept { return metered_; }

  // For a host_suspended execution: the suspended call, whose results the embedder sets
  // (set_result) before resume().
  [[nodiscard]] bool has_pending_host_call() const noexcept { return pending_type_ != nullptr; }
  [[nodiscard]] HostCall pending_host_call() const noexcept {
    return HostCall(*pending_type_, pending_slots_, pending_caller_, pending_user_data_);
  }

  [[nodiscard]] const Backtrace& last_trap() const noexcept { return backtrace_; }
  // Exception handling: after an ErrorCode::uncaught_exception, the exception nobody caught
  // (it lives in the store); null otherwise.
  [[nodiscard]] ExceptionInstance* uncaught_exception() const noexcept { return exception_; }
  // Makes `exception` the one in flight and returns the Error that carries it out of a host
  // function (see HostCall::throw_exception).
  [[nodiscard]] Error raise(ExceptionInstance& exception) noexcept {
    exception_ = &exception;
    return Error(ErrorCode::uncaught_exception);
  }
  [[nodiscard]] Store& store() const noexcept { return *store_; }

 private:
  friend class Interpreter;
  friend class Store;
  Result<ExecStatus> run(std::span<Value> results) noexcept;

  Store* store_;
  Slot* stack_begin_ = nullptr;
  Slot* stack_end_ = nullptr;
  CallFrame* frames_begin_ = nullptr;
  CallFrame* frames_end_ = nullptr;
  bool owns_stacks_ = false;

  // Where the next (possibly nested) execution starts.
  Slot* free_slot_ = nullptr;
  CallFrame* free_frame_ = nullptr;

  std::uint64_t fuel_ = 0;
  bool metered_ = false;

  // Where an execution continues (set up by invoke, saved by a suspension), and where it
  // started. A nested execution saves and restores the outer one's as a whole.
  struct Execution {
    const std::uint32_t* ip = nullptr;
    Slot* fp = nullptr;
    CallFrame* frame = nullptr;  // the next free frame record
    FunctionInstance* function = nullptr;
    const CompiledFunction* code = nullptr;
    Slot* entry_slots = nullptr;  // arguments in, results out
    const CanonicalType* entry_type = nullptr;
  };
  Execution execution_;
  bool suspended_ = false;
  const CanonicalType* pending_type_ = nullptr;
  Slot* pending_slots_ = nullptr;
  Instance* pending_caller_ = nullptr;
  void* pending_user_data_ = nullptr;
  std::uint32_t depth_ = 0;  // nested executions (host -> wasm -> host -> wasm)

  Backtrace backtrace_;
  ExceptionInstance* exception_ = nullptr;  // in flight, or the last uncaught one
  Error host_error_{ErrorCode::host_error};  // a failed host call, on its way out
};

// One WebAssembly call frame (what a frame stack is made of).
struct CallFrame {
  const std::uint32_t* return_ip = nullptr;  // null: return to the host
  Slot* fp = nullptr;
  FunctionInstance* function = nullptr;
  const CompiledFunction* code = nullptr;
};

}  // namespace wrt
