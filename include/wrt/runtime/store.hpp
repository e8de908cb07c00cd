// The runtime's objects, as the spec's store describes them: function, table, memory and
// global instances, module instances, and the Store that owns them all.
//
// Every object lives until its Store is destroyed (the spec's store semantics, and no
// reference counting on hot paths); objects of one Store can be linked to each other freely.
// All memory comes from the Store's allocator, an arena in the no-heap profile.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include <wrt/decoder/module.hpp>
#include <wrt/error/result.hpp>
#include <wrt/foundation/vec.hpp>
#include <wrt/runtime/value.hpp>

namespace wrt {

class Store;
class Instance;
class ModuleCode;
class MemoryInstance;
struct CompiledFunction;

// Limits the embedder sets on what code may use. Reaching one is a clean error or trap.
struct RuntimeLimits {
  // Per memory, on top of the module's own maximum, in 64 KiB pages whatever the memory's page
  // size (65536: 4 GiB). A memory64 whose minimum is beyond it fails to instantiate; one whose
  // maximum is beyond it cannot grow past it.
  std::uint32_t max_memory_pages = 65536;
  std::uint32_t max_table_elements = 10'000'000;
  std::uint32_t max_call_depth = 10'000;      // WebAssembly frames of one execution
  std::uint32_t value_stack_slots = 1u << 20; // 8-byte slots shared by all frames (8 MiB)
  // Exception handling: exception objects alive at once (each is its tag and payload, from the
  // store's allocator). Throwing beyond it traps with out_of_memory. An exception caught
  // without a reference (try_table's catch/catch_all) is freed as it is caught; one caught as
  // an exnref (catch_ref, legacy catch) or that escaped to the embedder lives with the store.
  std::uint32_t max_exceptions = 100'000;
};

// A function type interned in a Store: structurally equal types share one CanonicalType, so a
// call_indirect type check is a pointer comparison.
struct CanonicalType {
  FuncType type;
  std::uint32_t param_slots = 0;
  std::uint32_t result_slots = 0;
  // Who gives meaning to the type indices `type` names, when it names any (typed function
  // references: `(ref $t)`); null when it names none. A module's types are interned
  // store-wide (Store::intern_module_type): each named type is replaced by its own canonical
  // type's `id`, a type's reference to itself by kSelfReference, and `owner` is
  // kStoreWideIdentity, so equivalent types of different modules are one CanonicalType and
  // a call_indirect between them succeeds, as iso-recursive type equivalence requires. Types
  // that cannot be put in that form (a reference to a later type) keep the module's indices
  // and are shared only within it (`owner` is the module): such a call then traps, the safe side.
  const void* owner = nullptr;
  // Position in the store's list of interned types; what store-wide identities name.
  std::uint32_t id = 0;
  // `(ref $self)` in a store-wide identity: the type itself (a singleton recursion group).
  static constexpr std::uint32_t kSelfReference = kMaxTypeIndexInRef;
};
// The owner of store-wide identities (see CanonicalType::owner).
inline constexpr char kStoreWideIdentity = 0;

class Thread;
class ExceptionInstance;

// What a host function sees: its arguments, where its results go, and the calling instance.
class HostCall {
 public:
  HostCall(const CanonicalType& type, Slot* slots, Instance* caller, void* user_data) noexcept
      : type_(type), slots_(slots), caller_(caller), user_data_(user_data) {}

  [[nodiscard]] FuncType type() const noexcept { return type_.type; }
  [[nodiscard]] Value arg(std::size_t i) const noexcept;
  void set_result(std::size_t i, const Value& value) noexcept;
  [[nodiscard]] void* user_data() const noexcept { return user_data_; }
  // The instance whose code made the call (null when the host invoked the function directly).
  [[nodiscard]] Instance* caller() const noexcept { return caller_; }
  // The caller's memory 0, if it has one: what a host function reads and writes.
  [[nodiscard]] MemoryInstance* memory() const noexcept;
  // The raw slots: arguments on entry, results on return (they overlap).
  [[nodiscard]] Slot* slots() const noexcept { return slots_; }

