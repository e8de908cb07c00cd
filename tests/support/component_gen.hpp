// Components generated for run-time tests and benchmarks: value types described in a small
// model of their own, laid out and flattened here as CanonicalABI.md says (independently of the
// runtime's TypeArena, so the two cross-check), and a component binary built around them.
//
// The generated component:
//   core module A: the memory, a bump allocator as realloc, a destructor that counts, and
//                  post-return functions that reset the allocator after each call
//   core module B: the exported functions (identity functions generated from their type, or
//                  code the test writes), importing A's memory and the lowered imports and
//                  resource built-ins
//   types:         each nominal type (record, variant, enum, flags, resource) is exported by
//                  name right after its definition, so function types can use it
//   exports:       each function lifted with (memory) (realloc) and the chosen string encoding
//
// An identity function `(func (param "x" T) (result T))` has a core body that hands back what
// it got: the one flat value; or the pointer it got, when T's flat form spills to memory; or,
// in between, it stores its flat values in T's memory layout at kResultArea and returns that.
//
// This is test-harness code (it throws on misuse), never linked into a library.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "support/component_builder.hpp"
#include "support/core_module_builder.hpp"

namespace wrt::test::cgen {

// --- value types -----------------------------------------------------------------------------

enum class Prim : std::uint8_t {
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
};

enum class Kind : std::uint8_t { primitive, record, variant, list, fixed_list, tuple, flags, enum_, option, result, own, borrow, resource, map };

using T = int;  // a type of the generator
inline constexpr T kNone = -1;

struct TypeDef {
  Kind kind = Kind::primitive;
  Prim prim = Prim::bool_;
  std::vector<std::string> labels;  // record fields, variant cases, flags, enum cases
  std::vector<T> members;           // record field types, variant case types (kNone: no payload), tuple types
  T a = kNone;                      // element (list, fixed list, option), ok (result), resource (own, borrow)
  T b = kNone;                      // error (result)
  std::uint32_t length = 0;         // fixed list
  std::string name;                 // resource: its export or import name
  bool imported = false;            // resource: imported (else defined here)
  bool dtor = false;                // resource: with module A's counting destructor
};

inline std::uint32_t align_to(std::uint32_t v, std::uint32_t a) { return (v + a - 1) / a * a; }

// "f" 3 -> "f3" (appending: GCC 12 at -O3 warns falsely about `"f" + std::to_string(3)`).
inline std::string numbered(const char* prefix, std::size_t n) {
  std::string out(prefix);
  out += std::to_string(n);
  return out;
}

enum class Encoding : std::uint8_t { utf8 = 0x00, utf16 = 0x01, latin1_utf16 = 0x02 };
enum class ReallocMode : std::uint8_t { bump, unaligned, out_of_bounds };

// Static addresses in the generated memory.
inline constexpr std::uint32_t kDtorCount = 0;   // u32: destructor calls
inline constexpr std::uint32_t kDtorRep = 4;     // u32: the last destroyed representation
inline constexpr std::uint32_t kScratch = 16;    // 48 bytes the tests' code may use
inline constexpr std::uint32_t kResultArea = 64; // where identity functions store their results
inline constexpr std::uint32_t kDataBase = 0x10000;

// How an export is lifted.
struct Options {
  Encoding encoding = Encoding::utf8;
  bool post_return = true;                     // module A's allocator reset
  const CoreFunc* post_return_func = nullptr;  // or this function of module B instead
};

class ComponentGen {
 public:
  // --- types ---
  T prim(Prim p) {
    for (T i = 0; i < static_cast<T>(types_.size()); ++i) {
      if (types_[i].kind == Kind::primitive && types_[i].prim == p) return i;
    }
    TypeDef d;
    d.prim = p;
    return add(d);
  }
  T string() { return prim(Prim::string); }
  T list(T e) { return add(make(Kind::list, e)); }
  T fixed_list(T e, std::uint32_t n) {
    TypeDef d = make(Kind::fixed_list, e);
    d.length = n;
    return add(d);
  }
  T option(T e) { return add(make(Kind::option, e)); }
  // map<k, v>: in the canonical ABI, list<tuple<k, v>>.
  T map(T key, T value) {
    TypeDef d = make(Kind::map, key);
    d.b = value;
    return add(d);
  }
  T result(T ok, T err) {
    TypeDef d = make(Kind::result, ok);
    d.b = err;
    return add(d);
  }
  T tuple(std::vector<T> members) {
    TypeDef d = make(Kind::tuple);
    d.members = std::move(members);
    return add(d);
  }
  // Fields and cases get labels f0, f1... / c0, c1...; flags and enums l0, l1...
  T record(std::vector<T> fields) { return labelled(Kind::record, std::move(fields), "f"); }
  T variant(std::vector<T> cases) { return labelled(Kind::variant, std::move(cases), "c"); }
  T enum_(std::uint32_t cases) { return labelled(Kind::enum_, std::vector<T>(cases, kNone), "l"); }
  T flags(std::uint32_t labels) { return labelled(Kind::flags, std::vector<T>(labels, kNone), "l"); }
  // A resource this component defines (rep i32), exported as `name`.
  T resource(const std::string& name, bool with_dtor) {
    TypeDef d = make(Kind::resource);
    d.name = name;
    d.dtor = with_dtor;
    return add(d);
  }
  // A resource type this component imports as `name`.
  T imported_resource(const std::string& name) {
    TypeDef d = make(Kind::resource);
    d.name = name;
    d.imported = true;
    return add(d);
  }
  T own(T r) { return add(make(Kind::own, r)); }
  T borrow(T r) { return add(make(Kind::borrow, r)); }
  [[nodiscard]] const TypeDef& def(T t) const { return types_[static_cast<std::size_t>(t)]; }

