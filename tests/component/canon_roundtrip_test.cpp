// Lifting and lowering, host -> guest -> host: a generated component exports an identity
// function `(func (param "x" T) (result T))` for each value type T, and each is called with
// values drawn at random, which must come back equal. Beyond the conformance suite: every
// value type and shape, the three string encodings with transcoding, flat forms past
// MAX_FLAT_PARAMS and MAX_FLAT_RESULTS, types nested 1,000 deep on a small stack, strings of
// 16 MiB and lists of 10^6 elements.
#include <gtest/gtest.h>

#include <pthread.h>

#include <functional>
#include <iterator>
#include <random>

#include "support/component_harness.hpp"

namespace {

using namespace wrt;
using namespace wrt::component;
using namespace wrt::test;
using cgen::ComponentGen;
using cgen::Encoding;
using cgen::Prim;
using cgen::T;
using cgen::numbered;

// Runs `f` on a thread with a small stack, as firmware or a coroutine would give it.
void on_small_stack(std::size_t bytes, const std::function<void()>& f) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, bytes);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, run, const_cast<std::function<void()>*>(&f)), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

// The value as text, for failure messages (built by appending: GCC 12 at -O3 warns falsely
// about some string concatenations).
std::string describe(const ComponentValue& v) {
  std::string out = name_of(v.kind());
  out += ' ';
  switch (v.kind()) {
    case ValueKind::string:
      out += '"';
      out += v.as_string();
      out += '"';
      return out;
    case ValueKind::list:
    case ValueKind::record:
    case ValueKind::tuple:
      out += '[';
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i != 0) out += ", ";
        out += describe(v[i]);
      }
      out += ']';
      return out;
    case ValueKind::variant:
    case ValueKind::option:
    case ValueKind::result:
      out += std::to_string(v.case_index());
      if (v.has_payload()) {
        out += '(';
        out += describe(v.payload());
        out += ')';
      }
      return out;
    case ValueKind::enum_: out += std::to_string(v.case_index()); return out;
    default: out += std::to_string(v.bits()); return out;
  }
}

// An identity export per type; each called with `samples` random values.
struct Case {
  std::string name;
  T type;
};

void round_trip_all(ComponentGen& g, const std::vector<Case>& cases, int samples) {
  Harness h(g.build());
  auto loaded = h.load();
  ASSERT_TRUE(loaded) << text_of(loaded.error());
  auto made = h.instantiate();
  ASSERT_TRUE(made) << text_of(made.error());
  ValueSampler sampler(g, 42);
  for (const Case& c : cases) {
    for (int i = 0; i < samples; ++i) {
      ComponentValue arg = sampler.sample(c.type);
      ComponentValue expected = *arg.clone();
      auto got = h.call(c.name, std::move(arg));
      ASSERT_TRUE(got) << c.name << " with " << describe(expected) << ": " << text_of(got.error());
      EXPECT_TRUE(got->equals(expected)) << c.name << ": sent " << describe(expected) << ", got " << describe(*got);
    }
  }
}

TEST(CanonRoundTrip, Scalars) {
  ComponentGen g;
  std::vector<Case> cases;
  const std::pair<const char*, Prim> prims[] = {
      {"bool", Prim::bool_}, {"s8", Prim::s8},   {"u8", Prim::u8},   {"s16", Prim::s16}, {"u16", Prim::u16},
      {"s32", Prim::s32},    {"u32", Prim::u32}, {"s64", Prim::s64}, {"u64", Prim::u64}, {"f32", Prim::f32},
      {"f64", Prim::f64},    {"char", Prim::char_}};
  for (const auto& [n, p] : prims) {
    cases.push_back({std::string("id-") + n, g.prim(p)});
    g.identity(cases.back().name, cases.back().type);
  }
  round_trip_all(g, cases, 40);
}

