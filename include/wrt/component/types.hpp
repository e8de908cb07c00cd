// Component types, interned (ARCHITECTURE.md: room `component/types`).
//
// Every type a component mentions is a node in a TypeArena, addressed by a TypeId. Nodes
// are appended in creation order and only ever refer to earlier nodes, so the arena is a DAG
// in topological order: properties of a node (its canonical ABI size, alignment and flat
// core types, whether it contains a borrow...) are computed once, from its children, when it
// is created; no walk over a type recurses on the host stack.
//
// Two notions of sameness:
//  - identity: the node itself. An import or export of a type creates a new identity (an
//    `alias` node) for the same type, because the rules of external visibility (Explainer.md,
//    "External Visibility of Types") care about which index a type was referenced through.
//  - equality: value types are structurally interned; `canon` is the representative of the
//    node's equivalence class, so two value types are equal iff their canon ids are equal.
//    Resource types are abstract and generative: each is its own class.
// Function, instance, component and core types are compared by subtyping (subtype.cpp).
#pragma once

#include <cstdint>
#include <string_view>
#include <wrt/component/binary.hpp>
#include <wrt/error/result.hpp>
#include <wrt/foundation/vec.hpp>

namespace wrt::component {

using TypeId = std::uint32_t;
inline constexpr TypeId kNoType = 0xffff'ffffu;

enum class NodeKind : std::uint8_t {
  // value types (TypeKind's value constructors, same order)
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
  // other component types
  resource,
  alias,  // another identity of `target`
  func,
  instance,
  component,
  // core types
  core_func,
  core_module,
  core_instance,
};
[[nodiscard]] const char* name_of(NodeKind kind) noexcept;
[[nodiscard]] constexpr bool is_value_kind(NodeKind k) noexcept { return k <= NodeKind::map; }

// A core value type in flat form (canonical ABI flattening).
enum class FlatType : std::uint8_t { i32, i64, f32, f64 };

// Properties of value types, computed at creation.
enum TypeFlag : std::uint32_t {
  kHasBorrow = 1u << 0,    // contains a borrow handle
  kHasResource = 1u << 1,  // refers to a resource type (own, borrow, or a resource itself)
  kHasAsync = 1u << 2,     // contains a stream or future
  kHasStringOrList = 1u << 3,  // lifting or lowering it needs memory
  kHasRealloc = 1u << 4,   // lowering it into a callee needs realloc (strings, lists)
};

inline constexpr unsigned kMaxFlat = 16;  // MAX_FLAT_PARAMS; counts above saturate at 17

// A field, case, parameter, flag or tuple element.
struct TypeItem {
  std::string_view name;
  TypeId type = kNoType;  // kNoType for flags, enum cases and payload-less variant cases
};

// An import or export of an instance or component type (or a core module/instance type).
struct TypeEntry {
  std::string_view name;
  std::string_view module;  // core module imports: the first name
  ExternKind kind = ExternKind::func;  // component entries
  wrt::ExternKind core_kind = wrt::ExternKind::function;  // core entries
  bool core_tag = false;
  TypeId type = kNoType;  // func/component/instance/module type, the value type, or the type
  // Core tables, memories and globals carry their types here (memory64 and sharedness in
  // their limits).
  TableType table;
  MemoryType memory;
  GlobalType global;
  // Attributes of component names (ignored by subtyping).
  std::string_view implements;
  std::string_view external_id;
};

// A resource that a component or instance type binds (imports, or defines and exports):
// where it is, as indices through nested instance exports (first: into the imports or exports).
struct BoundResource {
  TypeId resource = kNoType;
  std::uint32_t first_step = 0;  // into TypeArena::paths
  std::uint32_t step_count = 0;
};

struct TypeNode {
  NodeKind kind = NodeKind::primitive;
  Primitive primitive = Primitive::bool_;
  bool is_async = false;        // func
  bool has_dtor = false;        // resource
  ValType rep = ValType::i32;   // resource
  std::uint8_t flat_count32 = 0;  // value types: flat core types (memory32), saturated at kMaxFlat + 1
  std::uint8_t flat_count64 = 0;
  std::uint32_t flags = 0;      // TypeFlag
  TypeId a = kNoType;           // element / ok / key / own-borrow resource / alias target / func result
  TypeId b = kNoType;           // error / value
  TypeId canon = kNoType;       // value types and resources: the equivalence class
  std::uint32_t first = 0;      // items (value types, func params) or entries (exports)
  std::uint32_t count = 0;
  std::uint32_t first_import = 0;  // component and core module types: entries
  std::uint32_t import_count = 0;
  std::uint32_t first_bound = 0;   // instance: bound resources; component: defined resources
  std::uint32_t bound_count = 0;
  std::uint32_t first_imported_resource = 0;  // component: imported resources
  std::uint32_t imported_resource_count = 0;
  std::uint32_t sorted_exports = 0;  // into sorted_: entry positions ordered by name
  std::uint32_t sorted_imports = 0;
  std::uint32_t length = 0;     // fixed_list
  std::uint32_t dtor = 0;       // resource: the destructor's core function index
  std::uint32_t owner = 0;      // resource: the scope that defined it (0 when abstract)
  std::uint32_t depth = 0;      // func/instance/component/module types: nesting depth
  std::uint32_t tree_size = 1;  // the size as a tree: 1 + the tree sizes of what it refers to
  std::uint32_t size32 = 0;     // value types: canonical ABI size and alignment (memory32)
  std::uint32_t align32 = 1;
  std::uint64_t size64 = 0;     // memory64 size: validation requires it below 2^28
  std::uint32_t align64 = 1;
  FlatType flat32[kMaxFlat] = {};
  FlatType flat64[kMaxFlat] = {};
};

class TypeArena {
 public:
  explicit TypeArena(Allocator& allocator) noexcept;
#if WRT_HAS_DEFAULT_ALLOCATOR
  TypeArena() noexcept : TypeArena(default_allocator()) {}
#endif
  TypeArena(TypeArena&&) noexcept = default;
  TypeArena& operator=(TypeArena&&) noexcept = default;