  // --- the canonical ABI's layout (CanonicalABI.md, "Alignment", "Element Size", "Flattening") ---
  static std::uint32_t prim_size(Prim p) {
    switch (p) {
      case Prim::bool_:
      case Prim::s8:
      case Prim::u8: return 1;
      case Prim::s16:
      case Prim::u16: return 2;
      case Prim::s64:
      case Prim::u64:
      case Prim::f64: return 8;
      case Prim::string: return 8;
      default: return 4;
    }
  }
  static std::uint32_t discriminant_size(std::size_t cases) { return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4; }
  static std::uint32_t flags_size(std::size_t labels) { return labels <= 8 ? 1 : labels <= 16 ? 2 : 4; }
  // The payload types of a variant-like type (variant, option, result, enum).
  [[nodiscard]] std::vector<T> cases(T t) const {
    const TypeDef& d = def(t);
    switch (d.kind) {
      case Kind::option: return {kNone, d.a};
      case Kind::result: return {d.a, d.b};
      default: return d.members;
    }
  }
  [[nodiscard]] static bool variant_like(Kind k) { return k == Kind::variant || k == Kind::option || k == Kind::result || k == Kind::enum_; }
  [[nodiscard]] std::uint32_t max_case_align(T t) const {
    std::uint32_t a = 1;
    for (T c : cases(t)) {
      if (c != kNone) a = std::max(a, align(c));
    }
    return a;
  }
  [[nodiscard]] std::uint32_t align(T t) const {
    const TypeDef& d = def(t);
    switch (d.kind) {
      case Kind::primitive: return d.prim == Prim::string ? 4 : prim_size(d.prim);
      case Kind::list:
      case Kind::map: return 4;
      case Kind::fixed_list: return align(d.a);
      case Kind::record:
      case Kind::tuple: {
        std::uint32_t a = 1;
        for (T m : d.members) a = std::max(a, align(m));
        return a;
      }
      case Kind::flags: return flags_size(d.members.size());
      case Kind::own:
      case Kind::borrow: return 4;
      default: return std::max(discriminant_size(cases(t).size()), max_case_align(t));
    }
  }
  [[nodiscard]] std::uint32_t size(T t) const {
    const TypeDef& d = def(t);
    switch (d.kind) {
      case Kind::primitive: return prim_size(d.prim);
      case Kind::list:
      case Kind::map: return 8;
      case Kind::fixed_list: return d.length * size(d.a);
      case Kind::record:
      case Kind::tuple: {
        std::uint32_t s = 0;
        for (T m : d.members) s = align_to(s, align(m)) + size(m);
        return align_to(s, align(t));
      }
      case Kind::flags: return flags_size(d.members.size());
      case Kind::own:
      case Kind::borrow: return 4;
      default: {
        std::vector<T> cs = cases(t);
        std::uint32_t s = align_to(discriminant_size(cs.size()), max_case_align(t));
        std::uint32_t payload = 0;
        for (T c : cs) {
          if (c != kNone) payload = std::max(payload, size(c));
        }
        return align_to(s + payload, align(t));
      }
    }
  }
  static Flat join(Flat a, Flat b) {
    if (a == b) return a;
    if ((a == Flat::i32 && b == Flat::f32) || (a == Flat::f32 && b == Flat::i32)) return Flat::i32;
    return Flat::i64;
  }
  [[nodiscard]] FlatList flat(T t) const {
    const TypeDef& d = def(t);
    switch (d.kind) {
      case Kind::primitive:
        switch (d.prim) {
          case Prim::s64:
          case Prim::u64: return {Flat::i64};
          case Prim::f32: return {Flat::f32};
          case Prim::f64: return {Flat::f64};
          case Prim::string: return {Flat::i32, Flat::i32};
          default: return {Flat::i32};
        }
      case Kind::list:
      case Kind::map: return {Flat::i32, Flat::i32};
      case Kind::fixed_list: {
        FlatList out;
        FlatList e = flat(d.a);
        for (std::uint32_t i = 0; i < d.length; ++i) out.insert(out.end(), e.begin(), e.end());
        return out;
      }
      case Kind::record:
      case Kind::tuple: {
        FlatList out;
        for (T m : d.members) {
          FlatList f = flat(m);
          out.insert(out.end(), f.begin(), f.end());
        }
        return out;
      }
      case Kind::flags:
      case Kind::own:
      case Kind::borrow: return {Flat::i32};
      default: {
        FlatList joined;
        for (T c : cases(t)) {
          if (c == kNone) continue;
          FlatList f = flat(c);
          for (std::size_t i = 0; i < f.size(); ++i) {
            if (i < joined.size()) joined[i] = join(joined[i], f[i]);
            else joined.push_back(f[i]);
          }
        }
        joined.insert(joined.begin(), Flat::i32);
        return joined;
      }
    }
  }
  // The flat core signature of a lifted function (MAX_FLAT_PARAMS 16, MAX_FLAT_RESULTS 1).
  [[nodiscard]] std::pair<FlatList, FlatList> lift_signature(const std::vector<T>& params, T result) const {
    FlatList p = flat_all(params);
    if (p.size() > 16) p = {Flat::i32};
    FlatList r = result == kNone ? FlatList{} : flat(result);
    if (r.size() > 1) r = {Flat::i32};
    return {p, r};
  }
  // ... and of a lowered one: a result that does not fit goes through a pointer argument.
  [[nodiscard]] std::pair<FlatList, FlatList> lower_signature(const std::vector<T>& params, T result) const {
    FlatList p = flat_all(params);
    if (p.size() > 16) p = {Flat::i32};
    FlatList r = result == kNone ? FlatList{} : flat(result);
    if (r.size() > 1) {
      p.push_back(Flat::i32);
      r.clear();
    }
    return {p, r};
  }

