// The embedding API used wrongly, on purpose: handles that outlive their instance, moved-from
// instances, calls while an execution is suspended, handles and references of another store,
// host functions that call back into their own instance or another one, or destroy it. Every
// case must either work or fail with a clear Error; under the dev preset's AddressSanitizer and
// UndefinedBehaviorSanitizer, any use of freed memory or null pointer fails the test too.
#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>
#include <wrt/wasi/wasi.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace {

using wrt::Value;

std::vector<std::uint8_t> wasm(const std::string& name) {
  std::ifstream in(std::string(WRT_TEST_WASM_DIR) + "/" + name + ".wasm", std::ios::binary);
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

const wrt::Module& misuse_module() {
  static const wrt::Module module = [] {
    auto m = wrt::Module::from_bytes(wasm("misuse"));
    if (!m) throw std::runtime_error(wrt::to_string(m.error()));
    return *m;
  }();
  return module;
}

int g_ticks = 0;
void tick() { ++g_ticks; }  // a void() function pointer as a host function

// The host side of misuse.wat; each test says what call_back and make_ref do. Declared before
// the instances of a test, so it outlives them.
struct Host {
  std::function<wrt::Result<std::int32_t>(wrt::Caller&, std::int32_t)> call_back =
      [](wrt::Caller&, std::int32_t x) -> wrt::Result<std::int32_t> { return x; };
  std::function<wrt::Result<Value>(wrt::Caller&)> make_ref = [](wrt::Caller&) -> wrt::Result<Value> {
    return Value::null(wrt::ValType::funcref);
  };
  std::int64_t clock = 0;

  wrt::ImportMap imports() {
    wrt::ImportMap map;
    map.define("env", "call_back", [this](wrt::Caller& caller, std::int32_t x) { return call_back(caller, x); });
    map.define("env", "now", [this]() -> std::int64_t { return ++clock; });  // no parameters
    map.define("env", "tick", &tick);
    map.define("env", "wait", [](wrt::Caller& caller, std::int32_t) -> std::int32_t {
      caller.suspend();
      return 0;
    });
    map.define_raw("env", "make_ref", wrt::Signature{{}, {wrt::ValType::funcref}},
                   [this](wrt::Caller& caller, std::span<const Value>, std::span<Value> results) -> wrt::Result<void> {
                     results[0] = WRT_TRY(make_ref(caller));
                     return {};
                   });
    return map;
  }
};

wrt::ModuleInstance instantiate(Host& host, const wrt::InstanceLimits& limits = {}) {
  auto instance = wrt::ModuleInstance::create(misuse_module(), host.imports(), limits);
  if (!instance) throw std::runtime_error(wrt::to_string(instance.error()));
  return std::move(*instance);
}

std::int32_t i32_result(const wrt::Result<wrt::Execution>& execution) {
  if (!execution) throw std::runtime_error(wrt::to_string(execution.error()));
  if (!execution->completed()) throw std::runtime_error("the execution did not complete");
  return (*execution)[0].as_i32();
}

// A usage error whose text says `what`.
template <typename T>
void expect_usage_error(const wrt::Result<T>& result, const std::string& what) {
  ASSERT_FALSE(result) << "expected an error about " << what;
  EXPECT_EQ(result.error().kind(), wrt::ErrorKind::usage) << wrt::to_string(result.error());
  EXPECT_NE(wrt::to_string(result.error()).find(what), std::string::npos) << wrt::to_string(result.error());
}

// --- issue 11, item 2: host functions without parameters -------------------------------------

TEST(ApiMisuse, HostFunctionsWithoutParameters) {
  Host host;
  wrt::ModuleInstance instance = instantiate(host);
  EXPECT_EQ((*instance.invoke("now"))[0].as_i64(), 1);
  EXPECT_EQ((*instance.invoke("now"))[0].as_i64(), 2);
  const int before = g_ticks;
  ASSERT_TRUE(instance.invoke("tick"));
  EXPECT_EQ(g_ticks, before + 1);

  // The other zero-parameter shapes: only a Caller, a Result, noexcept.
  int seen = 0;
  wrt::ImportMap imports = host.imports();
  imports.define("env", "tick", [&seen](wrt::Caller& caller) { seen = caller.memory() ? 1 : 2; });
  imports.define("env", "now", []() noexcept -> wrt::Result<std::int64_t> { return std::int64_t{42}; });
  auto other = wrt::ModuleInstance::create(misuse_module(), imports);
  ASSERT_TRUE(other) << wrt::to_string(other.error());
  ASSERT_TRUE(other->invoke("tick"));
  EXPECT_EQ(seen, 1);
  EXPECT_EQ((*other->invoke("now"))[0].as_i64(), 42);
  auto typed_now = other->typed_func<std::int64_t()>("now");
  ASSERT_TRUE(typed_now);
  EXPECT_EQ(*(*typed_now)(), 42);
  auto typed_tick = other->typed_func<void()>("tick");
  ASSERT_TRUE(typed_tick);
  EXPECT_TRUE((*typed_tick)());
}

// --- item 3: fuel does not wrap around --------------------------------------------------------

TEST(ApiMisuse, AddFuelSaturates) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  Host host;
  wrt::ModuleInstance instance = instantiate(host);
  instance.set_fuel(kMax);
  instance.add_fuel(10);
  EXPECT_EQ(instance.fuel(), kMax);
  instance.set_fuel(kMax - 5);
  instance.add_fuel(10);
  EXPECT_EQ(instance.fuel(), kMax);
  instance.add_fuel(kMax);
  EXPECT_EQ(instance.fuel(), kMax);
  instance.set_fuel(5);
  instance.add_fuel(10);
  EXPECT_EQ(instance.fuel(), 15u);
  // A full tank runs, and is charged.
  instance.set_fuel(kMax);
  EXPECT_EQ(i32_result(instance.invoke("spin", {Value::i32(100)})), 100);
  EXPECT_LT(instance.fuel(), kMax);
  EXPECT_GT(instance.fuel(), kMax - 1000);
  // The runtime layer's Thread, which the API forwards to.
  instance.thread().set_fuel(kMax - 1);
  instance.thread().add_fuel(2);
  EXPECT_EQ(instance.thread().fuel(), kMax);
}

