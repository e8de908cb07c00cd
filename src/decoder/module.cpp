#include <wrt/decoder/module.hpp>

namespace wrt {

ModuleDescription::ModuleDescription(Allocator& allocator) noexcept
    : sections(allocator),
      type_storage(allocator),
      types(allocator),
      canonical_types(allocator),
      imports(allocator),
      functions(allocator),
      tables(allocator),
      table_inits(allocator),
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
#if WRT_ENABLE_EXCEPTIONS
    case ValType::exnref: return "exnref";
#else
    default: break;  // exnref: not in this build
#endif
  }
  if (!kFunctionReferences || !is_reference(t)) return "unknown";  // the rest only with typed references
  const bool nullable = is_nullable(t);
  switch (heap_kind(t)) {
    case HeapKind::concrete: return nullable ? "(ref null $type)" : "(ref $type)";
    case HeapKind::func: return "(ref func)";
    case HeapKind::extern_: return "(ref extern)";
    case HeapKind::exn: return nullable ? "exnref" : "(ref exn)";
    case HeapKind::nofunc: return nullable ? "nullfuncref" : "(ref nofunc)";
    case HeapKind::noextern: return nullable ? "nullexternref" : "(ref noextern)";
    case HeapKind::noexn: return nullable ? "nullexnref" : "(ref noexn)";
  }
  return "unknown";
}

