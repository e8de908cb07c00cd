// The component binary format (Component Model `Binary.md`) as plain data.
//
// decode_component reads a component into a ComponentDescription: every section, every
// definition in binary order, nested components and core modules to a configurable depth,
// every type constructor, canonical built-in and import/export name. Nothing is checked
// beyond what the binary format says (that is wrt/component/validator.hpp's job), but
// everything the format says is checked, so a description is always well-formed. Core
// modules embedded in the component are decoded here by the core decoder, so a malformed
// module makes the component malformed, as the spec orders it.
//
// The description does not copy the binary: names and module bytes are views into it, and
// the bytes must outlive the description. Everything else lives in vectors from the
// description's allocator. Nested lists (the fields of a record, the declarations of an
// instance type, the definitions of a nested component) are stored contiguously in shared
// pools and referenced by (first, count) ranges.
#pragma once

#include <cstdint>
#include <string_view>
#include <wrt/decoder/decoder.hpp>
#include <wrt/decoder/module.hpp>
#include <wrt/error/result.hpp>
#include <wrt/foundation/byte_reader.hpp>
#include <wrt/foundation/vec.hpp>

namespace wrt::component {

// The binary's version and layer fields (Binary.md, `preamble`).
inline constexpr std::uint16_t kComponentVersion = 0x0d;
inline constexpr std::uint16_t kComponentLayer = 1;

// True when `bytes` start like a component (rather than a core module).
[[nodiscard]] bool looks_like_component(Bytes bytes) noexcept;

// The index spaces (Explainer.md, "Index Spaces"): 8 core sorts and 5 component sorts.
enum class Sort : std::uint8_t {
  core_func,
  core_table,
  core_memory,
  core_global,
  core_tag,
  core_type,
  core_module,
  core_instance,
  func,
  value,
  type,
  component,
  instance,
};
inline constexpr unsigned kSortCount = 13;
[[nodiscard]] const char* name_of(Sort sort) noexcept;  // "core func", "func", ...
[[nodiscard]] constexpr bool is_core(Sort sort) noexcept { return sort <= Sort::core_instance; }

struct SortIndex {
  Sort sort = Sort::func;
  std::uint32_t index = 0;
};

// Primitive value types, with their binary codes.
enum class Primitive : std::uint8_t {
  bool_ = 0x7f,
  s8 = 0x7e,
  u8 = 0x7d,
  s16 = 0x7c,
  u16 = 0x7b,
  s32 = 0x7a,
  u32 = 0x79,
  s64 = 0x78,
  u64 = 0x77,
  f32 = 0x76,
  f64 = 0x75,
  char_ = 0x74,
  string = 0x73,
  error_context = 0x64,
};
[[nodiscard]] const char* name_of(Primitive p) noexcept;  // "bool", "u32", "error-context"
[[nodiscard]] bool is_primitive_code(std::uint8_t code) noexcept;

// A <valtype>: a primitive or a type index.
class ValTypeRef {
 public:
  constexpr ValTypeRef() noexcept = default;
  static constexpr ValTypeRef primitive(Primitive p) noexcept { return ValTypeRef(kPrimitiveBit | static_cast<std::uint32_t>(p)); }
  static constexpr ValTypeRef index(std::uint32_t i) noexcept { return ValTypeRef(i); }
  [[nodiscard]] constexpr bool is_primitive() const noexcept { return (bits_ & kPrimitiveBit) != 0; }
  [[nodiscard]] constexpr Primitive as_primitive() const noexcept { return static_cast<Primitive>(bits_ & 0xff); }
  [[nodiscard]] constexpr std::uint32_t as_index() const noexcept { return bits_; }
  friend constexpr bool operator==(ValTypeRef, ValTypeRef) noexcept = default;