// --- item 1: handles outlive their instance ---------------------------------------------------

TEST(ApiMisuse, HandlesOutliveTheirInstance) {
  Host host;
  std::optional<wrt::Function> square;
  std::optional<wrt::TypedFunc<std::int32_t(std::int32_t)>> typed;
  std::optional<wrt::Memory> memory;
  std::optional<wrt::Global> calls;
  std::optional<wrt::Table> table;
  std::optional<wrt::Memory> from_caller;
  host.call_back = [&](wrt::Caller& caller, std::int32_t x) -> wrt::Result<std::int32_t> {
    from_caller = WRT_TRY(caller.memory());  // kept past the call, and past the instance
    return x;
  };
  {
    wrt::ModuleInstance instance = instantiate(host);
    square = *instance.function("square");
    typed = *instance.typed_func<std::int32_t(std::int32_t)>("square");
    memory = *instance.memory("memory");
    calls = *instance.global("calls");
    table = *instance.table("table");
    EXPECT_EQ(i32_result(instance.invoke("enter", {Value::i32(1)})), 1001);
  }  // the instance is gone; every handle still works

  ASSERT_EQ(square->type().params.size(), 1u);  // was a heap-use-after-free
  EXPECT_EQ(square->type().results[0], wrt::ValType::i32);
  auto r = (*typed)(9);  // the TypedFunc keeps the instance's state alive
  ASSERT_TRUE(r) << wrt::to_string(r.error());
  EXPECT_EQ(*r, 81);
  EXPECT_EQ(calls->get().as_i32(), 1);
  ASSERT_TRUE(memory->store<std::uint32_t>(16, 0xC0FFEEu));
  EXPECT_EQ(*from_caller->load<std::uint32_t>(16), 0xC0FFEEu);  // the same memory
  ASSERT_TRUE(memory->grow(1));
  EXPECT_EQ(from_caller->pages(), 2u);
  EXPECT_EQ(table->size(), 2u);
  EXPECT_FALSE(table->get(0)->is_null());

  // The function's own instance is gone, and an instance of another store may not call it.
  wrt::ModuleInstance other = instantiate(host);
  expect_usage_error(other.invoke(*square, {Value::i32(3)}), "another store");
}

