#include "text/gc_opcodes.hpp"

#include <string>
#include <unordered_map>

#include <wrt/decoder/opcode_table.hpp>

namespace wrt::text {

namespace {

struct GcOpcodeNames {
  std::unordered_map<std::string_view, GcOpcode> by_name;
  GcOpcodeNames() {
    // ref.test and ref.cast have two rows each (non-nullable, then nullable type): one name.
#define WRT_X(id, prefix, code, text, imm, sig, bytes, feature)                            \
  {                                                                                         \
    auto [it, added] = by_name.try_emplace(text, GcOpcode{prefix, code, code, GcImmediate::imm}); \
    if (!added) it->second.nullable_code = code;                                            \
  }
    WRT_OPCODES_GC(WRT_X)
#undef WRT_X
  }
};

}  // namespace

const GcOpcode* find_gc_opcode(std::string_view name) {
  static const GcOpcodeNames names;
  auto it = names.by_name.find(name);
  return it == names.by_name.end() ? nullptr : &it->second;
}

}  // namespace wrt::text
