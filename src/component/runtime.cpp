// The component runtime: its objects, handle tables, and calls (CanonicalABI.md, `canon
// lift`, `canon lower`, the resource built-ins) for synchronous functions.
#include "component/runtime.hpp"

#include "component/async.hpp"
#include "component/canon_abi.hpp"

namespace wrt::component {

using detail::AbiContext;
using detail::abi_trap;

// --- objects -----------------------------------------------------------------------------------

ComponentRuntime::ComponentRuntime(const ComponentDescription& description, const ComponentInfo& info,
                                   const DecodeOptions& core_options, Allocator& allocator,
                                   const RuntimeLimits& limits) noexcept
    : d_(description),
      info_(info),
      core_options_(core_options),
      allocator_(&allocator),
      store_(allocator, limits),
      thread_(store_),
      objects_(allocator),
      destroyers_(allocator),
      codes_(allocator),
      resource_types_(allocator),
      made_resource_types_(allocator),
      tasks_(allocator) {
  thread_.disable_fuel();
}

ComponentRuntime::~ComponentRuntime() {
  for (std::size_t i = objects_.size(); i-- > 0;) destroyers_[i](objects_[i], *allocator_);
  for (ModuleCode* code : codes_) {
    if (code != nullptr) ModuleCode::destroy(code);
  }
}

Result<ModuleCode*> ComponentRuntime::module_code(std::uint32_t index) noexcept {
  if (codes_.size() < d_.modules.size()) {
    std::size_t old = codes_.size();
    WRT_TRY(codes_.resize(d_.modules.size()));
    for (std::size_t i = old; i < codes_.size(); ++i) codes_[i] = nullptr;
  }
  if (codes_[index] == nullptr) codes_[index] = WRT_TRY(ModuleCode::create(d_.modules[index], core_options_, *allocator_));
  return codes_[index];
}

Result<std::uint32_t> ComponentRuntime::add_resource_type(ResourceType* type) noexcept {
  WRT_TRY(resource_types_.push_back(type));
  return static_cast<std::uint32_t>(resource_types_.size() - 1);
}

Result<RuntimeEntity> ComponentRuntime::host_function(TypeId type, HostComponentCallback callback, void* user_data) noexcept {
  if (type >= info_.types.size() || info_.types.peeled(type).kind != NodeKind::func) {
    return Error(ErrorCode::invalid_argument, "a host function needs a function type");
  }
  ComponentFunction* f = WRT_TRY(make<ComponentFunction>());
  f->runtime = this;
  f->type = info_.types.peel(type);
  f->host = callback;
  f->user_data = user_data;
  RuntimeEntity e;
  e.kind = ExternKind::func;
  e.type = f->type;
  e.func = f;
  return e;
}

namespace {

// Process-wide, since a value can outlive its runtime and be handed to another one. Where
// 8-byte atomics are not lock-free (32-bit microcontrollers) the serial is 32 bits: a stale
// value is then mistaken only if its type's address is reused exactly 2^32 types later.
std::uint64_t next_resource_serial() noexcept {
  if constexpr (__atomic_always_lock_free(sizeof(std::uint64_t), 0)) {
    static std::uint64_t last = 0;
    return __atomic_add_fetch(&last, 1, __ATOMIC_RELAXED);
  } else {
    static std::uint32_t last = 0;
    return __atomic_add_fetch(&last, 1, __ATOMIC_RELAXED);
  }
}

}  // namespace

Result<ResourceType*> ComponentRuntime::new_resource_type() noexcept {
  WRT_TRY(made_resource_types_.reserve(made_resource_types_.size() + 1));
  ResourceType* rt = WRT_TRY(make<ResourceType>());
  rt->serial = next_resource_serial();
  (void)made_resource_types_.push_back(rt);
  return rt;
}

Result<ResourceType*> ComponentRuntime::host_resource(void (*dtor)(void*, std::uint32_t) noexcept, void* user_data) noexcept {
  ResourceType* rt = WRT_TRY(new_resource_type());
  rt->host_dtor = dtor;
  rt->user_data = user_data;
  return rt;
}

const RuntimeEntity* InstanceExports::find(std::string_view name) const noexcept {
  for (const NamedEntity& e : exports) {
    if (e.name == name) return &e.entity;
  }
  return nullptr;
}

// --- handle tables ---------------------------------------------------------------------------

Result<std::uint32_t> HandleTable::add(const HandleEntry& entry) noexcept {
  if (entries_.empty()) WRT_TRY(entries_.push_back(HandleEntry{}));  // 0 is never a handle
  if (free_ != 0) {
    std::uint32_t i = free_;
    free_ = entries_[i].next_free;
    entries_[i] = entry;
    entries_[i].next_free = 0;
    return i;
  }
  if (entries_.size() > kMaxLength) return abi_trap("too many handles in one instance");
  WRT_TRY(entries_.push_back(entry));
  return static_cast<std::uint32_t>(entries_.size() - 1);
}

Result<HandleEntry*> HandleTable::get(std::uint32_t i) noexcept {
  if (i == 0 || i >= entries_.size() || (entries_[i].kind == HandleKind::resource && entries_[i].type == nullptr)) {
    return Error(ErrorCode::trap, "unknown handle index").append_detail_number(i);
  }
  return &entries_[i];
}

Result<HandleEntry> HandleTable::remove(std::uint32_t i) noexcept {
  HandleEntry* e = WRT_TRY(get(i));
  HandleEntry copy = *e;
  *e = HandleEntry{};
  e->next_free = free_;
  free_ = i;
  return copy;
}

// --- entering and leaving --------------------------------------------------------------------

namespace {

// Whether `a` is `b` or one of its ancestors.
bool is_self_or_ancestor(const ComponentInstance* a, const ComponentInstance* b) noexcept {
  for (; b != nullptr; b = b->parent) {
    if (a == b) return true;
  }
  return false;
}

}  // namespace

bool ComponentInstance::may_enter_from(const ComponentInstance* caller) const noexcept {
  for (const ComponentInstance* i = this; i != nullptr; i = i->parent) {
    if (!is_self_or_ancestor(i, caller) && !i->may_enter) return false;
  }
  return true;
}

void ComponentInstance::enter_from(const ComponentInstance* caller) noexcept {
  for (ComponentInstance* i = this; i != nullptr; i = i->parent) {
    if (!is_self_or_ancestor(i, caller)) i->may_enter = false;
  }
}

void ComponentInstance::leave_to(const ComponentInstance* caller) noexcept {
  for (ComponentInstance* i = this; i != nullptr; i = i->parent) {
    if (!is_self_or_ancestor(i, caller)) i->may_enter = true;
  }
}

// --- calls -----------------------------------------------------------------------------------

namespace detail {

namespace {

std::span<const TypeId> result_types(const TypeNode& f, TypeId& storage) noexcept {
  storage = f.a;
  return f.a == kNoType ? std::span<const TypeId>() : std::span<const TypeId>(&storage, 1);
}

using ParamTypes = SmallVec<TypeId, 16>;

Result<void> param_types(const TypeArena& types, const TypeNode& f, ParamTypes& out) noexcept {
  for (const TypeItem& p : types.items(f)) WRT_TRY(out.push_back(p.type));
  return {};
}

Value core_value(ValType t, Slot raw) noexcept {
  switch (t) {
    case ValType::i64: return Value::i64(static_cast<std::int64_t>(raw));
    case ValType::f32: return Value::f32_bits(static_cast<std::uint32_t>(raw));
    case ValType::f64: return Value::f64_bits(raw);
    default: return Value::i32(static_cast<std::int32_t>(raw));
  }
}

Slot raw_of(const Value& v) noexcept {
  switch (v.type()) {
    case ValType::i32: return static_cast<std::uint32_t>(v.as_i32());
    case ValType::f32: return v.f32_bits();
    default: return v.slots()[0];
  }
}

}  // namespace

Result<void> run_core(Thread& thread, FunctionInstance& f, std::span<const Value> args, std::span<Value> results,
                      const char* what) noexcept {
  ExecStatus status = WRT_TRY(thread.invoke(f, args, results));
  if (status == ExecStatus::completed) return {};
  thread.cancel();
  return Error(ErrorCode::out_of_fuel, what);
}

namespace {

// The part of a lifted call after its core function returned: lift the results, check the
// borrows, run post-return. Ends the task.
Result<void> finish_lifted(ComponentRuntime& rt, ComponentFunction& f, AbiContext& cx, std::span<const TypeId> result_list,
                           std::span<Value> core_results, std::span<ComponentValue> results,
                           const std::uint32_t& num_borrows) noexcept {
  ComponentInstance& inst = cx.instance;
  if (f.options.async) {
    // Components with async lifts run every call through the task machinery (async.cpp); a
    // function of one called from another runtime's synchronous path cannot run here.
    return Error(ErrorCode::not_supported, "an async-lifted function called from a component that does not use async");
  }

  FlatValues flat_results(rt.allocator());
  for (const Value& v : core_results) WRT_TRY(flat_results.push_back(raw_of(v)));
  WRT_TRY(lift_flat_values(cx, result_list, flat_results.span(), kMaxFlatResults, results));
  // task.return: every borrow lent into this call must have been dropped.
  if (num_borrows > 0) return abi_trap("borrow handles still remain at the end of the call");
  if (f.options.post_return != nullptr) {
    inst.may_leave = false;
    Result<void> post = run_core(rt.thread(), *f.options.post_return, core_results, {}, "a post-return call ran out of fuel");
    inst.may_leave = true;
    WRT_TRY(post);
  }
  return {};
}

// What a lifted call needs to run: its parameter and result types.
struct LiftedSignature {
  explicit LiftedSignature(Allocator& a) noexcept : params(a) {}
  ParamTypes params;
  TypeId result_storage = kNoType;
  std::span<const TypeId> results;
};

Result<void> signature_of(const TypeArena& types, const ComponentFunction& f, LiftedSignature& out) noexcept {
  const TypeNode& ft = types.peeled(f.type);
  WRT_TRY(param_types(types, ft, out.params));
  out.results = result_types(ft, out.result_storage);
  return {};
}

}  // namespace

// canon lift: calls the lifted core function `f` of its instance with `args` (component
// values), from `caller` (null: the host).
Result<void> call_lifted(ComponentRuntime& rt, ComponentFunction& f, ComponentInstance* caller,
                         std::span<const ComponentValue> args, std::span<ComponentValue> results) noexcept {
  ComponentInstance& inst = *f.instance;
  if (!inst.may_enter_from(caller)) return abi_trap("cannot enter component instance");
  inst.enter_from(caller);
  LiftedSignature sig(rt.allocator());
  WRT_TRY(signature_of(rt.types(), f, sig));
  std::uint32_t num_borrows = 0;  // the task's borrows, which must be dropped before it returns
  AbiContext cx{rt, inst, f.options, rt.allocator(), &num_borrows, nullptr};

  // A task for this call: what context.get/set and task.return use, until post-return is done.
  ComponentRuntime::Task task;
  task.instance = &inst;
  task.async = f.options.async;
  task.function = f.type;
  task.options = &f.options;
  task.results = results;
  task.num_borrows = &num_borrows;
  WRT_TRY(rt.tasks().push_back(task));
  Result<ExecStatus> done = run_lifted(rt, f, cx, sig.params.span(), sig.results, args, results, num_borrows);
  rt.tasks().pop_back();
  WRT_TRY(done);
  inst.leave_to(caller);
  return {};
}

Result<ExecStatus> start_lifted(ComponentRuntime& rt, ComponentFunction& f, std::span<const ComponentValue> args,
                                std::span<ComponentValue> results) noexcept {
  ComponentRuntime::Suspension& s = rt.suspension();
  if (s.function != nullptr) return Error(ErrorCode::invalid_argument, "a component call is suspended: resume or cancel it first");
  ComponentInstance& inst = *f.instance;
  if (!inst.may_enter_from(nullptr)) return abi_trap("cannot enter component instance");
  inst.enter_from(nullptr);
  LiftedSignature sig(rt.allocator());
  WRT_TRY(signature_of(rt.types(), f, sig));
  // The borrow counter lives in the runtime: a suspended task keeps it.
  s.num_borrows = 0;
  AbiContext cx{rt, inst, f.options, rt.allocator(), &s.num_borrows, nullptr};
  ComponentRuntime::Task task;
  task.instance = &inst;
  task.async = f.options.async;
  task.function = f.type;
  task.options = &f.options;
  task.results = results;
  task.num_borrows = &s.num_borrows;
  WRT_TRY(rt.tasks().push_back(task));
  Result<ExecStatus> status = run_lifted(rt, f, cx, sig.params.span(), sig.results, args, results, s.num_borrows, true);
  if (status && *status == ExecStatus::out_of_fuel) {
    s.function = &f;
    return ExecStatus::out_of_fuel;
  }
  rt.tasks().pop_back();
  WRT_TRY(status);
  inst.leave_to(nullptr);
  return ExecStatus::completed;
}

Result<ExecStatus> resume_lifted(ComponentRuntime& rt, std::span<ComponentValue> results) noexcept {
  ComponentRuntime::Suspension& s = rt.suspension();
  if (s.function == nullptr) return Error(ErrorCode::invalid_argument, "no component call is suspended");
  ComponentFunction& f = *s.function;
  ComponentInstance& inst = *f.instance;
  LiftedSignature sig(rt.allocator());
  WRT_TRY(signature_of(rt.types(), f, sig));
  if (results.size() != sig.results.size()) return Error(ErrorCode::invalid_argument, "wrong number of result slots");
  rt.tasks().back().results = results;  // task.return writes here
  const CanonicalType& core_type = f.core->type();
  SmallVec<Value, 4> core_results(rt.allocator());
  WRT_TRY(core_results.resize(core_type.type.results.size()));
  Result<ExecStatus> status = rt.thread().resume(core_results.span());
  if (status && *status == ExecStatus::out_of_fuel) return ExecStatus::out_of_fuel;
  s.function = nullptr;
  Result<void> done = [&]() -> Result<void> {
    ExecStatus st = WRT_TRY(status);
    if (st != ExecStatus::completed) {
      rt.thread().cancel();
      return Error(ErrorCode::invalid_argument, "a component call cannot suspend in a host function");
    }
    AbiContext cx{rt, inst, f.options, rt.allocator(), &s.num_borrows, nullptr};
    return finish_lifted(rt, f, cx, sig.results, core_results.span(), results, s.num_borrows);
  }();
  rt.tasks().pop_back();
  WRT_TRY(done);
  inst.leave_to(nullptr);
  return ExecStatus::completed;
}

void cancel_lifted(ComponentRuntime& rt) noexcept {
  ComponentRuntime::Suspension& s = rt.suspension();
  if (s.function == nullptr) return;
  // The callee stays entered: like a trap, an abandoned call leaves its instance unusable
  // (its state is whatever the core code had made of it so far).
  rt.thread().cancel();
  rt.tasks().pop_back();
  s.function = nullptr;
}

Result<ExecStatus> run_lifted(ComponentRuntime& rt, ComponentFunction& f, AbiContext& cx, std::span<const TypeId> params,
                              std::span<const TypeId> result_list, std::span<const ComponentValue> args,
                              std::span<ComponentValue> results, const std::uint32_t& num_borrows, bool may_suspend) noexcept {
  FlatValues flat_args(rt.allocator());
  WRT_TRY(lower_flat_values(cx, params, args, kMaxFlatParams, flat_args, nullptr));
  const CanonicalType& core_type = f.core->type();
  if (flat_args.size() != core_type.type.params.size()) return abi_trap("lowered arguments do not match the core function");
  SmallVec<Value, kMaxFlatParams + 2> core_args(rt.allocator());
  for (std::size_t i = 0; i < flat_args.size(); ++i) WRT_TRY(core_args.push_back(core_value(core_type.type.params[i], flat_args[i])));
  SmallVec<Value, 4> core_results(rt.allocator());
  WRT_TRY(core_results.resize(core_type.type.results.size()));
  ExecStatus status = WRT_TRY(rt.thread().invoke(*f.core, core_args.span(), core_results.span()));
  if (status != ExecStatus::completed) {
    if (may_suspend && status == ExecStatus::out_of_fuel) return status;
    rt.thread().cancel();
    return status == ExecStatus::out_of_fuel ? Error(ErrorCode::out_of_fuel, "a component call ran out of fuel")
                                             : Error(ErrorCode::invalid_argument, "a component call cannot suspend in a host function");
  }
  WRT_TRY(finish_lifted(rt, f, cx, result_list, core_results.span(), results, num_borrows));
  return ExecStatus::completed;
}

Result<void> call_function(ComponentRuntime& caller_runtime, ComponentFunction& f, ComponentInstance* caller,
                           std::span<const ComponentValue> args, std::span<ComponentValue> results) noexcept {
  // The function may belong to another runtime (a component linked to another's exports):
  // its types, store and thread are that runtime's.
  ComponentRuntime& rt = f.runtime != nullptr ? *f.runtime : caller_runtime;
  if (f.async_host != nullptr) {
    return Error(ErrorCode::not_supported, "an async host function called from a component that does not use async");
  }
  if (f.host != nullptr) {
    WRT_TRY(f.host(f.user_data, rt, args, results));
    const TypeNode& ft = rt.types().peeled(f.type);
    if (ft.a != kNoType) {
      Result<void> ok = results[0].check(rt.types(), ft.a, rt.allocator());
      if (!ok) return Error(ErrorCode::host_error, "a host function returned a value of the wrong type");
    }
    return {};
  }
  return call_lifted(rt, f, caller, args, results);
}

// canon lower: core code of `lowered.instance` calls the component function it imported.
Result<HostAction> call_lowered(HostCall& call) noexcept {
  Lowered& l = *static_cast<Lowered*>(call.user_data());
  ComponentRuntime& rt = *l.runtime;
  if (rt.async_state() != nullptr) return lower_async(call, l);
  ComponentInstance& inst = *l.instance;
  if (!inst.may_leave) return abi_trap("cannot leave component instance");
  const TypeArena& types = rt.types();
  const TypeNode& ft = types.peeled(l.type);
  ParamTypes params(rt.allocator());
  WRT_TRY(param_types(types, ft, params));
  TypeId result_storage = kNoType;
  std::span<const TypeId> result_list = result_types(ft, result_storage);

  FuncType core = call.type();
  FlatValues flat_args(rt.allocator());
  for (std::size_t i = 0; i < core.params.size(); ++i) WRT_TRY(flat_args.push_back(raw_of(call.arg(i))));
  // Async lowering (CanonicalABI.md, canon_lower): at most 4 flat parameters, the result always
  // through a pointer, and an i32 status for the caller. A call that completes without
  // blocking returns RETURNED; blocking needs the async runtime (issue 15).
  const bool async = l.options.async;
  const unsigned max_params = async ? kMaxFlatAsyncParams : kMaxFlatParams;
  const unsigned max_results = async ? 0 : kMaxFlatResults;
  // A result that does not fit the flat results is written where the last argument points.
  const bool out_param = flat_count(types, result_list, l.options.memory64) > max_results;
  std::uint64_t out_ptr = 0;
  std::span<const Slot> param_flat = flat_args.span();
  if (out_param) {
    if (param_flat.empty()) return abi_trap("missing the result pointer");
    out_ptr = l.options.memory64 ? param_flat.back() : static_cast<std::uint32_t>(param_flat.back());
    param_flat = param_flat.first(param_flat.size() - 1);
  }

  Lenders lenders(rt.allocator());
  AbiContext cx{rt, inst, l.options, rt.allocator(), nullptr, &lenders};
  ValueArray args(rt.allocator());
  WRT_TRY(args.resize(params.size()));
  WRT_TRY(lift_flat_values(cx, params.span(), param_flat, max_params, args.span()));
  ValueArray results(rt.allocator());
  WRT_TRY(results.resize(result_list.size()));
  WRT_TRY(call_function(rt, *l.callee, &inst, args.span(), results.span()));

  FlatValues flat_results(rt.allocator());
  WRT_TRY(lower_flat_values(cx, result_list, results.span(), max_results, flat_results, out_param ? &out_ptr : nullptr));
  // The call is over: what the caller lent, it gets back.
  for (std::uint32_t h : lenders) {
    Result<HandleEntry*> e = inst.handles.get(h);
    if (e) --(*e)->num_lends;
  }
  if (async) {
    constexpr std::int32_t kReturned = 2;  // Subtask.State.RETURNED
    call.set_result(0, Value::i32(kReturned));
    return HostAction::done;
  }
  if (flat_results.size() != core.results.size()) return abi_trap("lowered results do not match the core function");
  for (std::size_t i = 0; i < flat_results.size(); ++i) call.set_result(i, core_value(core.results[i], flat_results[i]));
  return HostAction::done;
}

Result<HostAction> resource_new(HostCall& call) noexcept {
  ResourceBuiltin& b = *static_cast<ResourceBuiltin*>(call.user_data());
  if (!b.instance->may_leave) return abi_trap("cannot leave component instance");
  HandleEntry e;
  e.type = b.type;
  e.rep = static_cast<std::uint32_t>(call.arg(0).as_i32());
  e.own = true;
  std::uint32_t i = WRT_TRY(b.instance->handles.add(e));
  call.set_result(0, Value::i32(static_cast<std::int32_t>(i)));
  return HostAction::done;
}

Result<void> drop_owned(ComponentRuntime& rt, ComponentInstance* caller, ResourceType& rt_type, std::uint32_t rep) noexcept {
  if (rt_type.host_dtor != nullptr) {
    rt_type.host_dtor(rt_type.user_data, rep);
    return {};
  }
  if (rt_type.owner == nullptr) return {};  // a host resource without a destructor
  // The destructor runs in the resource's instance (and its runtime), as a call into it; the
  // spec makes that call even without a destructor (canon resource.drop lifts
  // `rt.dtor or (lambda rep: [])`), so the instance must be enterable either way.
  ComponentInstance& owner = *rt_type.owner;
  ComponentRuntime& owner_runtime = owner.runtime != nullptr ? *owner.runtime : rt;
  if (owner_runtime.async_state() != nullptr && &owner_runtime == &rt) return drop_async(rt, caller, rt_type, rep);
  if (!owner.may_enter_from(caller)) return abi_trap("cannot enter component instance");
  if (rt_type.dtor == nullptr) return {};
  owner.enter_from(caller);
  Value arg = Value::i32(static_cast<std::int32_t>(rep));
  WRT_TRY(run_core(owner_runtime.thread(), *rt_type.dtor, std::span<const Value>(&arg, 1), {}, "a destructor ran out of fuel"));
  owner.leave_to(caller);
  return {};
}

Result<HostAction> resource_drop(HostCall& call) noexcept {
  ResourceBuiltin& b = *static_cast<ResourceBuiltin*>(call.user_data());
  ComponentInstance& inst = *b.instance;
  if (!inst.may_leave) return abi_trap("cannot leave component instance");
  auto i = static_cast<std::uint32_t>(call.arg(0).as_i32());
  HandleEntry* h = WRT_TRY(inst.handles.get(i));
  if (h->type != b.type) return abi_trap("handle of another resource type");
  if (h->num_lends != 0) return abi_trap("cannot drop a handle while it is lent");
  HandleEntry e = WRT_TRY(inst.handles.remove(i));
  if (e.own) {
    WRT_TRY(drop_owned(*b.runtime, &inst, *e.type, e.rep));
  } else if (e.borrow_scope != nullptr) {
    --*e.borrow_scope;
  }
  return HostAction::done;
}

Result<HostAction> resource_rep(HostCall& call) noexcept {
  ResourceBuiltin& b = *static_cast<ResourceBuiltin*>(call.user_data());
  auto i = static_cast<std::uint32_t>(call.arg(0).as_i32());
  HandleEntry* h = WRT_TRY(b.instance->handles.get(i));
  if (h->type != b.type) return abi_trap("handle of another resource type");
  call.set_result(0, Value::i32(static_cast<std::int32_t>(h->rep)));
  return HostAction::done;
}

}  // namespace detail

namespace {

Result<void> check_call(const TypeArena& types, Allocator& allocator, const RuntimeEntity& function,
                        std::span<const ComponentValue> args, std::span<ComponentValue> results) noexcept {
  if (function.kind != ExternKind::func || function.func == nullptr) {
    return Error(ErrorCode::invalid_argument, "not a function");
  }
  const TypeNode& ft = types.peeled(function.type);
  auto params = types.items(ft);
  if (args.size() != params.size()) {
    return Error(ErrorCode::invalid_argument, "wrong number of arguments: expected").append_detail_number(params.size());
  }
  if (results.size() != (ft.a == kNoType ? 0u : 1u)) {
    return Error(ErrorCode::invalid_argument, "wrong number of result slots");
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    WRT_TRY(args[i].check(types, params[i].type, allocator).with_context("in an argument"));
  }
  return {};
}

}  // namespace

Result<void> ComponentRuntime::call(const RuntimeEntity& function, std::span<const ComponentValue> args,
                                    std::span<ComponentValue> results) noexcept {
  if (suspended()) return Error(ErrorCode::invalid_argument, "a component call is suspended: resume or cancel it first");
  WRT_TRY(check_call(info_.types, *allocator_, function, args, results));
  ComponentFunction& f = *function.func;
  ComponentRuntime& rt = f.runtime != nullptr ? *f.runtime : *this;
  if (f.async_host != nullptr) return Error(ErrorCode::invalid_argument, "an async host function is called by components only");
  if (rt.async_state() != nullptr && f.host == nullptr) return detail::call_async(rt, f, args, results);
  return detail::call_function(*this, f, nullptr, args, results);
}

Result<ExecStatus> ComponentRuntime::start(const RuntimeEntity& function, std::span<const ComponentValue> args,
                                           std::span<ComponentValue> results) noexcept {
  if (suspended()) return Error(ErrorCode::invalid_argument, "a component call is suspended: resume or cancel it first");
  WRT_TRY(check_call(info_.types, *allocator_, function, args, results));
  ComponentFunction& f = *function.func;
  ComponentRuntime& rt = f.runtime != nullptr ? *f.runtime : *this;
  if (f.async_host != nullptr) return Error(ErrorCode::invalid_argument, "an async host function is called by components only");
  if (f.host != nullptr) {
    WRT_TRY(detail::call_function(*this, f, nullptr, args, results));
    return ExecStatus::completed;
  }
  if (rt.async_state() != nullptr) {
    // Async components run their calls as tasks on the event loop, which does not suspend
    // for fuel yet: the call runs to completion or fails when fuel runs out.
    WRT_TRY(detail::call_async(rt, f, args, results));
    return ExecStatus::completed;
  }
  ExecStatus status = WRT_TRY(detail::start_lifted(rt, f, args, results));
  if (status == ExecStatus::out_of_fuel) suspended_in_ = &rt;
  return status;
}

Result<ExecStatus> ComponentRuntime::resume(std::span<ComponentValue> results) noexcept {
  if (suspended_in_ == nullptr) return Error(ErrorCode::invalid_argument, "no component call is suspended");
  ComponentRuntime& rt = *suspended_in_;
  Result<ExecStatus> status = detail::resume_lifted(rt, results);
  if (!status || *status == ExecStatus::completed) suspended_in_ = nullptr;
  return status;
}

void ComponentRuntime::cancel() noexcept {
  if (suspended_in_ == nullptr) return;
  detail::cancel_lifted(*suspended_in_);
  suspended_in_ = nullptr;
}

Result<AsyncCall> ComponentRuntime::start_async(const RuntimeEntity& function, std::span<const ComponentValue> args,
                                                std::span<ComponentValue> results) noexcept {
  if (suspended()) return Error(ErrorCode::invalid_argument, "a component call is suspended: resume or cancel it first");
  WRT_TRY(check_call(info_.types, *allocator_, function, args, results));
  ComponentFunction& f = *function.func;
  ComponentRuntime& rt = f.runtime != nullptr ? *f.runtime : *this;
  if (&rt != this || async_state_ == nullptr || f.host != nullptr || f.async_host != nullptr) {
    return Error(ErrorCode::invalid_argument, "start_async calls a function of a component of this runtime that uses async");
  }
  void* task = WRT_TRY(detail::start_async(*this, f, args, results));
  return AsyncCall{task};
}

bool ComponentRuntime::resolved(AsyncCall call) const noexcept {
  return call.task != nullptr && detail::async_resolved(call.task);
}

Result<void> ComponentRuntime::finish(AsyncCall call) noexcept {
  if (call.task == nullptr || async_state_ == nullptr) return Error(ErrorCode::invalid_argument, "not an async call");
  return detail::finish_async(*this, call.task);
}

Result<LoopStatus> ComponentRuntime::step() noexcept {
  if (async_state_ == nullptr) return LoopStatus::idle;
  return detail::step(*this);
}

Result<LoopStatus> ComponentRuntime::run_until_idle() noexcept {
  for (;;) {
    LoopStatus status = WRT_TRY(step());
    if (status != LoopStatus::ran) return status;
  }
}

Result<RuntimeEntity> ComponentRuntime::async_host_function(TypeId type, AsyncHostComponentCallback callback, void* user_data,
                                                            AsyncHostCancelCallback on_cancel) noexcept {
  if (type >= info_.types.size() || info_.types.peeled(type).kind != NodeKind::func) {
    return Error(ErrorCode::invalid_argument, "a host function needs a function type");
  }
  if (callback == nullptr) return Error(ErrorCode::invalid_argument, "no callback");
  ComponentFunction* f = WRT_TRY(make<ComponentFunction>());
  f->runtime = this;
  f->type = info_.types.peel(type);
  f->async_host = callback;
  f->async_cancel = on_cancel;
  f->user_data = user_data;
  RuntimeEntity e;
  e.kind = ExternKind::func;
  e.type = f->type;
  e.func = f;
  return e;
}

Result<void> ComponentRuntime::complete(PendingHostCall call, std::span<ComponentValue> results) noexcept {
  if (call.task == nullptr || async_state_ == nullptr) return Error(ErrorCode::invalid_argument, "not a pending host call");
  return detail::complete_host_call(*this, call.task, results);
}

bool ComponentRuntime::cancel_requested(PendingHostCall call) noexcept {
  return call.task != nullptr && async_state_ != nullptr && detail::host_call_cancel_requested(*this, call.task);
}

Result<void> ComponentRuntime::complete_cancelled(PendingHostCall call) noexcept {
  if (call.task == nullptr || async_state_ == nullptr) return Error(ErrorCode::invalid_argument, "not a pending host call");
  return detail::complete_host_call_cancelled(*this, call.task);
}

Result<void> ComponentRuntime::cancel(AsyncCall call) noexcept {
  if (call.task == nullptr || async_state_ == nullptr) return Error(ErrorCode::invalid_argument, "not an async call");
  return detail::cancel_async(*this, call.task);
}

namespace {
Error no_async() noexcept { return Error(ErrorCode::invalid_argument, "streams and futures need a component that uses async"); }
}  // namespace

Result<HostEnd> ComponentRuntime::new_stream(TypeId type, ComponentValue& readable) noexcept {
  if (async_state_ == nullptr) return no_async();
  return HostEnd{WRT_TRY(detail::host_new_end(*this, type, readable))};
}

Result<HostEnd> ComponentRuntime::open_readable(ComponentValue& readable) noexcept {
  if (async_state_ == nullptr) return no_async();
  return HostEnd{WRT_TRY(detail::host_open_end(*this, readable))};
}

Result<HostCopy> ComponentRuntime::copy(HostEnd end, void* data, std::uint32_t count) noexcept {
  if (async_state_ == nullptr) return no_async();
  return detail::host_copy(*this, end.end, data, count);
}

Result<HostCopy> ComponentRuntime::copy_values(HostEnd end, std::span<ComponentValue> values) noexcept {
  if (async_state_ == nullptr) return no_async();
  return detail::host_copy_values(*this, end.end, values);
}

TypeId ComponentRuntime::element_type(HostEnd end) noexcept {
  if (async_state_ == nullptr) return kNoType;
  return detail::host_element_type(end.end);
}

Result<HostCopy> ComponentRuntime::poll(HostEnd end) noexcept {
  if (async_state_ == nullptr) return no_async();
  return detail::host_poll(*this, end.end);
}

Result<HostCopy> ComponentRuntime::cancel_copy(HostEnd end) noexcept {
  if (async_state_ == nullptr) return no_async();
  return detail::host_cancel(*this, end.end);
}

Result<void> ComponentRuntime::drop_end(HostEnd end) noexcept {
  if (async_state_ == nullptr) return no_async();
  return detail::host_drop_end(*this, end.end);
}

std::uint32_t ComponentRuntime::element_size(HostEnd end) noexcept {
  if (async_state_ == nullptr) return 0;
  return detail::host_element_size(*this, end.end);
}

Result<void> ComponentRuntime::drop(ComponentValue& handle) noexcept {
  if (handle.kind() != ValueKind::own || handle.resource_type() == nullptr) {
    return Error(ErrorCode::invalid_argument, "only an own handle can be dropped");
  }
  // The handle's type must be one of this runtime's, found without reading through the
  // value's pointer: a value can outlive the runtime it came from.
  ResourceType* type_of_handle = nullptr;
  for (ResourceType* t : made_resource_types_) {
    if (handle.is_handle_of(*t)) {
      type_of_handle = t;
      break;
    }
  }
  if (type_of_handle == nullptr) {
    return Error(ErrorCode::invalid_argument, "the handle's resource type is not one of this runtime's");
  }
  ResourceType& type = *type_of_handle;
  std::uint32_t rep = handle.rep();
  handle = ComponentValue();
  return detail::drop_owned(*this, nullptr, type, rep);
}

}  // namespace wrt::component
