// Foundation micro-benchmarks: LEB128 decoding is on the decoder's and validator's hot path.
#include <wrt/foundation.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

namespace {

// Encodes `count` unsigned values whose encoded lengths are spread like real code: mostly one
// byte (local indices, small constants), some two to five.
std::vector<std::uint8_t> make_u32_stream(std::size_t count, unsigned max_bits) {
  std::mt19937 rng(42);
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < count; ++i) {
    unsigned bits = 1 + static_cast<unsigned>(rng() % max_bits);
    std::uint32_t value = static_cast<std::uint32_t>(rng()) >> (32 - bits);
    do {
      std::uint8_t byte = value & 0x7F;
      value >>= 7;
      out.push_back(static_cast<std::uint8_t>(byte | (value != 0 ? 0x80 : 0)));
    } while (value != 0);
  }
  return out;
}

void decode_all(benchmark::State& state, const std::vector<std::uint8_t>& stream) {
  for (auto _ : state) {
    wrt::ByteReader reader(wrt::Bytes(stream.data(), stream.size()));
    std::uint32_t sum = 0;
    while (!reader.at_end()) {
      auto value = reader.read_u32();
      if (!value) state.SkipWithError("decode failed");
      sum += *value;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}

void BM_Leb128_U32_Short(benchmark::State& state) {
  static const auto stream = make_u32_stream(1 << 16, 7);  // all one byte
  decode_all(state, stream);
}
BENCHMARK(BM_Leb128_U32_Short);

void BM_Leb128_U32_Mixed(benchmark::State& state) {
  static const auto stream = make_u32_stream(1 << 16, 32);  // one to five bytes
  decode_all(state, stream);
}
BENCHMARK(BM_Leb128_U32_Mixed);

}  // namespace

BENCHMARK_MAIN();
