// The component runtime's objects (private to the layer): instances, functions, closures,
// core instance references, handle tables. See wrt/component/instance.hpp.
#pragma once

#include <new>
#include <utility>
#include <wrt/component/instance.hpp>

#include "component/containers.hpp"

namespace wrt::component {

struct CanonOptions {
  StringEncoding encoding = StringEncoding::utf8;
  MemoryInstance* memory = nullptr;
  bool memory64 = false;
  FunctionInstance* realloc = nullptr;
  FunctionInstance* post_return = nullptr;
  bool async = false;
  FunctionInstance* callback = nullptr;
};

// A component-level function: a lifted core function of some instance, or a host function.
struct ComponentFunction {
  ComponentRuntime* runtime = nullptr;  // whose types, store and thread it uses
  TypeId type = kNoType;  // in the static types of the scope that made it
  ComponentInstance* instance = nullptr;
  FunctionInstance* core = nullptr;
  CanonOptions options;
  HostComponentCallback host = nullptr;
  AsyncHostComponentCallback async_host = nullptr;  // a host function that returns later
  AsyncHostCancelCallback async_cancel = nullptr;   // told when the caller cancels such a call
  void* user_data = nullptr;
};

// A component definition and the instance it was defined in (for outer aliases).
struct Closure {
  std::uint32_t node = 0;
  ComponentInstance* lexical = nullptr;
  TypeId type = kNoType;
};

// A core instance: a real one, or a bundle of core exports.
struct CoreInstanceRef {
  explicit CoreInstanceRef(Allocator& a) noexcept : bundle(a) {}
  Instance* instance = nullptr;
  struct Named {
    std::string_view name;
    ExternVal value;
  };
  Vec<Named> bundle;
  [[nodiscard]] bool find(std::string_view name, ExternVal& out) const noexcept {
    if (instance != nullptr) return instance->find_export(name, out);
    for (const Named& n : bundle) {
      if (n.name == name) {
        out = n.value;
        return true;
      }
    }
    return false;
  }
};

// What a handle table slot holds besides resource handles (the async ABI's waitables,
// waitable sets and error contexts share the table, as in CanonicalABI.md).
enum class HandleKind : std::uint8_t {
  resource,
  waitable_set,
  subtask,
  stream_readable,
  stream_writable,
  future_readable,
  future_writable,
  error_context,
};

// One handle table slot (CanonicalABI.md, "Table State").
struct HandleEntry {
  HandleKind kind = HandleKind::resource;
  void* object = nullptr;        // the async object, for the kinds other than resource
  ResourceType* type = nullptr;  // resources; null with kind resource: free
  std::uint32_t rep = 0;
  bool own = false;
  std::uint32_t num_lends = 0;
  std::uint32_t* borrow_scope = nullptr;  // a borrowed handle's task counter (num_borrows)
  std::uint32_t next_free = 0;
};

class HandleTable {
 public:
  static constexpr std::uint32_t kMaxLength = (1u << 28) - 1;
  explicit HandleTable(Allocator& a) noexcept : entries_(a) {}
  Result<std::uint32_t> add(const HandleEntry& entry) noexcept;
  Result<HandleEntry*> get(std::uint32_t i) noexcept;  // a trap when i is not a live handle
  Result<HandleEntry> remove(std::uint32_t i) noexcept;

 private:
  Vec<HandleEntry> entries_;  // [0] stays unused: 0 is never a handle
  std::uint32_t free_ = 0;    // a free slot, 0 when none
};

// An instance of a component at run time.
struct ComponentInstance {
  explicit ComponentInstance(Allocator& a) noexcept
      : handles(a), core_funcs(a), core_tables(a), core_memories(a), core_globals(a), core_tags(a), core_modules(a),
        core_instances(a), funcs(a), types(a), components(a), instances(a), resources(a), threads(a), free_threads(a) {}
  ComponentRuntime* runtime = nullptr;
  ComponentInstance* parent = nullptr;   // the instance that instantiated this one
  ComponentInstance* lexical = nullptr;  // the instance this component was defined in
  std::uint32_t node = 0;
  bool may_enter = true;
  bool may_leave = true;
  std::uint32_t backpressure = 0;
  HandleTable handles;
  Vec<FunctionInstance*> core_funcs;
  Vec<TableInstance*> core_tables;
  Vec<MemoryInstance*> core_memories;
  Vec<GlobalInstance*> core_globals;
  Vec<TagInstance*> core_tags;  // exception handling
  Vec<ModuleCode*> core_modules;
  Vec<CoreInstanceRef*> core_instances;
  Vec<RuntimeEntity> funcs;
  Vec<RuntimeEntity> types;
  Vec<RuntimeEntity> components;
  Vec<RuntimeEntity> instances;
  detail::IdMap resources;  // static resource (canon id) -> index into ComponentRuntime's resource list
  InstanceExports* exports = nullptr;
  // The async ABI (async.hpp): the instance's threads (index 0 unused; null: free), the thread
  // that has it exclusively, and how many tasks wait to enter.
  Vec<void*> threads;
  Vec<std::uint32_t> free_threads;
  void* exclusive = nullptr;
  std::uint32_t num_waiting_to_enter = 0;

  // The spec's "entering set": this instance and its ancestors, minus the caller's.
  [[nodiscard]] bool may_enter_from(const ComponentInstance* caller) const noexcept;
  void enter_from(const ComponentInstance* caller) noexcept;
  void leave_to(const ComponentInstance* caller) noexcept;
};

template <typename T, typename... Args>
Result<T*> ComponentRuntime::make(Args&&... args) noexcept {
  WRT_TRY(objects_.reserve(objects_.size() + 1));
  WRT_TRY(destroyers_.reserve(destroyers_.size() + 1));
  void* memory = allocator_->allocate(sizeof(T), alignof(T));
  if (memory == nullptr) return Error(ErrorCode::out_of_memory).append_detail("a component runtime object");
  T* object = ::new (memory) T(std::forward<Args>(args)...);
  (void)objects_.push_back(object);
  (void)destroyers_.push_back([](void* p, Allocator& a) noexcept {
    static_cast<T*>(p)->~T();
    a.deallocate(p, sizeof(T), alignof(T));
  });
  return object;
}

}  // namespace wrt::component
