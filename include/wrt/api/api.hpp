// The embedding API (hosted profile): load a module, give it host functions, run it.
//
//   auto module = wrt::Module::from_bytes(bytes);                  // Result<Module>, validated
//   wrt::ImportMap imports;
//   imports.define("env", "log", [](std::int32_t x) { ... });     // signature from the C++ type
//   auto instance = wrt::ModuleInstance::create(*module, imports);
//   instance->set_fuel(1000);
//   auto result = instance->invoke("compute", {wrt::Value::i32(42)});
//   auto left = instance->fuel();
//
// Every operation returns wrt::Result; errors carry their kind, a byte offset where one
// applies, and context (add your own with .with_context("while loading plugin")).
//
// Lifetimes: a Module is a cheap handle to shared, immutable data. A ModuleInstance owns its
// execution state and shares its store with the instances it is linked with; all objects stay
// alive as long as any instance of their store does, or any handle to one of them: Memory,
// Global, Table and Function keep their store alive, a TypedFunc its whole instance. So no
// sequence of calls on these types reaches freed memory: a handle outlives what made it, and
// what cannot work fails with an Error (a moved-from ModuleInstance, a function or reference of
// another store, a call while an execution is suspended). Moving a handle copies it; only a
// ModuleInstance is emptied by a move. The `raw()` accessors and the constructors from runtime
// objects leave this API for the runtime layer, whose objects carry no such checks.
//
// Not thread-safe: an instance, and everything sharing its store, is used by one thread at a
// time.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <wrt/api/types.hpp>
#include <wrt/decoder/decoder.hpp>
#include <wrt/decoder/module.hpp>
#include <wrt/error/result.hpp>
#include <wrt/runtime/module_code.hpp>
#include <wrt/runtime/store.hpp>
#include <wrt/runtime/thread.hpp>

namespace wrt {

namespace detail {
struct ModuleData;
struct StoreData;
struct HostFunctionData;
struct InstanceData;
}  // namespace detail

class ModuleInstance;
class Function;

// A whole file's bytes (a module, typically); a clear error for a missing, unreadable or
// non-regular file.
Result<std::vector<std::uint8_t>> read_file(const std::string& path);

// --- Module --------------------------------------------------------------------------------

struct ModuleOptions {
  DecodeOptions decode;          // features and decoding limits
  bool eager_translation = false;  // translate every function now instead of on first call
  // Validate each function body when it is first called (with its translation) instead of
  // now: start-up of a large module costs its decoding only. Everything else about the module
  // is still checked now, and no body runs unvalidated, but an invalid body is then an error
  // of the call that reaches it rather than of loading (unlike the spec's all-or-nothing).
  bool lazy_validation = false;
};

class Module {
 public:
  // Copies `bytes`, decodes and validates them.
  static Result<Module> from_bytes(std::span<const std::uint8_t> bytes, const ModuleOptions& options = {});
  // Reads and loads a file; its errors name the file (Error::subject: "plugin.wasm: magic
  // header not detected (at byte offset 0)").
  static Result<Module> from_file(const std::string& path, const ModuleOptions& options = {});
  // Takes the bytes over instead of copying them.
  static Result<Module> from_owned_bytes(std::vector<std::uint8_t> bytes, const ModuleOptions& options = {});
  // Parses a module in the text format (`(module ...)`, or its fields alone as in a .wat
  // file), encodes it and loads the binary. Text that does not parse is a malformed-kind
  // error whose detail says "LINE:COLUMN: what was expected".
  static Result<Module> from_text(std::string_view text, const ModuleOptions& options = {});

  [[nodiscard]] const ModuleDescription& description() const noexcept;
  [[nodiscard]] std::span<const Import> imports() const noexcept { return description().imports.span(); }
  [[nodiscard]] std::span<const Export> exports() const noexcept { return description().exports.span(); }
  [[nodiscard]] std::size_t size_bytes() const noexcept;
  // The module's translated code (statistics: translated_count, translation time).
  [[nodiscard]] ModuleCode& code() const noexcept;

