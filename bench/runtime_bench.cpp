// Runtime micro-benchmarks: compile (decode + validate [+ translate]) throughput, instantiation,
// host -> wasm and wasm -> host call overhead, wasm -> wasm calls, memory.grow, fuel on and off.
//
//   wrt_bench_runtime [benchmark flags] [LARGE.wasm]
//
// The small modules are bench/modules/*.wat (built with wat2wasm); LARGE.wasm (the generated
// program of `bench-decode`, or any module without imports) adds the large-module benchmarks.
#include <wrt/wrt.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace {

std::vector<std::uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::uint8_t> g_small;
std::vector<std::uint8_t> g_calls;
std::vector<std::uint8_t> g_large;

wrt::Module compile(const std::vector<std::uint8_t>& bytes, bool eager = false) {
  wrt::ModuleOptions options;
  options.eager_translation = eager;
  auto module = wrt::Module::from_bytes(bytes, options);
  if (!module) {
    std::fprintf(stderr, "cannot compile a benchmark module\n");
    std::exit(1);
  }
  return std::move(*module);
}

wrt::Result<wrt::HostAction> host_inc(wrt::HostCall& call) noexcept {
  call.set_result(0, wrt::Value::i32(call.arg(0).as_i32() + 1));
  return wrt::HostAction::done;
}

wrt::ImportMap calls_imports(bool typed) {
  wrt::ImportMap imports;
  if (typed) {
    imports.define("env", "host_inc", [](std::int32_t x) { return x + 1; });
  } else {
    imports.define_native("env", "host_inc", {{wrt::ValType::i32}, {wrt::ValType::i32}}, host_inc, nullptr);
  }
  return imports;
}

wrt::ModuleInstance instantiate(const wrt::Module& module, const wrt::ImportMap& imports = {}) {
  auto instance = wrt::ModuleInstance::create(module, imports);
  if (!instance) {
    std::fprintf(stderr, "cannot instantiate a benchmark module\n");
    std::exit(1);
  }
  return std::move(*instance);
}

void compile_bench(benchmark::State& state, const std::vector<std::uint8_t>& bytes, bool eager) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(compile(bytes, eager).size_bytes());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}

void BM_CompileSmall(benchmark::State& state) { compile_bench(state, g_small, false); }
BENCHMARK(BM_CompileSmall);

void BM_CompileLargeLazy(benchmark::State& state) {
  if (g_large.empty()) return state.SkipWithError("no large module given");
  compile_bench(state, g_large, false);
}
BENCHMARK(BM_CompileLargeLazy)->Unit(benchmark::kMillisecond);

// Decode + validate + translate every function: the work lazy translation spreads out.
void BM_CompileLargeEager(benchmark::State& state) {
  if (g_large.empty()) return state.SkipWithError("no large module given");
  compile_bench(state, g_large, true);
}
BENCHMARK(BM_CompileLargeEager)->Unit(benchmark::kMillisecond);

void BM_InstantiateSmall(benchmark::State& state) {
  wrt::Module module = compile(g_small);
  for (auto _ : state) {
    wrt::ModuleInstance instance = instantiate(module);
    benchmark::DoNotOptimize(&instance);
  }
}
BENCHMARK(BM_InstantiateSmall)->Unit(benchmark::kMicrosecond);

void BM_InstantiateLarge(benchmark::State& state) {
  if (g_large.empty()) return state.SkipWithError("no large module given");
  wrt::Module module = compile(g_large);
  for (auto _ : state) {
    wrt::ModuleInstance instance = instantiate(module);
    benchmark::DoNotOptimize(&instance);
  }
}
BENCHMARK(BM_InstantiateLarge)->Unit(benchmark::kMicrosecond);

// host -> wasm: one call of a two-argument export through TypedFunc (the embedding API).
void BM_HostToWasmTyped(benchmark::State& state) {
  wrt::Module module = compile(g_calls);
  wrt::ModuleInstance instance = instantiate(module, calls_imports(false));
  auto add = instance.typed_func<std::int32_t(std::int32_t, std::int32_t)>("add");
  std::int32_t x = 0;
  for (auto _ : state) {
    x = *add->call(x, 1);
  }
  benchmark::DoNotOptimize(x);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HostToWasmTyped);

