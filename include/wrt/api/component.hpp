// The component embedding API (hosted profile): load a component, give it host functions and
// resources, call its exports with typed or dynamic values.
//
//   auto component = wrt::Component::from_file("app.wasm");           // validated, or Error+offset
//   wrt::ComponentImports imports;
//   imports.define("host", "log", [](std::string_view msg) { ... });  // type from the C++ signature
//   auto instance = component->instantiate(imports);                  // unknown imports: named error
//   auto r = instance->call("demo:calc/api#compute", args);            // dynamic: ComponentValues
//   auto f = instance->typed_func<std::uint64_t(std::span<const std::uint32_t>)>("demo:calc/api#compute");
//
// Names: a top-level export or import ("compute"), or an interface's function
// ("demo:calc/api#compute"; the form "demo:calc/api.compute" finds the same). Host functions
// are checked against what the component imports when it is instantiated: a signature that
// does not fit is an error naming both types, never a crash at call time.
//
// Lifetimes: a Component is a cheap handle to shared, immutable data. A ComponentInstance owns
// its run time (a core store and thread) and keeps its component alive.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <wrt/api/api.hpp>
#include <wrt/api/component_types.hpp>
#include <wrt/component/instance.hpp>
#include <wrt/component/validator.hpp>
#include <wrt/error/result.hpp>
#include <wrt/runtime/store.hpp>

namespace wrt {

namespace detail {
struct ComponentData;
struct ComponentInstanceData;
}  // namespace detail

class ComponentInstance;
class ComponentImports;

struct ComponentOptions {
  component::ComponentDecodeOptions decode;  // features and decoding limits
};

// An import or export of a component (or instance), with its type as WIT-like text.
struct ComponentItem {
  std::string name;
  component::ExternKind kind = component::ExternKind::func;
  std::string wit;  // e.g. "func(a: u32) -> string"
};

class Component {
 public:
  static Result<Component> from_bytes(std::span<const std::uint8_t> bytes, const ComponentOptions& options = {});
  static Result<Component> from_owned_bytes(std::vector<std::uint8_t> bytes, const ComponentOptions& options = {});
  static Result<Component> from_file(const std::string& path, const ComponentOptions& options = {});

  [[nodiscard]] std::vector<ComponentItem> imports() const;
  [[nodiscard]] std::vector<ComponentItem> exports() const;
  // The component's type as a WIT-like world.
  [[nodiscard]] std::string wit() const;

  // `limits` bound the instance's core store (all its core modules share one): memory pages
  // per memory, table elements, call depth, value-stack slots.
  Result<ComponentInstance> instantiate(const ComponentImports& imports, const InstanceLimits& limits = {}) const;
  Result<ComponentInstance> instantiate() const;

  [[nodiscard]] const component::TypeArena& types() const noexcept;
  [[nodiscard]] component::TypeId type() const noexcept;

 private:
  friend class ComponentInstance;
  explicit Component(std::shared_ptr<detail::ComponentData> data) noexcept : data_(std::move(data)) {}
  std::shared_ptr<detail::ComponentData> data_;
};

// --- host resources ------------------------------------------------------------------------------

namespace detail {
// One address per C++ type: tells resource tables of different T apart without RTTI.
template <typename T>
const void* type_tag() noexcept {
  static const char tag = 0;
  return &tag;
}

// The objects of one host resource type, by representation (their index here).
class ResourceTableBase : public std::enable_shared_from_this<ResourceTableBase> {
 public:
  virtual ~ResourceTableBase() = default;
  ResourceTableBase(const ResourceTableBase&) = delete;
  ResourceTableBase& operator=(const ResourceTableBase&) = delete;
  [[nodiscard]] component::ResourceType* type() noexcept { return &type_; }
  [[nodiscard]] const void* tag() const noexcept { return tag_; }
  // Called when the last handle to an object is dropped (by a component, or by the host).
  virtual void destroy(std::uint32_t rep) noexcept = 0;
  [[nodiscard]] virtual std::size_t live() const noexcept = 0;

 protected:
  explicit ResourceTableBase(const void* tag) : tag_(tag) {
    type_.host_dtor = [](void* self, std::uint32_t rep) noexcept { static_cast<ResourceTableBase*>(self)->destroy(rep); };
    type_.user_data = this;
  }

 private:
  component::ResourceType type_;
  const void* tag_;
};
}  // namespace detail

template <typename T>
class ResourceTable final : public detail::ResourceTableBase {
 public:
  ResourceTable() : ResourceTableBase(detail::type_tag<T>()) {}
  // Stores `object`; its representation is what handles to it carry.
  std::uint32_t insert(T object) {
    std::uint32_t rep;
    if (!free_.empty()) {
      rep = free_.back();
      free_.pop_back();
      objects_[rep] = std::make_unique<T>(std::move(object));
    } else {
      rep = static_cast<std::uint32_t>(objects_.size());
      objects_.push_back(std::make_unique<T>(std::move(object)));
    }
    ++live_;
    return rep;
  }
  // The object, or null when there is none with this representation.
  [[nodiscard]] T* get(std::uint32_t rep) noexcept { return rep < objects_.size() ? objects_[rep].get() : nullptr; }
  void destroy(std::uint32_t rep) noexcept override {
    if (rep < objects_.size() && objects_[rep]) {
      objects_[rep].reset();
      free_.push_back(rep);
      --live_;
    }
  }
  [[nodiscard]] std::size_t live() const noexcept override { return live_; }

