// Component instances at run time (ARCHITECTURE.md: rooms `component/instance`,
// `component/canon`, `component/resources`).
//
// A ComponentRuntime runs one validated component: it owns a core Store and Thread, and every
// run-time object the component's instances need. instantiate() walks the component's
// definitions in order, as validation did, and builds the instance graph: core instances from
// core modules (linked with `with` arguments), component instances of nested components,
// aliases, canonical definitions (lifted functions, lowered core functions, resource
// built-ins), imports from the embedder and exports by name. The static types of everything
// come from the validator (ComponentInfo::definition_types); run time adds identities: each
// instance of a component that defines a resource type makes a new ResourceType, which handle
// tables check.
//
// Calls follow CanonicalABI.md (synchronous functions): call() lowers the arguments into the
// callee's memory (realloc), runs its core function, lifts the result, enforces the borrow
// rules and runs post-return; a lowered import does the reverse for core code calling out.
// Lifting and lowering walk types with explicit work lists (nesting costs heap, not host
// stack), and scalars cross without allocation. The interpreter knows nothing of this:
// lowered imports are host functions of the core Store, calls into components are (nested)
// executions of the Thread.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <wrt/component/validator.hpp>
#include <wrt/component/value.hpp>
#include <wrt/runtime/module_code.hpp>
#include <wrt/runtime/store.hpp>
#include <wrt/runtime/thread.hpp>

namespace wrt::component {

class ComponentRuntime;
struct ComponentInstance;  // private to the layer
struct ComponentFunction;  // private to the layer
struct Closure;            // private to the layer
struct InstanceExports;

// A resource type at run time. Component-defined ones belong to the instance that defined
// them (and have its destructor, if any); host-defined ones have a host destructor.
struct ResourceType {
  // Unique in the process, never reused. A handle value names its type by address and serial:
  // a value can outlive its runtime, and the address of its type can then hold another
  // runtime's type, which the serial tells apart (ComponentValue::is_handle_of).
  std::uint64_t serial = 0;
  ComponentInstance* owner = nullptr;
  ComponentRuntime* runtime = nullptr;  // the owner's
  FunctionInstance* dtor = nullptr;
  void (*host_dtor)(void* user_data, std::uint32_t rep) noexcept = nullptr;
  void* user_data = nullptr;
  ValType rep = ValType::i32;
};

// A function the host implements: arguments in (checked against the function's type),
// results out (one slot when the function has a result; checked after the call), or an
// Error, which traps the caller.
using HostComponentCallback = Result<void> (*)(void* user_data, ComponentRuntime& runtime,
                                               std::span<const ComponentValue> args,
                                               std::span<ComponentValue> results) noexcept;

// What an import or export is at run time. `type` is its static type where it is held.
struct RuntimeEntity {
  ExternKind kind = ExternKind::func;
  TypeId type = kNoType;
  ComponentFunction* func = nullptr;    // func
  InstanceExports* instance = nullptr;  // instance
  ResourceType* resource = nullptr;     // type, when it is a resource type
  ModuleCode* module = nullptr;         // core module
  Closure* component = nullptr;         // component
};

struct NamedEntity {
  std::string_view name;
  RuntimeEntity entity;
};

// The exports of a component instance (or of a bundle of exports).
struct InstanceExports {
  explicit InstanceExports(Allocator& a) noexcept : exports(a) {}
  Vec<NamedEntity> exports;
  [[nodiscard]] const RuntimeEntity* find(std::string_view name) const noexcept;
};

// What one step of an async component's event loop did.
enum class LoopStatus : std::uint8_t {
  ran,          // a thread ran until it blocked or ended
  idle,         // no thread is ready: the host must complete a host call (or nothing is left)
  out_of_fuel,  // the thread ran out of fuel and paused: add fuel, then step() continues it
};

// An async host function's call that has not completed yet (ComponentRuntime::complete).
struct PendingHostCall {
  void* task = nullptr;
};

// A host function that returns later: it receives the arguments and a PendingHostCall, and the
// embedder completes the call with ComponentRuntime::complete (the calling task waits; others
// run). An Error traps the caller.
using AsyncHostComponentCallback = Result<void> (*)(void* user_data, ComponentRuntime& runtime,
                                                    std::span<const ComponentValue> args, PendingHostCall call) noexcept;
// Told that the calling component cancelled a pending call (subtask.cancel): the host may
// resolve it as cancelled (ComponentRuntime::complete_cancelled), here or later, or still
// complete it with results. The caller's subtask.cancel waits (or reports "blocked") until then.
using AsyncHostCancelCallback = void (*)(void* user_data, ComponentRuntime& runtime, PendingHostCall call) noexcept;

// A call of an async component's function started with start_async.
struct AsyncCall {
  void* task = nullptr;
};

// One end of a stream or future that the host holds: the writable end of one it made
// (new_stream), or a readable end a component passed to it (open_readable). Valid until
// drop_end.
struct HostEnd {
  void* end = nullptr;
};

// Where a read or write by the host stands. `count` elements were copied (a future's copy
// copies 1); `pending`: the other end has not come yet, poll() later (after steps); `dropped`:
// the other end is gone (a write copies nothing more; a read may have copied `count` first).
struct HostCopy {
  enum class Status : std::uint8_t { pending, completed, dropped, cancelled };
  Status status = Status::pending;
  std::uint32_t count = 0;
};

class ComponentRuntime {
 public:
  // `description` and `info` (its validation) must outlive the runtime.
  ComponentRuntime(const ComponentDescription& description, const ComponentInfo& info, const DecodeOptions& core_options,
                   Allocator& allocator, const RuntimeLimits& limits = {}) noexcept;
  ~ComponentRuntime();
  ComponentRuntime(const ComponentRuntime&) = delete;
  ComponentRuntime& operator=(const ComponentRuntime&) = delete;