  // Exception handling: throws `exception` (Store::create_exception) into the calling
  // WebAssembly code, which may catch it. The host function returns the Error this returns.
  // Without a calling thread (never the case for calls from WebAssembly) it is a host_error.
  [[nodiscard]] Error throw_exception(ExceptionInstance& exception) const noexcept;
  void set_thread(Thread* thread) noexcept { thread_ = thread; }

 private:
  std::size_t slot_of_param(std::size_t i) const noexcept;
  std::size_t slot_of_result(std::size_t i) const noexcept;

  const CanonicalType& type_;
  Slot* slots_;
  Instance* caller_;
  void* user_data_;
  Thread* thread_ = nullptr;
};

// A host function returns done (results set), suspend (the embedder resumes the execution
// later and provides the results then), or an Error (a trap).
enum class HostAction : std::uint8_t { done, suspend };
using HostCallback = Result<HostAction> (*)(HostCall& call) noexcept;

class FunctionInstance {
 public:
  [[nodiscard]] const CanonicalType& type() const noexcept { return *type_; }
  [[nodiscard]] bool is_host() const noexcept { return host_ != nullptr; }
  [[nodiscard]] Instance* instance() const noexcept { return instance_; }
  [[nodiscard]] std::uint32_t index() const noexcept { return index_; }

 private:
  friend class Store;
  friend class Interpreter;
  friend class Thread;
  FunctionInstance() = default;

  const CanonicalType* type_ = nullptr;
  // WebAssembly functions: the defining instance and the index in its module, and the
  // translated code once it exists (without and with fuel accounting).
  Instance* instance_ = nullptr;
  std::uint32_t index_ = 0;
  ModuleCode* code_ = nullptr;
  const CompiledFunction* compiled_[2] = {nullptr, nullptr};
  // Host functions.
  HostCallback host_ = nullptr;
  void* user_data_ = nullptr;
};

class TableInstance {
 public:
  friend class Interpreter;
  [[nodiscard]] const TableType& type() const noexcept { return type_; }
  [[nodiscard]] std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(elements_.size()); }
  [[nodiscard]] RefBits get(std::uint32_t i) const noexcept { return elements_[i]; }
  void set(std::uint32_t i, RefBits value) noexcept { elements_[i] = value; }
  // Grows by `delta` elements set to `init`; returns the old size, or -1 when refused.
  std::int64_t grow(std::uint64_t delta, RefBits init) noexcept;
  [[nodiscard]] RefBits* data() noexcept { return elements_.data(); }
  // The module whose type indices the element type names; null for a table the host made.
  [[nodiscard]] const ModuleDescription* type_module() const noexcept { return module_; }

 private:
  friend class Store;
  explicit TableInstance(Allocator& allocator) noexcept : elements_(allocator) {}
  TableType type_;
  const ModuleDescription* module_ = nullptr;  // whose type indices type_ uses (null: a host's)
  std::uint64_t max_ = 0;  // effective maximum: the type's and the embedder's
  Vec<RefBits> elements_;
};

class MemoryInstance {
 public:
  friend class Interpreter;
  static constexpr std::uint64_t kPageSize = 65536;  // the default page size (custom-page-sizes allows 1)

  [[nodiscard]] const MemoryType& type() const noexcept { return type_; }
  [[nodiscard]] std::uint8_t* data() noexcept { return data_; }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return data_; }
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
  [[nodiscard]] std::uint64_t pages() const noexcept { return size_ >> type_.page_size_log2(); }
  [[nodiscard]] std::uint64_t page_size() const noexcept { return type_.page_size(); }
  [[nodiscard]] std::uint64_t max_pages() const noexcept { return max_pages_; }
  // Grows by `delta` pages (zeroed); returns the old size in pages, or -1 when refused. A
  // memory in reserved address space (see Store::set_memory_allocator) grows in place: data()
  // never changes, and pages cost memory only once written.
  std::int64_t grow(std::uint64_t delta) noexcept;
  // A bounds-checked view: [offset, offset + length) must lie inside the memory.
  [[nodiscard]] Result<std::span<std::uint8_t>> view(std::uint64_t offset, std::uint64_t length) noexcept;

  ~MemoryInstance();

 private:
  friend class Store;
  explicit MemoryInstance(Allocator& allocator, bool may_reserve) noexcept
      : allocator_(&allocator), may_reserve_(may_reserve) {}
  // Makes room for `bytes` (more than capacity_): commits more of the reservation, made on the
  // first growth, or reallocates.
  bool grow_storage(std::uint64_t bytes) noexcept;
  MemoryType type_;
  std::uint8_t* data_ = nullptr;
  std::uint64_t size_ = 0;
  std::uint64_t capacity_ = 0;  // bytes allocated, or committed in the reservation
  std::uint64_t max_pages_ = 0;
  std::uint64_t reserved_ = 0;  // bytes of reserved address space at data_; 0: from allocator_
  Allocator* allocator_;
  bool may_reserve_;  // reserve address space on the first growth (when the platform can)
};