 private:
  std::vector<std::unique_ptr<T>> objects_;
  std::vector<std::uint32_t> free_;
  std::size_t live_ = 0;
};

// An owned handle to a host object: moving it into a component (as an argument or a host
// function's result) gives the component ownership; receiving one from a component gives it
// to the host, and destroying the Resource then destroys the object.
template <typename T>
class Resource {
 public:
  Resource() = default;
  Resource(std::shared_ptr<ResourceTable<T>> table, std::uint32_t rep) : table_(std::move(table)), rep_(rep) {}
  static Resource make(std::shared_ptr<ResourceTable<T>> table, T object) {
    std::uint32_t rep = table->insert(std::move(object));
    return Resource(std::move(table), rep);
  }
  Resource(Resource&& other) noexcept : table_(std::move(other.table_)), rep_(other.rep_) { other.table_.reset(); }
  Resource& operator=(Resource&& other) noexcept {
    if (this != &other) {
      reset();
      table_ = std::move(other.table_);
      rep_ = other.rep_;
      other.table_.reset();
    }
    return *this;
  }
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;
  ~Resource() { reset(); }
  [[nodiscard]] T* get() const noexcept { return table_ ? table_->get(rep_) : nullptr; }
  T* operator->() const noexcept { return get(); }
  [[nodiscard]] std::uint32_t rep() const noexcept { return rep_; }
  [[nodiscard]] explicit operator bool() const noexcept { return table_ != nullptr; }
  // Gives up ownership (a component now holds the object).
  std::uint32_t release() noexcept {
    table_.reset();
    return rep_;
  }
  [[nodiscard]] const std::shared_ptr<ResourceTable<T>>& table() const noexcept { return table_; }

 private:
  void reset() noexcept {
    if (table_) table_->destroy(rep_);
    table_.reset();
  }
  std::shared_ptr<ResourceTable<T>> table_;
  std::uint32_t rep_ = 0;
};

// A borrowed handle to a host object, valid during the call that received it.
template <typename T>
class Borrow {
 public:
  Borrow(T* object, std::uint32_t rep) : object_(object), rep_(rep) {}
  T* operator->() const noexcept { return object_; }
  T& operator*() const noexcept { return *object_; }
  [[nodiscard]] T* get() const noexcept { return object_; }
  [[nodiscard]] std::uint32_t rep() const noexcept { return rep_; }

 private:
  T* object_;
  std::uint32_t rep_;
};

namespace detail {
// The table of a host resource type of T, found through the type a handle value carries (null
// when the handle is of a component's resource type, or of another host type).
template <typename T>
ResourceTable<T>* table_of(component::ResourceType* type) noexcept {
  if (type == nullptr || type->host_dtor == nullptr || type->user_data == nullptr) return nullptr;
  auto* base = static_cast<ResourceTableBase*>(type->user_data);
  if (base->tag() != type_tag<T>()) return nullptr;
  return static_cast<ResourceTable<T>*>(base);
}
template <typename T>
std::shared_ptr<ResourceTable<T>> shared_table_of(component::ResourceType* type) {
  ResourceTable<T>* table = table_of<T>(type);
  if (table == nullptr) return nullptr;
  return std::static_pointer_cast<ResourceTable<T>>(table->shared_from_this());
}
}  // namespace detail

template <typename T>
struct ComponentType<Resource<T>> {
  static bool matches(const component::TypeArena& types, component::TypeId id) { return types.peeled(id).kind == component::NodeKind::own; }
  static std::string describe() { return "own<resource>"; }
  // Making a value of a Resource moves the object's ownership into that value (and so to the
  // component it is passed to): the Resource lets go.
  static Result<ComponentValue> to_value(const Resource<T>& r) {
    if (!r) return Error(ErrorCode::invalid_argument, "an empty resource handle");
    component::ResourceType* type = r.table()->type();
    std::uint32_t rep = const_cast<Resource<T>&>(r).release();
    return ComponentValue::own(type, rep);
  }
  static Result<Resource<T>> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::own) return Error(ErrorCode::invalid_argument, "a component value other than an own handle");
    auto table = detail::shared_table_of<T>(v.resource_type());
    if (!table) return Error(ErrorCode::invalid_argument, "an own handle of another resource type");
    return Resource<T>(std::move(table), v.rep());
  }
};

template <typename T>
struct ComponentType<Borrow<T>> {
  static bool matches(const component::TypeArena& types, component::TypeId id) { return types.peeled(id).kind == component::NodeKind::borrow; }
  static std::string describe() { return "borrow<resource>"; }
  static Result<ComponentValue> to_value(const Borrow<T>& b) {
    return Error(ErrorCode::invalid_argument, "pass a borrow of a host resource as its Resource").append_detail_number(b.rep());
  }
  static Result<Borrow<T>> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::borrow && v.kind() != component::ValueKind::own) {
      return Error(ErrorCode::invalid_argument, "a component value other than a handle");
    }
    ResourceTable<T>* table = detail::table_of<T>(v.resource_type());
    T* object = table != nullptr ? table->get(v.rep()) : nullptr;
    if (object == nullptr) return Error(ErrorCode::invalid_argument, "a borrowed handle to no live object");
    return Borrow<T>(object, v.rep());
  }
};

// --- resources a component defines --------------------------------------------------------------

namespace detail {
// The instance whose runtime this is (the API keeps itself in the runtime's embedder data).
std::shared_ptr<ComponentInstanceData> instance_data_of(component::ComponentRuntime* runtime) noexcept;
Result<void> drop_guest_handle(ComponentInstanceData& owner, component::ResourceType* type, std::uint32_t rep) noexcept;
}  // namespace detail