  // A handle: copying shares the module, and so does moving (a moved-from Module stays usable).
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;

 private:
  friend class ModuleInstance;
  explicit Module(std::shared_ptr<detail::ModuleData> data) noexcept : data_(std::move(data)) {}
  std::shared_ptr<detail::ModuleData> data_;
};

// --- handles to exported or imported objects ------------------------------------------------

// A linear memory. Every access is bounds-checked; views stay valid until the memory grows.
class Memory {
 public:
  [[nodiscard]] std::uint64_t size() const noexcept { return memory_->size(); }
  [[nodiscard]] std::uint64_t pages() const noexcept { return memory_->pages(); }
  // 65536, or 1 for a memory of the custom-page-sizes proposal.
  [[nodiscard]] std::uint64_t page_size() const noexcept { return memory_->page_size(); }
  // A memory64 (addressed by i64) or a 32-bit one.
  [[nodiscard]] bool is64() const noexcept { return memory_->type().is64(); }
  [[nodiscard]] Result<std::span<std::uint8_t>> view(std::uint64_t offset, std::uint64_t length) const noexcept {
    return memory_->view(offset, length);
  }
  Result<void> read(std::uint64_t offset, std::span<std::uint8_t> out) const noexcept;
  Result<void> write(std::uint64_t offset, std::span<const std::uint8_t> bytes) noexcept;
  template <typename T>
    requires std::is_trivially_copyable_v<T>
  Result<T> load(std::uint64_t offset) const noexcept {
    T value;
    WRT_TRY(read(offset, std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(&value), sizeof value)));
    return value;
  }
  template <typename T>
    requires std::is_trivially_copyable_v<T>
  Result<void> store(std::uint64_t offset, const T& value) noexcept {
    return write(offset, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(&value), sizeof value));
  }
  // The bytes [offset, offset + length) as text (no copy, no encoding check).
  [[nodiscard]] Result<std::string_view> string(std::uint64_t offset, std::uint64_t length) const noexcept;
  // Grows by `pages`; returns the old size in pages, or an error if refused.
  Result<std::uint64_t> grow(std::uint64_t pages) noexcept;
  [[nodiscard]] MemoryInstance& raw() const noexcept { return *memory_; }

  // `owner` keeps the object's store alive; without one, the handle is only as good as the
  // runtime object it was made from.
  explicit Memory(MemoryInstance& memory, std::shared_ptr<detail::StoreData> owner = nullptr) noexcept
      : memory_(&memory), owner_(std::move(owner)) {}
  Memory(const Memory&) = default;  // a move copies: the moved-from handle stays usable
  Memory& operator=(const Memory&) = default;

 private:
  friend class ImportMap;
  MemoryInstance* memory_;
  std::shared_ptr<detail::StoreData> owner_;
};

class Global {
 public:
  [[nodiscard]] Value get() const noexcept { return global_->get(); }
  // Fails on an immutable global, a value of the wrong type, or a funcref of another store.
  Result<void> set(const Value& value) noexcept;
  [[nodiscard]] const GlobalType& type() const noexcept { return global_->type(); }
  [[nodiscard]] GlobalInstance& raw() const noexcept { return *global_; }
  // `owner` keeps the object's store alive (see Memory).
  explicit Global(GlobalInstance& global, std::shared_ptr<detail::StoreData> owner = nullptr) noexcept
      : global_(&global), owner_(std::move(owner)) {}
  Global(const Global&) = default;
  Global& operator=(const Global&) = default;

 private:
  friend class ImportMap;
  GlobalInstance* global_;
  std::shared_ptr<detail::StoreData> owner_;
};