  // Instantiates the outermost component with `imports` (by name). Missing or mismatched
  // imports fail with an unlinkable error naming them; a trap while instantiating (in a core
  // start function) fails too. What was made stays until the runtime is destroyed.
  Result<InstanceExports*> instantiate(std::span<const NamedEntity> imports) noexcept;

  // Calls a component function from the host, its arguments checked against its type;
  // `results` has one slot if the function has a result.
  // Running out of fuel is an error here (ErrorCode::out_of_fuel), and the callee instance is
  // then unusable, as after a trap.
  Result<void> call(const RuntimeEntity& function, std::span<const ComponentValue> args,
                    std::span<ComponentValue> results) noexcept;
  // call(), resumable: an execution that runs out of fuel suspends (status out_of_fuel) and
  // resume() continues it after fuel is added; `results` is filled once the status is
  // completed. Only the outermost call suspends: a component function called from core code
  // (through a lowered import, a host frame) runs out of fuel as an error. While a call is
  // suspended, call() and start() fail; cancel() abandons it, leaving the callee instance
  // unusable (its state is whatever its code had made of it).
  Result<ExecStatus> start(const RuntimeEntity& function, std::span<const ComponentValue> args,
                           std::span<ComponentValue> results) noexcept;
  Result<ExecStatus> resume(std::span<ComponentValue> results) noexcept;
  void cancel() noexcept;
  [[nodiscard]] bool suspended() const noexcept { return suspended_in_ != nullptr; }
  // --- the async ABI, for components that use it (docs/component.md, "Async") ---
  // Starts a call: the callee runs until it blocks or returns. `results` (one slot if the
  // function has a result) must stay valid until the call is resolved; finish() then releases
  // the call (an Error if it was cancelled). call() on an async component is start_async plus
  // steps until the call resolves (a trap when nothing is ready).
  Result<AsyncCall> start_async(const RuntimeEntity& function, std::span<const ComponentValue> args,
                                std::span<ComponentValue> results) noexcept;
  [[nodiscard]] bool resolved(AsyncCall call) const noexcept;
  Result<void> finish(AsyncCall call) noexcept;
  // One step of the event loop: resumes one ready thread (the one paused for fuel first) until
  // it blocks, ends or, when fuel is enabled on thread(), runs out of fuel. A trap is an Error
  // and leaves the instances it was in unusable.
  Result<LoopStatus> step() noexcept;
  // Steps until nothing is ready (idle) or fuel runs out (out_of_fuel).
  Result<LoopStatus> run_until_idle() noexcept;
  // An async host function for an import, and the completion of one of its calls: the
  // results (one slot if the function has a result) are checked against its type.
  Result<RuntimeEntity> async_host_function(TypeId type, AsyncHostComponentCallback callback, void* user_data,
                                            AsyncHostCancelCallback on_cancel = nullptr) noexcept;
  Result<void> complete(PendingHostCall call, std::span<ComponentValue> results) noexcept;
  // Whether the caller cancelled the pending call (subtask.cancel), and its resolution as
  // cancelled (the caller's subtask ends cancelled-before-returned): an Error unless the caller
  // cancelled it.
  [[nodiscard]] bool cancel_requested(PendingHostCall call) noexcept;
  Result<void> complete_cancelled(PendingHostCall call) noexcept;
  // Requests the cancellation of a call started with start_async that has not resolved: the
  // callee is told at once if it waits cancellably, else when it next does; it may still
  // return normally. finish() is an Error if the call ended cancelled.
  Result<void> cancel(AsyncCall call) noexcept;

