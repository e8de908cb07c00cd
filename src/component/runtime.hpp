// What the component runtime's files share: the host functions that implement canonical
// definitions (runtime.cpp) and instantiation (instantiate.cpp).
#pragma once

#include "component/runtime_state.hpp"

namespace wrt::component::detail {

// A `canon lower`: the core function that core code of `instance` calls.
struct Lowered {
  ComponentRuntime* runtime = nullptr;
  ComponentInstance* instance = nullptr;
  ComponentFunction* callee = nullptr;
  TypeId type = kNoType;  // the function type where it is lowered
  CanonOptions options;
};

// A `canon resource.new/drop/rep` for one resource type.
struct ResourceBuiltin {
  ComponentRuntime* runtime = nullptr;
  ComponentInstance* instance = nullptr;
  ResourceType* type = nullptr;
};

Result<HostAction> call_lowered(HostCall& call) noexcept;
Result<HostAction> resource_new(HostCall& call) noexcept;
Result<HostAction> resource_drop(HostCall& call) noexcept;
Result<HostAction> resource_rep(HostCall& call) noexcept;
Result<void> call_lifted(ComponentRuntime& rt, ComponentFunction& f, ComponentInstance* caller,
                         std::span<const ComponentValue> args, std::span<ComponentValue> results) noexcept;
// call_lifted for a call from the host that may suspend for fuel: on out_of_fuel the task stays
// on the runtime's stack and the callee stays entered until resume_lifted or cancel_lifted.
Result<ExecStatus> start_lifted(ComponentRuntime& rt, ComponentFunction& f, std::span<const ComponentValue> args,
                                std::span<ComponentValue> results) noexcept;
Result<ExecStatus> resume_lifted(ComponentRuntime& rt, std::span<ComponentValue> results) noexcept;
void cancel_lifted(ComponentRuntime& rt) noexcept;
struct AbiContext;
Result<ExecStatus> run_lifted(ComponentRuntime& rt, ComponentFunction& f, AbiContext& cx, std::span<const TypeId> params,
                              std::span<const TypeId> result_list, std::span<const ComponentValue> args,
                              std::span<ComponentValue> results, const std::uint32_t& num_borrows,
                              bool may_suspend = false) noexcept;
// Runs core code to completion. At the outermost level, running out of fuel suspends the
// thread; where the caller cannot resume (realloc, post-return, destructors, nested calls) the
// suspension is abandoned, so the thread is ready for the next call, and it is an error.
Result<void> run_core(Thread& thread, FunctionInstance& f, std::span<const Value> args, std::span<Value> results,
                      const char* what) noexcept;
// Drops an own handle: runs the resource's destructor (in its instance, entered from `caller`;
// null: from the host).
Result<void> drop_owned(ComponentRuntime& rt, ComponentInstance* caller, ResourceType& type, std::uint32_t rep) noexcept;
Result<void> call_function(ComponentRuntime& rt, ComponentFunction& f, ComponentInstance* caller,
                           std::span<const ComponentValue> args, std::span<ComponentValue> results) noexcept;

// Instantiates component `node` (instantiate.cpp).
Result<ComponentInstance*> instantiate_component(ComponentRuntime& rt, std::uint32_t node, TypeId type,
                                                 ComponentInstance* parent, ComponentInstance* lexical,
                                                 std::span<const NamedEntity> args) noexcept;

}  // namespace wrt::component::detail
