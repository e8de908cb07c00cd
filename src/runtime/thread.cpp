#include <wrt/runtime/thread.hpp>

#include <wrt/runtime/module_code.hpp>

#include "runtime/code.hpp"
#include "runtime/interpreter.hpp"

namespace wrt {

Thread::Thread(Store& store) noexcept : store_(&store) {
  const RuntimeLimits& limits = store.limits();
  Allocator& allocator = store.allocator();
  const std::size_t slots = limits.value_stack_slots;
  const std::size_t frames = std::size_t{limits.max_call_depth} + 1;  // + the entry frame
  auto* stack = static_cast<Slot*>(allocator.allocate(slots * sizeof(Slot), alignof(Slot)));
  auto* frame_stack = static_cast<CallFrame*>(allocator.allocate(frames * sizeof(CallFrame), alignof(CallFrame)));
  if (stack == nullptr || frame_stack == nullptr) {
    // Leave the stacks empty: every invoke reports exhaustion.
    if (stack != nullptr) allocator.deallocate(stack, slots * sizeof(Slot), alignof(Slot));
    if (frame_stack != nullptr) allocator.deallocate(frame_stack, frames * sizeof(CallFrame), alignof(CallFrame));
    return;
  }
  stack_begin_ = stack;
  stack_end_ = stack + slots;
  frames_begin_ = frame_stack;
  frames_end_ = frame_stack + frames;
  owns_stacks_ = true;
}

Thread::Thread(Store& store, std::span<Slot> value_stack, std::span<CallFrame> frames) noexcept
    : store_(&store),
      stack_begin_(value_stack.data()),
      stack_end_(value_stack.data() + value_stack.size()),
      frames_begin_(frames.data()),
      frames_end_(frames.data() + frames.size()) {}

Thread::~Thread() {
  if (!owns_stacks_) return;
  Allocator& allocator = store_->allocator();
  allocator.deallocate(stack_begin_, static_cast<std::size_t>(stack_end_ - stack_begin_) * sizeof(Slot), alignof(Slot));
  allocator.deallocate(frames_begin_, static_cast<std::size_t>(frames_end_ - frames_begin_) * sizeof(CallFrame),
                       alignof(CallFrame));
}

void Thread::cancel() noexcept {
  suspended_ = false;
  pending_type_ = nullptr;
}

namespace {

// The parameters as types of the function's module (a canonical type names store-wide
// identities instead), so that a non-null `(ref $t)` argument is checked against $t.
// Without typed references no parameter names a type index, and the canonical type is enough.
bool arguments_match(const FunctionInstance& function, std::span<const Value> args) {
  const ModuleDescription* module = nullptr;
  FuncType type = function.type().type;
  if constexpr (kFunctionReferences) {
    if (function.instance() != nullptr) {
      module = &function.instance()->module();
      type = module->type(module->functions[function.index()]);
    }
  }
  if (args.size() != type.params.size()) return false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!value_fits_in(args[i], type.params[i], module)) return false;
  }
  return true;
}

void read_results(const CanonicalType& type, const Slot* slots, std::span<Value> results) {
  std::size_t slot = 0;
  for (std::size_t i = 0; i < type.type.results.size() && i < results.size(); ++i) {
    results[i] = Value::from_slots(type.type.results[i], slots + slot);
    slot += slot_count(type.type.results[i]);
  }
}

}  // namespace

