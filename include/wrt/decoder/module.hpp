// ModuleDescription: what the decoder learns from a binary.
//
// It describes the module without copying it: names, code bodies, constant expressions,
// element items and data are views into the caller's bytes, which must outlive the ModuleDescription.
// Everything else lives in vectors from the ModuleDescription's allocator (an arena in the no-heap
// profile). Index spaces put imports first, as the spec does.
#pragma once

#include <cstdint>
#include <string_view>

#include <wrt/decoder/types.hpp>
#include <wrt/error/result.hpp>
#include <wrt/foundation/allocator.hpp>
#include <wrt/foundation/byte_reader.hpp>
#include <wrt/foundation/vec.hpp>

namespace wrt {

// The instructions of a constant expression, through its final `end`.
struct ConstExpr {
  Bytes code;
  std::uint32_t offset = 0;  // absolute offset of code[0]
};

struct Import {
  std::string_view module;
  std::string_view name;
  ExternKind kind = ExternKind::function;
  std::uint32_t type_index = 0;  // kind == function or tag
  TableType table;               // kind == table
  MemoryType memory;             // kind == memory
  GlobalType global;             // kind == global
  std::uint32_t offset = 0;      // absolute offset of the import entry
};

struct Export {
  std::string_view name;
  ExternKind kind = ExternKind::function;
  std::uint32_t index = 0;
  std::uint32_t offset = 0;
};

struct GlobalDefinition {
  GlobalType type;
  ConstExpr init;  // empty for imported globals
};

enum class SegmentMode : std::uint8_t { active, passive, declarative };

struct ElementSegment {
  SegmentMode mode = SegmentMode::active;
  ValType type = ValType::funcref;
  std::uint32_t table = 0;
  ConstExpr offset;         // active segments
  bool item_expressions = false;  // items are constant expressions, else function indices
  std::uint32_t count = 0;
  Bytes items;              // the encoded items (see ElementItemReader)
  std::uint32_t items_offset = 0;
  std::uint32_t entry_offset = 0;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::active;
  std::uint32_t memory = 0;
  ConstExpr offset;  // active segments
  Bytes init;
  std::uint32_t entry_offset = 0;
};

struct LocalGroup {
  std::uint32_t count = 0;
  ValType type = ValType::i32;
};

struct FunctionBody {
  Bytes code;                        // the instructions after the local declarations
  std::uint32_t code_offset = 0;     // absolute offset of code[0]
  std::uint32_t body_offset = 0;     // absolute offset of the body (after its size)
  std::uint32_t first_local_group = 0;  // into ModuleDescription::local_groups
  std::uint32_t local_group_count = 0;
  std::uint32_t local_count = 0;     // declared locals, parameters excluded
};

struct CustomSection {
  std::string_view name;
  Bytes data;
  std::uint32_t offset = 0;  // absolute offset of data[0]
};

struct NameEntry {
  std::uint32_t index = 0;
  std::string_view name;
};

struct LocalNameEntry {
  std::uint32_t function = 0;
  std::uint32_t local = 0;
  std::string_view name;
};

// The `name` custom section, decoded. A malformed name section is not an error (custom
// sections never make a module invalid); it just leaves these empty.
struct Names {
  explicit Names(Allocator& allocator) noexcept : functions(allocator), locals(allocator) {}
  std::string_view module;
  Vec<NameEntry> functions;     // sorted by index
  Vec<LocalNameEntry> locals;   // sorted by function, then local
};

struct SectionInfo {
  std::uint8_t id = 0;
  std::uint32_t offset = 0;  // absolute offset of the section id byte
  std::uint32_t size = 0;    // payload bytes
  std::uint32_t payload_offset = 0;
};

struct TypeEntry {
  std::uint32_t first = 0;  // into ModuleDescription::type_storage: params, then results
  std::uint32_t param_count = 0;
  std::uint32_t result_count = 0;
};

class ModuleDescription {
 public:
  explicit ModuleDescription(Allocator& allocator) noexcept;
#if WRT_HAS_DEFAULT_ALLOCATOR
  ModuleDescription() noexcept : ModuleDescription(default_allocator()) {}
#endif
  ModuleDescription(ModuleDescription&&) noexcept = default;
  ModuleDescription& operator=(ModuleDescription&&) noexcept = default;

  [[nodiscard]] Allocator& allocator() const noexcept { return *allocator_; }