 private:
  static constexpr std::uint32_t kPrimitiveBit = 0x8000'0000u;
  constexpr explicit ValTypeRef(std::uint32_t bits) noexcept : bits_(bits) {}
  std::uint32_t bits_ = 0;
};
// Type indices are < 2^31 (the decoder refuses larger ones), so the bit never collides.

// A label with an optional type: record fields and function parameters (always typed),
// variant cases (optionally typed), flags and enum cases (never typed).
struct Labeled {
  std::string_view label;
  ValTypeRef type;
  bool has_type = false;
  std::uint32_t offset = 0;
};

enum class TypeKind : std::uint8_t {
  primitive,
  record,
  variant,
  list,
  fixed_list,
  tuple,
  flags,
  enum_,
  option,
  result,
  own,
  borrow,
  stream,
  future,
  map,
  func,
  component,
  instance,
  resource,
};
[[nodiscard]] const char* name_of(TypeKind kind) noexcept;

// One <deftype> (component level). Which fields matter depends on `kind`:
//   primitive: primitive
//   record, variant, tuple, flags, enum_: labeled[first, first + count)  (tuple: unlabeled)
//   list, option: a;  fixed_list: a, length;  result: a?, b?;  map: a (key), b (value)
//   own, borrow: index (a type index);  stream, future: a?
//   func: labeled[first, first + count) are the params, a? the result, is_async
//   component, instance: decls[first, first + count)
//   resource: rep (i32 or i64), dtor? (a core function index)
struct TypeDef {
  TypeKind kind = TypeKind::primitive;
  Primitive primitive = Primitive::bool_;
  bool has_a = false;
  bool has_b = false;
  bool is_async = false;
  bool has_dtor = false;
  ValType rep = ValType::i32;
  ValTypeRef a;
  ValTypeRef b;
  std::uint32_t index = 0;   // own/borrow: type index; resource: destructor
  std::uint32_t length = 0;  // fixed_list
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  std::uint32_t offset = 0;
};

// Import/export name with its attributes (Binary.md, `nameattributes`).
struct ExternName {
  std::string_view name;
  std::string_view implements;      // 🏷️ (implements "...")
  std::string_view version_suffix;  // 🔗 (versionsuffix "...")
  std::string_view external_id;     // 🏷️ (external-id "...")
  bool has_implements = false;
  bool has_version_suffix = false;
  bool has_external_id = false;
  bool duplicate_attribute = false;  // an attribute kind given twice (a validation error)
  std::uint8_t form = 0;             // the nameattributes byte: 0x00, 0x01 or 0x02
  std::uint32_t offset = 0;
};

// <externtype>: what an import or export declares.
enum class ExternKind : std::uint8_t { core_module, func, value, type, component, instance };
[[nodiscard]] const char* name_of(ExternKind kind) noexcept;
struct ExternDesc {
  ExternKind kind = ExternKind::func;
  // core_module, func, component, instance: a (core) type index.
  // type: bound_eq ? (eq index) : (sub resource).
  // value: bound_eq ? (eq value index) : the value type `value_type`.
  std::uint32_t index = 0;
  bool bound_eq = false;
  ValTypeRef value_type;
  std::uint32_t offset = 0;
};

// An alias (definition or declarator).
enum class AliasKind : std::uint8_t { instance_export, core_instance_export, outer };
struct Alias {
  AliasKind kind = AliasKind::instance_export;
  Sort sort = Sort::func;
  std::uint32_t instance = 0;  // instance_export, core_instance_export
  std::string_view name;       // instance_export, core_instance_export
  std::uint32_t count = 0;     // outer: enclosing scopes to skip
  std::uint32_t index = 0;     // outer: index in that scope
  std::uint32_t offset = 0;
};

// A declarator of a component or instance type (or of a core module type).
enum class DeclKind : std::uint8_t { core_type, type, alias, import, export_ };
struct Decl {
  DeclKind kind = DeclKind::type;
  // core_type: core_types[index]; type: types[index]; alias: aliases[index];
  // import, export_: name and desc.
  std::uint32_t index = 0;
  ExternName name;
  ExternDesc desc;
  std::uint32_t offset = 0;
};

// Core types as components declare them: function types and module types.
enum class CoreTypeKind : std::uint8_t { func, module };
struct CoreTypeDef {
  CoreTypeKind kind = CoreTypeKind::func;
  std::uint32_t first = 0;  // func: core_valtypes[first, +params), then results; module: core_decls
  std::uint32_t param_count = 0;
  std::uint32_t result_count = 0;  // module: the declaration count
  std::uint32_t offset = 0;
};

// A core extern type (in module type declarations).
struct CoreExternDesc {
  wrt::ExternKind kind = wrt::ExternKind::function;
  bool is_tag = false;        // a tag (kind is then `function`, index its type)
  std::uint32_t index = 0;    // function and tag: type index
  TableType table;
  MemoryType memory;
  bool memory64 = false;
  bool shared = false;
  GlobalType global;
};
enum class CoreDeclKind : std::uint8_t { import, type, alias, export_ };
struct CoreDecl {
  CoreDeclKind kind = CoreDeclKind::import;
  std::string_view module;  // import
  std::string_view name;    // import, export_
  CoreExternDesc desc;      // import, export_
  std::uint32_t index = 0;  // type: core_types[index]; alias: outer count in `alias_count`, index here
  std::uint32_t alias_count = 0;
  std::uint32_t offset = 0;
};

// Core instance definitions.
struct CoreInstantiateArg {
  std::string_view name;
  std::uint32_t instance = 0;
  std::uint32_t offset = 0;
};
struct CoreInlineExport {
  std::string_view name;
  Sort sort = Sort::core_func;  // a core sort
  std::uint32_t index = 0;
  std::uint32_t offset = 0;
};
struct CoreInstanceDef {
  bool instantiate = true;    // else: a bundle of inline exports
  std::uint32_t module = 0;   // instantiate
  std::uint32_t first = 0;    // core_args or core_exports
  std::uint32_t count = 0;
  std::uint32_t offset = 0;
};

// Component instance definitions.
struct InstantiateArg {
  std::string_view name;
  SortIndex item;
  std::uint32_t offset = 0;
};
struct InlineExport {
  ExternName name;
  SortIndex item;
  std::uint32_t offset = 0;
};
struct InstanceDef {
  bool instantiate = true;
  std::uint32_t component = 0;
  std::uint32_t first = 0;  // args or inline_exports
  std::uint32_t count = 0;
  std::uint32_t offset = 0;
};

// Canonical definitions (Binary.md, `canon`).
enum class CanonKind : std::uint8_t {
  lift,
  lower,
  resource_new,
  resource_drop,
  resource_rep,
  backpressure_inc,
  backpressure_dec,
  task_return,
  task_cancel,
  context_get,
  context_set,
  subtask_cancel,
  subtask_drop,
  stream_new,
  stream_read,
  stream_write,
  stream_cancel_read,
  stream_cancel_write,
  stream_drop_readable,
  stream_drop_writable,
  future_new,
  future_read,
  future_write,
  future_cancel_read,
  future_cancel_write,
  future_drop_readable,
  future_drop_writable,
  error_context_new,
  error_context_debug_message,
  error_context_drop,
  waitable_set_new,
  waitable_set_wait,
  waitable_set_poll,
  waitable_set_drop,
  waitable_join,
  thread_index,
  thread_new_indirect,
  thread_resume_later,
  thread_suspend,
  thread_yield,
  thread_suspend_then_resume,
  thread_yield_then_resume,
  thread_suspend_then_promote,
  thread_yield_then_promote,
  thread_spawn_ref,
  thread_spawn_indirect,
  thread_available_parallelism,
};
[[nodiscard]] const char* name_of(CanonKind kind) noexcept;  // "lift", "resource.new", ...

enum class StringEncoding : std::uint8_t { utf8, utf16, latin1_utf16 };
[[nodiscard]] const char* name_of(StringEncoding encoding) noexcept;

enum class CanonOptionKind : std::uint8_t { utf8, utf16, latin1_utf16, memory, realloc, post_return, async, callback };
struct CanonOption {
  CanonOptionKind kind = CanonOptionKind::utf8;
  std::uint32_t index = 0;  // memory, realloc, post_return, callback
  std::uint32_t offset = 0;
};

struct CanonDef {
  CanonKind kind = CanonKind::lift;
  std::uint32_t func = 0;          // lift: core func; lower: component func
  std::uint32_t type = 0;          // lift: func type; resource.*, stream.*, future.*: type index;
                                   // thread.new-indirect/spawn: core type
  std::uint32_t table = 0;         // thread.new-indirect, thread.spawn-indirect
  std::uint32_t memory = 0;        // waitable-set.wait/poll
  std::uint32_t context_index = 0; // context.get/set
  ValType context_type = ValType::i32;
  bool flag = false;               // async?, cancellable?, shared? (by kind)
  bool has_result = false;         // task.return
  ValTypeRef result;               // task.return
  std::uint32_t first_option = 0;  // options[first_option, +option_count)
  std::uint32_t option_count = 0;
  std::uint32_t offset = 0;
};

// 🪙 start and value definitions.
struct StartDef {
  std::uint32_t func = 0;
  std::uint32_t first_arg = 0;  // value_indices
  std::uint32_t arg_count = 0;
  std::uint32_t result_count = 0;
  std::uint32_t offset = 0;
};
struct ValueDef {
  ValTypeRef type;
  Bytes bytes;  // the encoded value (checked against its type by the validator)
  std::uint32_t offset = 0;
};

struct ImportDef {
  ExternName name;
  ExternDesc desc;
  std::uint32_t offset = 0;
};
struct ExportDef {
  ExternName name;
  SortIndex item;
  bool has_desc = false;  // a type ascription
  ExternDesc desc;
  std::uint32_t offset = 0;
};

struct CoreModuleDef {
  Bytes bytes;
  std::uint32_t offset = 0;        // of the module's first byte
  std::uint32_t description = 0;   // into ComponentDescription::modules
};

enum class DefinitionKind : std::uint8_t {
  core_module,
  core_instance,
  core_type,
  component,
  instance,
  alias,
  type,
  canon,
  start,
  import,
  export_,
  value,
};
[[nodiscard]] const char* name_of(DefinitionKind kind) noexcept;

// One definition of a component, in binary order; `index` selects it in the pool of its kind
// (component: ComponentDescription::components).
struct Definition {
  DefinitionKind kind = DefinitionKind::type;
  std::uint32_t index = 0;
  std::uint32_t offset = 0;
};

struct CustomSectionDef {
  std::string_view name;
  Bytes data;
  std::uint32_t offset = 0;
};

// A component: its definitions in order. Nested components are components of their own.
struct ComponentNode {
  std::uint32_t first = 0;  // definitions[first, first + count)
  std::uint32_t count = 0;
  std::uint32_t offset = 0;   // of the preamble
  std::uint32_t end = 0;      // offset after the last byte
  std::uint32_t depth = 0;    // 0 for the outermost
};

// Bounds on what decoding may allocate or recurse into; exceeding one is
// ErrorCode::limit_exceeded, naming the limit.
struct ComponentLimits {
  std::size_t max_component_size = std::size_t{1} << 30;
  std::uint32_t max_nesting = 100;       // components in components, types in types
  std::uint32_t max_definitions = 1'000'000;
  std::uint32_t max_type_items = 1'000'000;  // fields, cases, params, declarations of one type
  // What validation may build, in types, fields and entries (TypeArena::set_budget): about
  // 150 bytes each.
  std::size_t max_type_size = std::size_t{1} << 20;
  // A type's size as a tree (every use of a shared type counted again, as wasmparser counts
  // it): what walks over a type's structure (resource paths, printing, lifting) may cost.
  // Types that share types at each level grow exponentially here while staying tiny in bytes.
  std::uint32_t max_effective_type_size = 1'000'000;
};

// Component Model features beyond the MVP (the emoji of the spec). All on by default: the
// conformance tests use them all.
struct ComponentFeatures {
  bool async = true;           // 🔀 async built-ins, stream, future, async functions
  bool error_context = true;   // 📝
  bool fixed_length_lists = true;  // 🔧
  bool maps = true;            // 🗺️
  bool threads = true;         // 🧵 cooperative threads
  bool shared_threads = false; // 🧵② shared-everything threads (need shared function references: not supported)
  bool values = true;          // 🪙 value and start definitions
  bool implements = true;      // 🏷️ implements and external-id
  bool version_suffix = true;  // 🔗
  bool nested_names = false;   // 🪺 (future syntax: the conformance tests expect it refused)
  bool rep_i64 = true;         // 🐘 resources with an i64 representation
};

struct ComponentDecodeOptions {
  // For the embedded core modules: 2.0, and the memory proposals of 3.0 (several memories,
  // 64-bit ones, shared ones) that components built by current toolchains contain.
  DecodeOptions core = [] {
    DecodeOptions o;
    o.features.multi_memory = o.features.memory64 = o.features.threads = true;
    return o;
  }();
  ComponentFeatures features;
  ComponentLimits limits;
};

class ComponentDescription {
 public:
  explicit ComponentDescription(Allocator& allocator) noexcept;
#if WRT_HAS_DEFAULT_ALLOCATOR
  ComponentDescription() noexcept : ComponentDescription(default_allocator()) {}
#endif
  ComponentDescription(ComponentDescription&&) noexcept = default;
  ComponentDescription& operator=(ComponentDescription&&) noexcept = default;

