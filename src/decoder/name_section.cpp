#include "decoder/name_section.hpp"

#include <wrt/decoder/decoder.hpp>

namespace wrt {

namespace {

constexpr std::uint8_t kModuleNames = 0;
constexpr std::uint8_t kFunctionNames = 1;
constexpr std::uint8_t kLocalNames = 2;

Result<void> decode_names(ModuleDescription& module, ByteReader r) noexcept {
  Names& names = module.names;
  while (!r.at_end()) {
    std::uint8_t id = WRT_TRY(r.read_u8());
    std::uint32_t size = WRT_TRY(r.read_u32());
    ByteReader sub = WRT_TRY(r.read_sub_reader(size));
    switch (id) {
      case kModuleNames:
        names.module = WRT_TRY(read_name(sub));
        break;
      case kFunctionNames: {
        std::uint32_t count = WRT_TRY(sub.read_u32());
        WRT_TRY(names.functions.reserve(count < sub.remaining() ? count : sub.remaining()));
        for (std::uint32_t i = 0; i < count; ++i) {
          NameEntry entry;
          entry.index = WRT_TRY(sub.read_u32());
          entry.name = WRT_TRY(read_name(sub));
          // The spec requires increasing indices; lookups rely on it.
          if (!names.functions.empty() && entry.index <= names.functions.back().index) {
            return Error(ErrorCode::malformed, "function names out of order");
          }
          WRT_TRY(names.functions.push_back(entry));
        }
        break;
      }
      case kLocalNames: {
        std::uint32_t functions = WRT_TRY(sub.read_u32());
        for (std::uint32_t f = 0; f < functions; ++f) {
          std::uint32_t function = WRT_TRY(sub.read_u32());
          std::uint32_t count = WRT_TRY(sub.read_u32());
          for (std::uint32_t i = 0; i < count; ++i) {
            LocalNameEntry entry;
            entry.function = function;
            entry.local = WRT_TRY(sub.read_u32());
            entry.name = WRT_TRY(read_name(sub));
            WRT_TRY(names.locals.push_back(entry));
          }
        }
        break;
      }
      default:
        break;  // other subsections (labels, types, ...) are skipped
    }
  }
  return {};
}

}  // namespace

void decode_name_section(ModuleDescription& module) noexcept {
  for (const CustomSection& custom : module.customs) {
    if (custom.name != "name") continue;
    auto result = decode_names(module, ByteReader(custom.data, custom.offset));
    if (!result) {
      module.names.module = {};
      module.names.functions.clear();
      module.names.locals.clear();
    }
    return;  // only the first name section counts
  }
}

}  // namespace wrt
