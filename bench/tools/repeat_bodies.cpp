// Writes a bigger copy of a module: its defined functions repeated N times (the copies call the
// originals, so the module stays valid), custom sections dropped. Start-up benchmarks use it to
// get a module of tens of MB from a generated program without compiling one that large.
//
//   repeat_bodies INPUT.wasm N OUTPUT.wasm
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;

struct Reader {
  const Bytes& bytes;
  std::size_t at = 0;
  std::uint32_t leb() {
    std::uint32_t value = 0;
    for (int shift = 0;; shift += 7) {
      if (at >= bytes.size()) fail("truncated LEB128");
      std::uint8_t b = bytes[at++];
      value |= static_cast<std::uint32_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return value;
    }
  }
  [[noreturn]] static void fail(const char* what) {
    std::fprintf(stderr, "repeat_bodies: %s\n", what);
    std::exit(1);
  }
};

void put_leb(Bytes& out, std::uint32_t value) {
  do {
    std::uint8_t b = value & 0x7F;
    value >>= 7;
    out.push_back(static_cast<std::uint8_t>(b | (value != 0 ? 0x80 : 0)));
  } while (value != 0);
}

void put_section(Bytes& out, std::uint8_t id, const Bytes& payload) {
  out.push_back(id);
  put_leb(out, static_cast<std::uint32_t>(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: repeat_bodies INPUT.wasm N OUTPUT.wasm\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const Bytes bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const long copies = std::strtol(argv[2], nullptr, 10);
  if (bytes.size() < 8 || copies < 1) Reader::fail("need a module and N >= 1");
  Bytes out(bytes.begin(), bytes.begin() + 8);
  Reader r{bytes, 8};
  while (r.at < bytes.size()) {
    const std::uint8_t id = bytes[r.at++];
    const std::uint32_t size = r.leb();
    if (r.at + size > bytes.size()) Reader::fail("section past the end");
    const Bytes payload(bytes.begin() + static_cast<long>(r.at), bytes.begin() + static_cast<long>(r.at + size));
    r.at += size;
    if (id == 0) continue;  // custom sections (names) would refer to the old function indices
    if (id != 3 && id != 10) {
      put_section(out, id, payload);
      continue;
    }
    // Function section: type indices; code section: sized bodies. Both are a count and items.
    Reader p{payload};
    const std::uint32_t count = p.leb();
    const std::size_t items_at = p.at;
    if (id == 3) {
      for (std::uint32_t i = 0; i < count; ++i) (void)p.leb();
    } else {
      for (std::uint32_t i = 0; i < count; ++i) p.at += p.leb();
    }
    Bytes repeated;
    put_leb(repeated, static_cast<std::uint32_t>(count * copies));
    for (long c = 0; c < copies; ++c) repeated.insert(repeated.end(), payload.begin() + static_cast<long>(items_at), payload.end());
    put_section(out, id, repeated);
  }
  std::ofstream(argv[3], std::ios::binary).write(reinterpret_cast<const char*>(out.data()), static_cast<long>(out.size()));
  std::fprintf(stderr, "%s: %zu bytes\n", argv[3], out.size());
  return 0;
}