  // --- imports and built-ins: each a core function of module B, by index ---
  std::uint32_t import_func(const std::string& name, std::vector<T> params, T result, Encoding encoding = Encoding::utf8) {
    Import i;
    i.kind = ImportKind::func;
    i.encoding = encoding;
    i.name = name;
    i.params = std::move(params);
    i.result = result;
    return add_import(i);
  }
  std::uint32_t resource_new(T r) { return builtin(ImportKind::resource_new, r); }
  std::uint32_t resource_drop(T r) { return builtin(ImportKind::resource_drop, r); }
  std::uint32_t resource_rep(T r) { return builtin(ImportKind::resource_rep, r); }

  // --- exports ---
  // (func (param "x" t) (result t)) handing back what it gets.
  void identity(const std::string& name, T t, const Options& options = {}) {
    Export e;
    e.name = name;
    e.params = {t};
    e.result = t;
    e.options = options;
    auto [p, r] = lift_signature(e.params, e.result);
    e.core.params = p;
    e.core.results = r;
    FlatList f = flat(t);
    Code code;
    if (f.size() == 1 || f.size() > 16) {
      code.local_get(0);  // the one value, or the pointer to the spilled value, whose layout is the result's
    } else {
      std::size_t next = 0;
      store_flat(code, t, kResultArea, f, next);
      code.i32_const(kResultArea);
      if (align_to(kResultArea + size(t), 16) > kDataBase) throw std::logic_error("result too large for the result area");
    }
    e.core.body = code.bytes;
    exports_.push_back(e);
  }
  // A function with the given core code; its core signature is the lifted one.
  void function(const std::string& name, std::vector<T> params, T result, const Code& body, FlatList locals = {},
                const Options& options = {}) {
    Export e;
    e.name = name;
    e.params = std::move(params);
    e.result = result;
    e.options = options;
    auto [p, r] = lift_signature(e.params, e.result);
    e.core.params = p;
    e.core.results = r;
    e.core.locals = std::move(locals);
    e.core.body = body.bytes;
    exports_.push_back(e);
  }
  // Bytes placed in memory at start; returns their address.
  std::uint32_t data(const ByteVec& bytes, std::uint32_t alignment = 8) {
    data_end_ = align_to(data_end_, alignment);
    std::uint32_t at = data_end_;
    data_.push_back({at, bytes});
    data_end_ += static_cast<std::uint32_t>(bytes.size());
    return at;
  }
  void set_realloc(ReallocMode mode) { realloc_mode_ = mode; }
  // Records, variants, enums and flags imported by name as `(type (eq ...))` rather than
  // exported, so that imported functions may use them too (external visibility); the host
  // supplies them as t0, t1... (nominal_type_names()).
  void import_nominal_types() { import_nominal_ = true; }
  [[nodiscard]] std::vector<std::string> nominal_type_names() const {
    std::vector<std::string> out;
    for (const TypeDef& d : types_) {
      if (d.kind == Kind::record || d.kind == Kind::variant || d.kind == Kind::enum_ || d.kind == Kind::flags) {
        out.push_back(numbered("t", out.size()));
      }
    }
    return out;
  }
  // An export `name: func(x: t) -> t` whose core code passes its flat arguments (or their
  // pointer, when spilled) to the import `import_name` of the same type and returns what that
  // gives back (or the result area it was told to write to): host -> guest -> host -> guest ->
  // host.
  void forward(const std::string& name, T t, const std::string& import_name, const Options& options = {}) {
    std::uint32_t import = import_func(import_name, {t}, t, options.encoding);
    Export e;
    e.name = name;
    e.params = {t};
    e.result = t;
    e.options = options;
    auto [p, r] = lift_signature(e.params, e.result);
    e.core.params = p;
    e.core.results = r;
    Code code;
    for (std::uint32_t i = 0; i < p.size(); ++i) code.local_get(i);
    const bool out_param = flat(t).size() > 1;
    if (out_param) code.i32_const(kResultArea);
    code.call(import);
    if (out_param) code.i32_const(kResultArea);
    if (align_to(kResultArea + size(t), 16) > kDataBase) throw std::logic_error("result too large for the result area");
    e.core.body = code.bytes;
    exports_.push_back(e);
  }
  [[nodiscard]] std::uint32_t heap_base() const { return align_to(data_end_, 16); }