TEST(ApiMisuse, MovedFromInstance) {
  Host host;
  wrt::ModuleInstance a = instantiate(host);
  wrt::TypedFunc<std::int32_t(std::int32_t)> typed = *a.typed_func<std::int32_t(std::int32_t)>("square");
  wrt::Function square = *a.function("square");
  std::optional<wrt::ModuleInstance> b(std::move(a));
  EXPECT_FALSE(a.valid());  // NOLINT(bugprone-use-after-move): that is the point
  EXPECT_TRUE(b->valid());

  // Every call on the empty instance: an error, or nothing.
  const std::string kEmpty = "the instance is empty";
  expect_usage_error(a.invoke("square", {Value::i32(2)}), kEmpty);
  expect_usage_error(a.invoke(square, std::vector<Value>{Value::i32(2)}), kEmpty);
  expect_usage_error(a.resume(), kEmpty);
  expect_usage_error(a.resume_with({Value::i32(1)}), kEmpty);
  expect_usage_error(a.function("square"), kEmpty);
  expect_usage_error(a.memory("memory"), kEmpty);
  expect_usage_error(a.global("calls"), kEmpty);
  expect_usage_error(a.table("table"), kEmpty);
  expect_usage_error(a.typed_func<std::int32_t(std::int32_t)>("square"), kEmpty);
  EXPECT_TRUE(a.pending_host_arguments().empty());
  EXPECT_FALSE(a.suspended());
  a.cancel();
  a.set_fuel(5);
  a.add_fuel(5);
  a.disable_fuel();
  EXPECT_EQ(a.fuel(), 0u);
  EXPECT_TRUE(a.last_trap().frames.empty());
  EXPECT_DEATH((void)a.raw(), "empty");
  EXPECT_DEATH((void)a.thread(), "empty");
  wrt::ImportMap from_empty;
  from_empty.define_instance("env", a);
  expect_usage_error(wrt::ModuleInstance::create(misuse_module(), from_empty), "empty");

  // Handles taken before the move work (was a null Thread in TypedFunc::call), also once the
  // instance that the state moved to is destroyed.
  EXPECT_EQ(*typed(5), 25);
  EXPECT_EQ(i32_result(b->invoke(square, std::vector<Value>{Value::i32(4)})), 16);
  b.reset();
  EXPECT_EQ(*typed(6), 36);

  // An instance may be moved into again.
  a = instantiate(host);
  EXPECT_EQ(i32_result(a.invoke("square", {Value::i32(3)})), 9);

  // Moving a handle copies it: the moved-from handle stays usable.
  wrt::Module module = misuse_module();
  wrt::Module moved_module = std::move(module);
  EXPECT_EQ(module.exports().size(), moved_module.exports().size());  // NOLINT(bugprone-use-after-move)
  wrt::Memory memory = *a.memory("memory");
  wrt::Memory moved_memory = std::move(memory);
  EXPECT_EQ(memory.pages(), 1u);  // NOLINT(bugprone-use-after-move)
  wrt::TypedFunc<std::int32_t(std::int32_t)> moved_typed = std::move(typed);
  EXPECT_EQ(*typed(2), 4);  // NOLINT(bugprone-use-after-move)
  wrt::Function moved_square = std::move(square);
  EXPECT_EQ(square.type().params.size(), 1u);  // NOLINT(bugprone-use-after-move)
}