class Table {
 public:
  [[nodiscard]] std::uint32_t size() const noexcept { return table_->size(); }
  [[nodiscard]] Result<Value> get(std::uint32_t index) const noexcept;
  // Both fail on a value of the wrong type or a funcref of another store.
  Result<void> set(std::uint32_t index, const Value& value) noexcept;
  Result<std::uint32_t> grow(std::uint32_t delta, const Value& init) noexcept;
  [[nodiscard]] TableInstance& raw() const noexcept { return *table_; }
  // `owner` keeps the object's store alive (see Memory).
  explicit Table(TableInstance& table, std::shared_ptr<detail::StoreData> owner = nullptr) noexcept
      : table_(&table), owner_(std::move(owner)) {}
  Table(const Table&) = default;
  Table& operator=(const Table&) = default;

 private:
  friend class ImportMap;
  TableInstance* table_;
  std::shared_ptr<detail::StoreData> owner_;
};

// Exception handling: a tag, which identifies a kind of WebAssembly exception and types its
// payload (the params of a function type). Two handles are equal when they name one tag.
class Tag {
 public:
  [[nodiscard]] FuncType type() const noexcept { return tag_->type().type; }
  [[nodiscard]] TagInstance& raw() const noexcept { return *tag_; }
  explicit Tag(TagInstance& tag, std::shared_ptr<detail::StoreData> owner = nullptr) noexcept
      : tag_(&tag), owner_(std::move(owner)) {}
  friend bool operator==(const Tag& a, const Tag& b) noexcept { return a.tag_ == b.tag_; }

 private:
  friend class ImportMap;
  TagInstance* tag_;
  std::shared_ptr<detail::StoreData> owner_;
};

// An exception no WebAssembly code caught: its tag and payload (see
// ModuleInstance::uncaught_exception).
struct UncaughtException {
  Tag tag;
  std::vector<Value> payload;
};

// --- host functions ------------------------------------------------------------------------

// What a host function receives about its call, as its first parameter if it wants it.
class Caller {
 public:
  // The calling instance's memory 0 (an error when it has none). The handle keeps the store
  // alive like any other; its views are valid until the memory grows.
  [[nodiscard]] Result<Memory> memory() const noexcept;
  // The calling instance's memory `index` (multi-memory; an error when it has none).
  [[nodiscard]] Result<Memory> memory(std::uint32_t index) const noexcept;
  // Ends the host function without results for now: the execution suspends, and the
  // embedder resumes it later (ModuleInstance::resume_with) supplying the results.
  void suspend() noexcept { suspend_ = true; }
  // Exception handling: the tag the calling instance exports as `name`, and an Error that
  // throws a WebAssembly exception of `tag` with `payload` (typed as the tag's params) into
  // the calling code when the host function returns it: `return caller.throw_exception(...)`.
  // The caller may catch it; if nothing does, the invoke fails with uncaught_exception. A bad
  // payload is an ordinary host error instead.
  [[nodiscard]] Result<Tag> tag(std::string_view name) const noexcept;
  [[nodiscard]] Error throw_exception(const Tag& tag, std::span<const Value> payload) const noexcept;
  [[nodiscard]] bool suspending() const noexcept { return suspend_; }
  [[nodiscard]] HostCall& raw() noexcept { return call_; }

  explicit Caller(HostCall& call, detail::StoreData* store = nullptr) noexcept : call_(call), store_(store) {}

 private:
  HostCall& call_;
  detail::StoreData* store_;  // the store the call runs in (alive during the call)
  bool suspend_ = false;
};

// The raw form of a host function: arguments in, results out, with the types declared.
using HostFunction = std::function<Result<void>(Caller&, std::span<const Value>, std::span<Value>)>;

struct Signature {
  std::vector<ValType> params;
  std::vector<ValType> results;
};

