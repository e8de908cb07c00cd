#include <wrt/decoder/module.hpp>

namespace wrt {

ModuleDescription::ModuleDescription(Allocator& allocator) noexcept
    : sections(allocator),
      type_storage(allocator),
      types(allocator),
      imports(allocator),
      functions(allocator),
      tables(allocator),
      memories(allocator),
      globals(allocator),
      tags(allocator),
      exports(allocator),
      elements(allocator),
      local_groups(allocator),
      bodies(allocator),
      data(allocator),
      customs(allocator),
      names(allocator),
      allocator_(&allocator) {}

FuncType ModuleDescription::type(std::uint32_t type_index) const noexcept {
  const TypeEntry& entry = types[type_index];
  const ValType* first = type_storage.data() + entry.first;
  return FuncType{std::span<const ValType>(first, entry.param_count),
                  std::span<const ValType>(first + entry.param_count, entry.result_count)};
}

std::string_view ModuleDescription::function_name(std::uint32_t function_index) const noexcept {
  // Binary search: the name section lists functions by increasing index.
  std::size_t lo = 0;
  std::size_t hi = names.functions.size();
  while (lo < hi) {
    std::size_t mid = lo + (hi - lo) / 2;
    if (names.functions[mid].index < function_index) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < names.functions.size() && names.functions[lo].index == function_index) return names.functions[lo].name;
  return {};
}

bool operator==(const FuncType& a, const FuncType& b) noexcept {
  if (a.params.size() != b.params.size() || a.results.size() != b.results.size()) return false;
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    if (a.params[i] != b.params[i]) return false;
  }
  for (std::size_t i = 0; i < a.results.size(); ++i) {
    if (a.results[i] != b.results[i]) return false;
  }
  return true;
}

const char* name_of(ValType t) noexcept {
  switch (t) {
    case ValType::i32: return "i32";
    case ValType::i64: return "i64";
    case ValType::f32: return "f32";
    case ValType::f64: return "f64";
    case ValType::v128: return "v128";
    case ValType::funcref: return "funcref";
    case ValType::externref: return "externref";
    case ValType::exnref: return "exnref";
  }
  return "unknown";
}

const char* name_of(ExternKind k) noexcept {
  switch (k) {
    case ExternKind::function: return "func";
    case ExternKind::table: return "table";
    case ExternKind::memory: return "memory";
    case ExternKind::global: return "global";
    case ExternKind::tag: return "tag";
  }
  return "unknown";
}

}  // namespace wrt