// A borrowed handle to a component's resource, for a call's parameter (a method's `self`).
struct GuestBorrow {
  component::ResourceType* type = nullptr;
  std::uint32_t rep = 0;
  [[nodiscard]] ComponentValue value() const noexcept { return ComponentValue::borrow(type, rep); }
};

// An own handle to a resource a component defines (a type it exports), held by the host: what
// a constructor returns. Destroying it drops the handle, which runs the resource's destructor
// in the component (drop() does the same and reports a trap); passing it to a call moves the
// ownership into the component and leaves this empty. It keeps the component instance alive.
// A drop while a call of that instance is suspended cannot run the destructor: drop() fails,
// and the destructor of a GuestResource then leaves the object to the instance's end.
class GuestResource {
 public:
  GuestResource() = default;
  GuestResource(std::shared_ptr<detail::ComponentInstanceData> owner, component::ResourceType* type, std::uint32_t rep) noexcept
      : owner_(std::move(owner)), type_(type), rep_(rep) {}
  GuestResource(GuestResource&& other) noexcept : owner_(std::move(other.owner_)), type_(other.type_), rep_(other.rep_) {
    other.owner_.reset();
  }
  GuestResource& operator=(GuestResource&& other) noexcept {
    if (this != &other) {
      (void)drop();
      owner_ = std::move(other.owner_);
      type_ = other.type_;
      rep_ = other.rep_;
      other.owner_.reset();
    }
    return *this;
  }
  GuestResource(const GuestResource&) = delete;
  GuestResource& operator=(const GuestResource&) = delete;
  ~GuestResource() { (void)drop(); }

  [[nodiscard]] explicit operator bool() const noexcept { return owner_ != nullptr; }
  // A borrow of this handle for one call (it must outlive the call).
  [[nodiscard]] GuestBorrow borrow() const noexcept { return owner_ ? GuestBorrow{type_, rep_} : GuestBorrow{}; }
  [[nodiscard]] component::ResourceType* type() const noexcept { return type_; }
  // Drops the handle now (nothing when empty).
  Result<void> drop() noexcept {
    if (!owner_) return {};
    auto owner = std::move(owner_);
    owner_.reset();
    return detail::drop_guest_handle(*owner, type_, rep_);
  }
  // Gives up ownership: the own handle as a value, for a dynamic call.
  ComponentValue release() noexcept {
    owner_.reset();
    return ComponentValue::own(type_, rep_);
  }

 private:
  std::shared_ptr<detail::ComponentInstanceData> owner_;
  component::ResourceType* type_ = nullptr;
  std::uint32_t rep_ = 0;
};

template <>
struct ComponentType<GuestBorrow> {
  static bool matches(const component::TypeArena& types, component::TypeId id) { return types.peeled(id).kind == component::NodeKind::borrow; }
  static std::string describe() { return "borrow<resource>"; }
  static Result<ComponentValue> to_value(const GuestBorrow& b) {
    if (b.type == nullptr) return Error(ErrorCode::invalid_argument, "a borrow of an empty resource handle");
    return b.value();
  }
  static Result<GuestBorrow> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::borrow) return Error(ErrorCode::invalid_argument, "a component value other than a borrow handle");
    return GuestBorrow{v.resource_type(), v.rep()};
  }
};

template <>
struct ComponentType<GuestResource> {
  static bool matches(const component::TypeArena& types, component::TypeId id) { return types.peeled(id).kind == component::NodeKind::own; }
  static std::string describe() { return "own<resource>"; }
  // Passing a GuestResource moves its ownership into the call (it is left empty).
  static Result<ComponentValue> to_value(const GuestResource& r) {
    if (!r) return Error(ErrorCode::invalid_argument, "an empty resource handle");
    return const_cast<GuestResource&>(r).release();
  }
  static Result<GuestResource> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::own) return Error(ErrorCode::invalid_argument, "a component value other than an own handle");
    component::ResourceType* type = v.resource_type();
    if (type == nullptr || type->runtime == nullptr) {
      return Error(ErrorCode::invalid_argument, "an own handle of a host resource where a component's was expected");
    }
    auto owner = detail::instance_data_of(type->runtime);
    if (!owner) return Error(ErrorCode::invalid_argument, "an own handle of a component instance the API does not hold");
    return GuestResource(std::move(owner), type, v.rep());
  }
};

// --- host functions --------------------------------------------------------------------------

// The raw form of a host function: arguments (checked against the imported type) in, results
// (one slot when the function has a result) out.
using ComponentHostFunction = std::function<Result<void>(std::span<const ComponentValue>, std::span<ComponentValue>)>;