  [[nodiscard]] ByteVec build() const;

  // Stores the flat values (locals from `next`, whose core types are `have`) of a value of
  // type t at address `offset` in t's memory layout: the spec's store() applied to lift_flat.
  void store_flat(Code& code, T t, std::uint32_t offset, const FlatList& have, std::size_t& next) const {
    const TypeDef& d = def(t);
    auto put = [&](std::uint32_t width, std::uint32_t at) {
      Flat local = have.at(next);
      std::uint8_t opcode = 0;
      switch (local) {
        case Flat::i32: opcode = width == 1 ? 0x3a : width == 2 ? 0x3b : 0x36; break;
        case Flat::i64: opcode = width == 1 ? 0x3c : width == 2 ? 0x3d : width == 4 ? 0x3e : 0x37; break;
        case Flat::f32: opcode = 0x38; break;
        case Flat::f64: opcode = 0x39; break;
      }
      code.i32_const(0).local_get(static_cast<std::uint32_t>(next)).mem(opcode, at);
      ++next;
    };
    switch (d.kind) {
      case Kind::primitive:
        if (d.prim == Prim::string) {
          put(4, offset);
          put(4, offset + 4);
        } else {
          put(prim_size(d.prim), offset);
        }
        return;
      case Kind::list:
      case Kind::map:
        put(4, offset);
        put(4, offset + 4);
        return;
      case Kind::fixed_list:
        for (std::uint32_t i = 0; i < d.length; ++i) store_flat(code, d.a, offset + i * size(d.a), have, next);
        return;
      case Kind::record:
      case Kind::tuple: {
        std::uint32_t at = offset;
        for (T m : d.members) {
          at = align_to(at, align(m));
          store_flat(code, m, at, have, next);
          at += size(m);
        }
        return;
      }
      case Kind::flags: put(flags_size(d.members.size()), offset); return;
      case Kind::own:
      case Kind::borrow: put(4, offset); return;
      default: {
        std::vector<T> cs = cases(t);
        const std::size_t disc = next;
        const std::size_t count = flat(t).size();
        put(discriminant_size(cs.size()), offset);
        const std::uint32_t payload_at = align_to(offset + discriminant_size(cs.size()), max_case_align(t));
        bool any = false;
        for (T c : cs) any = any || c != kNone;
        if (any) {
          // block $end, one block per case, br_table on the discriminant; each case's code
          // follows the end of its block and branches to $end.
          const std::uint32_t n = static_cast<std::uint32_t>(cs.size());
          code.op({0x02, 0x40});
          for (std::uint32_t i = 0; i < n; ++i) code.op({0x02, 0x40});
          code.local_get(static_cast<std::uint32_t>(disc));
          if (have.at(disc) == Flat::i64) code.op({0xa7});  // a nested variant's discriminant in a joined i64: i32.wrap_i64
          code.op({0x0e}).raw(leb(n));
          for (std::uint32_t i = 0; i < n; ++i) code.raw(leb(i));
          code.raw(leb(n - 1));
          for (std::uint32_t i = 0; i < n; ++i) {
            code.end();
            if (cs[i] != kNone) {
              std::size_t sub = disc + 1;
              store_flat(code, cs[i], payload_at, have, sub);
            }
            code.op({0x0c}).raw(leb(n - 1 - i));
          }
          code.end();
        }
        next = disc + count;
        return;
      }
    }
  }