TEST(ApiMisuse, DefineInstanceKeepsTheInstance) {
  Host host;
  std::optional<wrt::ModuleInstance> exporter(instantiate(host));
  // misuse.wat's imports, from another misuse instance: "now" and "tick" are its exports of
  // the same names, "call_back" its "square", and "wait" and "make_ref" come from the host.
  wrt::ImportMap imports;
  imports.define_instance("env", *exporter);
  imports.define("env", "call_back", *exporter->function("square"));
  wrt::ImportMap partial = imports;
  const wrt::ImportMap from_host = host.imports();
  imports.define("env", "wait", [](std::int32_t x) { return x; });
  imports.define_raw("env", "make_ref", wrt::Signature{{}, {wrt::ValType::funcref}},
                     [](wrt::Caller&, std::span<const Value>, std::span<Value> results) -> wrt::Result<void> {
                       results[0] = Value::null(wrt::ValType::funcref);
                       return {};
                     });
  const std::int64_t clock_before = host.clock;
  exporter.reset();  // gone before the maps are used: they keep its state

  auto missing = wrt::ModuleInstance::create(misuse_module(), partial);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), wrt::ErrorCode::unknown_import);
  EXPECT_EQ(std::string(missing.error().detail()), "env.wait");

  auto importer = wrt::ModuleInstance::create(misuse_module(), imports);
  ASSERT_TRUE(importer) << wrt::to_string(importer.error());
  EXPECT_EQ(i32_result(importer->invoke("enter", {Value::i32(5)})), 25 + 1000);  // the exporter's square
  EXPECT_EQ((*importer->invoke("now"))[0].as_i64(), clock_before + 1);  // through the exporter to the host
  EXPECT_EQ(i32_result(importer->invoke("asks", {Value::i32(8)})), 9);
}

// --- calls while an execution is suspended --------------------------------------------------

TEST(ApiMisuse, CallsWhileOutOfFuel) {
  Host host;
  wrt::ModuleInstance instance = instantiate(host);
  auto typed = *instance.typed_func<std::int32_t(std::int32_t)>("square");
  instance.set_fuel(50);
  auto execution = instance.invoke("spin", {Value::i32(1000)});
  ASSERT_TRUE(execution);
  ASSERT_TRUE(execution->out_of_fuel());
  ASSERT_TRUE(instance.suspended());
  EXPECT_TRUE(execution->results().empty());
  EXPECT_DEATH((void)(*execution)[0], "no result");  // not a read past the end

  // New calls on the suspended instance are refused, typed or not.
  expect_usage_error(instance.invoke("square", {Value::i32(2)}), "suspended");
  expect_usage_error(typed(2), "suspended");
  expect_usage_error(instance.resume_with({Value::i32(1)}), "no host call");
  EXPECT_TRUE(instance.pending_host_arguments().empty());
  EXPECT_TRUE(instance.suspended());  // still: the refusals changed nothing

  // Its objects can be used meanwhile, also by another instance of the same store, which calls
  // the suspended instance's function on its own thread.
  ASSERT_TRUE(instance.memory("memory")->grow(1));
  wrt::ImportMap imports = host.imports();
  imports.define("env", "call_back", *instance.function("square"));
  auto neighbour = wrt::ModuleInstance::create(misuse_module(), imports);
  ASSERT_TRUE(neighbour) << wrt::to_string(neighbour.error());
  EXPECT_EQ(i32_result(neighbour->invoke("enter", {Value::i32(6)})), 36 + 1000);

  // Resuming without fuel suspends again; with fuel, it completes where it stopped.
  auto again = instance.resume();
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->out_of_fuel());
  instance.add_fuel(1'000'000);
  EXPECT_EQ(i32_result(instance.resume()), 1000);
  EXPECT_EQ(i32_result(instance.invoke("size")), 2);
  expect_usage_error(instance.resume(), "nothing to resume");

  // Cancelling ends a suspended execution; the instance is usable after.
  instance.set_fuel(10);
  ASSERT_TRUE(instance.invoke("spin", {Value::i32(1000)})->out_of_fuel());
  instance.cancel();
  EXPECT_FALSE(instance.suspended());
  instance.disable_fuel();
  EXPECT_EQ(*typed(7), 49);

  // A typed call that runs out of fuel is an error and leaves nothing suspended.
  instance.set_fuel(10);
  auto spin = *instance.typed_func<std::int32_t(std::int32_t)>("spin");
  auto starved = spin(1000);
  ASSERT_FALSE(starved);
  EXPECT_EQ(starved.error().code(), wrt::ErrorCode::out_of_fuel);
  EXPECT_FALSE(instance.suspended());
}