namespace detail {

template <typename F>
struct ComponentCallable : ComponentCallable<decltype(&std::remove_cvref_t<F>::operator())> {};
template <typename R, typename... A>
struct ComponentCallable<R (*)(A...)> {
  using result = R;
  using args = std::tuple<std::remove_cvref_t<A>...>;
  static constexpr std::size_t arity = sizeof...(A);
};
template <typename C, typename R, typename... A>
struct ComponentCallable<R (C::*)(A...) const> : ComponentCallable<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct ComponentCallable<R (C::*)(A...)> : ComponentCallable<R (*)(A...)> {};

// R, or the T of a Result<T> (a host function that can fail).
template <typename R>
struct Unwrapped {
  using type = R;
  static constexpr bool fallible = false;
};
template <typename T>
struct Unwrapped<Result<T>> {
  using type = T;
  static constexpr bool fallible = true;
};

// How a C++ signature is checked against a component function type, and described.
struct SignatureCheck {
  std::function<bool(const component::TypeArena&, component::TypeId)> matches;
  std::string text;  // e.g. "func(string) -> u32"
};

template <typename Args, typename R>
struct SignatureOf;
template <typename... A, typename R>
struct SignatureOf<std::tuple<A...>, R> {
  static SignatureCheck make() {
    SignatureCheck c;
    c.matches = [](const component::TypeArena& types, component::TypeId id) {
      const component::TypeNode& f = types.peeled(id);
      if (f.kind != component::NodeKind::func || f.count != sizeof...(A)) return false;
      auto params = types.items(f);
      std::size_t i = 0;
      bool ok = true;
      ((ok = ok && ComponentType<A>::matches(types, params[i++].type)), ...);
      if constexpr (std::is_void_v<R>) {
        return ok && f.a == component::kNoType;
      } else {
        return ok && f.a != component::kNoType && ComponentType<R>::matches(types, f.a);
      }
    };
    c.text = "func(";
    bool first = true;
    ((c.text += (first ? "" : ", ") + ComponentType<A>::describe(), first = false), ...);
    c.text += ")";
    if constexpr (!std::is_void_v<R>) c.text += " -> " + ComponentType<R>::describe();
    return c;
  }
};

template <typename Args, std::size_t... I>
Result<Args> args_from_values([[maybe_unused]] std::span<const ComponentValue> values, std::index_sequence<I...>) {
  // Braces: with parentheses clang reads this as a function declaration.
  [[maybe_unused]] std::tuple<Result<std::tuple_element_t<I, Args>>...> parts{
      ComponentType<std::tuple_element_t<I, Args>>::from_value(values[I])...};
  Error first(ErrorCode::invalid_argument);
  bool ok = true;
  ((std::get<I>(parts) ? void() : (ok ? (void)(first = std::get<I>(parts).error(), ok = false) : void())), ...);
  if (!ok) return first;
  return Args(std::move(*std::get<I>(parts))...);
}

}  // namespace detail

namespace detail {
Result<void> reply_complete(const std::weak_ptr<ComponentInstanceData>& instance, component::PendingHostCall call,
                            std::span<ComponentValue> results);
Result<void> reply_cancelled(const std::weak_ptr<ComponentInstanceData>& instance, component::PendingHostCall call);
bool reply_cancel_requested(const std::weak_ptr<ComponentInstanceData>& instance, component::PendingHostCall call);
}  // namespace detail

// The pending call of a typed async host function (ComponentImports::define_async): complete()
// it with the result when it is ready (the calling task waits meanwhile, others run), or, once
// the caller cancelled it (cancel_requested()), resolve it as cancelled. Copies refer to the
// same call; it may be completed once. After its instance is gone every call is an Error.
template <typename R>
class ComponentReply {
 public:
  using result_type = R;
  ComponentReply() = default;
  template <typename V = R>
  Result<void> complete(const V& value) const
    requires(!std::is_void_v<R>)
  {
    ComponentValue v = WRT_TRY(ComponentType<R>::to_value(value));
    return detail::reply_complete(instance_, call_, std::span<ComponentValue>(&v, 1));
  }
  Result<void> complete() const
    requires std::is_void_v<R>
  {
    return detail::reply_complete(instance_, call_, {});
  }
  Result<void> cancelled() const { return detail::reply_cancelled(instance_, call_); }
  [[nodiscard]] bool cancel_requested() const { return detail::reply_cancel_requested(instance_, call_); }
  [[nodiscard]] component::PendingHostCall call() const noexcept { return call_; }

 private:
  friend class ComponentImports;
  ComponentReply(std::weak_ptr<detail::ComponentInstanceData> instance, component::PendingHostCall call)
      : instance_(std::move(instance)), call_(call) {}
  std::weak_ptr<detail::ComponentInstanceData> instance_;
  component::PendingHostCall call_;
};

namespace detail {
template <typename T>
struct ReplyOf;
template <typename R>
struct ReplyOf<ComponentReply<R>> {
  using result = R;
};
// The arguments of an async host function after its leading ComponentReply<R>.
template <typename Tuple>
struct AfterReply;
template <typename Reply, typename... A>
struct AfterReply<std::tuple<Reply, A...>> {
  using reply = std::remove_cvref_t<Reply>;
  using args = std::tuple<A...>;
};
}  // namespace detail

class ComponentImports {
 public:
  // A host function. With an empty `interface` it is a top-level import named `name`;
  // otherwise the function `name` of the imported instance `interface`.
  template <typename F>
  ComponentImports& define(std::string_view interface, std::string_view name, F&& function) {
    using Traits = detail::ComponentCallable<F>;
    using Raw = typename Traits::result;
    using Return = typename detail::Unwrapped<Raw>::type;
    using Args = typename Traits::args;
    auto call = [f = std::forward<F>(function)](std::span<const ComponentValue> args, std::span<ComponentValue> results) mutable
        -> Result<void> {
      Args cpp_args = WRT_TRY(detail::args_from_values<Args>(args, std::make_index_sequence<std::tuple_size_v<Args>>{}));
      if constexpr (std::is_void_v<Return>) {
        if constexpr (detail::Unwrapped<Raw>::fallible) {
          return std::apply(f, std::move(cpp_args));  // an error traps the caller
        } else {
          std::apply(f, std::move(cpp_args));
          return {};
        }
      } else if constexpr (detail::Unwrapped<Raw>::fallible) {
        Result<Return> r = std::apply(f, std::move(cpp_args));
        if (!r) return r.error();
        results[0] = WRT_TRY(ComponentType<Return>::to_value(*r));
        return {};
      } else {
        Return r = std::apply(f, std::move(cpp_args));
        results[0] = WRT_TRY(ComponentType<Return>::to_value(r));
        return {};
      }
    };
    return add(interface, name, std::move(call), detail::SignatureOf<Args, Return>::make());
  }

