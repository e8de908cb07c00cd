// Fuzz target: the canonical ABI lifting hostile guest data. The input chooses a value type
// (records, variants, lists, strings, options, results, flags, enums, tuples, handles of a
// resource, nested) and supplies the bytes of the guest's memory and the flat values a guest
// passes; a component generated around them (tests/support/component_gen.hpp) then
//   - returns tuple<T, T> from `mem`, which lifts it from the fuzzed memory (every pointer,
//     length, discriminant, char, string and handle index comes from the input), and
//   - calls the host import `sink: func(x: T)` from `flat` with fuzzed flat core values.
// Each call must end in a value or a trap with its reason: never a crash, a sanitizer report,
// a hang or an allocation beyond the limits. The lifted values are then type-checked.
//
// Input: byte 0..n: the type recipe (read as needed), then 8 bytes of flat-value seed, then
// the memory contents (placed at the generator's data base).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "support/component_harness.hpp"

namespace {

using namespace wrt;
using namespace wrt::test;
using cgen::ComponentGen;
using cgen::Prim;

class Recipe {
 public:
  Recipe(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t next() { return at_ < size_ ? data_[at_++] : 0; }
  [[nodiscard]] std::size_t used() const { return at_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

// A type of at most `depth` levels; `in_result`: no borrows (a result may not hold one).
cgen::T make_type(ComponentGen& g, Recipe& r, int depth, bool in_result, cgen::T resource) {
  std::uint8_t pick = r.next();
  if (depth <= 0) pick %= 14;  // scalars and strings only
  switch (pick % 24) {
    case 0: return g.prim(Prim::bool_);
    case 1: return g.prim(Prim::s8);
    case 2: return g.prim(Prim::u8);
    case 3: return g.prim(Prim::s16);
    case 4: return g.prim(Prim::u16);
    case 5: return g.prim(Prim::s32);
    case 6: return g.prim(Prim::u32);
    case 7: return g.prim(Prim::s64);
    case 8: return g.prim(Prim::u64);
    case 9: return g.prim(Prim::f32);
    case 10: return g.prim(Prim::f64);
    case 11: return g.prim(Prim::char_);
    case 12: return g.string();
    case 13: return g.enum_(1 + r.next() % 300u);
    case 14: return g.list(make_type(g, r, depth - 1, in_result, resource));
    case 15: return g.fixed_list(make_type(g, r, depth - 1, in_result, resource), 1 + r.next() % 4u);
    case 16: return g.option(make_type(g, r, depth - 1, in_result, resource));
    case 17: {
      const std::uint8_t shape = r.next() % 4;
      cgen::T ok = shape & 1 ? make_type(g, r, depth - 1, in_result, resource) : cgen::kNone;
      cgen::T err = shape & 2 ? make_type(g, r, depth - 1, in_result, resource) : cgen::kNone;
      return g.result(ok, err);
    }
    case 18: {
      std::vector<cgen::T> fields(1 + r.next() % 4u);
      for (cgen::T& f : fields) f = make_type(g, r, depth - 1, in_result, resource);
      return g.record(fields);
    }
    case 19: {
      std::vector<cgen::T> members(1 + r.next() % 4u);
      for (cgen::T& m : members) m = make_type(g, r, depth - 1, in_result, resource);
      return g.tuple(members);
    }
    case 20: {
      std::vector<cgen::T> cases(1 + r.next() % 5u);
      for (cgen::T& c : cases) c = (r.next() & 1) ? make_type(g, r, depth - 1, in_result, resource) : cgen::kNone;
      return g.variant(cases);
    }
    case 21: return g.flags(1 + r.next() % 32u);
    case 22: return g.own(resource);
    default: return in_result ? g.own(resource) : g.borrow(resource);
  }
}

Result<void> sink(void*, component::ComponentRuntime&, std::span<const component::ComponentValue>,
                  std::span<component::ComponentValue>) noexcept {
  return {};
}

void run(const std::uint8_t* data, std::size_t size) {
  Recipe recipe(data, size);
  ComponentGen g;
  g.import_nominal_types();  // so that the import `sink` may use records, variants...
  cgen::T resource = g.resource("r", true);
  cgen::T host_resource = g.imported_resource("hr");  // an import's type may only use imported types
  cgen::T t = make_type(g, recipe, 3, true, resource);
  cgen::T param = make_type(g, recipe, 3, false, host_resource);
  std::size_t at = recipe.used();
  std::uint64_t seed = 0;
  for (int i = 0; i < 8; ++i) seed = seed << 8 | (at < size ? data[at++] : 0);
  ByteVec memory(data + at, data + size);
  if (memory.size() > 60'000) memory.resize(60'000);
  if (!memory.empty()) g.data(memory, 8);

  // mem: tuple<T, T> always spills, so the core function returns a pointer to its layout.
  cgen::T pair = g.tuple({t, t});
  cgen::Code mem_body;
  mem_body.i32_const(static_cast<std::int32_t>(cgen::kDataBase));
  g.function("mem", {}, pair, mem_body);

  // flat: calls sink(x: param) with flat values made from the seed.
  const std::uint32_t sink_index = g.import_func("sink", {param}, cgen::kNone);
  // The lowered import's core parameters: the flat values, or one pointer when they spill
  // (then into the fuzzed memory, or anywhere the seed says).
  const cgen::FlatList core_params = g.lift_signature({param}, cgen::kNone).first;
  cgen::Code flat_body;
  std::uint64_t bits = seed;
  for (cgen::Flat f : core_params) {
    bits = bits * 6364136223846793005ULL + 1442695040888963407ULL;
    switch (f) {
      case cgen::Flat::i32: flat_body.i32_const(static_cast<std::int32_t>(bits >> 33)); break;
      case cgen::Flat::i64: flat_body.i64_const(static_cast<std::int64_t>(bits)); break;
      case cgen::Flat::f32: flat_body.i32_const(static_cast<std::int32_t>(bits >> 32)).op({0xbe}); break;  // f32.reinterpret_i32
      case cgen::Flat::f64: flat_body.i64_const(static_cast<std::int64_t>(bits)).op({0xbf}); break;        // f64.reinterpret_i64
    }
  }
  flat_body.call(sink_index);
  g.function("flat", {}, cgen::kNone, flat_body);

  ByteVec bytes;
  try {
    bytes = g.build();
  } catch (...) {
    if (std::getenv("FUZZ_CANON_DEBUG")) std::fprintf(stderr, "build threw\n");
    return;  // a shape the generator does not make (too large for its layout): not a runtime input
  }
  Harness h(std::move(bytes));
  if (auto loaded = h.load(); !loaded) { if (std::getenv("FUZZ_CANON_DEBUG")) std::fprintf(stderr, "load: %s\n", text_of(loaded.error()).c_str()); return; }  // e.g. a type the validator bounds; validity is fuzz_component's
  // A fresh runtime per call: a trap leaves an instance unusable.
  auto instantiate = [&]() -> bool {
    h.reset();
    std::vector<component::NamedEntity> imports;
    component::RuntimeEntity type;
    type.kind = component::ExternKind::type;
    const std::vector<std::string> names = g.nominal_type_names();
    for (const std::string& n : names) imports.push_back({n, type});
    auto hr = h.runtime().host_resource([](void*, std::uint32_t) noexcept {}, nullptr);
    if (!hr) return false;
    component::RuntimeEntity hr_entity;
    hr_entity.kind = component::ExternKind::type;
    hr_entity.resource = *hr;
    imports.push_back({"hr", hr_entity});
    auto sink_fn = h.runtime().host_function(h.import_type("sink"), &sink, nullptr);
    if (!sink_fn) __builtin_trap();  // the generator's import has a function type
    imports.push_back({"sink", *sink_fn});
    if (auto made = h.instantiate_prepared(imports); !made) {
      if (std::getenv("FUZZ_CANON_DEBUG")) std::fprintf(stderr, "instantiate: %s\n", text_of(made.error()).c_str());
      return false;
    }
    h.runtime().thread().set_fuel(100'000);
    return true;
  };
  if (instantiate()) {
    auto v = h.call("mem");
    if (std::getenv("FUZZ_CANON_DEBUG")) std::fprintf(stderr, "mem: %s\n", v ? "value" : text_of(v.error()).c_str());
    if (v) {
      // What was lifted has the function's type.
      const component::TypeNode& ft = h.runtime().types().peeled(h.find("mem")->type);
      if (!v->check(h.runtime().types(), ft.a, h.runtime().allocator())) __builtin_trap();
    }
  }
  if (instantiate()) {
    auto f = h.call("flat");
    if (std::getenv("FUZZ_CANON_DEBUG")) std::fprintf(stderr, "flat: %s\n", f ? "ok" : text_of(f.error()).c_str());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  run(data, size);
  return 0;
}
