// Text-format parse speed, in MB/s of `.wat`, next to wabt's wat2wasm on the same file.
//
//   wrt_bench_text [benchmark flags] MODULE.wasm|MODULE.wat
//
// A binary module is first printed as text (wrt::text::print_module); the text is then parsed
// and encoded to the binary format in memory by each iteration of BM_ParseText. BM_Wat2wasm
// runs wabt's `wat2wasm` (found on PATH; skipped without it) on the same text written to a
// temporary file (with --enable-annotations: the text keeps custom sections as `(@custom ...)`): its time includes starting the process and writing the output file, which
// for a text of several MB is a small part.
#include <wrt/text/printer.hpp>
#include <wrt/text/text.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

std::string g_text;
std::filesystem::path g_text_file;

void BM_ParseText(benchmark::State& state) {
  for (auto _ : state) {
    wrt::text::BinaryResult r = wrt::text::parse_module(g_text);
    if (!r.ok()) state.SkipWithError(r.error->to_string().c_str());
    benchmark::DoNotOptimize(r.binary.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * g_text.size()));
}
// Real time, as for wat2wasm (a child process, whose CPU time the benchmark cannot see).
BENCHMARK(BM_ParseText)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Wat2wasm(benchmark::State& state) {
  if (std::system("command -v wat2wasm > /dev/null 2>&1") != 0) {
    state.SkipWithError("wat2wasm not found");
    return;
  }
  const std::filesystem::path out = g_text_file.string() + ".wasm";
  const std::string command = "wat2wasm --enable-annotations '" + g_text_file.string() + "' -o '" + out.string() + "'";
  for (auto _ : state) {
    if (std::system(command.c_str()) != 0) state.SkipWithError("wat2wasm failed");
  }
  std::filesystem::remove(out);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * g_text.size()));
}
BENCHMARK(BM_Wat2wasm)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s [benchmark flags] MODULE.wasm|MODULE.wat\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  if (wrt::text::looks_like_text(bytes)) {
    g_text.assign(bytes.begin(), bytes.end());
  } else {
    wrt::text::PrintResult printed = wrt::text::print_module(bytes);
    if (!printed.ok()) {
      std::fprintf(stderr, "cannot print %s: %s\n", argv[1], printed.error.c_str());
      return 2;
    }
    g_text = std::move(printed.text);
  }
  g_text_file = std::filesystem::temp_directory_path() /
                ("wrt_bench_text_" + std::to_string(static_cast<long>(::getpid())) + ".wat");
  std::ofstream(g_text_file, std::ios::binary) << g_text;
  std::fprintf(stderr, "module: %s, %zu bytes of text\n", argv[1], g_text.size());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove(g_text_file);
  return 0;
}
