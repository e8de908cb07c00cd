// Quickstart: open a WebAssembly binary and list its sections with WRT's foundation layer.
//
//   wrt_quickstart FILE.wasm
//
// Shows the error model every WRT API uses: functions return wrt::Result<T>, WRT_TRY passes
// errors up, errors carry a byte offset and a context chain, and print with fmt.
#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string_view>
#include <vector>

namespace {

const char* section_name(std::uint8_t id) {
  static const char* const kNames[] = {"custom", "type",   "import", "function", "table",
                                       "memory", "global", "export", "start",    "element",
                                       "code",   "data",   "data count"};
  return id < std::size(kNames) ? kNames[id] : "unknown";
}

struct SectionInfo {
  std::uint8_t id;
  std::size_t offset;
  std::uint32_t size;
  std::string_view custom_name;
};

wrt::Result<std::vector<SectionInfo>> list_sections(wrt::Bytes bytes) {
  wrt::ByteReader reader(bytes);
  std::uint32_t magic = WRT_TRY(reader.read_fixed_u32().with_context("reading the header"));
  if (magic != 0x6d736100u) return wrt::Error(wrt::ErrorCode::bad_magic).at(0);
  std::uint32_t version = WRT_TRY(reader.read_fixed_u32().with_context("reading the header"));
  if (version != 1) return wrt::Error(wrt::ErrorCode::bad_version).at(4);

  std::vector<SectionInfo> sections;
  while (!reader.at_end()) {
    SectionInfo info{};
    info.offset = reader.offset();
    info.id = WRT_TRY(reader.read_u8());
    info.size = WRT_TRY(reader.read_u32().with_context("reading a section size"));
    wrt::ByteReader payload = WRT_TRY(reader.read_sub_reader(info.size).with_context("reading a section"));
    if (info.id == 0) {
      std::uint32_t length = WRT_TRY(payload.read_u32());
      wrt::Bytes name = WRT_TRY(payload.read_bytes(length).with_context("reading a custom section name"));
      info.custom_name = std::string_view(reinterpret_cast<const char*>(name.data()), name.size());
    }
    sections.push_back(info);
  }
  return sections;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: {} FILE.wasm\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) {
    fmt::print(stderr, "error: cannot open {}\n", argv[1]);
    return 1;
  }
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());

  auto sections = list_sections(bytes);
  if (!sections) {
    fmt::print(stderr, "error: {}: {}\n", argv[1], sections.error());
    return 1;
  }
  fmt::print("{}: {} bytes, {} sections (WRT {}, {} profile)\n", argv[1], bytes.size(), sections->size(),
             wrt::kVersion, WRT_PROFILE_NAME);
  for (const SectionInfo& s : *sections) {
    fmt::print("  {:>10} at {:>7}: {:>7} bytes{}\n", section_name(s.id), s.offset, s.size,
               s.custom_name.empty() ? std::string() : fmt::format(" \"{}\"", s.custom_name));
  }
  return 0;
}