  // A host function on ComponentValues; its types are those the component imports.
  ComponentImports& define_raw(std::string_view interface, std::string_view name, ComponentHostFunction function);

  // An async host function (a host import that returns later): `function` takes a
  // ComponentReply<R> first, then the arguments, and returns (void or Result<void>, an Error
  // traps the caller) before the call completes; the reply completes it later, with an R (none
  // for ComponentReply<void>). The C++ signature is checked against the import as define()'s is.
  // `on_cancel`, if given, is told when the calling component cancels the call (subtask.cancel),
  // with a copy of the reply: resolve it with cancelled() (now or later) or still complete() it.
  template <typename F>
  ComponentImports& define_async(std::string_view interface, std::string_view name, F&& function,
                                 std::function<void(ComponentReply<typename detail::AfterReply<typename detail::ComponentCallable<F>::args>::reply::result_type>)>
                                     on_cancel = {}) {
    using Traits = detail::ComponentCallable<F>;
    using Split = detail::AfterReply<typename Traits::args>;
    using Reply = typename Split::reply;
    using Args = typename Split::args;
    using Return = typename Reply::result_type;
    using Raw = typename Traits::result;
    auto call = [f = std::forward<F>(function)](std::span<const ComponentValue> args, component::PendingHostCall pending,
                                                std::weak_ptr<detail::ComponentInstanceData> instance) mutable -> Result<void> {
      Args cpp_args = WRT_TRY(detail::args_from_values<Args>(args, std::make_index_sequence<std::tuple_size_v<Args>>{}));
      Reply reply(std::move(instance), pending);
      auto all = std::tuple_cat(std::make_tuple(std::move(reply)), std::move(cpp_args));
      if constexpr (detail::Unwrapped<Raw>::fallible) {
        return std::apply(f, std::move(all));
      } else {
        std::apply(f, std::move(all));
        return {};
      }
    };
    AsyncCancel cancel;
    if (on_cancel) {
      cancel = [c = std::move(on_cancel)](component::PendingHostCall pending, std::weak_ptr<detail::ComponentInstanceData> instance) {
        c(Reply(std::move(instance), pending));
      };
    }
    return add_async(interface, name, std::move(call), std::move(cancel), detail::SignatureOf<Args, Return>::make());
  }

  // A host resource type: the type `name` of the imported instance `interface` (or a top-level
  // type import when `interface` is empty). Host functions make objects with
  // Resource<T>::make(table, object).
  template <typename T>
  std::shared_ptr<ResourceTable<T>> define_resource(std::string_view interface, std::string_view name) {
    auto table = std::make_shared<ResourceTable<T>>();
    add_resource(interface, name, table);
    return table;
  }

  // The same host resource type under another name: an interface that uses a type of another
  // (wasi:cli/stdout's output-stream is wasi:io/streams' output-stream) imports it under its
  // own name, and handles made by either interface's functions are of the one type.
  template <typename T>
  ComponentImports& define_resource(std::string_view interface, std::string_view name, std::shared_ptr<ResourceTable<T>> table) {
    add_resource(interface, name, std::move(table));
    return *this;
  }

  // Another instance's exports as the instance import `name` (components linked to components).
  ComponentImports& define_instance(std::string_view name, const ComponentInstance& instance);

  // Internal: what instantiate reads.
  using AsyncCall = std::function<Result<void>(std::span<const ComponentValue>, component::PendingHostCall,
                                               std::weak_ptr<detail::ComponentInstanceData>)>;
  using AsyncCancel = std::function<void(component::PendingHostCall, std::weak_ptr<detail::ComponentInstanceData>)>;
  struct Function {
    std::string interface;
    std::string name;
    ComponentHostFunction call;
    detail::SignatureCheck check;
    AsyncCall async_call;  // set: an async host function (call is empty)
    AsyncCancel async_cancel;
  };
  struct ResourceDef {
    std::string interface;
    std::string name;
    std::shared_ptr<detail::ResourceTableBase> table;
  };
  struct InstanceDef {
    std::string name;
    std::shared_ptr<detail::ComponentInstanceData> instance;
  };
  [[nodiscard]] const std::vector<Function>& functions() const noexcept { return functions_; }
  [[nodiscard]] const std::vector<ResourceDef>& resources() const noexcept { return resources_; }
  [[nodiscard]] const std::vector<InstanceDef>& instances() const noexcept { return instances_; }

 private:
  ComponentImports& add(std::string_view interface, std::string_view name, ComponentHostFunction call, detail::SignatureCheck check);
  ComponentImports& add_async(std::string_view interface, std::string_view name, AsyncCall call, AsyncCancel cancel,
                              detail::SignatureCheck check);
  void add_resource(std::string_view interface, std::string_view name, std::shared_ptr<detail::ResourceTableBase> table);
  std::vector<Function> functions_;
  std::vector<ResourceDef> resources_;
  std::vector<InstanceDef> instances_;
};

template <typename Signature>
class TypedComponentFunc;