  [[nodiscard]] const TypeNode& operator[](TypeId id) const noexcept { return nodes_[id]; }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  // The node an identity stands for (aliases followed).
  [[nodiscard]] TypeId peel(TypeId id) const noexcept {
    return nodes_[id].kind == NodeKind::alias ? nodes_[id].a : id;
  }
  [[nodiscard]] const TypeNode& peeled(TypeId id) const noexcept { return nodes_[peel(id)]; }
  [[nodiscard]] bool value_types_equal(TypeId x, TypeId y) const noexcept {
    return nodes_[peel(x)].canon == nodes_[peel(y)].canon;
  }
  [[nodiscard]] std::span<const TypeItem> items(const TypeNode& n) const noexcept { return {items_.data() + n.first, n.count}; }
  [[nodiscard]] std::span<const TypeEntry> exports(const TypeNode& n) const noexcept { return {entries_.data() + n.first, n.count}; }
  [[nodiscard]] std::span<const TypeEntry> imports(const TypeNode& n) const noexcept {
    return {entries_.data() + n.first_import, n.import_count};
  }
  [[nodiscard]] std::span<const BoundResource> bound(const TypeNode& n) const noexcept {
    return {bound_.data() + n.first_bound, n.bound_count};
  }
  [[nodiscard]] std::span<const BoundResource> imported_resources(const TypeNode& n) const noexcept {
    return {bound_.data() + n.first_imported_resource, n.imported_resource_count};
  }
  [[nodiscard]] std::span<const std::uint32_t> path(const BoundResource& r) const noexcept {
    return {paths_.data() + r.first_step, r.step_count};
  }
  // Core function types: params then results, in core_valtypes.
  [[nodiscard]] std::span<const ValType> core_params(const TypeNode& n) const noexcept {
    return {core_valtypes_.data() + n.first, n.count};
  }
  [[nodiscard]] std::span<const ValType> core_results(const TypeNode& n) const noexcept {
    return {core_valtypes_.data() + n.first + n.count, n.length};
  }
  // Index (into exports(n) or imports(n)) of the entry named `name`, or -1.
  [[nodiscard]] std::int64_t find_export(const TypeNode& n, std::string_view name) const noexcept;
  [[nodiscard]] std::int64_t find_import(const TypeNode& n, std::string_view name) const noexcept;
  [[nodiscard]] std::int64_t find_core_import(const TypeNode& n, std::string_view module, std::string_view name) const noexcept;

