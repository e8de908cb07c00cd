// The canonical ABI's traps, each with its reason (CanonicalABI.md; definitions.py's trap_if):
// values a guest hands out that are not valid values of their type, pointers and lengths out
// of bounds, misaligned or too long, a realloc that misbehaves, and narrowing that is not a
// trap (integers wrap, bool is nonzero, flags drop unknown bits).
#include <gtest/gtest.h>

#include "support/component_harness.hpp"

namespace {

using namespace wrt;
using namespace wrt::component;
using namespace wrt::test;
using cgen::Code;
using cgen::ComponentGen;
using cgen::Encoding;
using cgen::Prim;
using cgen::T;
using cgen::kResultArea;

// Calls `name` in a fresh instance (a trap leaves an instance that may not be entered again)
// and expects a trap whose text contains `reason`.
void expect_trap(Harness& h, std::string_view name, std::vector<ComponentValue> args, std::string_view reason) {
  auto made = h.instantiate();
  ASSERT_TRUE(made) << text_of(made.error());
  auto r = h.call(name, std::move(args));
  ASSERT_FALSE(r) << name << " returned instead of trapping with \"" << reason << "\"";
  std::string text = text_of(r.error());
  EXPECT_EQ(r.error().kind(), ErrorKind::trap) << name << ": " << text;
  EXPECT_NE(text.find(reason), std::string::npos) << name << ": expected \"" << reason << "\", got: " << text;
}

std::vector<ComponentValue> u32s(std::initializer_list<std::uint32_t> values) {
  std::vector<ComponentValue> out;
  for (std::uint32_t v : values) out.push_back(ComponentValue::u32(v));
  return out;
}

// Core code: store (local 0, local 1) at the result area and return its address: a string or
// a list whose pointer and length the host chose.
Code pair_result() {
  Code c;
  c.i32_const(0).local_get(0).i32_store(kResultArea);
  c.i32_const(0).local_get(1).i32_store(kResultArea + 4);
  c.i32_const(kResultArea);
  return c;
}

// Core code: store the low byte of local 0 at the result area and return its address.
Code byte_result() {
  Code c;
  c.i32_const(0).local_get(0).i32_store8(kResultArea).i32_const(kResultArea);
  return c;
}

// The memory's size in bytes (module B imports the memory).
Code memory_bytes() { return Code().op({0x3f, 0x00}).i32_const(16).op({0x74}); }

class CanonTraps : public ::testing::Test {
 protected:
  Harness& build(ComponentGen& g) {
    g.function("memory-bytes", {}, g.prim(Prim::u32), memory_bytes());
    harness_ = std::make_unique<Harness>(g.build());
    auto loaded = harness_->load();
    EXPECT_TRUE(loaded) << text_of(loaded.error());
    auto made = harness_->instantiate();
    EXPECT_TRUE(made) << text_of(made.error());
    auto size = harness_->call("memory-bytes");
    EXPECT_TRUE(size);
    memory_size_ = size ? static_cast<std::uint32_t>(size->as_unsigned()) : 0;
    return *harness_;
  }
  std::unique_ptr<Harness> harness_;
  std::uint32_t memory_size_ = 0;
};

// char: surrogates and values past U+10FFFF are not Unicode scalar values.
TEST_F(CanonTraps, InvalidChar) {
  ComponentGen g;
  const T chr = g.prim(Prim::char_);
  g.function("char", {g.prim(Prim::u32)}, chr, Code().local_get(0));
  std::uint32_t at = g.data({0x00, 0xD8, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00});  // [U+D800, 'A'] as list<char>
  g.function("chars", {g.prim(Prim::u32), g.prim(Prim::u32)}, g.list(chr), pair_result());
  Harness& h = build(g);
  for (std::uint32_t bad : {0xD800u, 0xDBFFu, 0xDC00u, 0xDFFFu, 0x110000u, 0xFFFF'FFFFu}) {
    expect_trap(h, "char", u32s({bad}), "invalid char");
  }
  for (std::uint32_t good : {0u, 0xD7FFu, 0xE000u, 0x10FFFFu}) {
    ASSERT_TRUE(h.instantiate());
    auto r = h.call("char", u32s({good}));
    ASSERT_TRUE(r) << text_of(r.error());
    EXPECT_EQ(static_cast<std::uint32_t>(r->as_char()), good);
  }
  expect_trap(h, "chars", u32s({at, 2}), "invalid char");  // in memory too
  ASSERT_TRUE(h.instantiate());
  auto ok = h.call("chars", u32s({at + 4, 1}));
  ASSERT_TRUE(ok) << text_of(ok.error());
  EXPECT_EQ(static_cast<std::uint32_t>((*ok)[0].as_char()), 0x41u);
}

// Strings whose bytes are not valid in their encoding.
TEST_F(CanonTraps, InvalidStrings) {
  ComponentGen g;
  const T u32 = g.prim(Prim::u32);
  const T str = g.string();
  for (auto [suffix, e] : {std::pair{"utf8", Encoding::utf8}, std::pair{"utf16", Encoding::utf16},
                           std::pair{"latin1", Encoding::latin1_utf16}}) {
    cgen::Options o;
    o.encoding = e;
    g.function(std::string("string-") + suffix, {u32, u32}, str, pair_result(), {}, o);
  }
  struct Bad {
    ByteVec bytes;
    const char* what;
  };
  const Bad utf8[] = {
      {{0xC3}, "truncated"},
      {{0xC0, 0x80}, "overlong"},
      {{0xE0, 0x80, 0xAF}, "overlong 3"},
      {{0xED, 0xA0, 0x80}, "surrogate"},
      {{0xF4, 0x90, 0x80, 0x80}, "above U+10FFFF"},
      {{0xFF}, "invalid byte"},
      {{'a', 0x80, 'b'}, "stray continuation"},
  };
  std::vector<std::pair<std::uint32_t, const Bad*>> placed;
  for (const Bad& b : utf8) placed.push_back({g.data(b.bytes), &b});
  const Bad utf16[] = {
      {{0x00, 0xD8}, "high surrogate at the end"},
      {{0x00, 0xD8, 'a', 0x00}, "high surrogate then a letter"},
      {{0x00, 0xDC, 'a', 0x00}, "low surrogate first"},
      {{'a', 0x00, 0xFF, 0xDF}, "lone low surrogate"},
      {{0x00, 0xD8, 0x00, 0xD8, 0x00, 0xDC}, "high surrogate then a pair"},
  };
  std::vector<std::pair<std::uint32_t, const Bad*>> placed16;
  for (const Bad& b : utf16) placed16.push_back({g.data(b.bytes, 2), &b});
  const std::uint32_t valid16 = g.data({0x3d, 0xd8, 0x00, 0xde, 'a', 0x00}, 2);  // U+1F600 'a'
  Harness& h = build(g);
  for (const auto& [at, b] : placed) {
    SCOPED_TRACE(b->what);
    expect_trap(h, "string-utf8", u32s({at, static_cast<std::uint32_t>(b->bytes.size())}), "invalid UTF-8");
  }
  for (const auto& [at, b] : placed16) {
    SCOPED_TRACE(b->what);
    auto units = static_cast<std::uint32_t>(b->bytes.size() / 2);
    expect_trap(h, "string-utf16", u32s({at, units}), "invalid UTF-16");
    expect_trap(h, "string-latin1", u32s({at, units | 0x8000'0000u}), "invalid UTF-16");
  }
  // The same bytes with the latin1 tag clear are Latin-1, where every byte is a character.
  ASSERT_TRUE(h.instantiate());
  auto latin1 = h.call("string-latin1", u32s({placed16[0].first, 2}));
  ASSERT_TRUE(latin1) << text_of(latin1.error());
  EXPECT_EQ(latin1->as_string(), std::string_view("\x00\xc3\x98", 3));  // U+0000 U+00D8
  auto pair = h.call("string-utf16", u32s({valid16, 3}));
  ASSERT_TRUE(pair) << text_of(pair.error());
  EXPECT_EQ(pair->as_string(), "\xf0\x9f\x98\x80" "a");
}

// Pointers out of bounds or misaligned: strings, lists, list elements, spilled results.
TEST_F(CanonTraps, BadPointers) {
  ComponentGen g;
  const T u32 = g.prim(Prim::u32);
  const T str = g.string();
  cgen::Options utf16;
  utf16.encoding = Encoding::utf16;
  g.function("string", {u32, u32}, str, pair_result());
  g.function("string-utf16", {u32, u32}, str, pair_result(), {}, utf16);
  g.function("list-u32", {u32, u32}, g.list(u32), pair_result());
  g.function("list-u64", {u32, u32}, g.list(g.prim(Prim::u64)), pair_result());
  g.function("list-string", {u32, u32}, g.list(str), pair_result());
  // A spilled result: the core function returns the pointer it is given.
  g.function("spilled", {u32}, g.tuple({u32, u32}), Code().local_get(0));
  g.function("spilled-u64", {u32}, g.tuple({g.prim(Prim::u64), u32}), Code().local_get(0));
  // A list<string> whose one element points past the end of memory.
  const std::uint32_t bad_element = g.data({0xF0, 0xFF, 0xFF, 0xFF, 0x10, 0x00, 0x00, 0x00});
  Harness& h = build(g);
  const std::uint32_t end = memory_size_;
  ASSERT_GT(end, 0u);

  expect_trap(h, "string", u32s({end - 4, 5}), "out of bounds");
  expect_trap(h, "string", u32s({end + 16, 0}), "out of bounds");
  expect_trap(h, "string", u32s({0xFFFF'FFFFu, 2}), "out of bounds");
  expect_trap(h, "string-utf16", u32s({end - 4, 3}), "out of bounds");
  expect_trap(h, "string-utf16", u32s({cgen::kDataBase + 1, 1}), "unaligned");
  expect_trap(h, "list-u32", u32s({end - 8, 3}), "out of bounds");
  expect_trap(h, "list-u32", u32s({cgen::kDataBase + 2, 1}), "unaligned");
  expect_trap(h, "list-u64", u32s({cgen::kDataBase + 4, 1}), "unaligned");
  expect_trap(h, "list-u32", u32s({0xFFFF'FFF0u, 8}), "out of bounds");
  expect_trap(h, "list-string", u32s({bad_element, 1}), "out of bounds");
  expect_trap(h, "list-string", u32s({cgen::kDataBase + 2, 1}), "unaligned");
  expect_trap(h, "spilled", u32s({kResultArea + 2}), "unaligned");
  expect_trap(h, "spilled-u64", u32s({kResultArea + 4}), "unaligned");
  expect_trap(h, "spilled", u32s({end - 4}), "out of bounds");
  expect_trap(h, "spilled", u32s({0xFFFF'FFF8u}), "out of bounds");
  // At the very end is still in bounds.
  ASSERT_TRUE(h.instantiate());
  auto edge = h.call("list-u32", u32s({end - 8, 2}));
  ASSERT_TRUE(edge) << text_of(edge.error());
  EXPECT_EQ(edge->size(), 2u);
  auto empty = h.call("string", u32s({end, 0}));
  ASSERT_TRUE(empty) << text_of(empty.error());
  EXPECT_EQ(empty->as_string(), "");
  auto spilled = h.call("spilled", u32s({end - 8}));
  ASSERT_TRUE(spilled) << text_of(spilled.error());
}

// Discriminants past the last case, in flat form (an enum result) and in memory (variants,
// options, results; one- and two-byte discriminants).
TEST_F(CanonTraps, InvalidDiscriminants) {
  ComponentGen g;
  const T u8 = g.prim(Prim::u8);
  const T u32 = g.prim(Prim::u32);
  g.function("enum", {u32}, g.enum_(3), Code().local_get(0));
  g.function("option", {u32}, g.option(u8), byte_result());
  g.function("result", {u32}, g.result(u32, g.string()), byte_result());
  g.function("result-none", {u32}, g.tuple({g.result(cgen::kNone, cgen::kNone), u8}), byte_result());
  g.function("variant", {u32}, g.variant({u8, g.prim(Prim::f32), cgen::kNone}), byte_result());
  g.function("enum-300", {u32}, g.tuple({g.enum_(300), u8}),
             Code().i32_const(0).local_get(0).mem(0x3b, kResultArea).i32_const(kResultArea));  // i32.store16
  g.function("bool-option", {u32}, g.option(g.prim(Prim::bool_)), byte_result());
  Harness& h = build(g);
  expect_trap(h, "enum", u32s({3}), "invalid variant discriminant");
  expect_trap(h, "enum", u32s({0xFFFF'FFFFu}), "invalid variant discriminant");
  expect_trap(h, "option", u32s({2}), "invalid variant discriminant");
  expect_trap(h, "result", u32s({2}), "invalid variant discriminant");
  expect_trap(h, "result-none", u32s({0xFF}), "invalid variant discriminant");
  expect_trap(h, "variant", u32s({3}), "invalid variant discriminant");
  expect_trap(h, "enum-300", u32s({300}), "invalid variant discriminant");
  ASSERT_TRUE(h.instantiate());
  for (std::uint32_t c : {0u, 2u}) {
    auto r = h.call("enum", u32s({c}));
    ASSERT_TRUE(r) << text_of(r.error());
    EXPECT_EQ(r->case_index(), c);
  }
  auto last = h.call("enum-300", u32s({299}));
  ASSERT_TRUE(last) << text_of(last.error());
  EXPECT_EQ((*last)[0].case_index(), 299u);
  // Only the discriminant's bytes count: 0x100 stored as a byte is case 0.
  auto none = h.call("option", u32s({0x100}));
  ASSERT_TRUE(none) << text_of(none.error());
  EXPECT_EQ(none->case_index(), 0u);
}

// Narrowing is not a trap: integers wrap to their width (lift_flat_unsigned/signed), bool is
// "nonzero", flags ignore bits past their labels; in memory only the type's bytes are read.
TEST_F(CanonTraps, NarrowingWraps) {
  ComponentGen g;
  const T u32 = g.prim(Prim::u32);
  const std::pair<const char*, Prim> narrow[] = {{"u8", Prim::u8},   {"s8", Prim::s8},   {"u16", Prim::u16},
                                                 {"s16", Prim::s16}, {"bool", Prim::bool_}};
  for (const auto& [n, p] : narrow) g.function(n, {u32}, g.prim(p), Code().local_get(0));
  g.function("flags-3", {u32}, g.flags(3), Code().local_get(0));
  g.function("flags-12", {u32}, g.flags(12), Code().local_get(0));
  // In memory: (bool, u8, flags 3) at the result area, from one u32 written there.
  g.function("in-memory", {u32}, g.tuple({g.prim(Prim::bool_), g.prim(Prim::u8), g.flags(3)}),
             Code().i32_const(0).local_get(0).i32_store(kResultArea).i32_const(kResultArea));
  Harness& h = build(g);
  ASSERT_TRUE(h.instantiate());
  auto call = [&](const char* f, std::uint32_t x) {
    auto r = h.call(f, u32s({x}));
    EXPECT_TRUE(r) << f << ": " << text_of(r.error());
    return r ? std::move(*r) : ComponentValue();
  };
  EXPECT_EQ(call("u8", 0x1ff).as_unsigned(), 0xffu);
  EXPECT_EQ(call("u8", 0xdead'be00).as_unsigned(), 0u);
  EXPECT_EQ(call("s8", 0x1ff).as_signed(), -1);
  EXPECT_EQ(call("s8", 0x80).as_signed(), -128);
  EXPECT_EQ(call("s8", 0x17f).as_signed(), 127);
  EXPECT_EQ(call("u16", 0x12345).as_unsigned(), 0x2345u);
  EXPECT_EQ(call("s16", 0x18000).as_signed(), -32768);
  EXPECT_EQ(call("s16", 0xffff'7fff).as_signed(), 32767);
  EXPECT_TRUE(call("bool", 2).as_bool());
  EXPECT_TRUE(call("bool", 0x100).as_bool());
  EXPECT_TRUE(call("bool", 0x8000'0000).as_bool());
  EXPECT_FALSE(call("bool", 0).as_bool());
  EXPECT_EQ(call("flags-3", 0xff).bits(), 0x7u);
  EXPECT_EQ(call("flags-12", 0xffff'ffff).bits(), 0xfffu);
  ComponentValue m = call("in-memory", 0x00ff'ab02);  // bool byte 2, u8 0xab, flags byte 0xff
  ASSERT_EQ(m.size(), 3u);
  EXPECT_TRUE(m[0].as_bool());
  EXPECT_EQ(m[1].as_unsigned(), 0xabu);
  EXPECT_EQ(m[2].bits(), 0x7u);
}

// Strings and lists of 2^28 bytes or more (MAX_STRING_BYTE_LENGTH, MAX_LIST_BYTE_LENGTH) trap
// before their memory is looked at; one byte less is only out of bounds.
TEST_F(CanonTraps, LengthLimits) {
  ComponentGen g;
  const T u32 = g.prim(Prim::u32);
  const T str = g.string();
  for (auto [suffix, e] : {std::pair{"utf8", Encoding::utf8}, std::pair{"utf16", Encoding::utf16},
                           std::pair{"latin1", Encoding::latin1_utf16}}) {
    cgen::Options o;
    o.encoding = e;
    g.function(std::string("string-") + suffix, {u32, u32}, str, pair_result(), {}, o);
  }
  g.function("list-u8", {u32, u32}, g.list(g.prim(Prim::u8)), pair_result());
  g.function("list-u32", {u32, u32}, g.list(u32), pair_result());
  g.function("list-pair", {u32, u32}, g.list(g.tuple({u32, g.prim(Prim::u64)})), pair_result());  // 16 bytes each
  Harness& h = build(g);
  constexpr std::uint32_t k28 = 1u << 28;
  constexpr std::uint32_t kTag = 0x8000'0000u;
  expect_trap(h, "string-utf8", u32s({0, k28}), "string too long");
  expect_trap(h, "string-utf8", u32s({0, 0xFFFF'FFFFu}), "string too long");
  expect_trap(h, "string-utf8", u32s({0, k28 - 1}), "out of bounds");
  expect_trap(h, "string-utf16", u32s({0, k28 / 2}), "string too long");
  expect_trap(h, "string-utf16", u32s({0, 0x7FFF'FFFFu}), "string too long");
  expect_trap(h, "string-utf16", u32s({0, k28 / 2 - 1}), "out of bounds");
  expect_trap(h, "string-latin1", u32s({0, k28}), "string too long");
  expect_trap(h, "string-latin1", u32s({0, (k28 / 2) | kTag}), "string too long");
  expect_trap(h, "string-latin1", u32s({0, (k28 / 2 - 1) | kTag}), "out of bounds");
  expect_trap(h, "list-u8", u32s({0, k28}), "list too long");
  expect_trap(h, "list-u8", u32s({0, k28 - 1}), "out of bounds");
  expect_trap(h, "list-u32", u32s({0, k28 / 4}), "list too long");
  expect_trap(h, "list-u32", u32s({0, k28 / 4 - 1}), "out of bounds");
  expect_trap(h, "list-u32", u32s({0, 0xFFFF'FFFFu}), "list too long");
  expect_trap(h, "list-pair", u32s({0, k28 / 16}), "list too long");
  expect_trap(h, "list-pair", u32s({0, 0x1000'0001u}), "list too long");  // 16 * length wraps in 32 bits
}

// A realloc that returns a misaligned or out-of-bounds pointer: each place the callee's memory
// is allocated (strings in each encoding, lists, spilled parameters) checks what it got.
TEST_F(CanonTraps, BadRealloc) {
  for (cgen::ReallocMode mode : {cgen::ReallocMode::unaligned, cgen::ReallocMode::out_of_bounds}) {
    const char* reason = mode == cgen::ReallocMode::unaligned ? "unaligned" : "out of bounds";
    ComponentGen g;
    g.set_realloc(mode);
    const T u32 = g.prim(Prim::u32);
    const T str = g.string();
    cgen::Options utf16;
    utf16.encoding = Encoding::utf16;
    cgen::Options latin1;
    latin1.encoding = Encoding::latin1_utf16;
    g.identity("string-utf8", str);
    g.identity("string-utf16", str, utf16);
    g.identity("string-latin1", str, latin1);
    g.identity("list-u32", g.list(u32));
    g.identity("list-string", g.list(str));
    g.identity("record-17", g.record(std::vector<T>(17, u32)));
    Harness& h = build(g);
    SCOPED_TRACE(reason);
    auto text = [](const char* s) {
      std::vector<ComponentValue> v;
      v.push_back(*ComponentValue::string(s, allocator()));
      return v;
    };
    auto list = [](std::size_t n, bool strings) {
      std::vector<ComponentValue> v;
      v.push_back(*ComponentValue::list(n, allocator()));
      for (std::size_t i = 0; i < n; ++i) v[0][i] = strings ? *ComponentValue::string("abcdefghijklmnop", allocator()) : ComponentValue::u32(7);
      return v;
    };
    if (mode == cgen::ReallocMode::out_of_bounds) {
      expect_trap(h, "string-utf8", text("0123456789abcdef"), reason);
      expect_trap(h, "string-utf8", text("caf\xc3\xa9 with more than eight bytes"), reason);
    }
    expect_trap(h, "string-utf16", text("0123456789abcdef"), reason);
    expect_trap(h, "string-latin1", text("0123456789abcdef"), reason);
    expect_trap(h, "string-latin1", text("\xe2\x82\xac 0123456789abcdef"), reason);
    expect_trap(h, "list-u32", list(4, false), reason);
    expect_trap(h, "list-string", list(2, true), reason);
    std::vector<ComponentValue> fields;
    fields.push_back(*ComponentValue::record(17, allocator()));
    for (std::size_t i = 0; i < 17; ++i) fields[0][i] = ComponentValue::u32(static_cast<std::uint32_t>(i));
    expect_trap(h, "record-17", std::move(fields), reason);
  }
}

// After a trap the instance may not be entered again (as a trap would abort it in the spec).
TEST_F(CanonTraps, TrappedInstanceStaysClosed) {
  ComponentGen g;
  g.function("enum", {g.prim(Prim::u32)}, g.enum_(2), Code().local_get(0));
  Harness& h = build(g);
  ASSERT_TRUE(h.instantiate());
  ASSERT_FALSE(h.call("enum", u32s({5})));
  auto again = h.call("enum", u32s({1}));
  ASSERT_FALSE(again);
  EXPECT_NE(text_of(again.error()).find("cannot enter component instance"), std::string::npos) << text_of(again.error());
}

}  // namespace
