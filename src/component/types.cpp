// The type arena: value types interned structurally, their canonical ABI properties computed
// once at creation, name indices for instance and component types.
#include <wrt/component/types.hpp>

namespace wrt::component {

namespace {

constexpr std::uint64_t kSizeCap = std::uint64_t{1} << 40;  // sizes saturate here (invalid anyway)

std::uint64_t saturate(std::uint64_t v) noexcept { return v < kSizeCap ? v : kSizeCap; }

std::uint64_t align_to(std::uint64_t value, std::uint64_t alignment) noexcept {
  return saturate((value + alignment - 1) / alignment * alignment);
}

FlatType join(FlatType a, FlatType b) noexcept {
  if (a == b) return a;
  if ((a == FlatType::i32 && b == FlatType::f32) || (a == FlatType::f32 && b == FlatType::i32)) return FlatType::i32;
  return FlatType::i64;
}

// A flat list being built, saturating at kMaxFlat + 1 entries.
struct FlatBuilder {
  FlatType types[kMaxFlat] = {};
  unsigned count = 0;
  void push(FlatType t) noexcept {
    if (count < kMaxFlat) types[count] = t;
    if (count <= kMaxFlat) ++count;
  }
  void append(const FlatType* src, unsigned n) noexcept {
    for (unsigned i = 0; i < n && count <= kMaxFlat; ++i) push(i < kMaxFlat ? src[i] : FlatType::i32);
  }
  // Joins `src` into the positions after `offset` (a variant's payload area).
  void join_at(unsigned offset, const FlatType* src, unsigned n) noexcept {
    for (unsigned i = 0; i < n; ++i) {
      unsigned at = offset + i;
      if (at >= kMaxFlat + 1) return;
      if (at < count) {
        if (at < kMaxFlat) types[at] = join(types[at], src[i < kMaxFlat ? i : 0]);
      } else {
        push(i < kMaxFlat ? src[i] : FlatType::i32);
      }
    }
  }
};

struct Layout {
  std::uint64_t size = 0;
  std::uint32_t align = 1;
};

void primitive_layout(Primitive p, std::uint32_t& size, FlatType& flat) noexcept {
  switch (p) {
    case Primitive::bool_:
    case Primitive::s8:
    case Primitive::u8: size = 1; flat = FlatType::i32; return;
    case Primitive::s16:
    case Primitive::u16: size = 2; flat = FlatType::i32; return;
    case Primitive::s32:
    case Primitive::u32:
    case Primitive::char_:
    case Primitive::error_context: size = 4; flat = FlatType::i32; return;
    case Primitive::f32: size = 4; flat = FlatType::f32; return;
    case Primitive::s64:
    case Primitive::u64: size = 8; flat = FlatType::i64; return;
    case Primitive::f64: size = 8; flat = FlatType::f64; return;
    case Primitive::string: size = 0; flat = FlatType::i32; return;  // pointer pair, by memory
  }
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) noexcept {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

std::uint64_t hash_text(std::uint64_t h, std::string_view text) noexcept {
  std::uint64_t x = 1469598103934665603ull;
  for (char c : text) x = (x ^ static_cast<std::uint8_t>(c)) * 1099511628211ull;
  return mix(h, x ^ text.size());
}

}  // namespace

const char* name_of(NodeKind kind) noexcept {
  switch (kind) {
    case NodeKind::primitive: return "primitive";
    case NodeKind::record: return "record";
    case NodeKind::variant: return "variant";
    case NodeKind::list: return "list";
    case NodeKind::fixed_list: return "fixed-length list";
    case NodeKind::tuple: return "tuple";
    case NodeKind::flags: return "flags";
    case NodeKind::enum_: return "enum";
    case NodeKind::option: return "option";
    case NodeKind::result: return "result";
    case NodeKind::own: return "own";
    case NodeKind::borrow: return "borrow";
    case NodeKind::stream: return "stream";
    case NodeKind::future: return "future";
    case NodeKind::map: return "map";
    case NodeKind::resource: return "resource";
    case NodeKind::alias: return "alias";
    case NodeKind::func: return "func";
    case NodeKind::instance: return "instance";
    case NodeKind::component: return "component";
    case NodeKind::core_func: return "core func";
    case NodeKind::core_module: return "core module";
    case NodeKind::core_instance: return "core instance";
  }
  return "?";
}

TypeArena::TypeArena(Allocator& allocator) noexcept
    : nodes_(allocator),
      items_(allocator),
      entries_(allocator),
      bound_(allocator),
      paths_(allocator),
      core_valtypes_(allocator),
      sorted_(allocator),
      table_(allocator) {
  for (TypeId& id : primitives_) id = kNoType;
}

void TypeArena::compute_value_properties(TypeNode& n) const noexcept {
  // One pass per memory width: 0 = memory32, 1 = memory64.
  for (int wide = 0; wide < 2; ++wide) {
    const std::uint32_t ptr = wide != 0 ? 8 : 4;
    const FlatType ptr_flat = wide != 0 ? FlatType::i64 : FlatType::i32;
    auto size_of = [&](const TypeNode& c) -> std::uint64_t { return wide != 0 ? c.size64 : c.size32; };
    auto align_of = [&](const TypeNode& c) -> std::uint32_t { return wide != 0 ? c.align64 : c.align32; };
    auto flat_of = [&](const TypeNode& c) -> const FlatType* { return wide != 0 ? c.flat64 : c.flat32; };
    auto flat_count_of = [&](const TypeNode& c) -> unsigned { return wide != 0 ? c.flat_count64 : c.flat_count32; };
    Layout layout;
    FlatBuilder flat;
    auto variant_layout = [&](std::uint32_t case_count, auto&& each_payload) {
      std::uint32_t disc = case_count <= 256 ? 1 : (case_count <= 65536 ? 2 : 4);
      std::uint32_t max_align = disc;
      std::uint64_t max_size = 0;
      flat.push(FlatType::i32);
      each_payload([&](const TypeNode& c) {
        if (align_of(c) > max_align) max_align = align_of(c);
        if (size_of(c) > max_size) max_size = size_of(c);
        flat.join_at(1, flat_of(c), flat_count_of(c));
      });
      std::uint32_t case_align = max_align;
      layout.size = align_to(align_to(disc, case_align) + max_size, max_align);
      layout.align = max_align;
    };
    switch (n.kind) {
      case NodeKind::primitive: {
        std::uint32_t size = 0;
        FlatType f = FlatType::i32;
        primitive_layout(n.primitive, size, f);
        if (n.primitive == Primitive::string) {
          layout.size = 2 * ptr;
          layout.align = ptr;
          flat.push(ptr_flat);
          flat.push(ptr_flat);
        } else {
          layout.size = size;
          layout.align = size;
          flat.push(f);
        }
        break;
      }
      case NodeKind::list:
      case NodeKind::map:
        layout.size = 2 * ptr;
        layout.align = ptr;
        flat.push(ptr_flat);
        flat.push(ptr_flat);
        break;
      case NodeKind::fixed_list: {
        const TypeNode& e = peeled(n.a);
        layout.size = saturate(size_of(e) * n.length);
        layout.align = align_of(e);
        for (std::uint32_t i = 0; i < n.length && flat.count <= kMaxFlat; ++i) flat.append(flat_of(e), flat_count_of(e));
        break;
      }
      case NodeKind::record:
      case NodeKind::tuple:
        for (const TypeItem& item : items(n)) {
          const TypeNode& c = peeled(item.type);
          layout.size = align_to(layout.size, align_of(c)) + size_of(c);
          if (align_of(c) > layout.align) layout.align = align_of(c);
          flat.append(flat_of(c), flat_count_of(c));
        }
        layout.size = align_to(layout.size, layout.align);
        break;
      case NodeKind::variant:
        variant_layout(n.count, [&](auto&& visit) {
          for (const TypeItem& item : items(n)) {
            if (item.type != kNoType) visit(peeled(item.type));
          }
        });
        break;
      case NodeKind::enum_:
        variant_layout(n.count, [](auto&&) {});
        break;
      case NodeKind::option:
        variant_layout(2, [&](auto&& visit) { visit(peeled(n.a)); });
        break;
      case NodeKind::result:
        variant_layout(2, [&](auto&& visit) {
          if (n.a != kNoType) visit(peeled(n.a));
          if (n.b != kNoType) visit(peeled(n.b));
        });
        break;
      case NodeKind::flags:
        layout.size = n.count <= 8 ? 1 : (n.count <= 16 ? 2 : 4);
        layout.align = static_cast<std::uint32_t>(layout.size);
        flat.push(FlatType::i32);
        break;
      case NodeKind::own:
      case NodeKind::borrow:
      case NodeKind::stream:
      case NodeKind::future:
        layout.size = 4;
        layout.align = 4;
        flat.push(FlatType::i32);
        break;
      default:
        break;
    }
    if (wide != 0) {
      n.size64 = layout.size;
      n.align64 = layout.align;
      n.flat_count64 = static_cast<std::uint8_t>(flat.count);
      for (unsigned i = 0; i < kMaxFlat; ++i) n.flat64[i] = flat.types[i];
    } else {
      n.size32 = static_cast<std::uint32_t>(layout.size < 0xffff'ffffu ? layout.size : 0xffff'ffffu);
      n.align32 = layout.align;
      n.flat_count32 = static_cast<std::uint8_t>(flat.count);
      for (unsigned i = 0; i < kMaxFlat; ++i) n.flat32[i] = flat.types[i];
    }
  }
  // Flags that propagate from children.
  std::uint32_t flags = 0;
  auto inherit = [&](TypeId child) {
    if (child != kNoType) flags |= peeled(child).flags;
  };
  inherit(n.a);
  inherit(n.b);
  if (n.kind == NodeKind::record || n.kind == NodeKind::tuple || n.kind == NodeKind::variant) {
    for (const TypeItem& item : items(n)) inherit(item.type);
  }
  switch (n.kind) {
    case NodeKind::own: flags = kHasResource; break;
    case NodeKind::borrow: flags = kHasResource | kHasBorrow; break;
    case NodeKind::stream:
    case NodeKind::future: flags |= kHasAsync; break;
    case NodeKind::list:
    case NodeKind::map: flags |= kHasStringOrList | kHasRealloc; break;
    case NodeKind::primitive:
      if (n.primitive == Primitive::string) flags |= kHasStringOrList | kHasRealloc;
      break;
    default: break;
  }
  n.flags = flags;
}

std::uint64_t TypeArena::structural_hash(const TypeNode& n) const noexcept {
  std::uint64_t h = static_cast<std::uint64_t>(n.kind) * 0x100 + static_cast<std::uint64_t>(n.primitive);
  auto canon_of = [&](TypeId id) -> std::uint64_t { return id == kNoType ? 0xffff'ffffu : nodes_[peel(id)].canon; };
  h = mix(h, canon_of(n.a));
  h = mix(h, canon_of(n.b));
  h = mix(h, n.length);
  h = mix(h, n.count);
  for (const TypeItem& item : items(n)) {
    h = hash_text(h, item.name);
    h = mix(h, canon_of(item.type));
  }
  return h;
}

bool TypeArena::structurally_equal(const TypeNode& x, const TypeNode& y) const noexcept {
  auto canon_of = [&](TypeId id) -> TypeId { return id == kNoType ? kNoType : nodes_[peel(id)].canon; };
  if (x.kind != y.kind || x.primitive != y.primitive || x.length != y.length || x.count != y.count) return false;
  if (canon_of(x.a) != canon_of(y.a) || canon_of(x.b) != canon_of(y.b)) return false;
  auto xi = items(x);
  auto yi = items(y);
  for (std::size_t i = 0; i < xi.size(); ++i) {
    if (xi[i].name != yi[i].name || canon_of(xi[i].type) != canon_of(yi[i].type)) return false;
  }
  return true;
}

Result<void> TypeArena::rehash() noexcept {
  std::size_t capacity = table_.size() < 64 ? 64 : table_.size() * 2;
  Vec<std::uint32_t> table(table_.allocator());
  WRT_TRY(table.resize(capacity));
  for (std::uint32_t entry : table_) {
    if (entry == 0) continue;
    std::size_t slot = structural_hash(nodes_[entry - 1]) & (capacity - 1);
    while (table[slot] != 0) slot = (slot + 1) & (capacity - 1);
    table[slot] = entry;
  }
  table_ = static_cast<Vec<std::uint32_t>&&>(table);
  return {};
}

Result<TypeId> TypeArena::intern(TypeId id) noexcept {
  if ((interned_ + 1) * 2 > table_.size()) WRT_TRY(rehash());
  const TypeNode& n = nodes_[id];
  std::size_t mask = table_.size() - 1;
  std::size_t slot = structural_hash(n) & mask;
  while (table_[slot] != 0) {
    TypeId candidate = table_[slot] - 1;
    if (structurally_equal(nodes_[candidate], n)) return candidate;
    slot = (slot + 1) & mask;
  }
  table_[slot] = id + 1;
  ++interned_;
  return id;
}

Result<void> TypeArena::spend(std::size_t units) noexcept {
  if (units > budget_ - used_) {
    return Error(ErrorCode::limit_exceeded, "component types too large (ComponentLimits::max_type_size)")
        .append_detail_number(budget_);
  }
  used_ += units;
  return {};
}

Result<void> TypeArena::measure_tree(TypeNode& node) const noexcept {
  std::uint64_t size = 1;
  auto add = [&](TypeId id) {
    if (id != kNoType) size += peeled(id).tree_size;
  };
  switch (node.kind) {
    case NodeKind::instance:
    case NodeKind::component:
      for (const TypeEntry& e : exports(node)) {
        if (e.kind != ExternKind::core_module) add(e.type);
      }
      for (const TypeEntry& e : imports(node)) {
        if (e.kind != ExternKind::core_module) add(e.type);
      }
      break;
    case NodeKind::core_module:
    case NodeKind::core_instance:
    case NodeKind::core_func:
    case NodeKind::resource:
    case NodeKind::alias:
      break;
    default:  // value types and functions: their items (fields, cases, parameters) and a, b
      for (const TypeItem& item : items(node)) add(item.type);
      add(node.a);
      add(node.b);
      break;
  }
  if (size > max_tree_size_) {
    return Error(ErrorCode::limit_exceeded, "type too large: its size as a tree exceeds ComponentLimits::max_effective_type_size")
        .append_detail_number(max_tree_size_);
  }
  node.tree_size = static_cast<std::uint32_t>(size);
  return {};
}

Result<TypeId> TypeArena::add_value_type(TypeNode node) noexcept {
  WRT_TRY(spend(1));
  WRT_TRY(measure_tree(node));
  compute_value_properties(node);
  node.canon = kNoType;
  WRT_TRY(nodes_.push_back(node));
  auto id = static_cast<TypeId>(nodes_.size() - 1);
  TypeId canon = WRT_TRY(intern(id));
  nodes_[id].canon = canon;
  return id;
}

Result<TypeId> TypeArena::primitive(Primitive p) noexcept {
  TypeId& slot = primitives_[static_cast<std::uint8_t>(p) & 0x7f];
  if (slot != kNoType) return slot;
  TypeNode node;
  node.kind = NodeKind::primitive;
  node.primitive = p;
  slot = WRT_TRY(add_value_type(node));
  return slot;
}

Result<TypeId> TypeArena::add_resource(ValType rep, bool has_dtor, std::uint32_t dtor, std::uint32_t owner) noexcept {
  WRT_TRY(spend(1));
  TypeNode node;
  node.kind = NodeKind::resource;
  node.rep = rep;
  node.has_dtor = has_dtor;
  node.dtor = dtor;
  node.owner = owner;
  node.flags = kHasResource;
  WRT_TRY(nodes_.push_back(node));
  auto id = static_cast<TypeId>(nodes_.size() - 1);
  nodes_[id].canon = id;
  return id;
}

Result<TypeId> TypeArena::add_alias(TypeId target) noexcept {
  WRT_TRY(spend(1));
  TypeNode node = nodes_[peel(target)];
  // An alias copies what readers of a peeled node may want (properties, canon), but points
  // at its target; its items are the target's.
  node.kind = NodeKind::alias;
  node.a = peel(target);
  WRT_TRY(nodes_.push_back(node));
  return static_cast<TypeId>(nodes_.size() - 1);
}

Result<std::uint32_t> TypeArena::sort_entries(std::uint32_t first, std::uint32_t count, bool core_imports) noexcept {
  auto start = static_cast<std::uint32_t>(sorted_.size());
  WRT_TRY(sorted_.reserve_more(count));  // geometric: sorted_ is shared by all nodes
  for (std::uint32_t i = 0; i < count; ++i) WRT_TRY(sorted_.push_back(i));
  std::uint32_t* order = sorted_.data() + start;
  auto less = [&](std::uint32_t x, std::uint32_t y) {
    const TypeEntry& ex = entries_[first + x];
    const TypeEntry& ey = entries_[first + y];
    if (core_imports && ex.module != ey.module) return ex.module < ey.module;
    return ex.name < ey.name;
  };
  // Heapsort: no recursion, no allocation, O(n log n) for any input.
  auto sift = [&](std::uint32_t root, std::uint32_t n) {
    for (;;) {
      std::uint32_t child = 2 * root + 1;
      if (child >= n) return;
      if (child + 1 < n && less(order[child], order[child + 1])) ++child;
      if (!less(order[root], order[child])) return;
      std::uint32_t t = order[root];
      order[root] = order[child];
      order[child] = t;
      root = child;
    }
  };
  for (std::uint32_t i = count / 2; i-- > 0;) sift(i, count);
  for (std::uint32_t end = count; end > 1; --end) {
    std::uint32_t t = order[0];
    order[0] = order[end - 1];
    order[end - 1] = t;
    sift(0, end - 1);
  }
  return start;
}

Result<TypeId> TypeArena::add_node(TypeNode node) noexcept {
  WRT_TRY(spend(1));
  WRT_TRY(measure_tree(node));
  if (node.kind == NodeKind::instance || node.kind == NodeKind::component || node.kind == NodeKind::core_module ||
      node.kind == NodeKind::core_instance) {
    node.sorted_exports = WRT_TRY(sort_entries(node.first, node.count, false));
    node.sorted_imports = WRT_TRY(sort_entries(node.first_import, node.import_count, node.kind == NodeKind::core_module));
  }
  WRT_TRY(nodes_.push_back(node));
  return static_cast<TypeId>(nodes_.size() - 1);
}

std::int64_t TypeArena::find_export(const TypeNode& n, std::string_view name) const noexcept {
  std::uint32_t lo = 0;
  std::uint32_t hi = n.count;
  while (lo < hi) {
    std::uint32_t mid = lo + (hi - lo) / 2;
    std::uint32_t index = sorted_[n.sorted_exports + mid];
    std::string_view key = entries_[n.first + index].name;
    if (key == name) return index;
    if (key < name) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return -1;
}

std::int64_t TypeArena::find_import(const TypeNode& n, std::string_view name) const noexcept {
  return find_core_import(n, {}, name);
}

std::int64_t TypeArena::find_core_import(const TypeNode& n, std::string_view module, std::string_view name) const noexcept {
  std::uint32_t lo = 0;
  std::uint32_t hi = n.import_count;
  const bool core = n.kind == NodeKind::core_module;
  while (lo < hi) {
    std::uint32_t mid = lo + (hi - lo) / 2;
    std::uint32_t index = sorted_[n.sorted_imports + mid];
    const TypeEntry& e = entries_[n.first_import + index];
    int order = 0;
    if (core && e.module != module) {
      order = e.module < module ? -1 : 1;
    } else if (e.name != name) {
      order = e.name < name ? -1 : 1;
    }
    if (order == 0) return index;
    if (order < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return -1;
}

Result<std::uint32_t> TypeArena::add_items(std::span<const TypeItem> items) noexcept {
  WRT_TRY(spend(items.size()));
  auto first = static_cast<std::uint32_t>(items_.size());
  WRT_TRY(items_.append(items));
  return first;
}

Result<std::uint32_t> TypeArena::add_entries(std::span<const TypeEntry> entries) noexcept {
  WRT_TRY(spend(entries.size()));
  auto first = static_cast<std::uint32_t>(entries_.size());
  WRT_TRY(entries_.append(entries));
  return first;
}

Result<std::uint32_t> TypeArena::add_bound(std::span<const BoundResource> bound) noexcept {
  WRT_TRY(spend(bound.size()));
  auto first = static_cast<std::uint32_t>(bound_.size());
  WRT_TRY(bound_.append(bound));
  return first;
}

Result<std::uint32_t> TypeArena::add_path(std::span<const std::uint32_t> steps) noexcept {
  WRT_TRY(spend(steps.size()));
  auto first = static_cast<std::uint32_t>(paths_.size());
  WRT_TRY(paths_.append(steps));
  return first;
}

Result<std::uint32_t> TypeArena::add_core_valtypes(std::span<const ValType> types) noexcept {
  WRT_TRY(spend(types.size()));
  auto first = static_cast<std::uint32_t>(core_valtypes_.size());
  WRT_TRY(core_valtypes_.append(types));
  return first;
}

}  // namespace wrt::component