 private:
  enum class ImportKind : std::uint8_t { func, resource_new, resource_drop, resource_rep };
  struct Import {
    ImportKind kind = ImportKind::func;
    std::string name;
    std::vector<T> params;
    T result = kNone;
    T resource = kNone;
    Encoding encoding = Encoding::utf8;
  };
  struct Export {
    std::string name;
    std::vector<T> params;
    T result = kNone;
    Options options;
    CoreFunc core;
  };

  static TypeDef make(Kind k, T a = kNone) {
    TypeDef d;
    d.kind = k;
    d.a = a;
    return d;
  }
  T add(const TypeDef& d) {
    types_.push_back(d);
    return static_cast<T>(types_.size() - 1);
  }
  T labelled(Kind k, std::vector<T> members, const char* prefix) {
    TypeDef d = make(k);
    for (std::size_t i = 0; i < members.size(); ++i) d.labels.push_back(numbered(prefix, i));
    d.members = std::move(members);
    return add(d);
  }
  [[nodiscard]] FlatList flat_all(const std::vector<T>& ts) const {
    FlatList out;
    for (T t : ts) {
      FlatList f = flat(t);
      out.insert(out.end(), f.begin(), f.end());
    }
    return out;
  }
  std::uint32_t add_import(const Import& i) {
    imports_.push_back(i);
    return static_cast<std::uint32_t>(imports_.size() - 1);
  }
  std::uint32_t builtin(ImportKind k, T r) {
    Import i;
    i.kind = k;
    i.resource = r;
    return add_import(i);
  }