namespace detail {

template <typename F>
struct CallableTraits : CallableTraits<decltype(&std::remove_cvref_t<F>::operator())> {};
template <typename R, typename... A>
struct CallableTraits<R (*)(A...)> {
  using result = R;
  using args = std::tuple<A...>;
};
template <typename C, typename R, typename... A>
struct CallableTraits<R (C::*)(A...) const> : CallableTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct CallableTraits<R (C::*)(A...)> : CallableTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct CallableTraits<R (C::*)(A...) const noexcept> : CallableTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct CallableTraits<R (C::*)(A...) noexcept> : CallableTraits<R (*)(A...)> {};
template <typename R, typename... A>
struct CallableTraits<R (*)(A...) noexcept> : CallableTraits<R (*)(A...)> {};

// Result<T> -> T (a host function may fail); anything else stays as it is.
template <typename T>
struct IsResult : std::false_type {
  using inner = T;
};
template <typename T>
struct IsResult<Result<T>> : std::true_type {
  using inner = T;
};

// Whether a host function's first parameter is `Caller&` (false for no parameters at all: a
// std::tuple_element of an empty tuple does not compile, so it is never named for one).
template <typename Args>
struct FirstIsCaller : std::false_type {};
template <typename First, typename... Rest>
struct FirstIsCaller<std::tuple<First, Rest...>> : std::is_same<std::remove_cvref_t<First>, Caller> {};

// Wraps a typed callable as a HostFunction and states its signature.
template <typename F>
struct TypedHost {
  using Traits = CallableTraits<F>;
  using Return = typename Traits::result;
  using Produced = typename IsResult<Return>::inner;
  using Args = typename Traits::args;
  static constexpr bool kWantsCaller = FirstIsCaller<Args>::value;

  template <std::size_t... I>
  static std::vector<ValType> params(std::index_sequence<I...>) {
    return {WasmType<std::remove_cvref_t<std::tuple_element_t<I + (kWantsCaller ? 1 : 0), Args>>>::type...};
  }
  static Signature signature() {
    constexpr std::size_t n = std::tuple_size_v<Args> - (kWantsCaller ? 1 : 0);
    return Signature{params(std::make_index_sequence<n>{}), ResultTypes<Produced>::types()};
  }

  template <std::size_t... I>
  static Return invoke(F& f, Caller& caller, std::span<const Value> args, std::index_sequence<I...>) {
    if constexpr (kWantsCaller) {
      return f(caller, WasmType<std::remove_cvref_t<std::tuple_element_t<I + 1, Args>>>::from(args[I])...);
    } else {
      (void)caller;
      return f(WasmType<std::remove_cvref_t<std::tuple_element_t<I, Args>>>::from(args[I])...);
    }
  }

  static HostFunction wrap(F f) {
    return [f = std::move(f)](Caller& caller, std::span<const Value> args, std::span<Value> results) mutable -> Result<void> {
      constexpr std::size_t n = std::tuple_size_v<Args> - (kWantsCaller ? 1 : 0);
      if constexpr (IsResult<Return>::value) {
        Return r = invoke(f, caller, args, std::make_index_sequence<n>{});
        if (!r) return r.error();
        if constexpr (!std::is_void_v<Produced>) ResultTypes<Produced>::store(*r, results.data());
        return {};
      } else if constexpr (std::is_void_v<Return>) {
        invoke(f, caller, args, std::make_index_sequence<n>{});
        return {};
      } else {
        ResultTypes<Return>::store(invoke(f, caller, args, std::make_index_sequence<n>{}), results.data());
        return {};
      }
    };
  }
};

}  // namespace detail

// --- ImportMap -----------------------------------------------------------------------------

// The imports a module is instantiated with, by module and field name.
class ImportMap {
 public:
  ImportMap();
  ~ImportMap();
  ImportMap(ImportMap&&) noexcept;
  ImportMap& operator=(ImportMap&&) noexcept;
  ImportMap(const ImportMap&);
  ImportMap& operator=(const ImportMap&);