  // --- streams and futures between the host and components (docs/component.md) ---
  // The host holds ends of streams and futures of any element type. Numbers (and none) are
  // copied as bytes in the canonical ABI's memory layout (little-endian, element_size(end)
  // bytes each: copy); other elements as ComponentValues (copy_values), lifted from or lowered
  // into the component at the other end as they are copied. A copy the other end cannot take
  // now stays pending until the components (driven by step()) take it.
  // A stream or future of `type` (a stream<T> or future<T> type of this runtime, such as a
  // parameter's type): the host keeps the writable end; `readable` receives the readable end,
  // to pass to a component as an argument or a result.
  Result<HostEnd> new_stream(TypeId type, ComponentValue& readable) noexcept;
  // Takes the readable end of a stream or future that a component passed to the host (a
  // result or an argument); `readable` is emptied.
  Result<HostEnd> open_readable(ComponentValue& readable) noexcept;
  // Reads up to `count` elements into `data` (readable ends) or writes `count` from it
  // (writable ends); a future copies one. `data` must stay valid while the copy is pending.
  // Zero-length copies are allowed (a stream's zero-length write completes when a reader
  // waits). A copy after the other end dropped, or while one is pending, is an Error.
  Result<HostCopy> copy(HostEnd end, void* data, std::uint32_t count) noexcept;
  // The same for elements that are not numbers: reads into `values` (each replaced by a value
  // lifted from the writer) or writes them (checked against the element type first; each one
  // copied is the reader's then and is left empty: own handles and streams move). Lowering
  // into a component may call its realloc. `values` must stay valid while the copy is pending.
  Result<HostCopy> copy_values(HostEnd end, std::span<ComponentValue> values) noexcept;
  // The element type of a host end's stream or future (kNoType: none, or not a host end).
  [[nodiscard]] TypeId element_type(HostEnd end) noexcept;
  // The state of the end's copy: pending, or its outcome (reported once; the end is then free
  // for the next copy).
  Result<HostCopy> poll(HostEnd end) noexcept;
  // Cancels a pending copy: its outcome (cancelled, or what completed before).
  Result<HostCopy> cancel_copy(HostEnd end) noexcept;
  // Drops the end (the other side sees `dropped`); an Error while a copy is pending, and for
  // a future's writable end before its value was written (as for components).
  Result<void> drop_end(HostEnd end) noexcept;
  [[nodiscard]] std::uint32_t element_size(HostEnd end) noexcept;