// One argument of a dynamic call in a braced list: a value, or the error of making one (which
// the call reports), so `call("f", {ComponentValue::u32(1), ComponentValue::string("x")})` works.
class ComponentArg {
 public:
  ComponentArg(ComponentValue value) noexcept : value_(std::move(value)) {}
  ComponentArg(Result<ComponentValue> value) noexcept : value_(std::move(value)) {}
  // Moves the value out (the list is read once, by the call).
  Result<ComponentValue> take() const noexcept { return std::move(value_); }

 private:
  mutable Result<ComponentValue> value_;
};

namespace detail {
Result<std::vector<ComponentValue>> take_args(std::initializer_list<ComponentArg> args);
}  // namespace detail

// The outcome of ComponentInstance::invoke or resume: completed with its results (one value
// when the function has a result), or out of fuel (add fuel, then resume).
class ComponentExecution {
 public:
  ComponentExecution(ExecStatus status, std::vector<ComponentValue> results) noexcept
      : status_(status), results_(std::move(results)) {}
  [[nodiscard]] ExecStatus status() const noexcept { return status_; }
  [[nodiscard]] bool completed() const noexcept { return status_ == ExecStatus::completed; }
  [[nodiscard]] bool out_of_fuel() const noexcept { return status_ == ExecStatus::out_of_fuel; }
  [[nodiscard]] std::vector<ComponentValue>& results() noexcept { return results_; }
  [[nodiscard]] const std::vector<ComponentValue>& results() const noexcept { return results_; }

 private:
  ExecStatus status_;
  std::vector<ComponentValue> results_;
};

template <typename R, typename... A>
class TypedComponentFunc<R(A...)> {
 public:
  Result<R> operator()(const A&... args) const;

 private:
  friend class ComponentInstance;
  TypedComponentFunc(std::shared_ptr<detail::ComponentInstanceData> instance, component::RuntimeEntity function)
      : instance_(std::move(instance)), function_(function) {}
  std::shared_ptr<detail::ComponentInstanceData> instance_;
  component::RuntimeEntity function_;
};

// --- async (docs/component.md, "Async"): for components that use the async ABI ---

// A call of an export started with ComponentInstance::start. It runs as the instance's event
// loop runs (ComponentInstance::step, run_until_idle); once done(), results() gives its results.
class ComponentCall {
 public:
  [[nodiscard]] bool done() const noexcept;
  // The results (one value when the function has a result), once: an Error if the call is not
  // done, was cancelled, or was taken already.
  Result<std::vector<ComponentValue>> results();
  // Requests its cancellation (ComponentRuntime::cancel): it may still return normally.
  Result<void> cancel();

 private:
  friend class ComponentInstance;
  std::shared_ptr<detail::ComponentInstanceData> instance_;
  component::AsyncCall call_;
  std::unique_ptr<std::vector<ComponentValue>> results_;  // where the callee's result goes
  bool taken_ = false;
};

namespace detail {
Result<component::HostCopy> host_copy(ComponentInstanceData& data, component::HostEnd end, void* items, std::uint32_t count);
Result<component::HostCopy> host_copy_values(ComponentInstanceData& data, component::HostEnd end, std::span<ComponentValue> values);
Result<component::HostCopy> host_poll(ComponentInstanceData& data, component::HostEnd end);
Result<component::HostCopy> host_cancel(ComponentInstanceData& data, component::HostEnd end);
Result<void> host_drop(ComponentInstanceData& data, component::HostEnd end);
std::uint32_t host_element_size(ComponentInstanceData& data, component::HostEnd end);
}  // namespace detail

// The host's end of a stream<T> or future<T>: the writable end of one the host made
// (ComponentInstance::new_stream) or a readable end a component gave it (open_stream). When T
// is a C++ number, the component's elements are numbers of its size (std::uint8_t for
// stream<u8>, float for f32, ...) and a copy reads into or writes from the span, which must
// stay valid while the copy is pending. Any other T is a C++ type with a ComponentType (a
// std::string, a WRT_COMPONENT_RECORD, ...) checked against the element type when the end is
// made or opened: written items are converted to values at once (the span need not stay
// valid), read items are set when the read's outcome is reported (by read, poll or cancel: the
// span must stay valid until then). See ComponentRuntime::copy for the outcomes. The
// destructor drops the end (not while a copy is pending: cancel it first).
template <typename T>
class ComponentStream {
  static constexpr bool kNumbers = std::is_arithmetic_v<T>;

 public:
  ComponentStream(ComponentStream&& other) noexcept
      : instance_(std::move(other.instance_)), end_(other.end_), staging_(std::move(other.staging_)), target_(other.target_) {
    other.end_ = {};
    other.target_ = nullptr;
  }
  ComponentStream& operator=(ComponentStream&& other) noexcept {
    if (this != &other) {
      close_quietly();
      instance_ = std::move(other.instance_);
      end_ = other.end_;
      staging_ = std::move(other.staging_);
      target_ = other.target_;
      other.end_ = {};
      other.target_ = nullptr;
    }
    return *this;
  }
  ~ComponentStream() { close_quietly(); }
  Result<component::HostCopy> write(std::span<const T> items) {
    if constexpr (kNumbers) {
      return detail::host_copy(*instance_, end_, const_cast<T*>(items.data()), static_cast<std::uint32_t>(items.size()));
    } else {
      std::vector<ComponentValue> values;
      values.reserve(items.size());
      for (const T& item : items) values.push_back(WRT_TRY(ComponentType<T>::to_value(item)));
      staging_ = std::move(values);
      target_ = nullptr;
      return detail::host_copy_values(*instance_, end_, std::span<ComponentValue>(staging_.data(), staging_.size()));
    }
  }
  Result<component::HostCopy> read(std::span<T> items) {
    if constexpr (kNumbers) {
      return detail::host_copy(*instance_, end_, items.data(), static_cast<std::uint32_t>(items.size()));
    } else {
      staging_ = std::vector<ComponentValue>(items.size());
      target_ = items.data();
      return settle(detail::host_copy_values(*instance_, end_, std::span<ComponentValue>(staging_.data(), staging_.size())));
    }
  }
  Result<component::HostCopy> poll() { return settle(detail::host_poll(*instance_, end_)); }
  Result<component::HostCopy> cancel() { return settle(detail::host_cancel(*instance_, end_)); }
  // Drops the end now (the other side sees `dropped`).
  Result<void> close() {
    if (end_.end == nullptr) return Error(ErrorCode::invalid_argument, "the stream end is closed");
    WRT_TRY(detail::host_drop(*instance_, end_));
    end_ = {};
    return {};
  }
  [[nodiscard]] component::HostEnd end() const noexcept { return end_; }