  // --- construction ---
  // Value types: `node` has kind, items (first/count already appended with add_items), a, b,
  // length, primitive filled in; returns a new identity whose canon is interned.
  Result<TypeId> add_value_type(TypeNode node) noexcept;
  Result<TypeId> primitive(Primitive p) noexcept;
  Result<TypeId> add_resource(ValType rep, bool has_dtor, std::uint32_t dtor, std::uint32_t owner) noexcept;
  Result<TypeId> add_alias(TypeId target) noexcept;
  // Func, instance, component, core types: appended as given (no interning). For types with
  // entries, the name index used by find_* is built here.
  Result<TypeId> add_node(TypeNode node) noexcept;
  Result<std::uint32_t> add_items(std::span<const TypeItem> items) noexcept;
  Result<std::uint32_t> add_entries(std::span<const TypeEntry> entries) noexcept;
  Result<std::uint32_t> add_bound(std::span<const BoundResource> bound) noexcept;
  Result<std::uint32_t> add_path(std::span<const std::uint32_t> steps) noexcept;
  Result<std::uint32_t> add_core_valtypes(std::span<const ValType> types) noexcept;

  [[nodiscard]] Allocator& allocator() const noexcept { return nodes_.allocator(); }

  // Bounds what the arena may hold, in units of one node, item or entry: instantiation and
  // subtyping make new types, so a small component could otherwise make an arena far larger
  // than itself. Exceeding it is ErrorCode::limit_exceeded.
  void set_budget(std::size_t units) noexcept { budget_ = units; }
  // Bounds a type's size as a tree (TypeNode::tree_size); beyond it is limit_exceeded.
  void set_max_tree_size(std::uint32_t size) noexcept { max_tree_size_ = size; }
  [[nodiscard]] std::size_t used() const noexcept { return used_; }

 private:
  Result<TypeId> intern(TypeId id) noexcept;
  Result<void> spend(std::size_t units) noexcept;
  Result<void> measure_tree(TypeNode& node) const noexcept;
  Result<std::uint32_t> sort_entries(std::uint32_t first, std::uint32_t count, bool core_imports) noexcept;
  void compute_value_properties(TypeNode& node) const noexcept;
  [[nodiscard]] std::uint64_t structural_hash(const TypeNode& node) const noexcept;
  [[nodiscard]] bool structurally_equal(const TypeNode& x, const TypeNode& y) const noexcept;
  Result<void> rehash() noexcept;

  Vec<TypeNode> nodes_;
  Vec<TypeItem> items_;
  Vec<TypeEntry> entries_;
  Vec<BoundResource> bound_;
  Vec<std::uint32_t> paths_;
  Vec<ValType> core_valtypes_;
  Vec<std::uint32_t> sorted_;
  Vec<std::uint32_t> table_;  // open addressing: canon ids + 1, 0 = empty
  std::uint32_t interned_ = 0;
  std::size_t budget_ = std::size_t{1} << 20;
  std::size_t used_ = 0;
  std::uint32_t max_tree_size_ = 1'000'000;
  TypeId primitives_[0x80];
};

}  // namespace wrt::component
