// Uses the foundation as firmware would, with no heap: everything lives in a static arena or
// inline. Returns 0 when every step gives the expected result; the step number otherwise.
// Its linked image is checked for heap references in the freestanding profile.
#include <wrt/error.hpp>
#include <wrt/foundation.hpp>

#include <cstdint>

namespace {

wrt::StaticArena<1024> g_arena;

struct Section {
  std::uint8_t id;
  std::uint32_t size;
};

// Reads "\0asm" + version + (id, size, payload)*; section headers go into an arena-backed Vec.
wrt::Result<std::size_t> count_sections(wrt::Bytes bytes, wrt::Vec<Section>& out) {
  wrt::ByteReader reader(bytes);
  std::uint32_t magic = WRT_TRY(reader.read_fixed_u32());
  if (magic != 0x6d736100u) return reader.error_here(wrt::ErrorCode::bad_magic);
  std::uint32_t version = WRT_TRY(reader.read_fixed_u32());
  if (version != 1) return reader.error_here(wrt::ErrorCode::bad_version);
  while (!reader.at_end()) {
    std::uint8_t id = WRT_TRY(reader.read_u8());
    std::uint32_t size = WRT_TRY(reader.read_u32().with_context("section size"));
    WRT_TRY(reader.skip(size));
    WRT_TRY(out.push_back(Section{id, size}));
  }
  return out.size();
}

}  // namespace

int main() {
  static const std::uint8_t module[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // header
                                        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,              // type section
                                        0x03, 0x02, 0x01, 0x00};                         // function section
  wrt::Vec<Section> sections(g_arena);
  auto count = count_sections(module, sections);
  if (!count || *count != 2 || sections[1].id != 3) return 1;

  // A truncated module: a clean error with an offset, formatted without stdio.
  static const std::uint8_t truncated[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x80};
  wrt::Vec<Section> none(g_arena);
  auto bad = count_sections(truncated, none);
  if (bad || bad.error().code() != wrt::ErrorCode::unexpected_end) return 2;
  char text[96];
  std::size_t length = bad.error().format(text, sizeof text);
  if (length == 0 || length >= sizeof text) return 3;

  wrt::BoundedVec<std::uint32_t, 4> stack;
  for (std::uint32_t i = 0; i < 4; ++i) {
    if (!stack.push_back(i)) return 4;
  }
  if (stack.push_back(5)) return 5;  // full: refused

  wrt::BoundedString<16> name;
  if (!name.append("probe") || name.append("-with-a-long-suffix")) return 6;

  if (g_arena.arena().high_water() == 0) return 7;
  return 0;
}