 private:
  friend class ComponentInstance;
  ComponentStream(std::shared_ptr<detail::ComponentInstanceData> instance, component::HostEnd end) noexcept
      : instance_(std::move(instance)), end_(end) {}
  void close_quietly() noexcept {
    if (end_.end != nullptr && instance_) (void)detail::host_drop(*instance_, end_);
    end_ = {};
  }
  // A read's outcome: the values read become the caller's items.
  Result<component::HostCopy> settle(Result<component::HostCopy> outcome) {
    if constexpr (!kNumbers) {
      if (outcome && outcome->status != component::HostCopy::Status::pending && target_ != nullptr) {
        T* target = std::exchange(target_, nullptr);
        for (std::uint32_t i = 0; i < outcome->count && i < staging_.size(); ++i) {
          target[i] = WRT_TRY(ComponentType<T>::from_value(staging_[i]));
        }
        staging_.clear();
      }
    }
    return outcome;
  }
  std::shared_ptr<detail::ComponentInstanceData> instance_;
  component::HostEnd end_;
  std::vector<ComponentValue> staging_;  // elements other than numbers, while a copy is pending
  T* target_ = nullptr;                  // where a pending read's values go
};

class ComponentInstance {
 public:
  // Moving transfers the instance; on a moved-from one (valid() false) every call returning a
  // Result fails with invalid_argument, exports() is empty and fuel() is 0.
  ComponentInstance(ComponentInstance&&) noexcept = default;
  ComponentInstance& operator=(ComponentInstance&&) noexcept = default;
  [[nodiscard]] bool valid() const noexcept { return data_ != nullptr; }

  // Calls an exported function with arguments checked against its type; the result, if the
  // function has one, is the single element of the returned vector. Running out of fuel is an
  // error here (out_of_fuel) and leaves the instance unusable, as a trap does; invoke() is the
  // resumable form. Own handles in the results are the caller's: wrap one of a component's
  // resource in a GuestResource (ComponentType<GuestResource>::from_value) or drop() it.
  Result<std::vector<ComponentValue>> call(std::string_view name, std::span<const ComponentValue> args);
  Result<std::vector<ComponentValue>> call(std::string_view name, std::initializer_list<ComponentArg> args) {
    std::vector<ComponentValue> values = WRT_TRY(detail::take_args(args));
    return call(name, std::span<const ComponentValue>(values.data(), values.size()));
  }

  // Calls an exported function; running out of fuel suspends it (out_of_fuel()): add fuel and
  // resume(), or cancel(), which leaves the instance unusable. Only the outermost call
  // suspends: a component called by a component through a core import runs out of fuel as an
  // error. While a call is suspended, other calls fail.
  Result<ComponentExecution> invoke(std::string_view name, std::span<const ComponentValue> args);
  Result<ComponentExecution> invoke(std::string_view name, std::initializer_list<ComponentArg> args) {
    std::vector<ComponentValue> values = WRT_TRY(detail::take_args(args));
    return invoke(name, std::span<const ComponentValue>(values.data(), values.size()));
  }
  Result<ComponentExecution> resume();
  void cancel() noexcept;
  [[nodiscard]] bool suspended() const noexcept;

  // Drops an own handle the host holds (runs the resource's destructor); `handle` is emptied.
  Result<void> drop(ComponentValue& handle);

  // Async: starts a call of an export (it runs until it blocks or returns); the event loop,
  // driven by step() or run_until_idle(), runs it and the instance's other tasks. Fuel slices:
  // set_fuel before a step; a thread that runs out pauses and the next step continues it.
  Result<ComponentCall> start(std::string_view name, std::span<const ComponentValue> args);
  Result<ComponentCall> start(std::string_view name, std::initializer_list<ComponentArg> args) {
    std::vector<ComponentValue> values = WRT_TRY(detail::take_args(args));
    return start(name, std::span<const ComponentValue>(values.data(), values.size()));
  }
  Result<component::LoopStatus> step();
  Result<component::LoopStatus> run_until_idle();
  // A stream or future of the type of parameter `param` of export `function`: the host keeps
  // the writable end; `readable` receives the readable end, to pass to the call.
  template <typename T>
  Result<ComponentStream<T>> new_stream(std::string_view function, std::size_t param, ComponentValue& readable);
  // The readable end of a stream or future a component gave the host (a result); `readable`
  // is emptied.
  template <typename T>
  Result<ComponentStream<T>> open_stream(ComponentValue& readable);