  [[nodiscard]] FuncType type(std::uint32_t type_index) const noexcept;
  [[nodiscard]] FuncType function_type(std::uint32_t function_index) const noexcept {
    return type(functions[function_index]);
  }
  [[nodiscard]] std::uint32_t function_count() const noexcept { return static_cast<std::uint32_t>(functions.size()); }
  [[nodiscard]] bool is_imported_function(std::uint32_t index) const noexcept { return index < imported_functions; }
  [[nodiscard]] const FunctionBody& body(std::uint32_t function_index) const noexcept {
    return bodies[function_index - imported_functions];
  }
  // The function's name from the name section, or an empty view.
  [[nodiscard]] std::string_view function_name(std::uint32_t function_index) const noexcept;

  Bytes bytes;  // the whole binary
  Vec<SectionInfo> sections;  // in binary order

  Vec<ValType> type_storage;
  Vec<TypeEntry> types;
  // For each type index, the first index of an equivalent type (see types_equivalent); empty
  // until the decoder has read the type section.
  [[no_unique_address]] VecIf<kFunctionReferences, std::uint32_t> canonical_types;  // (none without typed references)
  [[nodiscard]] std::uint32_t canonical_type(std::uint32_t type_index) const noexcept;
  Vec<Import> imports;
  Vec<std::uint32_t> functions;  // type index of each function, imported first
  Vec<TableType> tables;
  // Defined tables' initializer expressions (typed function references: `0x40 0x00` tables),
  // indexed by table index minus imported_tables; empty code for a table without one.
  [[no_unique_address]] VecIf<kFunctionReferences, ConstExpr> table_inits;
  Vec<MemoryType> memories;
  Vec<GlobalDefinition> globals;
  [[no_unique_address]] VecIf<kExceptions, std::uint32_t> tags;  // exception handling: the function type index of each tag, imported first
  std::uint32_t imported_functions = 0;
  std::uint32_t imported_tables = 0;
  std::uint32_t imported_memories = 0;
  std::uint32_t imported_globals = 0;
  std::uint32_t imported_tags = 0;
  Vec<Export> exports;
  bool has_start = false;
  std::uint32_t start = 0;
  Vec<ElementSegment> elements;
  bool has_data_count = false;
  std::uint32_t data_count = 0;
  Vec<LocalGroup> local_groups;
  Vec<FunctionBody> bodies;
  Vec<DataSegment> data;
  Vec<CustomSection> customs;
  Names names;

 private:
  Allocator* allocator_;
};

// Typed function references (WebAssembly 3.0, without GC): whether type index `a` of `ma`
// and `b` of `mb` denote the same function type, and whether value type `a` (of module `ma`)
// is a subtype of `b` (of `mb`): numbers and vectors only of themselves; references when the
// nullability allows it and the heap types match (a concrete function type is below func,
// nofunc below every function type, noextern below extern, noexn below exn).
// With typed function references compiled out (kFunctionReferences) no type names another
// and every reference is nullable: subtyping is equality and equivalence compares the function
// types, so both fold to 2.0's inline comparisons.
namespace detail {
[[nodiscard]] bool typed_types_equivalent(const ModuleDescription& ma, std::uint32_t a, const ModuleDescription& mb,
                                          std::uint32_t b) noexcept;
[[nodiscard]] bool typed_is_subtype(ValType a, const ModuleDescription& ma, ValType b, const ModuleDescription& mb) noexcept;
}  // namespace detail
[[nodiscard]] inline bool types_equivalent(const ModuleDescription& ma, std::uint32_t a, const ModuleDescription& mb,
                                           std::uint32_t b) noexcept {
  if constexpr (!kFunctionReferences) {
    return a < ma.types.size() && b < mb.types.size() && ma.type(a) == mb.type(b);
  } else {
    return detail::typed_types_equivalent(ma, a, mb, b);
  }
}
[[nodiscard]] inline bool is_subtype(ValType a, const ModuleDescription& ma, ValType b, const ModuleDescription& mb) noexcept {
  if constexpr (!kFunctionReferences) {
    (void)ma;
    (void)mb;
    return a == b;
  } else {
    return detail::typed_is_subtype(a, ma, b, mb);
  }
}
[[nodiscard]] inline bool is_subtype(ValType a, ValType b, const ModuleDescription& module) noexcept {
  return is_subtype(a, module, b, module);
}
// Fills module.canonical_types (the decoder calls it after the type section).
Result<void> compute_canonical_types(ModuleDescription& module) noexcept;

}  // namespace wrt
