// The Component Model's async ABI (CanonicalABI.md, "Concurrency"): tasks, threads, waitables,
// waitable sets, subtasks, streams and futures, and the event loop that runs them.
//
// Every spec thread (the implicit thread of a task, or one made by thread.new-indirect) is an
// AsyncThread with a core Thread of its own: its WebAssembly stacks live in that object, so a
// thread that blocks is a suspended interpreter execution (a built-in returned
// HostAction::suspend) and costs no host thread and no host stack. Resuming a thread runs its
// interpreter until it blocks again or ends; what the spec's `resume`/`block` pair does with
// continuations is done here by calling into the interpreter and returning from it. A callback-
// lifted task between two callbacks has no execution at all: it waits with "call the callback"
// as its continuation.
//
// A built-in that blocks records, in its thread, what makes the thread ready (a WaitCondition)
// and how its results are computed when it is resumed (a Blocked record); the scheduler sets
// those results into the suspended host call and resumes the interpreter.
#pragma once

#include "component/canon_abi.hpp"
#include "component/runtime.hpp"

namespace wrt::component::detail {

struct AsyncTask;
struct AsyncThread;
struct WaitableSet;
struct SharedCopy;

enum class EventCode : std::uint32_t {
  none = 0,
  subtask = 1,
  stream_read = 2,
  stream_write = 3,
  future_read = 4,
  future_write = 5,
  task_cancelled = 6,
};

struct Event {
  EventCode code = EventCode::none;
  std::uint32_t p1 = 0;
  std::uint32_t p2 = 0;
};

// Something a waitable set can hold: a subtask or one end of a stream or future.
struct Waitable {
  HandleKind kind = HandleKind::subtask;
  ComponentInstance* instance = nullptr;  // whose handle table holds it
  std::uint32_t index = 0;                // its handle there
  bool has_pending_event = false;
  WaitableSet* wset = nullptr;
  bool has_sync_waiter = false;
};

struct WaitableSet {
  explicit WaitableSet(Allocator& a) noexcept : elems(a) {}
  Vec<Waitable*> elems;
  std::uint32_t num_waiting = 0;
  [[nodiscard]] bool has_pending_event() const noexcept {
    for (const Waitable* w : elems) {
      if (w->has_pending_event) return true;
    }
    return false;
  }
};

enum class SubtaskState : std::uint32_t {
  starting = 0,
  started = 1,
  returned = 2,
  cancelled_before_started = 3,
  cancelled_before_returned = 4,
};

// The caller's side of a call through `canon lower`.
struct Subtask : Waitable {
  explicit Subtask(Allocator& a) noexcept : lenders(a), flat_args(a), flat_results(a) {}
  SubtaskState state = SubtaskState::starting;
  AsyncTask* callee = nullptr;  // its task, while it runs (cancellation)
  Vec<std::uint32_t> lenders;   // caller handles lent to the callee
  bool resolve_delivered = false;
  bool cancellation_requested = false;
  bool in_table = false;        // async lowering: a handle was handed out
  // How the arguments are lifted and the results lowered (the caller's lowering).
  Lowered* lowered = nullptr;
  Vec<Slot> flat_args;
  std::uint64_t out_ptr = 0;
  bool has_out_ptr = false;
  Vec<Slot> flat_results;
  [[nodiscard]] bool resolved() const noexcept {
    return state != SubtaskState::starting && state != SubtaskState::started;
  }
};

// The shared state of a stream or a future, with the end that waits for the other.
enum class CopyResult : std::uint32_t { completed = 0, dropped = 1, cancelled = 2 };
enum class CopyState : std::uint8_t { idle, copying, cancelling, done };

// A buffer of a pending read or write: guest memory (ptr, length) in some instance, or, for an
// end the host holds (instance null), host memory: the elements in the canonical ABI's memory
// layout when they are numbers (`host`), else ComponentValues (`values`), lowered into or
// lifted from the component at the other end as they are copied.
struct CopyBuffer {
  ComponentInstance* instance = nullptr;
  std::uint8_t* host = nullptr;
  ComponentValue* values = nullptr;
  CanonOptions options;
  TypeId element = kNoType;  // kNoType: stream<_> / future<_> (no payload)
  std::uint64_t ptr = 0;
  std::uint32_t length = 0;
  std::uint32_t progress = 0;
  [[nodiscard]] std::uint32_t remain() const noexcept { return length - progress; }
};

struct CopyEnd : Waitable {
  SharedCopy* shared = nullptr;
  CopyState state = CopyState::idle;
  CopyBuffer buffer;
  // The pending event's payload (a stream's packed result, a future's result).
  CopyResult pending_result = CopyResult::completed;
  // The event reports a partial copy while this end stays the stream's pending one (it may
  // still be copied into or from); delivering the event ends that (the spec's reclaim_buffer).
  bool reclaim_on_delivery = false;
  bool readable = false;
  [[nodiscard]] bool copying() const noexcept { return state == CopyState::copying || state == CopyState::cancelling; }
};

struct SharedCopy {
  bool is_future = false;
  TypeId element = kNoType;  // its canonical type for equality: compared with value_types_equal
  TypeId type = kNoType;     // the stream/future type
  bool dropped = false;      // one end dropped
  std::uint8_t drops = 0;    // ends dropped: at 2 the shared state is recycled
  CopyEnd* pending = nullptr;  // the end with a pending read or write
  CopyEnd* readable = nullptr;
  CopyEnd* writable = nullptr;
};

enum class TaskState : std::uint8_t { initial, started, pending_cancel, cancel_delivered, resolved };

// A call of a lifted function: the callee's side.
struct AsyncTask {
  explicit AsyncTask(Allocator& a) noexcept : threads(a), host_args(a) {}
  ComponentFunction* function = nullptr;
  ComponentInstance* instance = nullptr;
  ComponentInstance* caller = nullptr;  // null: the host
  // A resource destructor (canon resource.drop lifts it as `func(rep: u32)`): the core function
  // is called with the representation and nothing is lifted.
  ComponentFunction destructor;
  bool is_destructor = false;
  std::uint32_t rep = 0;
  bool ft_async = false;
  TaskState state = TaskState::initial;
  std::uint32_t num_borrows = 0;
  AsyncThread* implicit = nullptr;
  Vec<AsyncThread*> threads;
  // The caller: a subtask, or the host (arguments in, results out).
  Subtask* subtask = nullptr;
  Vec<ComponentValue> host_args;
  std::span<ComponentValue> host_results;
  bool host_resolved = false;
  bool host_cancelled = false;
  bool host_done = false;  // the host's call returned: the task is buried when its threads end
  [[nodiscard]] bool needs_exclusive() const noexcept {
    return !function->options.async || function->options.callback != nullptr;
  }
};

// What makes a waiting thread ready.
enum class WaitKind : std::uint8_t {
  none,             // not waiting (running or suspended)
  always,           // yield, resume-later
  subtask_resolved, // a synchronous call waits for its callee
  waitable_event,   // a synchronous copy or cancel waits for its end's event
  wset_event,       // waitable-set.wait
  callback_wset,    // a callback task waits for an event and for the instance to be free
  callback_yield,   // a callback task yields until the instance is free
  no_backpressure,  // a task waits to enter its instance
};

// What a blocked built-in returns once its thread resumes.
enum class BlockedIn : std::uint8_t {
  none,
  sync_lower,        // the lowered call's results
  wait,              // waitable-set.wait: the event
  cancellable_flag,  // thread.suspend/yield/...: whether it was cancelled
  copy,              // stream/future read/write: the event payload
  cancel_copy,       // stream/future cancel-read/write: the event payload
  subtask_cancel,    // subtask.cancel: the subtask's state
};

enum class ThreadStart : std::uint8_t {
  implicit,      // a task's thread: enter the instance, lower the arguments, call the core function
  entering,      // waiting for backpressure to let it enter
  indirect,      // thread.new-indirect: call the table function with its argument
  running,       // started: the core execution is suspended in a built-in
  callback,      // a callback task between callbacks: call the callback with the event
  done,
};

struct AsyncThread {
  AsyncTask* task = nullptr;
  Thread* core = nullptr;
  bool running = false;
  bool in_waiting_list = false;
  WaitKind wait = WaitKind::none;
  void* wait_object = nullptr;
  bool cancellable = false;
  std::uint32_t index = 0;  // in the instance's thread table
  std::uint32_t storage[2] = {0, 0};
  ThreadStart start = ThreadStart::implicit;
  // thread.new-indirect
  FunctionInstance* entry = nullptr;
  std::uint32_t entry_arg = 0;
  // A blocked built-in: what it returns when resumed.
  BlockedIn blocked = BlockedIn::none;
  void* blocked_object = nullptr;
  MemoryInstance* blocked_memory = nullptr;
  std::uint32_t blocked_ptr = 0;
  // A callback task: the waitable set it waits on.
  std::uint32_t callback_wset = 0;
  WaitKind callback_wait = WaitKind::none;  // what the callback task waits for
  bool callback_running = false;  // the core execution is the callback's
  bool cancel_pending = false;    // resumed at once with cancellation (delivered while blocking)
  bool released_exclusive = false;  // blocked in a built-in, it let go of its instance
  Value core_results[1];
  AsyncThread* switch_to = nullptr;  // a suspend-then-resume: the thread to run next
  [[nodiscard]] bool waiting() const noexcept { return wait != WaitKind::none; }
  [[nodiscard]] bool suspended() const noexcept { return !running && wait == WaitKind::none && start != ThreadStart::done; }
};

// An error context (CanonicalABI.md's ErrorContext): its debug message as a string value with
// its origin. Each handle has one of its own: an error context is immutable and has no
// observable identity, so sharing one object between handles would change nothing.
struct ErrorContextObject {
  ComponentValue message;
};

// The kinds of async objects that are recycled (see AsyncState::dead).
enum class AsyncObject : std::uint8_t { task, thread, subtask, waitable_set, copy_end, shared_copy, error_context };

// The async state of a runtime.
struct AsyncState {
  explicit AsyncState(Allocator& a) noexcept
      : waiting(a), pool(a), dead(a), free_tasks(a), free_threads(a), free_subtasks(a), free_sets(a), free_ends(a),
        free_shared(a), free_error_contexts(a), pending_calls(a) {}
  Vec<AsyncThread*> waiting;  // threads that wait (the spec's store.waiting)
  Vec<Thread*> pool;          // core threads of ended threads, for reuse
  // Objects that ended (a dropped set or end, a task whose threads all ended, ...) wait here
  // until the event loop is at the top, where nothing on the host stack points at them; then
  // they are reset and kept for reuse, so memory follows the number of live objects, not the
  // number ever made.
  struct Dead {
    AsyncObject kind;
    void* object;
  };
  Vec<Dead> dead;
  Vec<void*> free_tasks;
  Vec<void*> free_threads;
  Vec<void*> free_subtasks;
  Vec<void*> free_sets;
  Vec<void*> free_ends;
  Vec<void*> free_shared;
  Vec<void*> free_error_contexts;
  AsyncThread* current = nullptr;
  std::uint32_t nesting = 0;  // host calls into the runtime in progress
  std::uint32_t depth = 0;    // threads running, nested through host calls
  Thread* fuel_holder = nullptr;  // the core thread that holds the fuel now (null: the runtime's)
  bool may_pause = false;     // step(): a thread that runs out of fuel at depth 1 pauses
  AsyncThread* paused = nullptr;
  std::uint32_t pending_host_calls = 0;  // async host functions that have not completed
  Vec<AsyncTask*> pending_calls;          // their tasks (complete() checks its argument here)
};

// A built-in's record: which one, of which instance, with its immediates.
struct AsyncBuiltin {
  ComponentRuntime* runtime = nullptr;
  ComponentInstance* instance = nullptr;
  CanonKind kind = CanonKind::task_cancel;
  bool flag = false;  // async / cancellable
  TypeId type = kNoType;  // stream/future type; task.return's result type
  std::uint32_t index = 0;  // context.get/set
  CanonOptions options;
  MemoryInstance* memory = nullptr;  // waitable-set.wait/poll
  TableInstance* table = nullptr;    // thread.new-indirect
  const CanonicalType* core_type = nullptr;  // thread.new-indirect: the function type required
};

Result<HostAction> async_builtin(HostCall& call) noexcept;

// Whether the runtime runs calls through the task machinery (its component uses async).
bool uses_async(const ComponentDescription& d, const ComponentInfo& info) noexcept;

// A call from the host through the task machinery: starts the task and runs the event loop
// until it resolves (a deadlock is a trap).
Result<void> call_async(ComponentRuntime& rt, ComponentFunction& f, std::span<const ComponentValue> args,
                        std::span<ComponentValue> results) noexcept;

// A resource destructor called as a synchronous task of its instance (from `caller`; null: the
// host).
Result<void> drop_async(ComponentRuntime& rt, ComponentInstance* caller, ResourceType& type, std::uint32_t rep) noexcept;

// The embedder's side (ComponentRuntime::start_async, step, run_until_idle, complete).
Result<void*> start_async(ComponentRuntime& rt, ComponentFunction& f, std::span<const ComponentValue> args,
                          std::span<ComponentValue> results) noexcept;
bool async_resolved(const void* task) noexcept;
Result<void> finish_async(ComponentRuntime& rt, void* task) noexcept;
Result<LoopStatus> step(ComponentRuntime& rt) noexcept;
Result<void> complete_host_call(ComponentRuntime& rt, void* task, std::span<ComponentValue> results) noexcept;
bool host_call_cancel_requested(ComponentRuntime& rt, void* task) noexcept;
Result<void> complete_host_call_cancelled(ComponentRuntime& rt, void* task) noexcept;

// The host's ends of streams and futures (ComponentRuntime::new_stream and the rest): `end` is
// a CopyEnd with no instance.
Result<void*> host_new_end(ComponentRuntime& rt, TypeId type, ComponentValue& readable) noexcept;
Result<void*> host_open_end(ComponentRuntime& rt, ComponentValue& readable) noexcept;
Result<HostCopy> host_copy(ComponentRuntime& rt, void* end, void* data, std::uint32_t count) noexcept;
Result<HostCopy> host_copy_values(ComponentRuntime& rt, void* end, std::span<ComponentValue> values) noexcept;
TypeId host_element_type(const void* end) noexcept;
Result<HostCopy> host_poll(ComponentRuntime& rt, void* end) noexcept;
Result<HostCopy> host_cancel(ComponentRuntime& rt, void* end) noexcept;
Result<void> host_drop_end(ComponentRuntime& rt, void* end) noexcept;
std::uint32_t host_element_size(ComponentRuntime& rt, const void* end) noexcept;
// The host cancels a call it started (the spec's OnCancel).
Result<void> cancel_async(ComponentRuntime& rt, void* task) noexcept;

// canon lower through the task machinery.
Result<HostAction> lower_async(HostCall& call, Lowered& l) noexcept;

}  // namespace wrt::component::detail