  // A typed handle to an exported function: the signature is checked now, against the
  // export's type; a mismatch names both.
  template <typename Signature>
  Result<TypedComponentFunc<Signature>> typed_func(std::string_view name);

  // The exported function `name`, or an error naming what is missing.
  [[nodiscard]] Result<component::RuntimeEntity> function(std::string_view name) const;
  [[nodiscard]] std::vector<ComponentItem> exports() const;

  // Fuel: every core instruction the instance runs costs one unit (see ModuleInstance).
  void set_fuel(std::uint64_t fuel) noexcept;
  void add_fuel(std::uint64_t fuel) noexcept;
  [[nodiscard]] std::uint64_t fuel() const noexcept;

  [[nodiscard]] component::ComponentRuntime& runtime() const noexcept;
  [[nodiscard]] const std::shared_ptr<detail::ComponentInstanceData>& data() const noexcept { return data_; }

 private:
  friend class Component;
  explicit ComponentInstance(std::shared_ptr<detail::ComponentInstanceData> data) noexcept : data_(std::move(data)) {}
  std::shared_ptr<detail::ComponentInstanceData> data_;
  std::size_t pending_results_ = 0;  // result slots of the suspended call
};

// --- implementation of the templates -----------------------------------------------------------

namespace detail {
// Whether a host definition named `defined` serves the import `imported` (the same name, or a
// semver-compatible version of the same interface, or `defined` without a version).
bool import_name_matches(std::string_view defined, std::string_view imported);
Result<void> check_signature(const component::TypeArena& types, component::TypeId type, const SignatureCheck& check,
                             std::string_view name);
const component::TypeArena& instance_types(const ComponentInstanceData& data) noexcept;
Result<void> call_entity(ComponentInstanceData& data, const component::RuntimeEntity& f, std::span<const ComponentValue> args,
                         std::span<ComponentValue> results);
}  // namespace detail

namespace detail {
Result<component::HostEnd> new_host_stream(ComponentInstanceData& data, const component::RuntimeEntity& f, std::size_t param,
                                           ComponentValue& readable, std::size_t element_size);
Result<component::HostEnd> open_host_stream(ComponentInstanceData& data, ComponentValue& readable, std::size_t element_size);
// The same for elements that are not numbers: the element type must match `element`.
Result<component::HostEnd> new_host_value_stream(ComponentInstanceData& data, const component::RuntimeEntity& f, std::size_t param,
                                                 ComponentValue& readable, const SignatureCheck& element);
Result<component::HostEnd> open_host_value_stream(ComponentInstanceData& data, ComponentValue& readable, const SignatureCheck& element);
template <typename T>
SignatureCheck element_check() {
  SignatureCheck c;
  c.matches = [](const component::TypeArena& types, component::TypeId id) { return ComponentType<T>::matches(types, id); };
  c.text = ComponentType<T>::describe();
  return c;
}
}  // namespace detail

template <typename T>
Result<ComponentStream<T>> ComponentInstance::new_stream(std::string_view function, std::size_t param, ComponentValue& readable) {
  component::RuntimeEntity f = WRT_TRY(this->function(function));
  component::HostEnd end;
  if constexpr (std::is_arithmetic_v<T>) {
    end = WRT_TRY(detail::new_host_stream(*data_, f, param, readable, sizeof(T)));
  } else {
    end = WRT_TRY(detail::new_host_value_stream(*data_, f, param, readable, detail::element_check<T>()));
  }
  return ComponentStream<T>(data_, end);
}

template <typename T>
Result<ComponentStream<T>> ComponentInstance::open_stream(ComponentValue& readable) {
  if (!data_) return Error(ErrorCode::invalid_argument, "an empty ComponentInstance (moved from)");
  component::HostEnd end;
  if constexpr (std::is_arithmetic_v<T>) {
    end = WRT_TRY(detail::open_host_stream(*data_, readable, sizeof(T)));
  } else {
    end = WRT_TRY(detail::open_host_value_stream(*data_, readable, detail::element_check<T>()));
  }
  return ComponentStream<T>(data_, end);
}

template <typename Signature>
Result<TypedComponentFunc<Signature>> ComponentInstance::typed_func(std::string_view name) {
  if (!data_) return Error(ErrorCode::invalid_argument, "an empty ComponentInstance (moved from)");
  component::RuntimeEntity f = WRT_TRY(function(name));
  using Traits = detail::ComponentCallable<Signature*>;
  auto check = detail::SignatureOf<typename Traits::args, typename Traits::result>::make();
  WRT_TRY(detail::check_signature(detail::instance_types(*data_), f.type, check, name));
  return TypedComponentFunc<Signature>(data_, f);
}

template <typename R, typename... A>
Result<R> TypedComponentFunc<R(A...)>::operator()(const A&... args) const {
  std::vector<ComponentValue> values;
  values.reserve(sizeof...(A));
  Result<void> status;
  [[maybe_unused]] auto add = [&](const auto& arg) {
    if (!status) return;
    auto v = ComponentType<std::remove_cvref_t<decltype(arg)>>::to_value(arg);
    if (v) {
      values.push_back(std::move(*v));
    } else {
      status = v.error();
    }
  };
  (add(args), ...);
  WRT_TRY(status);
  std::vector<ComponentValue> results(std::is_void_v<R> ? 0 : 1);
  WRT_TRY(detail::call_entity(*instance_, function_, values, results));
  if constexpr (std::is_void_v<R>) {
    return {};
  } else {
    return ComponentType<R>::from_value(results[0]);
  }
}

}  // namespace wrt