Result<ExecStatus> Thread::invoke(FunctionInstance& function, std::span<const Value> args, std::span<Value> results) noexcept {
  const CanonicalType& type = function.type();
  if (suspended_ && depth_ == 0) {
    return Error(ErrorCode::invalid_argument, "the thread has a suspended execution: resume or cancel it first");
  }
  if (!arguments_match(function, args)) {
    return Error(ErrorCode::invalid_argument).append_detail("arguments do not match the function's parameters");
  }
  if (results.size() != type.type.results.size()) {
    return Error(ErrorCode::invalid_argument).append_detail("wrong number of result slots");
  }
  if (kExceptions && depth_ == 0) exception_ = nullptr;
  Slot* base = depth_ == 0 ? stack_begin_ : free_slot_;
  CallFrame* entry = depth_ == 0 ? frames_begin_ : free_frame_;
  const std::uint32_t io_slots = type.param_slots > type.result_slots ? type.param_slots : type.result_slots;
  if (base == nullptr || base + io_slots > stack_end_ || entry + 1 >= frames_end_) {
    return Error(ErrorCode::call_stack_exhausted);
  }
  std::size_t slot = 0;
  for (const Value& v : args) {
    base[slot] = v.slots()[0];
    if (v.type() == ValType::v128) base[slot + 1] = v.slots()[1];
    slot += slot_count(v.type());
  }

  // What a nested execution (a host function calling back) must leave as it found: where the
  // next one starts. Without restoring it, each call back would start above the last one's
  // host frames, and a host function calling back in a loop would exhaust the stack.
  struct NestingState {
    Thread& thread;
    Slot* free_slot;
    CallFrame* free_frame;
    ~NestingState() {
      thread.free_slot_ = free_slot;
      thread.free_frame_ = free_frame;
    }
  } restore{*this, free_slot_, free_frame_};

  if (function.is_host()) {
    // Called directly, not from WebAssembly. The host function may call back into this thread:
    // that execution is nested and starts above the arguments, which stay where they are.
    HostCall call(type, base, nullptr, function.user_data_);
    if constexpr (kExceptions) call.set_thread(this);  // only HostCall::throw_exception asks
    free_slot_ = base + io_slots;
    free_frame_ = entry;
    ++depth_;
    Result<HostAction> action = function.host_(call);
    --depth_;
    if (!action) return action.error();
    if (*action == HostAction::suspend) {
      return Error(ErrorCode::invalid_argument, "a host function invoked directly cannot suspend");
    }
    read_results(type, base, results);
    return ExecStatus::completed;
  }

  const unsigned variant = metered_ ? 1 : 0;
  const CompiledFunction* code = function.compiled_[variant];
  if (code == nullptr) {
    code = WRT_TRY(function.code_->get(function.index_, metered_));
    function.compiled_[variant] = code;
  }
  if (base + code->frame_slots > stack_end_) return Error(ErrorCode::call_stack_exhausted);
  code->enter(base);

  // The entry frame: returning from it ends the execution.
  *entry = CallFrame{};

  // A nested execution (a host function calling back) keeps the outer one's state.
  const Execution outer = execution_;
  execution_ = Execution{code->code, base, entry + 1, &function, code, base, &type};
  pending_type_ = nullptr;

  Result<ExecStatus> result = run(results);

  if (depth_ > 0) {
    // Nested: a suspension cannot cross the host function's C++ frame.
    if (result && *result != ExecStatus::completed) {
      suspended_ = false;
      pending_type_ = nullptr;
      result = Error(ErrorCode::out_of_fuel).append_detail("cannot suspend inside a host function");
    }
    execution_ = outer;
  }
  return result;
}

Result<ExecStatus> Thread::resume(std::span<Value> results) noexcept {
  if (!suspended_) return Error(ErrorCode::invalid_argument, "nothing to resume");
  if (results.size() != execution_.entry_type->type.results.size()) {
    return Error(ErrorCode::invalid_argument).append_detail("wrong number of result slots");
  }
  suspended_ = false;
  pending_type_ = nullptr;
  return run(results);
}

Result<ExecStatus> Thread::run(std::span<Value> results) noexcept {
  ++depth_;
  Result<ExecStatus> status = Interpreter::run(*this);
  --depth_;
  if (status && *status == ExecStatus::completed) {
    read_results(*execution_.entry_type, execution_.entry_slots, results);
  }
  return status;
}

}  // namespace wrt