  // Drops an own handle the host holds (a value lifted out of a component): runs the resource's
  // destructor, in the instance that defined it, or the host's. `handle` is left empty.
  Result<void> drop(ComponentValue& handle) noexcept;

  // Host-provided items for imports.
  Result<RuntimeEntity> host_function(TypeId type, HostComponentCallback callback, void* user_data) noexcept;
  Result<ResourceType*> host_resource(void (*dtor)(void*, std::uint32_t) noexcept, void* user_data) noexcept;

  [[nodiscard]] const TypeArena& types() const noexcept { return info_.types; }
  [[nodiscard]] Store& store() noexcept { return store_; }
  [[nodiscard]] Thread& thread() noexcept { return thread_; }
  [[nodiscard]] Allocator& allocator() const noexcept { return *allocator_; }
  [[nodiscard]] const ComponentDescription& description() const noexcept { return d_; }
  [[nodiscard]] const ComponentInfo& info() const noexcept { return info_; }
  // A pointer the embedder keeps with the runtime (the C++ API: its instance).
  void set_embedder_data(void* data) noexcept { embedder_data_ = data; }
  [[nodiscard]] void* embedder_data() const noexcept { return embedder_data_; }

  // Internal: objects made at run time, freed with the runtime (runtime_state.hpp).
  template <typename T, typename... Args>
  Result<T*> make(Args&&... args) noexcept;
  Result<ModuleCode*> module_code(std::uint32_t description_index) noexcept;
  Result<std::uint32_t> add_resource_type(ResourceType* type) noexcept;
  // Internal: a resource type of this runtime, with a fresh serial (host-defined ones and each
  // instance's own).
  Result<ResourceType*> new_resource_type() noexcept;
  [[nodiscard]] ResourceType* resource_type(std::uint32_t index) const noexcept { return resource_types_[index]; }
  // The tasks of the calls in progress, innermost last: their instance and the two words of
  // context.get/set storage.
  struct Task {
    ComponentInstance* instance = nullptr;
    std::uint32_t storage[2] = {0, 0};
    // Async-lifted calls return their result through task.return.
    bool async = false;
    bool returned = false;
    TypeId function = kNoType;
    const void* options = nullptr;  // the lift's CanonOptions
    std::span<ComponentValue> results;
    std::uint32_t* num_borrows = nullptr;
  };
  Vec<Task>& tasks() noexcept { return tasks_; }
  // Internal: the host call suspended for fuel in this runtime, if any.
  struct Suspension {
    ComponentFunction* function = nullptr;
    std::uint32_t num_borrows = 0;
  };
  Suspension& suspension() noexcept { return suspension_; }
  // Internal: the async ABI's state (component/async.hpp), when the component uses async
  // (then every call runs as a task, with the event loop).
  [[nodiscard]] void* async_state() const noexcept { return async_state_; }

 private:
  const ComponentDescription& d_;
  const ComponentInfo& info_;
  DecodeOptions core_options_;
  Allocator* allocator_;
  Store store_;
  Thread thread_;
  Vec<void*> objects_;
  Vec<void (*)(void*, Allocator&) noexcept> destroyers_;
  Vec<ModuleCode*> codes_;  // one per core module of the description, made on first use
  Vec<ResourceType*> resource_types_;
  Vec<ResourceType*> made_resource_types_;  // every type new_resource_type made, for drop()
  Vec<Task> tasks_;
  Suspension suspension_;
  ComponentRuntime* suspended_in_ = nullptr;
  void* async_state_ = nullptr;
  void* embedder_data_ = nullptr;  // this runtime, or the one of a function linked from another
};

}  // namespace wrt::component