ValTypeText text_of(ValType t) noexcept {
  ValTypeText out{};
  const char* fixed = name_of(t);
  std::size_t n = 0;
  auto put = [&](const char* s) {
    while (*s != 0 && n + 1 < sizeof out.text) out.text[n++] = *s++;
  };
  if (!is_reference(t) || !is_concrete(t)) {
    put(fixed);
  } else {
    put(is_nullable(t) ? "(ref null " : "(ref ");
    char digits[12];
    std::size_t d = 0;
    std::uint32_t v = type_index_of(t);
    do {
      digits[d++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (d > 0 && n + 1 < sizeof out.text) out.text[n++] = digits[--d];
    put(")");
  }
  out.text[n] = 0;
  return out;
}

// --- type equivalence and subtyping ----------------------------------------------------------
//
// Without GC every defined type is a function type in a recursion group of its own, final and
// without a declared supertype. Two type indices denote the same type when their function
// types are equal with references to earlier types compared as types (recursively) and a
// type's reference to itself compared as "this type" (iso-recursive equivalence, which for
// singleton groups is this). Within a module the decoder computes canonical indices once
// (ModuleDescription::canonical_types), so comparing two indices is one lookup each.

namespace {

// One value type of type `self` against one of type `other_self`, concrete references by the
// modules' canonical indices (same module) or structurally (depth-bounded) across modules.
bool same_value_type(ValType a, const ModuleDescription& ma, std::uint32_t self_a, ValType b,
                     const ModuleDescription& mb, std::uint32_t self_b, unsigned depth) noexcept;

bool same_func_type(const ModuleDescription& ma, std::uint32_t a, const ModuleDescription& mb, std::uint32_t b,
                    unsigned depth) noexcept {
  if (&ma == &mb && ma.canonical_type(a) == mb.canonical_type(b)) return true;
  if (&ma == &mb && !ma.canonical_types.empty()) return false;  // canonical indices decide within a module
  if (depth > 32) return false;  // deeper chains across modules are refused, never recursed without bound
  if (a >= ma.types.size() || b >= mb.types.size()) return false;
  FuncType fa = ma.type(a);
  FuncType fb = mb.type(b);
  if (fa.params.size() != fb.params.size() || fa.results.size() != fb.results.size()) return false;
  for (std::size_t i = 0; i < fa.params.size(); ++i) {
    if (!same_value_type(fa.params[i], ma, a, fb.params[i], mb, b, depth + 1)) return false;
  }
  for (std::size_t i = 0; i < fa.results.size(); ++i) {
    if (!same_value_type(fa.results[i], ma, a, fb.results[i], mb, b, depth + 1)) return false;
  }
  return true;
}

bool same_value_type(ValType a, const ModuleDescription& ma, std::uint32_t self_a, ValType b,
                     const ModuleDescription& mb, std::uint32_t self_b, unsigned depth) noexcept {
  if (!is_reference(a) || !is_concrete(a) || !is_reference(b) || !is_concrete(b)) return a == b;
  if (is_nullable(a) != is_nullable(b)) return false;
  const std::uint32_t ia = type_index_of(a);
  const std::uint32_t ib = type_index_of(b);
  const bool rec_a = ia == self_a;
  const bool rec_b = ib == self_b;
  if (rec_a || rec_b) return rec_a && rec_b;
  return same_func_type(ma, ia, mb, ib, depth);
}

bool heap_subtype(ValType a, const ModuleDescription& ma, ValType b, const ModuleDescription& mb) noexcept {
  const HeapKind ka = heap_kind(a);
  const HeapKind kb = heap_kind(b);
  if (top_heap(ka) != top_heap(kb)) return false;
  if (is_bottom_heap(ka)) return true;   // nofunc etc. are below everything of their hierarchy
  if (is_bottom_heap(kb)) return false;  // ... and only they are below it
  if (kb != HeapKind::concrete) return ka == kb || ka == HeapKind::concrete;  // func/extern/exn are the tops
  if (ka != HeapKind::concrete) return false;
  return same_func_type(ma, type_index_of(a), mb, type_index_of(b), 0);
}

}  // namespace

std::uint32_t ModuleDescription::canonical_type(std::uint32_t type_index) const noexcept {
  return type_index < canonical_types.size() ? canonical_types[type_index] : type_index;
}

bool detail::typed_types_equivalent(const ModuleDescription& ma, std::uint32_t a, const ModuleDescription& mb,
                                    std::uint32_t b) noexcept {
  return same_func_type(ma, a, mb, b, 0);
}

bool detail::typed_is_subtype(ValType a, const ModuleDescription& ma, ValType b, const ModuleDescription& mb) noexcept {
  if (a == b && (&ma == &mb || !is_reference(a) || !is_concrete(a))) return true;
  if (!is_reference(a) || !is_reference(b)) return false;
  if (is_nullable(a) && !is_nullable(b)) return false;
  return heap_subtype(a, ma, b, mb);
}


Result<void> compute_canonical_types(ModuleDescription& m) noexcept {
  m.canonical_types.clear();
  // Without typed function references no type names another: index equality is all there is
  // (types_equivalent then compares structurally, which for such types is the same).
  if (!WRT_ENABLE_FUNCTION_REFERENCES) return {};
  const std::size_t n = m.types.size();
  WRT_TRY(m.canonical_types.reserve(n));
  // A type's canonical index is the first earlier type with the same structure: references to
  // earlier types through their canonical indices, to itself as itself. Hashing keeps this
  // linear for the common case; equal hashes are confirmed by comparison.
  Vec<std::uint32_t> buckets(m.allocator());
  std::size_t size = 16;
  while (size < 2 * n) size *= 2;
  WRT_TRY(buckets.resize(size));
  for (std::size_t i = 0; i < size; ++i) buckets[i] = 0xFFFFFFFFu;
  Vec<std::uint64_t> hashes(m.allocator());
  WRT_TRY(hashes.resize(n));
  auto mapped = [&m](ValType t, std::uint32_t self) -> std::uint64_t {
    if (!is_reference(t) || !is_concrete(t)) return static_cast<std::uint32_t>(t);
    std::uint32_t index = type_index_of(t);
    std::uint64_t nn = is_nullable(t) ? 0 : 1;
    if (index == self) return (std::uint64_t{0xFFFFFFFFu} << 8) | nn;
    return (std::uint64_t{m.canonical_type(index)} << 8) | 0x80 | nn;
  };
  auto equal = [&](std::uint32_t a, std::uint32_t b) {
    FuncType fa = m.type(a);
    FuncType fb = m.type(b);
    if (fa.params.size() != fb.params.size() || fa.results.size() != fb.results.size()) return false;
    for (std::size_t i = 0; i < fa.params.size(); ++i) {
      if (mapped(fa.params[i], a) != mapped(fb.params[i], b)) return false;
    }
    for (std::size_t i = 0; i < fa.results.size(); ++i) {
      if (mapped(fa.results[i], a) != mapped(fb.results[i], b)) return false;
    }
    return true;
  };
  for (std::uint32_t i = 0; i < n; ++i) {
    FuncType f = m.type(i);
    std::uint64_t h = 1469598103934665603ull ^ f.params.size();
    for (ValType t : f.params) h = (h ^ mapped(t, i)) * 1099511628211ull;
    h = (h ^ (0x9E37u + f.results.size())) * 1099511628211ull;
    for (ValType t : f.results) h = (h ^ mapped(t, i)) * 1099511628211ull;
    hashes[i] = h;
    std::uint32_t canonical = i;
    for (std::size_t slot = static_cast<std::size_t>(h & (size - 1));; slot = (slot + 1) & (size - 1)) {
      std::uint32_t other = buckets[slot];
      if (other == 0xFFFFFFFFu) {
        buckets[slot] = i;
        break;
      }
      if (hashes[other] == h && equal(other, i)) {
        canonical = other;
        break;
      }
    }
    (void)m.canonical_types.push_back(canonical);  // reserved above
  }
  return {};
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