TEST(ApiMisuse, CallsWhileAHostFunctionIsSuspended) {
  Host host;
  wrt::ModuleInstance instance = instantiate(host);
  auto execution = instance.invoke("asks", {Value::i32(7)});
  ASSERT_TRUE(execution);
  ASSERT_TRUE(execution->host_suspended());
  ASSERT_EQ(instance.pending_host_arguments().size(), 1u);
  EXPECT_EQ(instance.pending_host_arguments()[0].as_i32(), 7);

  // resume() would continue with whatever the result slots held: refused.
  expect_usage_error(instance.resume(), "resume_with");
  expect_usage_error(instance.resume_with({}), "wrong number of results");
  expect_usage_error(instance.resume_with({Value::i64(1)}), "wrong type");
  expect_usage_error(instance.invoke("square", {Value::i32(2)}), "suspended");
  EXPECT_EQ(i32_result(instance.resume_with({Value::i32(41)})), 42);
  expect_usage_error(instance.resume_with({Value::i32(41)}), "no host call");

  // Destroying an instance while suspended frees everything (AddressSanitizer checks leaks).
  wrt::ModuleInstance abandoned = instantiate(host);
  ASSERT_TRUE(abandoned.invoke("asks", {Value::i32(1)})->host_suspended());
}

// --- handles and references of another store -------------------------------------------------

TEST(ApiMisuse, ForeignStoresAreRefused) {
  Host host;
  wrt::ModuleInstance a = instantiate(host);
  wrt::ModuleInstance b = instantiate(host);  // its own store
  const Value a_square = *a.table("table")->get(0);
  const Value b_square = *b.table("table")->get(0);
  ASSERT_FALSE(a_square.is_null());
  ASSERT_NE(a_square.ref_bits(), b_square.ref_bits());

  expect_usage_error(b.invoke(*a.function("square"), std::vector<Value>{Value::i32(3)}), "another store");
  expect_usage_error(a.table("table")->set(1, b_square), "another store");
  expect_usage_error(a.table("table")->grow(1, b_square), "another store");
  expect_usage_error(a.global("ref")->set(b_square), "another store");
  expect_usage_error(a.invoke("is_null", {b_square}), "another store");
  EXPECT_TRUE(a.global("ref")->get().is_null());  // nothing was written
  EXPECT_EQ(a.table("table")->size(), 2u);

  // The same operations with the store's own references work.
  ASSERT_TRUE(a.table("table")->set(1, a_square));
  EXPECT_EQ(i32_result(a.invoke("call_slot", {Value::i32(1), Value::i32(6)})), 36);
  ASSERT_TRUE(a.global("ref")->set(a_square));
  EXPECT_EQ(i32_result(a.invoke("is_null", {a_square})), 0);

  // A host function returning another store's reference traps its caller; its own works.
  host.make_ref = [&](wrt::Caller&) -> wrt::Result<Value> { return b_square; };
  auto trapped = a.invoke("store_host_ref");
  ASSERT_FALSE(trapped);
  EXPECT_EQ(trapped.error().code(), wrt::ErrorCode::host_error);
  host.make_ref = [&](wrt::Caller&) -> wrt::Result<Value> { return a_square; };
  EXPECT_EQ(i32_result(a.invoke("store_host_ref")), 49);

  // The same through a suspended host call's results.
  host.make_ref = [](wrt::Caller& caller) -> wrt::Result<Value> {
    caller.suspend();
    return Value::null(wrt::ValType::funcref);
  };
  ASSERT_TRUE(a.invoke("store_host_ref")->host_suspended());
  expect_usage_error(a.resume_with({b_square}), "another store");
  EXPECT_EQ(i32_result(a.resume_with({a_square})), 49);

  // A reference whose store is gone is refused without being read.
  Value stale;
  {
    wrt::ModuleInstance c = instantiate(host);
    stale = *c.table("table")->get(0);
  }
  expect_usage_error(a.table("table")->set(1, stale), "another store");

  // One instance's imports come from one store.
  wrt::ImportMap mixed = host.imports();
  mixed.define("env", "call_back", *a.function("square"));
  mixed.define("env", "now", *b.function("now"));
  expect_usage_error(wrt::ModuleInstance::create(misuse_module(), mixed), "different stores");
  // An owner-less handle made from a runtime object cannot be imported.
  wrt::ImportMap raw = host.imports();
  raw.define("env", "call_back", wrt::Function(a.function("square")->raw()));
  expect_usage_error(wrt::ModuleInstance::create(misuse_module(), raw), "must come from an instance");
}

