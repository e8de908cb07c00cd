// Component Model call overhead: a host call into a component export through
// ComponentRuntime::call, lowering the arguments into the guest and lifting the result, next
// to a plain core-module call through the embedding API's TypedFunc.
//
//   wrt_bench_component_call [benchmark flags]
//
// The component is generated (tests/support/component_gen.hpp): identity functions for u32,
// string and list<u32>, and a sum over list<u32>; its realloc is a bump allocator that
// post-return resets. Every benchmark also reports the host allocations per call that go
// through the runtime's allocator (a counting allocator wraps it): allocs_per_call and
// bytes_per_call.
#include <wrt/component/instance.hpp>
#include <wrt/component/validator.hpp>
#include <wrt/wrt.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "support/component_gen.hpp"

namespace {

using namespace wrt;
using namespace wrt::component;
using namespace wrt::test;

// The heap, counted.
class CountingAllocator final : public AllocatorImpl<CountingAllocator> {
 public:
  void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
    ++allocations;
    bytes += size;
    return default_allocator().allocate(size, alignment);
  }
  void do_deallocate(void* p, std::size_t size, std::size_t alignment) noexcept { default_allocator().deallocate(p, size, alignment); }
  void* do_reallocate(void* p, std::size_t old_size, std::size_t new_size, std::size_t alignment) noexcept {
    ++allocations;
    bytes += new_size;
    return default_allocator().reallocate(p, old_size, new_size, alignment);
  }
  std::uint64_t allocations = 0;
  std::uint64_t bytes = 0;
};

CountingAllocator g_counting;

[[noreturn]] void fail(const char* what, const Error& e) {
  char text[512];
  e.format(text, sizeof text);
  std::fprintf(stderr, "%s: %s\n", what, text);
  std::exit(1);
}

ByteVec bench_component() {
  using cgen::Code;
  using cgen::Prim;
  cgen::ComponentGen g;
  const cgen::T u32 = g.prim(Prim::u32);
  const cgen::T list = g.list(u32);
  const std::uint32_t host_inc = g.import_func("host-inc", {u32}, u32);
  g.identity("id-u32", u32);
  g.function("call-host", {u32}, u32, Code().local_get(0).call(host_inc));
  g.identity("id-string", g.string());
  g.identity("id-list", list);
  // sum(l: list<u32>) -> u32: a loop over the guest's copy.
  Code sum;
  sum.local_get(0).local_get(1).i32_const(2).op({0x74}).op({0x6a}).local_set(3);  // end = ptr + 4 * len
  sum.op({0x02, 0x40, 0x03, 0x40});                                               // block loop
  sum.local_get(0).local_get(3).op({0x4f}).op({0x0d, 0x01});                      // ptr >= end: break
  sum.local_get(2).local_get(0).i32_load(0).op({0x6a}).local_set(2);
  sum.local_get(0).i32_const(4).op({0x6a}).local_set(0).op({0x0c, 0x00});
  sum.end().end().local_get(2);
  g.function("sum", {list}, u32, sum, {cgen::Flat::i32, cgen::Flat::i32});
  return g.build();
}

Result<void> host_inc(void*, ComponentRuntime&, std::span<const ComponentValue> args, std::span<ComponentValue> results) noexcept {
  results[0] = ComponentValue::u32(static_cast<std::uint32_t>(args[0].as_unsigned()) + 1);
  return {};
}

// One runtime of the benchmark component, shared by the benchmarks.
struct Fixture {
  ByteVec bytes = bench_component();
  ComponentDescription description{g_counting};
  ComponentInfo info{g_counting};
  std::unique_ptr<ComponentRuntime> runtime;
  InstanceExports* exports = nullptr;