  // A host function from a lambda or function pointer; its WebAssembly signature follows from
  // the C++ parameter and return types (see types.hpp). It may take a `Caller&` first, return
  // void, a value, a std::tuple of values, or a wrt::Result of those (an error traps).
  template <typename F>
  ImportMap& define(std::string module, std::string name, F function) {
    using Typed = detail::TypedHost<std::decay_t<F>>;
    return define_raw(std::move(module), std::move(name), Typed::signature(), Typed::wrap(std::move(function)));
  }
  // A host function given as a signature and a callable over spans of values.
  ImportMap& define_raw(std::string module, std::string name, Signature signature, HostFunction function);
  // A host function at the runtime's own calling convention (no conversions, no allocation per
  // call, no checks of what it writes): what WASI uses. `user_data` must live as long as the
  // instances that call it; `keep_alive`, when given, is kept by their store to make sure of it.
  ImportMap& define_native(std::string module, std::string name, Signature signature, HostCallback callback,
                           void* user_data, std::shared_ptr<void> keep_alive = nullptr);
  // An object exported by another instance (memory, table, global or function). All objects an
  // instance imports must come from one store (that of the instances they were exported by).
  ImportMap& define(std::string module, std::string name, const Memory& memory);
  ImportMap& define(std::string module, std::string name, const Global& global);
  ImportMap& define(std::string module, std::string name, const Table& table);
  ImportMap& define(std::string module, std::string name, const Function& function);
  ImportMap& define(std::string module, std::string name, const Tag& tag);
  // Every export of `instance` under the module name `module` (the map keeps the instance's
  // state alive; an empty, moved-from instance makes create() fail).
  ImportMap& define_instance(std::string module, const ModuleInstance& instance);

 private:
  friend class ModuleInstance;
  struct Entry;
  std::vector<Entry> entries_;
};

// --- ModuleInstance ------------------------------------------------------------------------

struct InstanceLimits {
  std::uint32_t max_memory_pages = 65536;       // per memory (64 KiB pages), within the module's max
  std::uint32_t max_table_elements = 10'000'000;
  std::uint32_t max_call_depth = 10'000;
  std::uint32_t max_stack_slots = 1u << 20;     // 8-byte value-stack slots (8 MiB)
};

// The outcome of invoke() or resume(): completed with results, or suspended.
class Execution {
 public:
  [[nodiscard]] ExecStatus status() const noexcept { return status_; }
  [[nodiscard]] bool completed() const noexcept { return status_ == ExecStatus::completed; }
  [[nodiscard]] bool out_of_fuel() const noexcept { return status_ == ExecStatus::out_of_fuel; }
  [[nodiscard]] bool host_suspended() const noexcept { return status_ == ExecStatus::host_suspended; }
  [[nodiscard]] const std::vector<Value>& results() const noexcept { return results_; }
  // Result i; panics when there is none (a suspended execution has no results yet).
  [[nodiscard]] const Value& operator[](std::size_t i) const noexcept {
    if (i >= results_.size()) panic("wrt::Execution: no result with that index (a suspended execution has none)");
    return results_[i];
  }

  Execution(ExecStatus status, std::vector<Value> results) : status_(status), results_(std::move(results)) {}

 private:
  ExecStatus status_;
  std::vector<Value> results_;
};

template <typename Signature>
class TypedFunc;

namespace detail {
// TypedFunc's call: runs `function` on the instance's thread to completion. Arguments and
// result spans are sized by the caller; an empty instance, a suspension and a trap are errors.
Result<void> call_to_completion(const std::shared_ptr<InstanceData>& instance, const Function& function,
                                std::span<const Value> args, std::span<Value> results);
}  // namespace detail

// An exported function. It keeps its store alive; ModuleInstance::invoke calls it (on an
// instance of the same store).
class Function {
 public:
  // Its type; the spans view the store's interned types and stay valid while this handle lives.
  [[nodiscard]] FuncType type() const noexcept { return function_->type().type; }
  [[nodiscard]] FunctionInstance& raw() const noexcept { return *function_; }
  // `owner` keeps the function's store alive (see Memory).
  explicit Function(FunctionInstance& function, std::shared_ptr<detail::StoreData> owner = nullptr) noexcept
      : function_(&function), owner_(std::move(owner)) {}
  Function(const Function&) = default;
  Function& operator=(const Function&) = default;

