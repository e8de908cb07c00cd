// Component decode + validate throughput, next to the core decoder's on the core modules
// inside the same component, so that the component layer's own cost is visible.
//
//   wrt_bench_component [benchmark flags] COMPONENT.wasm...
//
// For each component (read once; every iteration works from memory):
//   <name>/component/decode           decode_component (which decodes the core modules too)
//   <name>/component/validate         validate_component of a description decoded beforehand
//                                     (which validates the core modules too)
//   <name>/component/decode_validate  both
//   <name>/core_modules/decode        decode_module of each core module inside, one after another
//   <name>/core_modules/decode_validate
// MB/s of the component rows count the component's bytes, of the core rows the core modules'
// bytes; compare the times per iteration for the overhead. `bench-component` runs it on the
// real components of tests/component/data.
#include <wrt/component/validator.hpp>
#include <wrt/decoder/decoder.hpp>
#include <wrt/validator/validator.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace cm = wrt::component;

struct Input {
  std::string name;
  std::vector<std::uint8_t> bytes;
  std::vector<wrt::Bytes> core_modules;  // views into bytes
  std::size_t core_bytes = 0;
  std::unique_ptr<cm::ComponentDescription> description;  // decoded once, for the validate row
};

wrt::Bytes view(const Input& in) { return wrt::Bytes(in.bytes.data(), in.bytes.size()); }

void component_decode(benchmark::State& state, const Input* in) {
  for (auto _ : state) {
    cm::ComponentDescription description;
    auto r = cm::decode_component(view(*in), {}, description);
    if (!r) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(description.definitions.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in->bytes.size()));
}

void component_validate(benchmark::State& state, const Input* in) {
  for (auto _ : state) {
    cm::ComponentInfo info;
    auto r = cm::validate_component(*in->description, {}, info);
    if (!r) state.SkipWithError("invalid component");
    benchmark::DoNotOptimize(info.types.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in->bytes.size()));
}

void component_decode_validate(benchmark::State& state, const Input* in) {
  for (auto _ : state) {
    cm::ComponentDescription description;
    cm::ComponentInfo info;
    auto r = cm::decode_and_validate_component(view(*in), {}, description, info);
    if (!r) state.SkipWithError("invalid component");
    benchmark::DoNotOptimize(info.types.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in->bytes.size()));
}

void core_decode(benchmark::State& state, const Input* in) {
  for (auto _ : state) {
    for (wrt::Bytes bytes : in->core_modules) {
      wrt::ModuleDescription module;
      auto r = wrt::decode_module(bytes, {}, module);
      if (!r) state.SkipWithError("decode failed");
      benchmark::DoNotOptimize(module.functions.size());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in->core_bytes));
}

void core_decode_validate(benchmark::State& state, const Input* in) {
  for (auto _ : state) {
    for (wrt::Bytes bytes : in->core_modules) {
      wrt::ModuleDescription module;
      auto r = wrt::decode_and_validate(bytes, {}, module);
      if (!r) state.SkipWithError("invalid module");
      benchmark::DoNotOptimize(module.functions.size());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in->core_bytes));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s [benchmark flags] COMPONENT.wasm...\n", argv[0]);
    return 2;
  }
  std::vector<std::unique_ptr<Input>> inputs;
  for (int i = 1; i < argc; ++i) {
    auto in = std::make_unique<Input>();
    std::ifstream file(argv[i], std::ios::binary);
    in->bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    in->name = std::filesystem::path(argv[i]).stem().string();  // hello.component
    in->name = in->name.substr(0, in->name.find('.'));
    if (in->bytes.empty()) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 2;
    }
    in->description = std::make_unique<cm::ComponentDescription>();
    cm::ComponentInfo info;
    auto r = cm::decode_and_validate_component(view(*in), {}, *in->description, info);
    if (!r) {
      char text[256];
      (void)r.error().format(text, sizeof text);
      std::fprintf(stderr, "%s: %s\n", argv[i], text);
      return 2;
    }
    for (const cm::CoreModuleDef& m : in->description->core_modules) {
      in->core_modules.push_back(m.bytes);
      in->core_bytes += m.bytes.size();
    }
    std::fprintf(stderr, "%s: %zu bytes, %zu core modules of %zu bytes in all, %zu components\n", argv[i],
                 in->bytes.size(), in->core_modules.size(), in->core_bytes, in->description->components.size());
    const Input* p = in.get();
    benchmark::RegisterBenchmark((p->name + "/component/decode").c_str(), component_decode, p)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((p->name + "/component/validate").c_str(), component_validate, p)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((p->name + "/component/decode_validate").c_str(), component_decode_validate, p)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((p->name + "/core_modules/decode").c_str(), core_decode, p)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((p->name + "/core_modules/decode_validate").c_str(), core_decode_validate, p)
        ->Unit(benchmark::kMicrosecond);
    inputs.push_back(std::move(in));
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
