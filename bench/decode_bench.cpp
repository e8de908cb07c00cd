// Decoder and validator throughput: decode + validate of a whole module, in MB/s.
//
//   wrt_bench_decode [benchmark flags] MODULE.wasm
//
// The module is read once; each iteration decodes and validates it from memory (no I/O). The
// `bench-decode` target builds a large generated program and runs this on it.
#include <wrt/decoder/decoder.hpp>
#include <wrt/validator/validator.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

std::vector<std::uint8_t> g_module;

void BM_Decode(benchmark::State& state) {
  for (auto _ : state) {
    wrt::ModuleDescription module;
    auto r = wrt::decode_module(wrt::Bytes(g_module.data(), g_module.size()), {}, module);
    if (!r) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(module.functions.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * g_module.size()));
}
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond);

void BM_DecodeValidate(benchmark::State& state) {
  for (auto _ : state) {
    wrt::ModuleDescription module;
    auto r = wrt::decode_and_validate(wrt::Bytes(g_module.data(), g_module.size()), {}, module);
    if (!r) state.SkipWithError("invalid module");
    benchmark::DoNotOptimize(module.functions.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * g_module.size()));
}
BENCHMARK(BM_DecodeValidate)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s [benchmark flags] MODULE.wasm\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  g_module.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (g_module.empty()) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  std::fprintf(stderr, "module: %s, %zu bytes\n", argv[1], g_module.size());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