  Fixture() {
    auto r = decode_and_validate_component(Bytes(bytes.data(), bytes.size()), ComponentDecodeOptions{}, description, info);
    if (!r) fail("the benchmark component does not validate", r.error());
    runtime = std::make_unique<ComponentRuntime>(description, info, DecodeOptions{}, g_counting);
    TypeId inc_type = kNoType;
    for (const component::TypeEntry& entry : info.types.imports(info.types.peeled(info.root))) {
      if (entry.name == "host-inc") inc_type = entry.type;
    }
    auto inc = runtime->host_function(inc_type, &host_inc, nullptr);
    if (!inc) fail("host-inc", inc.error());
    NamedEntity imports[] = {{"host-inc", *inc}};
    auto e = runtime->instantiate(imports);
    if (!e) fail("the benchmark component does not instantiate", e.error());
    exports = *e;
  }
  const RuntimeEntity& func(const char* name) const {
    const RuntimeEntity* f = exports->find(name);
    if (f == nullptr) std::exit(1);
    return *f;
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

// Calls `name` with `arg` in the benchmark loop; reports the allocations per call.
void call_bench(benchmark::State& state, const char* name, const ComponentValue& arg, bool has_result = true) {
  Fixture& f = fixture();
  const RuntimeEntity& fn = f.func(name);
  ComponentValue result;
  std::span<ComponentValue> results(&result, has_result ? 1 : 0);
  std::span<const ComponentValue> args(&arg, 1);
  if (auto r = f.runtime->call(fn, args, results); !r) fail(name, r.error());  // warm up: tables and stacks grown
  const std::uint64_t allocations = g_counting.allocations;
  const std::uint64_t bytes = g_counting.bytes;
  for (auto _ : state) {
    if (auto r = f.runtime->call(fn, args, results); !r) {
      state.SkipWithError("the call failed");
      return;
    }
    benchmark::DoNotOptimize(result);
  }
  const double calls = static_cast<double>(state.iterations());
  state.counters["allocs_per_call"] = static_cast<double>(g_counting.allocations - allocations) / calls;
  state.counters["bytes_per_call"] = static_cast<double>(g_counting.bytes - bytes) / calls;
  state.SetItemsProcessed(state.iterations());
}

void BM_ComponentU32(benchmark::State& state) { call_bench(state, "id-u32", ComponentValue::u32(7)); }
BENCHMARK(BM_ComponentU32);

// A call that calls back out: host -> guest (u32) and, inside it, guest -> host (u32).
void BM_ComponentCallsHostU32(benchmark::State& state) { call_bench(state, "call-host", ComponentValue::u32(7)); }
BENCHMARK(BM_ComponentCallsHostU32);

void BM_ComponentString(benchmark::State& state) {
  std::string text(static_cast<std::size_t>(state.range(0)), 'x');
  auto arg = ComponentValue::string(text, g_counting);
  if (!arg) fail("string", arg.error());
  call_bench(state, "id-string", *arg);
}
BENCHMARK(BM_ComponentString)->Arg(16)->Arg(1000);

ComponentValue list_of(std::int64_t n) {
  auto v = ComponentValue::list(static_cast<std::size_t>(n), g_counting);
  if (!v) fail("list", v.error());
  for (std::size_t i = 0; i < v->size(); ++i) (*v)[i] = ComponentValue::u32(static_cast<std::uint32_t>(i));
  return std::move(*v);
}

void BM_ComponentListSum(benchmark::State& state) { call_bench(state, "sum", list_of(state.range(0))); }
BENCHMARK(BM_ComponentListSum)->Arg(16)->Arg(1000);

void BM_ComponentListIdentity(benchmark::State& state) { call_bench(state, "id-list", list_of(state.range(0))); }
BENCHMARK(BM_ComponentListIdentity)->Arg(16)->Arg(1000);

// The same through the C++ component API: a typed export taking and returning a string
// (std::string_view in, std::string out: the conversions to and from ComponentValue included),
// and a typed C++ host function (u32 -> u32) that the component calls.
struct ApiFixture {
  wrt::ComponentInstance instance;
  static ApiFixture make() {
    auto component = wrt::Component::from_bytes(bench_component());
    if (!component) fail("the benchmark component", component.error());
    wrt::ComponentImports imports;
    imports.define("", "host-inc", [](std::uint32_t x) { return x + 1; });
    auto instance = component->instantiate(imports);
    if (!instance) fail("the benchmark component through the API", instance.error());
    return ApiFixture{std::move(*instance)};
  }
};

ApiFixture& api_fixture() {
  static ApiFixture f = ApiFixture::make();
  return f;
}

void BM_ApiTypedString(benchmark::State& state) {
  auto f = api_fixture().instance.typed_func<std::string(std::string_view)>("id-string");
  if (!f) fail("id-string", f.error());
  std::string text(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    auto r = (*f)(text);
    if (!r) {
      state.SkipWithError("the call failed");
      return;
    }
    benchmark::DoNotOptimize(r->data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiTypedString)->Arg(16)->Arg(1000);

void BM_ApiTypedU32(benchmark::State& state) {
  auto f = api_fixture().instance.typed_func<std::uint32_t(std::uint32_t)>("id-u32");
  if (!f) fail("id-u32", f.error());
  std::uint32_t x = 0;
  for (auto _ : state) x = *(*f)(x);
  benchmark::DoNotOptimize(x);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiTypedU32);

// host -> guest -> typed C++ host function -> guest -> host.
void BM_ApiCallsTypedHost(benchmark::State& state) {
  auto f = api_fixture().instance.typed_func<std::uint32_t(std::uint32_t)>("call-host");
  if (!f) fail("call-host", f.error());
  std::uint32_t x = 0;
  for (auto _ : state) x = *(*f)(x);
  benchmark::DoNotOptimize(x);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiCallsTypedHost);

// The plain core-module call for comparison: add(i32, i32) -> i32 through TypedFunc, as
// bench-runtime's BM_HostToWasmTyped.
void BM_CoreCallTyped(benchmark::State& state) {
  cgen::CoreModuleBuilder m;
  m.export_func("add", m.func(cgen::CoreFunc{{cgen::Flat::i32, cgen::Flat::i32}, {cgen::Flat::i32}, {},
                                             cgen::Code().local_get(0).local_get(1).op({0x6a}).bytes}));
  ByteVec bytes = m.bytes();
  auto module = wrt::Module::from_bytes(bytes);
  if (!module) fail("core module", module.error());
  auto instance = wrt::ModuleInstance::create(*module, {});
  if (!instance) fail("core instance", instance.error());
  auto add = instance->typed_func<std::int32_t(std::int32_t, std::int32_t)>("add");
  if (!add) fail("add", add.error());
  std::int32_t x = 0;
  for (auto _ : state) x = *add->call(x, 1);
  benchmark::DoNotOptimize(x);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CoreCallTyped);

}  // namespace

BENCHMARK_MAIN();