class GlobalInstance {
 public:
  friend class Interpreter;
  [[nodiscard]] const GlobalType& type() const noexcept { return type_; }
  [[nodiscard]] Value get() const noexcept { return Value::from_slots(type_.type, value_); }
  void set(const Value& v) noexcept {
    value_[0] = v.slots()[0];
    value_[1] = v.slots()[1];
  }
  [[nodiscard]] Slot* slots() noexcept { return value_; }
  // The module whose type indices the value type names; null for a global the host made.
  [[nodiscard]] const ModuleDescription* type_module() const noexcept { return module_; }

 private:
  friend class Store;
  GlobalInstance() = default;
  GlobalType type_;
  const ModuleDescription* module_ = nullptr;  // whose type indices type_ uses (null: a host's)
  Slot value_[2] = {0, 0};
};

// Exception handling: a tag (its identity is the instance; its type gives the payload).
class TagInstance {
 public:
  [[nodiscard]] const CanonicalType& type() const noexcept { return *type_; }

 private:
  friend class Instance;
  friend class Store;
  friend class Interpreter;
  TagInstance() = default;
  const CanonicalType* type_ = nullptr;
};

// A thrown exception: its tag and payload values, one allocation from the store's allocator
// (the payload's slots follow the object, hence its alignment). exnref values point at these.
class alignas(alignof(Slot)) ExceptionInstance {
 public:
  [[nodiscard]] TagInstance& tag() const noexcept { return *tag_; }
  [[nodiscard]] std::size_t payload_count() const noexcept { return tag_->type().type.params.size(); }
  [[nodiscard]] Value payload(std::size_t i) const noexcept;
  [[nodiscard]] const Slot* payload_slots() const noexcept { return reinterpret_cast<const Slot*>(this + 1); }
  [[nodiscard]] Slot* payload_slots() noexcept { return reinterpret_cast<Slot*>(this + 1); }

 private:
  friend class Store;
  friend class Interpreter;
  ExceptionInstance() = default;
  TagInstance* tag_ = nullptr;
  bool exposed_ = false;  // ever an exnref value, or given to the embedder: never freed early
  // Legacy catch bodies that hold it in their slot for `rethrow`: freed when the last of them
  // ends (x_release_held), unless exposed. A body left by a branch keeps its hold (the
  // exception then lives until the store goes).
  std::uint32_t held_ = 0;
  ExceptionInstance* prev_ = nullptr;  // the store's list of live exceptions
  ExceptionInstance* next_ = nullptr;
  std::size_t bytes_ = 0;
};
static_assert(sizeof(ExceptionInstance) % alignof(Slot) == 0);

// An entity that can be imported or exported.
struct ExternVal {
  ExternKind kind = ExternKind::function;
  void* object = nullptr;