// NaNs: lowering and lifting both give the canonical NaN, whatever the payload.
TEST(CanonRoundTrip, NanIsCanonicalized) {
  ComponentGen g;
  g.identity("id-f32", g.prim(Prim::f32));
  g.identity("id-f64", g.prim(Prim::f64));
  // A guest that makes NaNs with payloads of its own.
  g.function("nan32", {}, g.prim(Prim::f32), cgen::Code().i32_const(0x7fa0'0001).op({0xbe}));  // f32.reinterpret_i32
  g.function("nan64", {}, g.prim(Prim::f64), cgen::Code().i64_const(-0x0007'ffff'ffff'ffffLL).op({0xbf}));  // 0xfff8000000000001
  Harness h(g.build());
  ASSERT_TRUE(h.load());
  ASSERT_TRUE(h.instantiate());
  for (std::uint32_t nan : {0x7fa0'0001u, 0xffc0'0000u, 0x7f80'0001u, 0x7fc0'0000u}) {
    auto r = h.call("id-f32", ComponentValue::f32_bits(nan));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->bits(), 0x7fc0'0000u) << std::hex << nan;
  }
  for (std::uint64_t nan : {0x7ff0'0000'0000'0001ull, 0xfff8'0000'0000'0000ull, 0x7ff4'0000'dead'beefull}) {
    auto r = h.call("id-f64", ComponentValue::f64_bits(nan));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->bits(), 0x7ff8'0000'0000'0000ull) << std::hex << nan;
  }
  auto r32 = h.call("nan32");
  ASSERT_TRUE(r32) << text_of(r32.error());
  EXPECT_EQ(r32->bits(), 0x7fc0'0000u);
  auto r64 = h.call("nan64");
  ASSERT_TRUE(r64) << text_of(r64.error());
  EXPECT_EQ(r64->bits(), 0x7ff8'0000'0000'0000ull);
  // Infinities and negative zero are not NaNs and cross unchanged.
  for (std::uint32_t bits : {0x7f80'0000u, 0xff80'0000u, 0x8000'0000u, 0x0000'0001u}) {
    auto r = h.call("id-f32", ComponentValue::f32_bits(bits));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->bits(), bits);
  }
}

// Compound types: every constructor, variants whose cases join different flat types, and
// flags of every width.
TEST(CanonRoundTrip, CompoundTypes) {
  ComponentGen g;
  const T u8 = g.prim(Prim::u8);
  const T u16 = g.prim(Prim::u16);
  const T u32 = g.prim(Prim::u32);
  const T s64 = g.prim(Prim::s64);
  const T f32 = g.prim(Prim::f32);
  const T f64 = g.prim(Prim::f64);
  const T str = g.string();
  const T chr = g.prim(Prim::char_);
  const T boolean = g.prim(Prim::bool_);
  const T rec = g.record({u8, str, f64, boolean, chr});
  // i32 + f32 -> i32, i64 + f32 -> i64, f64 + i32 -> i64: every join of CanonicalABI.md.
  const T var = g.variant({u8, f32, cgen::kNone, str, s64, f64});
  const T var_floats = g.variant({f32, f32});  // joins to f32
  std::vector<Case> cases = {
      {"id-string", str},
      {"id-list-u8", g.list(u8)},
      {"id-list-string", g.list(str)},
      {"id-list-record", g.list(rec)},
      {"id-list-variant", g.list(var)},
      {"id-list-list", g.list(g.list(u16))},
      {"id-fixed-u16", g.fixed_list(u16, 3)},
      {"id-fixed-string", g.fixed_list(str, 2)},
      {"id-fixed-record", g.fixed_list(g.record({u8, f64}), 2)},
      {"id-record", rec},
      {"id-record-nested", g.record({rec, g.tuple({u8, u32}), g.option(u8)})},
      {"id-tuple", g.tuple({u8, s64, f32})},
      {"id-variant", var},
      {"id-variant-floats", var_floats},
      {"id-variant-nested", g.variant({var, g.option(str), cgen::kNone})},
      {"id-enum", g.enum_(3)},
      {"id-enum-300", g.enum_(300)},  // a two-byte discriminant
      {"id-option-u32", g.option(u32)},
      {"id-option-string", g.option(str)},
      {"id-option-f64", g.option(f64)},
      {"id-option-option", g.option(g.option(u8))},
      {"id-result-both", g.result(u32, str)},
      {"id-result-ok", g.result(f32, cgen::kNone)},
      {"id-result-err", g.result(cgen::kNone, u8)},
      {"id-result-none", g.result(cgen::kNone, cgen::kNone)},
      {"id-list-result", g.list(g.result(s64, f32))},
      {"id-flags-1", g.flags(1)},
      {"id-flags-8", g.flags(8)},
      {"id-flags-9", g.flags(9)},
      {"id-flags-16", g.flags(16)},
      {"id-flags-17", g.flags(17)},
      {"id-flags-32", g.flags(32)},
      {"id-list-flags-17", g.list(g.flags(17))},
      {"id-map", g.map(str, u32)},
      {"id-map-record", g.map(u8, rec)},
      {"id-option-map", g.option(g.map(chr, g.list(f64)))},
  };
  for (const Case& c : cases) g.identity(c.name, c.type);
  round_trip_all(g, cases, 25);
}

// Strings in each encoding: the host's UTF-8 is transcoded into the guest's encoding and back.
TEST(CanonRoundTrip, StringEncodings) {
  ComponentGen g;
  const T str = g.string();
  const T rec = g.record({str, g.prim(Prim::u8), g.list(str)});
  std::vector<Case> cases;
  for (auto [suffix, e] : {std::pair{"utf8", Encoding::utf8}, std::pair{"utf16", Encoding::utf16},
                           std::pair{"latin1", Encoding::latin1_utf16}}) {
    cgen::Options o;
    o.encoding = e;
    cases.push_back({std::string("id-string-") + suffix, str});
    g.identity(cases.back().name, str, o);
    cases.push_back({std::string("id-record-") + suffix, rec});
    g.identity(cases.back().name, rec, o);
  }
  round_trip_all(g, cases, 40);

  // Latin-1-only text, which latin1+utf16 keeps as Latin-1, and text that needs UTF-16.
  Harness h(g.build());
  ASSERT_TRUE(h.load());
  ASSERT_TRUE(h.instantiate());
  for (const char* text : {"", "a", "caf\xc3\xa9 \xc3\xbf", "\xe2\x82\xac", "\xf0\x9f\x98\x80 x", "\xc3\xa9\xe2\x82\xac"}) {
    for (const char* f : {"id-string-utf8", "id-string-utf16", "id-string-latin1"}) {
      auto r = h.call(f, *ComponentValue::string(text, allocator()));
      ASSERT_TRUE(r) << f << ": " << text_of(r.error());
      EXPECT_EQ(r->as_string(), text) << f;
    }
  }
}

// What the guest sees: the exact bytes of each encoding (the round trip alone could hide a
// symmetric mistake), and strings the guest writes in its encoding read back as UTF-8.
TEST(CanonRoundTrip, StringBytesInGuestMemory) {
  ComponentGen g;
  const T str = g.string();
  const T bytes = g.list(g.prim(Prim::u8));
  const T boolean = g.prim(Prim::bool_);
  const std::pair<const char*, Encoding> encodings[] = {
      {"utf8", Encoding::utf8}, {"utf16", Encoding::utf16}, {"latin1", Encoding::latin1_utf16}};
  for (const auto& [suffix, e] : encodings) {
    cgen::Options o;
    o.encoding = e;
    // encode(s) -> list<u8>: (ptr, units) -> (ptr, bytes); latin1+utf16 says which by the tag bit.
    cgen::Code encode;
    encode.i32_const(0).local_get(0).i32_store(cgen::kResultArea);
    encode.i32_const(0);
    if (e == Encoding::utf8) {
      encode.local_get(1);
    } else if (e == Encoding::utf16) {
      encode.local_get(1).i32_const(1).op({0x74});  // units << 1
    } else {
      encode.local_get(1).i32_const(0x7fff'ffff).op({0x71}).i32_const(1).op({0x74});  // (units & ~tag) << 1
      encode.local_get(1);
      encode.local_get(1).i32_const(0).op({0x48});  // tagged (as signed, negative)
      encode.op({0x1b});                            // select
    }
    encode.i32_store(cgen::kResultArea + 4).i32_const(cgen::kResultArea);
    g.function(std::string("encode-") + suffix, {str}, bytes, encode, {}, o);
    // decode(b: list<u8>, utf16: bool) -> string: (ptr, bytes) -> (ptr, units).
    cgen::Code decode;
    decode.i32_const(0).local_get(0).i32_store(cgen::kResultArea);
    decode.i32_const(0);
    if (e == Encoding::utf8) {
      decode.local_get(1);
    } else if (e == Encoding::utf16) {
      decode.local_get(1).i32_const(1).op({0x76});  // bytes >> 1
    } else {
      decode.local_get(1).i32_const(1).op({0x76}).i32_const(static_cast<std::int32_t>(0x8000'0000u)).op({0x72});
      decode.local_get(1);
      decode.local_get(2).op({0x1b});  // utf16 ? (bytes >> 1) | tag : bytes
    }
    decode.i32_store(cgen::kResultArea + 4).i32_const(cgen::kResultArea);
    g.function(std::string("decode-") + suffix, {bytes, boolean}, str, decode, {}, o);
  }
  Harness h(g.build());
  auto loaded = h.load();
  ASSERT_TRUE(loaded) << text_of(loaded.error());
  ASSERT_TRUE(h.instantiate());
  auto as_bytes = [](const ComponentValue& list) {
    std::vector<std::uint8_t> out;
    for (const ComponentValue& b : list.elements()) out.push_back(static_cast<std::uint8_t>(b.as_unsigned()));
    return out;
  };
  auto to_list = [](const std::vector<std::uint8_t>& b) {
    ComponentValue v = *ComponentValue::list(b.size(), allocator());
    for (std::size_t i = 0; i < b.size(); ++i) v[i] = ComponentValue::u8(b[i]);
    return v;
  };
  struct Expect {
    const char* text;
    std::vector<std::uint8_t> utf16;
    std::vector<std::uint8_t> latin1;  // what latin1+utf16 stores (Latin-1 if it can)
  };
  const Expect expectations[] = {
      {"", {}, {}},
      {"Az", {'A', 0, 'z', 0}, {'A', 'z'}},
      {"\xc3\xa9\xc3\xbf", {0xe9, 0, 0xff, 0}, {0xe9, 0xff}},
      {"a\xe2\x82\xac", {'a', 0, 0xac, 0x20}, {'a', 0, 0xac, 0x20}},
      {"\xf0\x9f\x98\x80", {0x3d, 0xd8, 0x00, 0xde}, {0x3d, 0xd8, 0x00, 0xde}},
  };
  for (const Expect& x : expectations) {
    std::string text = x.text;
    auto u8 = h.call("encode-utf8", *ComponentValue::string(text, allocator()));
    ASSERT_TRUE(u8) << text_of(u8.error());
    EXPECT_EQ(as_bytes(*u8), std::vector<std::uint8_t>(text.begin(), text.end()));
    auto u16 = h.call("encode-utf16", *ComponentValue::string(text, allocator()));
    ASSERT_TRUE(u16) << text_of(u16.error());
    EXPECT_EQ(as_bytes(*u16), x.utf16) << text;
    auto l1 = h.call("encode-latin1", *ComponentValue::string(text, allocator()));
    ASSERT_TRUE(l1) << text_of(l1.error());
    EXPECT_EQ(as_bytes(*l1), x.latin1) << text;

    // And back: the guest's bytes in its encoding become the host's UTF-8.
    std::vector<ComponentValue> args;
    args.push_back(to_list(x.utf16));
    args.push_back(ComponentValue::boolean(true));
    auto back16 = h.call("decode-utf16", std::move(args));
    ASSERT_TRUE(back16) << text_of(back16.error());
    EXPECT_EQ(back16->as_string(), text);
    args.clear();
    args.push_back(to_list(x.latin1));
    args.push_back(ComponentValue::boolean(x.latin1.size() == x.utf16.size() && !x.utf16.empty()));
    auto back_l1 = h.call("decode-latin1", std::move(args));
    ASSERT_TRUE(back_l1) << text_of(back_l1.error());
    EXPECT_EQ(back_l1->as_string(), text);
  }
  // A latin1+utf16 string the guest tagged as UTF-16 although every character fits Latin-1:
  // stored into latin1+utf16 again, it is copied as UTF-16 and then compacted to Latin-1
  // (store_probably_utf16_to_latin1_or_utf16); with a character past U+00FF it stays UTF-16.
  const std::pair<std::vector<std::uint8_t>, std::vector<std::uint8_t>> probably[] = {
      {{'a', 0, 0xe9, 0, 0xff, 0}, {'a', 0xe9, 0xff}},
      {{'a', 0, 0xac, 0x20}, {'a', 0, 0xac, 0x20}},
  };
  for (const auto& [utf16_bytes, stored] : probably) {
    std::vector<ComponentValue> args;
    args.push_back(to_list(utf16_bytes));
    args.push_back(ComponentValue::boolean(true));
    auto lifted = h.call("decode-latin1", std::move(args));
    ASSERT_TRUE(lifted) << text_of(lifted.error());
    auto again = h.call("encode-latin1", std::move(*lifted));
    ASSERT_TRUE(again) << text_of(again.error());
    EXPECT_EQ(as_bytes(*again), stored);
  }
}

// Through host imports: the guest passes what it got to a host function of the same type,
// which hands it back. Lowered imports lift their arguments from flat values (variants with
// joined flat types, strings and lists from the guest's memory), and lower their results into
// the guest's memory through its realloc and the result pointer: host -> guest -> host ->
// guest -> host.
Result<void> echo(void*, ComponentRuntime&, std::span<const ComponentValue> args, std::span<ComponentValue> results) noexcept {
  results[0] = WRT_TRY(args[0].clone());
  return {};
}

TEST(CanonRoundTrip, ThroughHostImports) {
  ComponentGen g;
  g.import_nominal_types();  // imported functions may only use imported named types
  const T u8 = g.prim(Prim::u8);
  const T u32 = g.prim(Prim::u32);
  const T s64 = g.prim(Prim::s64);
  const T f32 = g.prim(Prim::f32);
  const T f64 = g.prim(Prim::f64);
  const T str = g.string();
  const T chr = g.prim(Prim::char_);
  const T rec = g.record({u8, str, f64, g.prim(Prim::bool_), chr});
  const T var = g.variant({u8, f32, cgen::kNone, str, s64, f64});
  std::vector<Case> cases = {
      {"s8", g.prim(Prim::s8)},
      {"u16", g.prim(Prim::u16)},
      {"s64", s64},
      {"f32", f32},
      {"f64", f64},
      {"char", chr},
      {"string", str},
      {"list-u8", g.list(u8)},
      {"list-string", g.list(str)},
      {"list-record", g.list(rec)},
      {"fixed", g.fixed_list(g.prim(Prim::u16), 3)},
      {"record", rec},
      {"tuple", g.tuple({u8, s64, f32})},
      {"variant", var},
      {"variant-floats", g.variant({f32, f32})},
      {"variant-f32-s64", g.variant({f32, s64})},  // an f32 in an i64
      {"enum", g.enum_(3)},
      {"option-string", g.option(str)},
      {"option-f64", g.option(f64)},
      {"result", g.result(u32, str)},
      {"result-none", g.result(cgen::kNone, cgen::kNone)},
      {"flags", g.flags(17)},
      {"map", g.map(str, var)},
      {"wide", g.record(std::vector<T>(20, u32))},  // spilled both ways
      {"wide-mixed", g.record({str, u32, g.list(u8), g.option(f64), str, var, s64, f32, str, str, u8, str, g.list(str)})},
  };
  for (const Case& c : cases) g.forward(std::string("via-") + c.name, c.type, std::string("host-") + c.name);
  cgen::Options utf16;
  utf16.encoding = Encoding::utf16;
  g.forward("via-utf16", str, "host-utf16", utf16);
  cgen::Options latin1;
  latin1.encoding = Encoding::latin1_utf16;
  g.forward("via-latin1", g.list(str), "host-latin1", latin1);
  Harness h(g.build());
  auto loaded = h.load();
  ASSERT_TRUE(loaded) << text_of(loaded.error());
  ComponentRuntime& rt = h.runtime();
  std::vector<NamedEntity> imports;
  RuntimeEntity type;
  type.kind = component::ExternKind::type;
  std::vector<std::string> names = g.nominal_type_names();
  for (const std::string& n : names) imports.push_back({n, type});
  std::vector<std::string> import_names;
  for (const Case& c : cases) import_names.push_back(std::string("host-") + c.name);
  import_names.push_back("host-utf16");
  import_names.push_back("host-latin1");
  for (const std::string& n : import_names) {
    auto f = rt.host_function(h.import_type(n), &echo, nullptr);
    ASSERT_TRUE(f) << n << ": " << text_of(f.error());
    imports.push_back({n, *f});
  }
  auto made = h.instantiate_prepared(imports);
  ASSERT_TRUE(made) << text_of(made.error());
  ValueSampler sampler(g, 7);
  for (const Case& c : cases) {
    for (int i = 0; i < 25; ++i) {
      ComponentValue arg = sampler.sample(c.type);
      ComponentValue expected = *arg.clone();
      auto got = h.call(std::string("via-") + c.name, std::move(arg));
      ASSERT_TRUE(got) << c.name << " with " << describe(expected) << ": " << text_of(got.error());
      EXPECT_TRUE(got->equals(expected)) << c.name << ": sent " << describe(expected) << ", got " << describe(*got);
    }
  }
  for (int i = 0; i < 25; ++i) {
    ComponentValue s = sampler.sample(str);
    ComponentValue expected = *s.clone();
    auto got = h.call("via-utf16", std::move(s));
    ASSERT_TRUE(got) << text_of(got.error());
    EXPECT_EQ(got->as_string(), expected.as_string());
    ComponentValue l = sampler.sample(g.list(str));
    ComponentValue expected_list = *l.clone();
    auto got_list = h.call("via-latin1", std::move(l));
    ASSERT_TRUE(got_list) << text_of(got_list.error());
    EXPECT_TRUE(got_list->equals(expected_list)) << describe(expected_list) << " vs " << describe(*got_list);
  }
}

// Random types: every constructor nested up to four deep, in random combinations (variants
// joining flat types of any kind, fixed lists of variants, maps of records...), each through
// an identity function and a host import.
T random_type(ComponentGen& g, std::mt19937& rng, int depth) {
  const Prim prims[] = {Prim::bool_, Prim::s8,  Prim::u8,  Prim::s16, Prim::u16,   Prim::s32,   Prim::u32,
                        Prim::s64,   Prim::u64, Prim::f32, Prim::f64, Prim::char_, Prim::string};
  const Prim keys[] = {Prim::bool_, Prim::s8, Prim::u16, Prim::u64, Prim::char_, Prim::string};
  if (depth == 0 || rng() % 4 == 0) return g.prim(prims[rng() % std::size(prims)]);
  auto some = [&](std::uint32_t max) { return 1 + rng() % max; };
  auto members = [&](std::uint32_t n, bool optional) {
    std::vector<T> out;
    for (std::uint32_t i = 0; i < n; ++i) out.push_back(optional && rng() % 3 == 0 ? cgen::kNone : random_type(g, rng, depth - 1));
    return out;
  };
  switch (rng() % 11) {
    case 0: return g.list(random_type(g, rng, depth - 1));
    case 1: return g.fixed_list(random_type(g, rng, depth - 1), some(4));
    case 2: return g.record(members(some(5), false));
    case 3: return g.tuple(members(some(4), false));
    case 4: return g.variant(members(some(5), true));
    case 5: return g.enum_(rng() % 8 == 0 ? 300 : some(5));
    case 6: return g.option(random_type(g, rng, depth - 1));
    case 7: {
      std::vector<T> two = members(2, true);
      return g.result(two[0], two[1]);
    }
    case 8: return g.flags(some(32));
    case 9: return g.map(g.prim(keys[rng() % std::size(keys)]), random_type(g, rng, depth - 1));
    default: return random_type(g, rng, depth - 1);
  }
}

TEST(CanonRoundTrip, RandomTypes) {
  for (std::uint32_t seed = 1; seed <= 8; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937 rng(seed);
    ComponentGen g;
    g.import_nominal_types();
    std::vector<Case> cases;
    for (int i = 0; i < 24; ++i) {
      T t = random_type(g, rng, 4);
      cases.push_back({numbered("id", static_cast<std::size_t>(i)), t});
      g.identity(cases.back().name, t);
      g.forward(numbered("via", static_cast<std::size_t>(i)), t, numbered("host", static_cast<std::size_t>(i)));
    }
    Harness h(g.build());
    auto loaded = h.load();
    ASSERT_TRUE(loaded) << text_of(loaded.error());
    ComponentRuntime& rt = h.runtime();
    std::vector<NamedEntity> imports;
    RuntimeEntity type;
    type.kind = component::ExternKind::type;
    std::vector<std::string> names = g.nominal_type_names();
    for (const std::string& n : names) imports.push_back({n, type});
    std::vector<std::string> import_names;
    for (std::size_t i = 0; i < cases.size(); ++i) import_names.push_back(numbered("host", i));
    for (const std::string& n : import_names) {
      auto f = rt.host_function(h.import_type(n), &echo, nullptr);
      ASSERT_TRUE(f) << n << ": " << text_of(f.error());
      imports.push_back({n, *f});
    }
    auto made = h.instantiate_prepared(imports);
    ASSERT_TRUE(made) << text_of(made.error());
    ValueSampler sampler(g, seed);
    for (std::size_t i = 0; i < cases.size(); ++i) {
      for (int k = 0; k < 4; ++k) {
        for (const std::string& f : {numbered("id", i), numbered("via", i)}) {
          ComponentValue arg = sampler.sample(cases[i].type);
          ComponentValue expected = *arg.clone();
          auto got = h.call(f, std::move(arg));
          ASSERT_TRUE(got) << f << " with " << describe(expected) << ": " << text_of(got.error());
          EXPECT_TRUE(got->equals(expected)) << f << ": sent " << describe(expected) << ", got " << describe(*got);
        }
      }
    }
  }
}

// A string lifted from a component remembers its encoding and its length in that encoding;
// lowering it into another encoding follows the allocation protocol of that pair
// (store_string_into_range): all nine pairs, with Latin-1-only, BMP and astral text.
TEST(CanonRoundTrip, StringsBetweenEncodings) {
  ComponentGen g;
  const T str = g.string();
  const std::pair<const char*, Encoding> encodings[] = {
      {"utf8", Encoding::utf8}, {"utf16", Encoding::utf16}, {"latin1", Encoding::latin1_utf16}};
  for (const auto& [suffix, e] : encodings) {
    cgen::Options o;
    o.encoding = e;
    g.identity(std::string("id-") + suffix, str, o);
  }
  Harness h(g.build());
  ASSERT_TRUE(h.load());
  ASSERT_TRUE(h.instantiate());
  const char* texts[] = {"", "plain ascii", "caf\xc3\xa9 \xc3\xbf\xc3\x80", "a\xe2\x82\xac b", "\xf0\x9f\x98\x80\xf0\x9f\x98\x81", "\xc3\xa9\xf0\x9f\x98\x80z"};
  for (const char* text : texts) {
    for (const auto& [from, unused1] : encodings) {
      for (const auto& [to, unused2] : encodings) {
        auto lifted = h.call(std::string("id-") + from, *ComponentValue::string(text, allocator()));
        ASSERT_TRUE(lifted) << text_of(lifted.error());
        ASSERT_TRUE(lifted->has_origin());
        auto again = h.call(std::string("id-") + to, std::move(*lifted));
        ASSERT_TRUE(again) << from << " -> " << to << ": " << text_of(again.error());
        EXPECT_EQ(again->as_string(), text) << from << " -> " << to;
      }
    }
  }
}

// Flat forms past the limits: more than MAX_FLAT_PARAMS (16) flat parameters go through a
// tuple in memory that the caller allocates with realloc; more than MAX_FLAT_RESULTS (1) come
// back through a pointer. Exactly 16 still travel flat.
TEST(CanonRoundTrip, SpilledParamsAndResults) {
  ComponentGen g;
  const T u8 = g.prim(Prim::u8);
  const T u32 = g.prim(Prim::u32);
  const T f64 = g.prim(Prim::f64);
  const T str = g.string();
  std::vector<T> sixteen(16, u8);
  std::vector<T> seventeen(17, u32);
  std::vector<T> wide;
  for (int i = 0; i < 40; ++i) wide.push_back(i % 3 == 0 ? str : i % 3 == 1 ? f64 : g.option(u8));
  const T wide_record = g.record(wide);
  std::vector<Case> cases = {
      {"id-tuple-16", g.tuple(sixteen)},
      {"id-record-17", g.record(seventeen)},
      {"id-wide-record", wide_record},
      {"id-variant-wide", g.variant({wide_record, u8, cgen::kNone})},
      {"id-fixed-20", g.fixed_list(u32, 20)},
      {"id-list-wide", g.list(wide_record)},
  };
  for (const Case& c : cases) g.identity(c.name, c.type);
  // 17 parameters: spilled to a tuple whose layout is the result's.
  const T tuple17 = g.tuple(seventeen);
  g.function("seventeen", seventeen, tuple17, cgen::Code().local_get(0));
  round_trip_all(g, cases, 10);

  Harness h(g.build());
  ASSERT_TRUE(h.load());
  ASSERT_TRUE(h.instantiate());
  std::vector<ComponentValue> args;
  for (std::uint32_t i = 0; i < 17; ++i) args.push_back(ComponentValue::u32(i * 0x01010101u + 7));
  auto r = h.call("seventeen", std::move(args));
  ASSERT_TRUE(r) << text_of(r.error());
  ASSERT_EQ(r->size(), 17u);
  for (std::uint32_t i = 0; i < 17; ++i) EXPECT_EQ((*r)[i].as_unsigned(), i * 0x01010101u + 7);
}

// A type nested 1,000 deep crosses with a 256 KiB host stack: lifting and lowering walk it
// with work lists on the heap.
TEST(CanonRoundTrip, DeepTypesOnASmallStack) {
  constexpr int kDepth = 1000;
  ComponentGen g;
  const T u8 = g.prim(Prim::u8);
  T lists = u8;
  T options = u8;
  T mixed = u8;
  for (int i = 0; i < kDepth; ++i) {
    lists = g.list(lists);
    options = g.option(options);
    mixed = i % 3 == 0 ? g.tuple({mixed, u8}) : i % 3 == 1 ? g.result(mixed, cgen::kNone) : g.list(mixed);
  }
  g.identity("id-lists", lists);      // flat: (ptr, len); stored at the result area
  g.identity("id-options", options);  // flat: 1,001 values, spilled both ways
  g.identity("id-mixed", mixed);
  Harness h(g.build());
  auto loaded = h.load();
  ASSERT_TRUE(loaded) << text_of(loaded.error());

  // The values, built inside out.
  auto deep_lists = [&] {
    ComponentValue v = *ComponentValue::list(3, allocator());
    for (int i = 0; i < 3; ++i) v[static_cast<std::size_t>(i)] = ComponentValue::u8(static_cast<std::uint8_t>(i + 1));
    for (int i = 1; i < kDepth; ++i) {
      ComponentValue outer = *ComponentValue::list(i % 7 == 0 ? 2 : 1, allocator());
      if (outer.size() == 2) outer[1] = *ComponentValue::list(0, allocator());
      outer[0] = std::move(v);
      v = std::move(outer);
    }
    return v;
  };
  auto deep_options = [&](int none_at) {
    ComponentValue v = ComponentValue::u8(99);
    for (int i = 0; i < kDepth; ++i) v = i == none_at ? ComponentValue::none() : *ComponentValue::some(std::move(v), allocator());
    return v;
  };
  auto deep_mixed = [&] {
    ComponentValue v = ComponentValue::u8(5);
    for (int i = 0; i < kDepth; ++i) {
      if (i % 3 == 0) {
        ComponentValue t = *ComponentValue::tuple(2, allocator());
        t[0] = std::move(v);
        t[1] = ComponentValue::u8(static_cast<std::uint8_t>(i));
        v = std::move(t);
      } else if (i % 3 == 1) {
        v = *ComponentValue::ok(std::move(v), allocator());
      } else {
        ComponentValue l = *ComponentValue::list(1, allocator());
        l[0] = std::move(v);
        v = std::move(l);
      }
    }
    return v;
  };
  std::vector<std::pair<std::string, ComponentValue>> calls;
  calls.emplace_back("id-lists", deep_lists());
  calls.emplace_back("id-options", deep_options(-1));
  calls.emplace_back("id-options", deep_options(kDepth / 2));
  calls.emplace_back("id-mixed", deep_mixed());
  std::vector<ComponentValue> expected;
  for (auto& [name, value] : calls) expected.push_back(*value.clone());

  std::vector<bool> same(calls.size(), false);
  std::string failure;
  on_small_stack(256 * 1024, [&] {
    auto made = h.instantiate();
    if (!made) {
      failure = text_of(made.error());
      return;
    }
    for (std::size_t i = 0; i < calls.size(); ++i) {
      auto r = h.call(calls[i].first, std::move(calls[i].second));
      if (!r) {
        failure = calls[i].first + ": " + text_of(r.error());
        return;
      }
      same[i] = r->equals(expected[i]);
    }
  });
  ASSERT_EQ(failure, "");
  for (std::size_t i = 0; i < calls.size(); ++i) EXPECT_TRUE(same[i]) << calls[i].first << " #" << i;
}

// Large values, one test per encoding and element type (each takes seconds under the
// sanitizers).
class CanonLarge : public ::testing::Test {
 protected:
  static constexpr std::size_t kLarge = 16u << 20;
  static constexpr std::size_t kMedium = 1u << 20;
  static std::string ascii(std::size_t size) {
    std::string s(size, 'x');
    for (std::size_t i = 0; i < size; i += 4099) s[i] = static_cast<char>('a' + i % 26);
    return s;
  }
  static std::string latin1(std::size_t size) {  // two-byte UTF-8 below U+0100, with ASCII
    std::string s;
    while (s.size() + 2 <= size) s += s.size() % 6 == 0 ? "q" : "\xc3\xa9";
    return s;
  }
  static std::string mixed(std::size_t size) {  // every UTF-8 length
    std::string s;
    const char* pieces[] = {"a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
    for (std::size_t i = 0; s.size() + 4 <= size; ++i) s += pieces[i % 4];
    return s;
  }
  // The identity of string lifted with `encoding`, called with each of `texts`.
  static void strings(Encoding encoding, const std::vector<std::string>& texts) {
    ComponentGen g;
    cgen::Options o;
    o.encoding = encoding;
    g.identity("id", g.string(), o);
    Harness h(g.build());
    ASSERT_TRUE(h.load());
    ASSERT_TRUE(h.instantiate());
    for (const std::string& s : texts) {
      auto r = h.call("id", *ComponentValue::string(s, allocator()));
      ASSERT_TRUE(r) << text_of(r.error());
      ASSERT_EQ(r->as_string().size(), s.size());
      EXPECT_TRUE(r->as_string() == s);
    }
  }
  // The identity of list<element>, called with a list of 10^6 made by `make`, checked element
  // by element with `same`.
  template <typename Element, typename Make, typename Same>
  static void list(Element element, Make make, Same same) {
    constexpr std::size_t kCount = 1'000'000;
    ComponentGen g;
    g.identity("id", g.list(element(g)));
    Harness h(g.build());
    ASSERT_TRUE(h.load());
    ASSERT_TRUE(h.instantiate());
    ComponentValue values = *ComponentValue::list(kCount, allocator());
    for (std::size_t i = 0; i < kCount; ++i) values[i] = make(i);
    auto got = h.call("id", std::move(values));
    ASSERT_TRUE(got) << text_of(got.error());
    ASSERT_EQ(got->size(), kCount);
    for (std::size_t i = 0; i < kCount; ++i) ASSERT_TRUE(same((*got)[i], i)) << "element " << i;
  }
};

// The empty string and 16 MiB in each encoding, transcoded from and to the host's UTF-8: text
// with code points of every UTF-8 length (latin1+utf16 first tries Latin-1, then inflates to
// UTF-16); Latin-1-only text (which latin1+utf16 keeps as Latin-1) and ASCII at 1-4 MiB.
TEST_F(CanonLarge, StringsUtf8) { strings(Encoding::utf8, {"", mixed(kLarge), ascii(kMedium), latin1(kMedium)}); }
TEST_F(CanonLarge, StringsUtf16) { strings(Encoding::utf16, {"", mixed(kLarge), ascii(kMedium), latin1(kMedium)}); }
TEST_F(CanonLarge, StringsLatin1Utf16) { strings(Encoding::latin1_utf16, {"", mixed(kLarge), latin1(4 * kMedium), ascii(kMedium)}); }

TEST_F(CanonLarge, ListOfU8) {
  list([](ComponentGen& g) { return g.prim(Prim::u8); }, [](std::size_t i) { return ComponentValue::u8(static_cast<std::uint8_t>(i * 7)); },
       [](const ComponentValue& v, std::size_t i) { return v.as_unsigned() == static_cast<std::uint8_t>(i * 7); });
}

TEST_F(CanonLarge, ListOfU32) {
  list([](ComponentGen& g) { return g.prim(Prim::u32); }, [](std::size_t i) { return ComponentValue::u32(static_cast<std::uint32_t>(i * 2654435761u)); },
       [](const ComponentValue& v, std::size_t i) { return v.as_unsigned() == static_cast<std::uint32_t>(i * 2654435761u); });
}

TEST_F(CanonLarge, ListOfRecords) {
  list(
      [](ComponentGen& g) { return g.record({g.prim(Prim::u8), g.prim(Prim::u32)}); },  // padded: u8 at 0, u32 at 4
      [](std::size_t i) {
        ComponentValue r = *ComponentValue::record(2, allocator());
        r[0] = ComponentValue::u8(static_cast<std::uint8_t>(i >> 3));
        r[1] = ComponentValue::u32(static_cast<std::uint32_t>(i));
        return r;
      },
      [](const ComponentValue& r, std::size_t i) {
        return r.kind() == ValueKind::record && r.size() == 2 && r[0].as_unsigned() == static_cast<std::uint8_t>(i >> 3) &&
               r[1].as_unsigned() == static_cast<std::uint32_t>(i);
      });
}

}  // namespace