 private:
  friend class ImportMap;
  friend class ModuleInstance;
  friend Result<void> detail::call_to_completion(const std::shared_ptr<detail::InstanceData>&, const Function&,
                                                 std::span<const Value>, std::span<Value>);
  FunctionInstance* function_;
  std::shared_ptr<detail::StoreData> owner_;
};

class ModuleInstance {
 public:
  // Instantiates `module` with `imports`: links every import by name and type (an import
  // nothing provides fails with unknown_import naming it), applies the data and element
  // segments and runs the start function.
  static Result<ModuleInstance> create(const Module& module, const ImportMap& imports = {},
                                       const InstanceLimits& limits = {});

  // Moving transfers the instance: the moved-from ModuleInstance is empty (valid() is false).
  // On an empty instance, every call that returns a Result fails with invalid_argument, the
  // others do nothing (fuel() is 0, suspended() false), and raw()/thread() panic. Handles taken
  // from the instance before the move keep working.
  ModuleInstance(ModuleInstance&&) noexcept;
  ModuleInstance& operator=(ModuleInstance&&) noexcept;
  ~ModuleInstance();
  [[nodiscard]] bool valid() const noexcept { return data_ != nullptr; }

  // Calls an exported function (or any function of this instance's store). Arguments must
  // match its parameters; a funcref argument must be null or a function of this store. A host
  // function may call back into this instance (or any other): the nested call runs on top of
  // the current one and cannot suspend. While an execution is suspended, only resume(),
  // resume_with() and cancel() continue or end it; invoke() fails.
  Result<Execution> invoke(std::string_view name, std::span<const Value> args = {});
  Result<Execution> invoke(std::string_view name, std::initializer_list<Value> args) {
    return invoke(name, std::span<const Value>(args.begin(), args.size()));
  }
  Result<Execution> invoke(const Function& function, std::span<const Value> args = {});
  Result<Execution> invoke(const Function& function, std::initializer_list<Value> args) {
    return invoke(function, std::span<const Value>(args.begin(), args.size()));
  }
  // Continues an execution that ran out of fuel (after add_fuel). One that a host function
  // suspended needs that call's results: resume_with.
  Result<Execution> resume();
  // Continues an execution a host function suspended, giving that call's results (checked
  // against the host function's result types).
  Result<Execution> resume_with(std::span<const Value> host_results);
  Result<Execution> resume_with(std::initializer_list<Value> host_results) {
    return resume_with(std::span<const Value>(host_results.begin(), host_results.size()));
  }
  // The arguments of the host call an execution is suspended in.
  [[nodiscard]] std::vector<Value> pending_host_arguments() const;
  [[nodiscard]] bool suspended() const noexcept;
  void cancel() noexcept;

  // Fuel: set_fuel turns metering on (each WebAssembly instruction costs 1). add_fuel
  // saturates at UINT64_MAX rather than wrapping: adding fuel never lowers it, and 2^64 - 1
  // instructions is an unlimited budget in practice (centuries of execution), so refusing
  // would only give every caller an error path that cannot matter.
  void set_fuel(std::uint64_t fuel) noexcept;
  void add_fuel(std::uint64_t fuel) noexcept;
  void disable_fuel() noexcept;
  [[nodiscard]] std::uint64_t fuel() const noexcept;