  static ExternVal function(FunctionInstance* f) noexcept { return {ExternKind::function, f}; }
  static ExternVal table(TableInstance* t) noexcept { return {ExternKind::table, t}; }
  static ExternVal memory(MemoryInstance* m) noexcept { return {ExternKind::memory, m}; }
  static ExternVal global(GlobalInstance* g) noexcept { return {ExternKind::global, g}; }
  static ExternVal tag(TagInstance* t) noexcept { return {ExternKind::tag, t}; }
  [[nodiscard]] FunctionInstance* as_function() const noexcept {
    return kind == ExternKind::function ? static_cast<FunctionInstance*>(object) : nullptr;
  }
  [[nodiscard]] TableInstance* as_table() const noexcept {
    return kind == ExternKind::table ? static_cast<TableInstance*>(object) : nullptr;
  }
  [[nodiscard]] MemoryInstance* as_memory() const noexcept {
    return kind == ExternKind::memory ? static_cast<MemoryInstance*>(object) : nullptr;
  }
  [[nodiscard]] GlobalInstance* as_global() const noexcept {
    return kind == ExternKind::global ? static_cast<GlobalInstance*>(object) : nullptr;
  }
  [[nodiscard]] TagInstance* as_tag() const noexcept {
    return kind == ExternKind::tag ? static_cast<TagInstance*>(object) : nullptr;
  }
};

class Instance {
 public:
  [[nodiscard]] const ModuleDescription& module() const noexcept { return *module_; }
  [[nodiscard]] Store& store() const noexcept { return *store_; }
  // The export with this name, if there is one.
  [[nodiscard]] bool find_export(std::string_view name, ExternVal& out) const noexcept;
  [[nodiscard]] FunctionInstance* function(std::uint32_t index) const noexcept { return functions_[index]; }
  [[nodiscard]] MemoryInstance* memory(std::uint32_t index) const noexcept { return memories_[index]; }
  [[nodiscard]] TableInstance* table(std::uint32_t index) const noexcept { return tables_[index]; }
  [[nodiscard]] GlobalInstance* global(std::uint32_t index) const noexcept { return globals_[index]; }
  [[nodiscard]] TagInstance* tag(std::uint32_t index) const noexcept { return tags_[index]; }
  [[nodiscard]] std::size_t memory_count() const noexcept { return memories_.size(); }

 private:
  friend class Store;
  friend class Interpreter;
  explicit Instance(Allocator& allocator) noexcept
      : types_(allocator), functions_(allocator), tables_(allocator), memories_(allocator), globals_(allocator),
        tags_(allocator), dropped_elements_(allocator), dropped_data_(allocator) {}

  const ModuleDescription* module_ = nullptr;
  ModuleCode* code_ = nullptr;
  Store* store_ = nullptr;
  MemoryInstance* memory0_ = nullptr;  // the memory code accesses (2.0 has at most one)
  Vec<const CanonicalType*> types_;   // the module's types, interned: call_indirect compares these
  Vec<FunctionInstance*> functions_;
  Vec<TableInstance*> tables_;
  Vec<MemoryInstance*> memories_;
  Vec<GlobalInstance*> globals_;
  [[no_unique_address]] VecIf<kExceptions, TagInstance*> tags_;
  Vec<std::uint8_t> dropped_elements_;  // 1 when the segment was dropped (or was active/declarative)
  Vec<std::uint8_t> dropped_data_;
};

class Thread;

class Store {
 public:
  explicit Store(Allocator& allocator, const RuntimeLimits& limits = {}) noexcept;
#if WRT_HAS_DEFAULT_ALLOCATOR
  explicit Store(const RuntimeLimits& limits = {}) noexcept : Store(default_allocator(), limits) {}
#endif
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  [[nodiscard]] Allocator& allocator() const noexcept { return *allocator_; }
  [[nodiscard]] const RuntimeLimits& limits() const noexcept { return limits_; }
  // Where linear memories created from now on get their bytes. By default, where the platform
  // has virtual memory (hosted), each memory reserves its maximum as address space and commits
  // pages as it grows, so it never moves and untouched pages cost nothing; elsewhere, or when a
  // reservation is refused, the store's allocator. Firmware puts them in their own arena, or in
  // another RAM region.
  void set_memory_allocator(Allocator& allocator) noexcept { memory_allocator_ = &allocator; }