// wasm -> host: 1000 calls of an imported function per iteration.
void wasm_to_host(benchmark::State& state, bool typed) {
  wrt::Module module = compile(g_calls);
  wrt::ModuleInstance instance = instantiate(module, calls_imports(typed));
  auto call_host = instance.typed_func<std::int32_t(std::int32_t)>("call_host");
  for (auto _ : state) {
    if (*call_host->call(1000) != 1000) return state.SkipWithError("wrong result");
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
void BM_WasmToHostNative(benchmark::State& state) { wasm_to_host(state, false); }
BENCHMARK(BM_WasmToHostNative);
void BM_WasmToHostTyped(benchmark::State& state) { wasm_to_host(state, true); }
BENCHMARK(BM_WasmToHostTyped);

// wasm -> wasm: 1000 calls of a one-instruction function per iteration.
void BM_WasmToWasm(benchmark::State& state) {
  wrt::Module module = compile(g_calls);
  wrt::ModuleInstance instance = instantiate(module, calls_imports(false));
  auto call_wasm = instance.typed_func<std::int32_t(std::int32_t)>("call_wasm");
  for (auto _ : state) {
    if (*call_wasm->call(1000) != 1000) return state.SkipWithError("wrong result");
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_WasmToWasm);

// memory.grow by one page, 256 times per iteration (to 16 MiB), in a fresh instance each time.
void BM_MemoryGrow(benchmark::State& state) {
  wrt::Module module = compile(g_calls);
  for (auto _ : state) {
    state.PauseTiming();
    std::optional<wrt::ModuleInstance> instance(instantiate(module, calls_imports(false)));
    auto grow = instance->typed_func<std::int32_t(std::int32_t)>("grow");
    state.ResumeTiming();
    if (*grow->call(256) != 257) return state.SkipWithError("wrong result");
    state.PauseTiming();
    instance.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * 256);
}
BENCHMARK(BM_MemoryGrow);

// An integer loop of 1M iterations (7 instructions each), with fuel metering off and on.
void spin(benchmark::State& state, bool fuel) {
  wrt::Module module = compile(g_calls);
  wrt::ModuleInstance instance = instantiate(module, calls_imports(false));
  auto spin = instance.typed_func<std::int32_t(std::int32_t)>("spin");
  std::int32_t x = 0;
  for (auto _ : state) {
    if (fuel) instance.set_fuel(~std::uint64_t{0} >> 1);
    x += *spin->call(1'000'000);
  }
  benchmark::DoNotOptimize(x);
  state.SetItemsProcessed(state.iterations() * 1'000'000);
}
void BM_LoopFuelOff(benchmark::State& state) { spin(state, false); }
BENCHMARK(BM_LoopFuelOff)->Unit(benchmark::kMillisecond);
void BM_LoopFuelOn(benchmark::State& state) { spin(state, true); }
BENCHMARK(BM_LoopFuelOn)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc > 2) {
    std::fprintf(stderr, "usage: %s [benchmark flags] [LARGE.wasm]\n", argv[0]);
    return 2;
  }
  g_small = read_bytes(WRT_BENCH_MODULES "/small.wasm");
  g_calls = read_bytes(WRT_BENCH_MODULES "/calls.wasm");
  if (g_small.empty() || g_calls.empty()) {
    std::fprintf(stderr, "cannot read the benchmark modules in %s\n", WRT_BENCH_MODULES);
    return 2;
  }
  if (argc == 2) {
    g_large = read_bytes(argv[1]);
    if (g_large.empty()) {
      std::fprintf(stderr, "cannot read %s\n", argv[1]);
      return 2;
    }
    std::fprintf(stderr, "large module: %s, %zu bytes\n", argv[1], g_large.size());
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