  // Exports.
  [[nodiscard]] Result<Function> function(std::string_view name) const;
  [[nodiscard]] Result<Memory> memory(std::string_view name) const;
  // Memory `index` of the instance's memory index space (imported ones first), exported or not.
  [[nodiscard]] Result<Memory> memory_at(std::uint32_t index) const;
  [[nodiscard]] std::uint32_t memory_count() const noexcept;
  [[nodiscard]] Result<Global> global(std::string_view name) const;
  [[nodiscard]] Result<Table> table(std::string_view name) const;
  [[nodiscard]] Result<Tag> tag(std::string_view name) const;
  // After a call that failed with ErrorCode::uncaught_exception: the exception (its tag and
  // payload). Empty otherwise, and after the next call.
  [[nodiscard]] std::optional<UncaughtException> uncaught_exception() const;
  // An exported function as a C++ callable, checked against Signature (e.g. int32_t(int32_t)).
  template <typename Signature>
  Result<TypedFunc<Signature>> typed_func(std::string_view name);

  // The WebAssembly frames of the last trap (innermost first). The frames' names view the
  // module's name section: valid while the Module, or an instance of it, lives.
  [[nodiscard]] const Backtrace& last_trap() const noexcept;
  // The runtime objects (see the lifetime note at the top). Panic on an empty instance.
  [[nodiscard]] Instance& raw() const noexcept;
  [[nodiscard]] Thread& thread() const noexcept;

 private:
  friend class ImportMap;
  ModuleInstance() = default;

  std::shared_ptr<detail::InstanceData> data_;  // null when moved from
};

// An exported function as a C++ callable. It keeps its instance's state alive: it works after
// the ModuleInstance it came from was moved or destroyed.
template <typename R, typename... A>
class TypedFunc<R(A...)> {
 public:
  // Runs to completion; running out of fuel or a host suspension is an error here (use
  // ModuleInstance::invoke for resumable calls).
  Result<R> call(A... args) {
    Value values[] = {WasmType<A>::to(args)..., Value()};
    Value results[ResultTypes<R>::count + 1];
    WRT_TRY(detail::call_to_completion(instance_, function_, std::span<const Value>(values, sizeof...(A)),
                                       std::span<Value>(results, ResultTypes<R>::count)));
    if constexpr (std::is_void_v<R>) {
      return {};
    } else {
      return ResultTypes<R>::load(results);
    }
  }
  Result<R> operator()(A... args) { return call(args...); }

  TypedFunc(std::shared_ptr<detail::InstanceData> instance, Function function) noexcept
      : instance_(std::move(instance)), function_(std::move(function)) {}
  TypedFunc(const TypedFunc&) = default;  // a move copies: the moved-from handle stays usable
  TypedFunc& operator=(const TypedFunc&) = default;

 private:
  std::shared_ptr<detail::InstanceData> instance_;
  Function function_;
};

template <typename Sig>
Result<TypedFunc<Sig>> ModuleInstance::typed_func(std::string_view name) {
  Function f = WRT_TRY(function(name));
  auto [want_params, want_results] = [] {
    using Traits = detail::CallableTraits<Sig*>;
    using Args = typename Traits::args;
    std::vector<ValType> params;
    std::apply([&](auto... a) { (params.push_back(WasmType<decltype(a)>::type), ...); }, Args{});
    return std::pair{params, ResultTypes<typename Traits::result>::types()};
  }();
  FuncType actual = f.type();
  bool same = actual.params.size() == want_params.size() && actual.results.size() == want_results.size();
  // A reference type matches the C++ reference type of its hierarchy (an `ExternRef` for
  // `(ref extern)` too); a null where the function wants a non-null reference is refused at
  // the call, as every argument is.
  auto fits = [](ValType a, ValType b) {
    return a == b || (is_reference(a) && is_reference(b) && top_heap(heap_kind(a)) == top_heap(heap_kind(b)));
  };
  for (std::size_t i = 0; same && i < want_params.size(); ++i) same = fits(actual.params[i], want_params[i]);
  for (std::size_t i = 0; same && i < want_results.size(); ++i) same = fits(actual.results[i], want_results[i]);
  if (!same) {
    return Error(ErrorCode::invalid_argument).append_detail("signature differs from the export ").append_detail(name);
  }
  return TypedFunc<Sig>(data_, f);
}

}  // namespace wrt