  // Links `imports` (in the module's import order) and creates the instance: allocates its
  // functions, tables, memories and globals, applies the active segments and runs the start
  // function on `thread`. Unknown or mismatched imports fail with an unlinkable error naming
  // them; a trap during segment initialization or in the start function fails too.
  Result<Instance*> instantiate(ModuleCode& code, std::span<const ExternVal> imports, Thread& thread) noexcept;

  Result<FunctionInstance*> create_host_function(FuncType type, HostCallback callback, void* user_data) noexcept;
  Result<TableInstance*> create_table(const TableType& type, RefBits init) noexcept;
  Result<MemoryInstance*> create_memory(const MemoryType& type) noexcept;
  Result<GlobalInstance*> create_global(const GlobalType& type, const Value& value) noexcept;
  // Exception handling: a new tag of `type` (a function type without results), and an
  // exception of `tag` carrying `payload` (typed as the tag's params), for a host function to
  // throw (HostCall::throw_exception). Beyond RuntimeLimits::max_exceptions: out_of_memory.
  Result<TagInstance*> create_tag(FuncType type) noexcept;
  Result<ExceptionInstance*> create_exception(TagInstance& tag, std::span<const Value> payload) noexcept;
  // The interpreter's side: an exception with its payload copied from `slots`; null when the
  // limit or the allocator refuses. release_exception frees one nothing refers to any more.
  [[nodiscard]] ExceptionInstance* allocate_exception(TagInstance& tag, const Slot* slots) noexcept;
  void release_exception(ExceptionInstance* exception) noexcept;
  [[nodiscard]] std::size_t live_exceptions() const noexcept { return live_exceptions_; }
  static constexpr std::uint64_t kPageSizeOfLimits = 65536;  // RuntimeLimits::max_memory_pages counts these

  // The interned type equal to `type`; `owner` is the module whose type indices it may name
  // (see CanonicalType::owner).
  Result<const CanonicalType*> intern(FuncType type, const void* owner = nullptr) noexcept;
  // The interned type of `module`'s type `index`, by store-wide identity (see
  // CanonicalType::owner); `earlier` holds the interned types of its indices below `index`.
  Result<const CanonicalType*> intern_module_type(const ModuleDescription& module, std::uint32_t index,
                                                  std::span<const CanonicalType* const> earlier) noexcept;

 private:
  template <typename T, typename... Args>
  Result<T*> make(Vec<T*>& list, Args&&... args) noexcept;
  template <typename T>
  static Result<T*> make(NoVec<T*>& /*compiled out*/) noexcept { return Error(ErrorCode::out_of_memory); }
  Result<void> link_imports(const ModuleDescription& module, std::span<const ExternVal> imports, Instance& instance) noexcept;
  Result<void> initialize(Instance& instance, Thread& thread) noexcept;

  Allocator* allocator_;
  Allocator* memory_allocator_ = nullptr;  // null: reserved address space, else allocator_
  RuntimeLimits limits_;
  Vec<CanonicalType*> types_;
  Vec<ValType> type_storage_;  // not used for lookups; keeps interned types alive
  Vec<FunctionInstance*> functions_;
  Vec<TableInstance*> tables_;
  Vec<MemoryInstance*> memories_;
  Vec<GlobalInstance*> globals_;
  [[no_unique_address]] VecIf<kExceptions, TagInstance*> tags_;
  Vec<Instance*> instances_;
  ExceptionInstance* exceptions_ = nullptr;  // live exceptions, a list
  std::size_t live_exceptions_ = 0;
};

// Whether `v` may stand where a value of `type` is expected, `type` being a type of `module`
// (its type indices name that module's types; null for a host's types, which name none):
// value_fits, and a non-null reference to a concrete type `(ref $t)` must be a function whose
// type is equivalent to $t. Without a module a concrete type takes only null. The embedder's
// calls check this (arguments, results, globals, tables), so a function of another type never
// reaches code that calls it by its static type.
[[nodiscard]] bool value_fits_in(const Value& v, ValType type, const ModuleDescription* module) noexcept;
// Whether `f`'s type is equivalent to type `type_index` of `module`.
[[nodiscard]] bool function_has_type(const FunctionInstance& f, const ModuleDescription& module, std::uint32_t type_index) noexcept;

}  // namespace wrt