  [[nodiscard]] Allocator& allocator() const noexcept { return *allocator_; }
  [[nodiscard]] const ComponentNode& root() const noexcept { return components[0]; }
  [[nodiscard]] std::span<const Definition> definitions_of(const ComponentNode& node) const noexcept {
    return {definitions.data() + node.first, node.count};
  }

  Bytes bytes;  // the whole binary

  Vec<ComponentNode> components;  // [0] is the outermost
  Vec<Definition> definitions;
  Vec<CoreModuleDef> core_modules;
  Vec<ModuleDescription> modules;  // decoded core modules, one per CoreModuleDef
  Vec<CoreInstanceDef> core_instances;
  Vec<CoreInstantiateArg> core_args;
  Vec<CoreInlineExport> core_exports;
  Vec<CoreTypeDef> core_types;
  Vec<ValType> core_valtypes;
  Vec<CoreDecl> core_decls;
  Vec<InstanceDef> instances;
  Vec<InstantiateArg> args;
  Vec<InlineExport> inline_exports;
  Vec<Alias> aliases;
  Vec<TypeDef> types;
  Vec<Labeled> labeled;
  Vec<Decl> decls;
  Vec<CanonDef> canons;
  Vec<CanonOption> options;
  Vec<StartDef> starts;
  Vec<std::uint32_t> value_indices;
  Vec<ImportDef> imports;
  Vec<ExportDef> exports;
  Vec<ValueDef> values;
  Vec<CustomSectionDef> customs;

 private:
  Allocator* allocator_;
};

// Decodes `bytes` into `out` (which must be empty). `bytes` must outlive `out`. Errors are
// malformed (ErrorKind::malformed) with the byte offset, or limit_exceeded.
Result<void> decode_component(Bytes bytes, const ComponentDecodeOptions& options, ComponentDescription& out) noexcept;

}  // namespace wrt::component