// --- host functions that call back ----------------------------------------------------------

TEST(ApiMisuse, HostFunctionsCallBackIntoTheirInstance) {
  Host host;
  std::optional<wrt::ModuleInstance> instance;
  // enter(n) -> call_back(n) -> enter(n - 1) -> ... -> call_back(0): 1000 * (n + 1).
  host.call_back = [&](wrt::Caller&, std::int32_t x) -> wrt::Result<std::int32_t> {
    if (x == 0) return 0;
    wrt::Execution inner = WRT_TRY(instance->invoke("enter", {Value::i32(x - 1)}));
    return inner[0].as_i32();
  };
  instance = instantiate(host);
  EXPECT_EQ(i32_result(instance->invoke("enter", {Value::i32(40)})), 41'000);

  // Many calls back from one host call, each reaching another host function: every nested
  // execution starts where the previous one did (tight limits make a leak fail fast).
  wrt::InstanceLimits tight;
  tight.max_call_depth = 64;
  tight.max_stack_slots = 512;
  instance = instantiate(host, tight);
  host.call_back = [&](wrt::Caller&, std::int32_t x) -> wrt::Result<std::int32_t> {
    for (int i = 0; i < 20'000; ++i) (void)WRT_TRY(instance->invoke("now"));
    return x;
  };
  const std::int64_t clock_before = host.clock;
  EXPECT_EQ(i32_result(instance->invoke("enter", {Value::i32(3)})), 1003);
  EXPECT_EQ(host.clock, clock_before + 20'000);

  // A host function invoked directly (exported as it is) calling back: the nested execution
  // must not overwrite the direct call's arguments.
  host.call_back = [&](wrt::Caller& caller, std::int32_t x) -> wrt::Result<std::int32_t> {
    std::int32_t squared = i32_result(instance->invoke("square", {Value::i32(99)}));
    if (caller.raw().arg(0).as_i32() != x) return wrt::Error(wrt::ErrorCode::host_error, "arguments overwritten");
    return squared + x;
  };
  EXPECT_EQ(i32_result(instance->invoke("call_back_direct", {Value::i32(4)})), 9801 + 4);

  // What a host function may not do to its own running instance fails cleanly, and the outer
  // call goes on.
  host.call_back = [&](wrt::Caller&, std::int32_t x) -> wrt::Result<std::int32_t> {
    if (instance->resume()) return wrt::Error(wrt::ErrorCode::host_error, "resumed a running execution");
    if (instance->resume_with({Value::i32(1)})) return wrt::Error(wrt::ErrorCode::host_error, "resumed with");
    instance->cancel();  // nothing is suspended: no effect
    return x;
  };
  EXPECT_EQ(i32_result(instance->invoke("enter", {Value::i32(2)})), 1002);

  // A nested call cannot suspend (the host's C++ frame is in the way): out of fuel inside is
  // an error for the host function, which may carry on.
  instance = instantiate(host);
  host.call_back = [&](wrt::Caller&, std::int32_t x) -> wrt::Result<std::int32_t> {
    instance->set_fuel(10);
    auto starved = instance->invoke("spin", {Value::i32(1'000'000)});
    if (starved || starved.error().code() != wrt::ErrorCode::out_of_fuel) {
      return wrt::Error(wrt::ErrorCode::host_error, "the nested call did not run out of fuel");
    }
    instance->disable_fuel();
    auto suspending = instance->invoke("asks", {Value::i32(1)});  // a host suspension inside
    if (suspending) return wrt::Error(wrt::ErrorCode::host_error, "the nested call suspended");
    instance->set_fuel(1'000'000);  // the outer call is metered and continues on this fuel
    return x;
  };
  instance->set_fuel(1'000'000);
  EXPECT_EQ(i32_result(instance->invoke("enter", {Value::i32(7)})), 1007);
  EXPECT_FALSE(instance->suspended());
}

TEST(ApiMisuse, HostFunctionsCallIntoOtherInstances) {
  Host host_a;
  Host host_b;
  std::optional<wrt::ModuleInstance> a;
  std::optional<wrt::ModuleInstance> b;
  // a.enter -> host_a -> b.enter -> host_b -> a.square: two stores, two threads, interleaved.
  host_a.call_back = [&](wrt::Caller&, std::int32_t x) -> wrt::Result<std::int32_t> {
    return i32_result(b->invoke("enter", {Value::i32(x)}));
  };
  host_b.call_back = [&](wrt::Caller&, std::int32_t x) -> wrt::Result<std::int32_t> {
    return i32_result(a->invoke("square", {Value::i32(x)}));
  };
  a = instantiate(host_a);
  b = instantiate(host_b);
  EXPECT_EQ(i32_result(a->invoke("enter", {Value::i32(3)})), 9 + 1000 + 1000);

  // Resuming another instance's suspended execution from a host function.
  b->set_fuel(10);
  ASSERT_TRUE(b->invoke("spin", {Value::i32(500)})->out_of_fuel());
  host_a.call_back = [&](wrt::Caller&, std::int32_t) -> wrt::Result<std::int32_t> {
    b->add_fuel(100'000);
    return i32_result(b->resume());
  };
  EXPECT_EQ(i32_result(a->invoke("enter", {Value::i32(0)})), 500 + 1000);
  EXPECT_FALSE(b->suspended());
}

TEST(ApiMisuse, HostFunctionsDestroyOrMoveTheirInstance) {
  Host host;
  std::optional<wrt::ModuleInstance> instance;
  std::optional<wrt::ModuleInstance> elsewhere;
  host.call_back = [&](wrt::Caller& caller, std::int32_t x) -> wrt::Result<std::int32_t> {
    instance.reset();  // the last handle: the call in progress keeps the state alive
    wrt::Memory memory = WRT_TRY(caller.memory());
    WRT_TRY(memory.store<std::int32_t>(0, x));
    return x;
  };
  instance = instantiate(host);
  wrt::Memory memory = *instance->memory("memory");
  EXPECT_EQ(i32_result(instance->invoke("enter", {Value::i32(5)})), 1005);
  EXPECT_FALSE(instance.has_value());
  EXPECT_EQ(*memory.load<std::int32_t>(0), 5);

  host.call_back = [&](wrt::Caller&, std::int32_t x) -> wrt::Result<std::int32_t> {
    elsewhere = std::move(*instance);  // the running instance moves; calling it there works
    return i32_result(elsewhere->invoke("square", {Value::i32(x)}));
  };
  instance = instantiate(host);
  EXPECT_EQ(i32_result(instance->invoke("enter", {Value::i32(5)})), 1025);
  EXPECT_FALSE(instance->valid());
  EXPECT_EQ(i32_result(elsewhere->invoke("load", {Value::i32(0)})), 0);
}

// --- WASI: the context may go before its instances -------------------------------------------

TEST(ApiMisuse, WasiContextMayGoFirst) {
  auto module = wrt::Module::from_bytes(wasm("wasi_args"));
  ASSERT_TRUE(module) << wrt::to_string(module.error());
  std::optional<wrt::ModuleInstance> instance;
  {
    wrt::wasi::Options options;
    options.args = {"program", "one", "two"};
    auto context = wrt::wasi::Context::create(options);
    ASSERT_TRUE(context);
    wrt::ImportMap imports;
    (*context)->add_to(imports);
    auto created = wrt::ModuleInstance::create(*module, imports);
    ASSERT_TRUE(created) << wrt::to_string(created.error());
    instance = std::move(*created);
  }  // the Context is destroyed; its state lives on with the instance
  EXPECT_EQ(i32_result(instance->invoke("argc")), 3);
}

}  // namespace