  std::vector<TypeDef> types_;
  std::vector<Import> imports_;
  std::vector<Export> exports_;
  std::vector<std::pair<std::uint32_t, ByteVec>> data_;
  std::uint32_t data_end_ = kDataBase;
  ReallocMode realloc_mode_ = ReallocMode::bump;
  bool import_nominal_ = false;
};

// --- the component ---------------------------------------------------------------------------

inline ByteVec ComponentGen::build() const {
  const std::uint32_t heap = heap_base();
  // Module A: memory, allocator, destructor, post-returns.
  CoreModuleBuilder a;
  a.memory(heap / 65536 + 2);
  std::uint32_t bump = a.global_i32(static_cast<std::int32_t>(heap));
  // ensure(end): grows the memory to hold `end` bytes.
  Code ensure;
  ensure.local_get(0).op({0x3f, 0x00}).i32_const(16).op({0x74}).op({0x4b});  // end > size << 16
  ensure.op({0x04, 0x40});
  ensure.local_get(0).op({0x3f, 0x00}).i32_const(16).op({0x74}).op({0x6b});  // end - (size << 16)
  ensure.i32_const(65535).op({0x6a}).i32_const(16).op({0x76});              // pages
  ensure.op({0x40, 0x00}).i32_const(-1).op({0x46}).op({0x04, 0x40, 0x00, 0x0b});  // grow; unreachable on failure
  ensure.end();
  // realloc(old, old_size, align, new_size): in place at the top, else bump and copy.
  Code realloc;
  const std::uint32_t kEnsure = 0;
  if (realloc_mode_ == ReallocMode::bump) {
    realloc.op({0x02, 0x40});
    realloc.local_get(0).op({0x45}).op({0x0d, 0x00});                                 // old == 0
    realloc.local_get(0).local_get(1).op({0x6a}).global_get(bump).op({0x47}).op({0x0d, 0x00});  // not at the top
    realloc.local_get(0).local_get(3).op({0x6a}).call(kEnsure);
    realloc.local_get(0).local_get(3).op({0x6a}).global_set(bump);
    realloc.local_get(0).op({0x0f});
    realloc.end();
  }
  realloc.global_get(bump).local_get(2).op({0x6a}).i32_const(1).op({0x6b});
  realloc.i32_const(0).local_get(2).op({0x6b}).op({0x71}).local_set(4);  // p = (bump + align - 1) & -align
  realloc.local_get(4).local_get(3).op({0x6a}).call(kEnsure);
  realloc.local_get(0).op({0x04, 0x40});
  realloc.local_get(4).local_get(0).local_get(1).local_get(3).local_get(1).local_get(3).op({0x49}).op({0x1b});
  realloc.op({0xfc, 0x0a, 0x00, 0x00}).end();  // memory.copy p, old, min(old_size, new_size)
  realloc.local_get(4).local_get(3).op({0x6a}).global_set(bump);
  switch (realloc_mode_) {
    case ReallocMode::bump: realloc.local_get(4); break;
    case ReallocMode::unaligned: realloc.local_get(4).i32_const(1).op({0x72}); break;
    case ReallocMode::out_of_bounds: realloc.op({0x3f, 0x00}).i32_const(16).op({0x74}).i32_const(8).op({0x6b}); break;
  }
  a.func(CoreFunc{{Flat::i32}, {}, {}, ensure.bytes});
  std::uint32_t realloc_index = a.func(CoreFunc{{Flat::i32, Flat::i32, Flat::i32, Flat::i32}, {Flat::i32}, {Flat::i32}, realloc.bytes});
  Code dtor;
  dtor.i32_const(0).i32_const(0).i32_load(kDtorCount).i32_const(1).op({0x6a}).i32_store(kDtorCount);
  dtor.i32_const(0).local_get(0).i32_store(kDtorRep);
  std::uint32_t dtor_index = a.func(CoreFunc{{Flat::i32}, {}, {}, dtor.bytes});
  Code reset;
  reset.i32_const(heap).global_set(bump);
  const FlatList post_types[5] = {{Flat::i32}, {Flat::i64}, {Flat::f32}, {Flat::f64}, {}};
  const char* post_names[5] = {"pr-i32", "pr-i64", "pr-f32", "pr-f64", "pr-none"};
  a.export_memory("mem");
  a.export_func("realloc", realloc_index);
  a.export_func("dtor", dtor_index);
  for (int i = 0; i < 5; ++i) a.export_func(post_names[i], a.func(CoreFunc{post_types[i], {}, {}, reset.bytes}));
  for (const auto& [address, bytes] : data_) a.data(address, bytes);

  // Module B: the exports' code.
  CoreModuleBuilder b;
  b.import_memory("a", "mem");
  for (std::size_t i = 0; i < imports_.size(); ++i) {
    const Import& imp = imports_[i];
    FlatList p;
    FlatList r;
    switch (imp.kind) {
      case ImportKind::func: std::tie(p, r) = lower_signature(imp.params, imp.result); break;
      case ImportKind::resource_new:
      case ImportKind::resource_rep: p = {Flat::i32}; r = {Flat::i32}; break;
      case ImportKind::resource_drop: p = {Flat::i32}; break;
    }
    b.import_func("b", numbered("i", i), p, r);
  }
  std::vector<std::uint32_t> custom_post(exports_.size(), 0);
  for (std::size_t i = 0; i < exports_.size(); ++i) {
    b.export_func(numbered("e", i), b.func(exports_[i].core));
    if (exports_[i].options.post_return_func != nullptr) {
      b.export_func(numbered("p", i), b.func(*exports_[i].options.post_return_func));
    }
  }

  // The component.
  ComponentBuilder c;
  std::uint32_t core_funcs = 0;
  std::uint32_t type_count = 0;
  std::uint32_t func_count = 0;
  c.core_module(a.bytes());
  c.core_module(b.bytes());
  c.items(kCoreInstanceSection, {{0x00, 0x00, 0x00}});  // core instance 0: module A
  auto core_alias = [&](std::uint8_t sort, std::uint32_t instance, const std::string& n) {
    c.items(kAliasSection, {cat({{0x00, sort, 0x01}, leb(instance), name(n)})});
  };
  core_alias(0x02, 0, "mem");  // core memory 0
  core_alias(0x00, 0, "realloc");
  const std::uint32_t realloc_func = core_funcs++;
  core_alias(0x00, 0, "dtor");
  const std::uint32_t dtor_func = core_funcs++;
  std::uint32_t post_funcs[5];
  for (int i = 0; i < 5; ++i) {
    core_alias(0x00, 0, post_names[i]);
    post_funcs[i] = core_funcs++;
  }

  // Types in creation order; nominal types and resources exported (or imported) by name.
  std::vector<std::uint32_t> index(types_.size(), 0xFFFFFFFFu);
  auto valtype = [&](T t) -> ByteVec {
    const TypeDef& d = def(t);
    if (d.kind == Kind::primitive) return {static_cast<std::uint8_t>(d.prim)};
    if (index[static_cast<std::size_t>(t)] == 0xFFFFFFFFu) throw std::logic_error("type used before it is defined");
    return type_index(index[static_cast<std::size_t>(t)]);
  };
  auto optional = [&](T t) -> ByteVec { return t == kNone ? ByteVec{0x00} : cat({{0x01}, valtype(t)}); };
  auto vec_of = [](const std::vector<ByteVec>& items) {
    ByteVec out = leb(items.size());
    for (const ByteVec& i : items) out.insert(out.end(), i.begin(), i.end());
    return out;
  };
  std::uint32_t exported_types = 0;
  for (std::size_t i = 0; i < types_.size(); ++i) {
    const TypeDef& d = types_[i];
    ByteVec def_bytes;
    bool nominal = false;
    switch (d.kind) {
      case Kind::primitive: continue;
      case Kind::resource:
        if (d.imported) {
          c.items(kImportSection, {cat({plain_name(d.name), sub_resource_desc()})});
          index[i] = type_count++;
          continue;
        }
        def_bytes = d.dtor ? cat({{0x3f, 0x7f, 0x01}, leb(dtor_func)}) : ByteVec{0x3f, 0x7f, 0x00};
        nominal = true;
        break;
      case Kind::record: {
        std::vector<ByteVec> fields;
        for (std::size_t f = 0; f < d.members.size(); ++f) fields.push_back(cat({name(d.labels[f]), valtype(d.members[f])}));
        def_bytes = cat({{0x72}, vec_of(fields)});
        nominal = true;
        break;
      }
      case Kind::variant: {
        std::vector<ByteVec> cs;
        for (std::size_t f = 0; f < d.members.size(); ++f) cs.push_back(cat({name(d.labels[f]), optional(d.members[f]), {0x00}}));
        def_bytes = cat({{0x71}, vec_of(cs)});
        nominal = true;
        break;
      }
      case Kind::flags:
      case Kind::enum_: {
        std::vector<ByteVec> ls;
        for (const std::string& l : d.labels) ls.push_back(name(l));
        def_bytes = cat({{static_cast<std::uint8_t>(d.kind == Kind::flags ? 0x6e : 0x6d)}, vec_of(ls)});
        nominal = true;
        break;
      }
      case Kind::list: def_bytes = cat({{0x70}, valtype(d.a)}); break;
      case Kind::map: def_bytes = cat({{0x63}, valtype(d.a), valtype(d.b)}); break;
      case Kind::fixed_list: def_bytes = cat({{0x67}, valtype(d.a), leb(d.length)}); break;
      case Kind::tuple: {
        std::vector<ByteVec> ms;
        for (T m : d.members) ms.push_back(valtype(m));
        def_bytes = cat({{0x6f}, vec_of(ms)});
        break;
      }
      case Kind::option: def_bytes = cat({{0x6b}, valtype(d.a)}); break;
      case Kind::result: def_bytes = cat({{0x6a}, optional(d.a), optional(d.b)}); break;
      case Kind::own: def_bytes = cat({{0x69}, leb(index[static_cast<std::size_t>(d.a)])}); break;
      case Kind::borrow: def_bytes = cat({{0x68}, leb(index[static_cast<std::size_t>(d.a)])}); break;
    }
    c.items(kTypeSection, {def_bytes});
    index[i] = type_count++;
    if (nominal && d.kind != Kind::resource && import_nominal_) {
      c.items(kImportSection, {cat({plain_name(numbered("t", exported_types++)), eq_type_desc(index[i])})});
      index[i] = type_count++;
    } else if (nominal) {
      std::string n = d.kind == Kind::resource ? d.name : numbered("t", exported_types++);
      c.items(kExportSection, {cat({plain_name(n), {0x03}, leb(index[i]), {0x00}})});
      index[i] = type_count++;
    }
  }
  auto func_type = [&](const std::vector<T>& params, T result) {
    std::vector<ByteVec> ps;
    for (std::size_t p = 0; p < params.size(); ++p) ps.push_back(cat({name(numbered("p", p)), valtype(params[p])}));
    ByteVec out = cat({{0x40}, vec_of(ps)});
    return result == kNone ? cat({out, {0x01, 0x00}}) : cat({out, {0x00}, valtype(result)});
  };
  auto options = [&](Encoding e, std::uint32_t post) {
    std::vector<ByteVec> opts = {{static_cast<std::uint8_t>(e)}, {0x03, 0x00}, cat({{0x04}, leb(realloc_func)})};
    if (post != 0xFFFFFFFFu) opts.push_back(cat({{0x05}, leb(post)}));
    return vec_of(opts);
  };

  // Imports, lowered; resource built-ins; all as core instance 1 for module B.
  std::vector<std::uint32_t> b_imports;
  for (const Import& imp : imports_) {
    switch (imp.kind) {
      case ImportKind::func: {
        c.items(kTypeSection, {func_type(imp.params, imp.result)});
        std::uint32_t type = type_count++;
        c.items(kImportSection, {cat({plain_name(imp.name), func_desc(type)})});
        std::uint32_t func = func_count++;
        c.items(kCanonSection, {cat({{0x01, 0x00}, leb(func), options(imp.encoding, 0xFFFFFFFFu)})});
        break;
      }
      case ImportKind::resource_new:
      case ImportKind::resource_drop:
      case ImportKind::resource_rep: {
        std::uint8_t op = imp.kind == ImportKind::resource_new ? 0x02 : imp.kind == ImportKind::resource_drop ? 0x03 : 0x04;
        c.items(kCanonSection, {cat({{op}, leb(index[static_cast<std::size_t>(imp.resource)])})});
        break;
      }
    }
    b_imports.push_back(core_funcs++);
  }
  std::vector<ByteVec> inline_exports;
  for (std::size_t i = 0; i < b_imports.size(); ++i) inline_exports.push_back(cat({name(numbered("i", i)), {0x00}, leb(b_imports[i])}));
  c.items(kCoreInstanceSection, {cat({{0x01}, vec_of(inline_exports)})});  // core instance 1
  ByteVec args = b_imports.empty() ? cat({leb(1), name("a"), {0x12, 0x00}})
                                   : cat({leb(2), name("a"), {0x12, 0x00}, name("b"), {0x12, 0x01}});
  c.items(kCoreInstanceSection, {cat({{0x00, 0x01}, args})});  // core instance 2: module B

  // Exports: lifted from module B's functions.
  for (std::size_t i = 0; i < exports_.size(); ++i) {
    const Export& e = exports_[i];
    core_alias(0x00, 2, numbered("e", i));
    std::uint32_t core = core_funcs++;
    std::uint32_t post = 0xFFFFFFFFu;
    if (e.options.post_return_func != nullptr) {
      core_alias(0x00, 2, numbered("p", i));
      post = core_funcs++;
    } else if (e.options.post_return) {
      post = post_funcs[4];
      if (!e.core.results.empty()) post = post_funcs[static_cast<int>(e.core.results[0])];
    }
    c.items(kTypeSection, {func_type(e.params, e.result)});
    std::uint32_t type = type_count++;
    c.items(kCanonSection, {cat({{0x00, 0x00}, leb(core), options(e.options.encoding, post), leb(type)})});
    std::uint32_t func = func_count++;
    c.items(kExportSection, {cat({plain_name(e.name), {0x01}, leb(func), {0x00}})});
    ++func_count;
  }
  return c.bytes();
}

}  // namespace wrt::test::cgen
