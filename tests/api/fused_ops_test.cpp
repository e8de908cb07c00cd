// The translator fuses an operation with a constant operand, and a comparison with the branch
// that tests it, into one interpreter instruction (WRT_FUSED_OPS). Each fused form is checked
// against the plain instruction on two parameters, over boundary values and constants: on the
// right (`x op K`), on the left (`K op x`, swapped or mirrored), in br_if and in if, for i32 and
// i64 (whose constants fuse only when they fit 32 bits sign-extended).
#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/wasm_builder.hpp"

namespace {

using wrt::Opcode;
using wrt::test::ByteVec;
using wrt::test::leb;

struct Case {
  Opcode op;
  bool is_i64;
  bool is_compare;
};

const Case kCases[] = {
    {Opcode::i32_add, false, false},  {Opcode::i32_sub, false, false},  {Opcode::i32_mul, false, false},
    {Opcode::i32_and, false, false},  {Opcode::i32_or, false, false},   {Opcode::i32_xor, false, false},
    {Opcode::i32_shl, false, false},  {Opcode::i32_shr_s, false, false}, {Opcode::i32_shr_u, false, false},
    {Opcode::i32_rotl, false, false}, {Opcode::i32_rotr, false, false}, {Opcode::i32_eq, false, true},
    {Opcode::i32_ne, false, true},    {Opcode::i32_lt_s, false, true},  {Opcode::i32_lt_u, false, true},
    {Opcode::i32_gt_s, false, true},  {Opcode::i32_gt_u, false, true},  {Opcode::i32_le_s, false, true},
    {Opcode::i32_le_u, false, true},  {Opcode::i32_ge_s, false, true},  {Opcode::i32_ge_u, false, true},
    {Opcode::i64_add, true, false},   {Opcode::i64_sub, true, false},   {Opcode::i64_mul, true, false},
    {Opcode::i64_and, true, false},   {Opcode::i64_or, true, false},    {Opcode::i64_xor, true, false},
    {Opcode::i64_shl, true, false},   {Opcode::i64_shr_s, true, false}, {Opcode::i64_shr_u, true, false},
    {Opcode::i64_rotl, true, false},  {Opcode::i64_rotr, true, false},  {Opcode::i64_eq, true, true},
    {Opcode::i64_ne, true, true},     {Opcode::i64_lt_s, true, true},   {Opcode::i64_lt_u, true, true},
    {Opcode::i64_gt_s, true, true},   {Opcode::i64_gt_u, true, true},   {Opcode::i64_le_s, true, true},
    {Opcode::i64_le_u, true, true},   {Opcode::i64_ge_s, true, true},   {Opcode::i64_ge_u, true, true},
};

const std::uint64_t kValues[] = {0,
                                 1,
                                 2,
                                 31,
                                 32,
                                 63,
                                 64,
                                 12345,
                                 0x7FFFFFFF,
                                 0x80000000,
                                 0xFFFFFFFE,
                                 0xFFFFFFFF,
                                 0x100000000,
                                 0x7FFFFFFFFFFFFFFF,
                                 0x8000000000000000,
                                 0xFFFFFFFF80000000,  // INT32_MIN sign-extended
                                 0xFFFFFFFFFFFFCFC7,  // -12345
                                 0xFFFFFFFFFFFFFFFF};

ByteVec sleb(std::int64_t value) {
  ByteVec out;
  bool more = true;
  while (more) {
    std::uint8_t byte = value & 0x7F;
    value >>= 7;
    more = !((value == 0 && (byte & 0x40) == 0) || (value == -1 && (byte & 0x40) != 0));
    out.push_back(static_cast<std::uint8_t>(byte | (more ? 0x80 : 0)));
  }
  return out;
}

ByteVec constant(bool is_i64, std::uint64_t k) {
  ByteVec out{static_cast<std::uint8_t>(is_i64 ? 0x42 : 0x41)};
  ByteVec imm = is_i64 ? sleb(static_cast<std::int64_t>(k))
                       : sleb(static_cast<std::int32_t>(static_cast<std::uint32_t>(k)));
  out.insert(out.end(), imm.begin(), imm.end());
  return out;
}

ByteVec append(ByteVec a, const ByteVec& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// A code section's payload from whole bodies (local declarations, instructions, end).
ByteVec code_section(const std::vector<ByteVec>& bodies) {
  ByteVec code = leb(bodies.size());
  for (const ByteVec& body : bodies) code = append(append(code, leb(body.size())), body);
  return code;
}

// A module of functions computing `op` in each form, with constant `k`:
//   0 ref(x, y)   1 right(x) = x op k   2 left(x) = k op x
//   comparisons also: 3 br_right(x)   4 if_left(x)   5 br_ss(x, y)   6 if_ss(x, y)   7 br_eqz(x)
std::vector<std::uint8_t> build(const Case& c, std::uint64_t k) {
  const std::uint8_t t = c.is_i64 ? 0x7E : 0x7F;
  const std::uint8_t r = c.is_compare ? 0x7F : t;
  const ByteVec op{static_cast<std::uint8_t>(wrt::info(c.op).code)};
  const ByteVec get0{0x20, 0x00};
  const ByteVec get1{0x20, 0x01};
  const ByteVec kc = constant(c.is_i64, k);
  // Types: 0 (t t) -> r, 1 (t) -> r
  ByteVec types{0x02, 0x60, 0x02, t, t, 0x01, r, 0x60, 0x01, t, 0x01, r};
  std::vector<ByteVec> bodies;
  std::vector<std::uint8_t> type_of;
  auto add = [&](std::uint8_t type, ByteVec body) {
    type_of.push_back(type);
    bodies.push_back(std::move(body));
  };
  add(0, append(append(get0, get1), op));
  add(1, append(append(get0, kc), op));
  add(1, append(append(kc, get0), op));
  if (c.is_compare) {
    // block; x op k; br_if 0; i32.const 0; return; end; i32.const 1
    const ByteVec block_open{0x02, 0x40};
    const ByteVec tail{0x0D, 0x00, 0x41, 0x00, 0x0F, 0x0B, 0x41, 0x01};
    const ByteVec if_tail{0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x00, 0x0B};
    add(1, append(append(append(append(block_open, get0), kc), op), tail));
    add(1, append(append(append(kc, get0), op), if_tail));
    add(0, append(append(append(append(block_open, get0), get1), op), tail));
    add(0, append(append(append(get0, get1), op), if_tail));
  }
  ByteVec funcs = leb(bodies.size());
  for (std::uint8_t type : type_of) funcs.push_back(type);
  ByteVec exports = leb(bodies.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    ByteVec name = wrt::test::name(fmt::format("f{}", i));
    exports.insert(exports.end(), name.begin(), name.end());
    exports.push_back(0x00);
    ByteVec index = leb(i);
    exports.insert(exports.end(), index.begin(), index.end());
  }
  for (ByteVec& body : bodies) body = append(append({0x00}, body), {0x0B});  // no locals; end
  wrt::test::WasmBuilder builder;
  builder.section(1, types).section(3, funcs).section(7, exports).section(10, code_section(bodies));
  return builder.bytes();
}

wrt::Value value_of(bool is_i64, std::uint64_t v) {
  return is_i64 ? wrt::Value::i64(static_cast<std::int64_t>(v))
                : wrt::Value::i32(static_cast<std::int32_t>(static_cast<std::uint32_t>(v)));
}

std::uint64_t bits_of(const wrt::Value& v) {
  return v.type() == wrt::ValType::i64 ? static_cast<std::uint64_t>(v.as_i64())
                                       : static_cast<std::uint32_t>(v.as_i32());
}

std::uint64_t call(wrt::ModuleInstance& instance, int f, std::initializer_list<wrt::Value> args) {
  auto e = instance.invoke(fmt::format("f{}", f), args);
  if (!e) {
    ADD_FAILURE() << fmt::format("f{}: {}", f, e.error());
    return ~0ull;
  }
  return bits_of((*e)[0]);
}

TEST(FusedOps, EveryFormAgreesWithThePlainInstruction) {
  int checked = 0;
  for (const Case& c : kCases) {
    for (std::uint64_t k : kValues) {
      if (!c.is_i64 && k > 0xFFFFFFFF) continue;
      auto module = wrt::Module::from_bytes(build(c, k));
      ASSERT_TRUE(module) << fmt::format("{} k={:#x}: {}", wrt::name_of(c.op), k, module.error());
      auto instance = wrt::ModuleInstance::create(*module);
      ASSERT_TRUE(instance);
      for (std::uint64_t x : kValues) {
        if (!c.is_i64 && x > 0xFFFFFFFF) continue;
        const wrt::Value vx = value_of(c.is_i64, x);
        const wrt::Value vk = value_of(c.is_i64, k);
        const std::uint64_t x_op_k = call(*instance, 0, {vx, vk});
        const std::uint64_t k_op_x = call(*instance, 0, {vk, vx});
        const std::string where = fmt::format("{} x={:#x} k={:#x}", wrt::name_of(c.op), x, k);
        EXPECT_EQ(call(*instance, 1, {vx}), x_op_k) << where << " (x op k)";
        EXPECT_EQ(call(*instance, 2, {vx}), k_op_x) << where << " (k op x)";
        if (c.is_compare) {
          EXPECT_EQ(call(*instance, 3, {vx}), x_op_k) << where << " (br_if x op k)";
          EXPECT_EQ(call(*instance, 4, {vx}), k_op_x) << where << " (if k op x)";
          EXPECT_EQ(call(*instance, 5, {vx, vk}), x_op_k) << where << " (br_if x op y)";
          EXPECT_EQ(call(*instance, 6, {vx, vk}), x_op_k) << where << " (if x op y)";
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 5000);
}

// Fusing must not change what fuel counts: every WebAssembly instruction costs one unit.
TEST(FusedOps, FuelCountsWebAssemblyInstructions) {
  auto module = wrt::Module::from_bytes(build({Opcode::i32_lt_s, false, true}, 10));
  ASSERT_TRUE(module);
  auto instance = wrt::ModuleInstance::create(*module);
  ASSERT_TRUE(instance);
  // f3 = block; local.get 0; i32.const 10; i32.lt_s; br_if 0; i32.const 0; return; end; i32.const 1
  // Taken branch (x < 10): block, local.get, const, lt_s, br_if, const, end = 7.
  instance->set_fuel(1000);
  auto e = instance->invoke("f3", {wrt::Value::i32(3)});
  ASSERT_TRUE(e && e->completed());
  EXPECT_EQ(1000 - instance->fuel(), 7u);
  // Not taken: block, local.get, const, lt_s, br_if, const, return = 7.
  instance->set_fuel(1000);
  e = instance->invoke("f3", {wrt::Value::i32(30)});
  ASSERT_TRUE(e && e->completed());
  EXPECT_EQ(1000 - instance->fuel(), 7u);
}


// Declared locals start at zero, so the translator drops `local.set x (i32.const 0)` while no
// loop or join can have written x; after a loop it must stay.
TEST(FusedOps, ZeroingALocalAfterALoopIsKept) {
  const ByteVec body{0x01, 0x02, 0x7F,                    // locals: x (1), acc (2)
                     0x41, 0x00, 0x21, 0x01,              // x = 0 (dropped: x is zero)
                     0x03, 0x40,                          // loop
                     0x20, 0x01, 0x41, 0x01, 0x6A, 0x22, 0x01,  //   x = x + 1
                     0x20, 0x02, 0x6A, 0x21, 0x02,        //   acc += x
                     0x20, 0x01, 0x20, 0x00, 0x48, 0x0D, 0x00,  //   br_if (x < n)
                     0x0B,                                // end
                     0x41, 0x00, 0x21, 0x01,              // x = 0 (kept)
                     0x20, 0x02, 0x20, 0x01, 0x6A,        // acc + x
                     0x0B};
  wrt::test::WasmBuilder builder;
  builder.section(1, {0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F})
      .section(3, {0x01, 0x00})
      .section(7, {0x01, 0x01, 'f', 0x00, 0x00})
      .section(10, code_section({body}));
  auto module = wrt::Module::from_bytes(builder.bytes());
  ASSERT_TRUE(module) << fmt::format("{}", module.error());
  auto instance = wrt::ModuleInstance::create(*module);
  ASSERT_TRUE(instance);
  auto f = instance->typed_func<std::int32_t(std::int32_t)>("f");
  ASSERT_TRUE(f);
  EXPECT_EQ(*f->call(10), 55);  // 1 + ... + 10, and x back to 0
}


// A load or store whose address an i32.add computes runs as one instruction; the sum must
// still wrap at 32 bits before the offset is added (so a wrapped address is out of bounds,
// not a small one).
TEST(FusedOps, IndexedAccessesWrapLikeTheAdd) {
  // f0(a, b) = i32.load offset=4 (a + b)      f1(a) = i32.load offset=4 (a + -8)
  // f2(a, b, v) = i32.store8 offset=1 (a + b) v; i32.load8_u (i32.const 9)
  const ByteVec f0{0x00, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x28, 0x02, 0x04, 0x0B};
  const ByteVec f1{0x00, 0x20, 0x00, 0x41, 0x78, 0x6A, 0x28, 0x02, 0x04, 0x0B};
  const ByteVec f2{0x00, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x20, 0x02, 0x3A, 0x00, 0x01,
                   0x41, 0x09, 0x2D, 0x00, 0x00, 0x0B};
  wrt::test::WasmBuilder builder;
  builder.section(1, {0x03, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F, 0x60, 0x01, 0x7F, 0x01, 0x7F, 0x60, 0x03, 0x7F, 0x7F,
                      0x7F, 0x01, 0x7F})
      .section(3, {0x03, 0x00, 0x01, 0x02})
      .section(5, {0x01, 0x00, 0x01})
      .section(7, {0x03, 0x02, 'f', '0', 0x00, 0x00, 0x02, 'f', '1', 0x00, 0x01, 0x02, 'f', '2', 0x00, 0x02})
      .section(10, code_section({f0, f1, f2}))
      .section(11, {0x01, 0x00, 0x41, 0x08, 0x0B, 0x04, 0x11, 0x22, 0x33, 0x44});  // bytes 8..11
  auto module = wrt::Module::from_bytes(builder.bytes());
  ASSERT_TRUE(module) << fmt::format("{}", module.error());
  auto instance = wrt::ModuleInstance::create(*module);
  ASSERT_TRUE(instance);
  auto f0f = instance->typed_func<std::int32_t(std::int32_t, std::int32_t)>("f0");
  auto f1f = instance->typed_func<std::int32_t(std::int32_t)>("f1");
  auto f2f = instance->typed_func<std::int32_t(std::int32_t, std::int32_t, std::int32_t)>("f2");
  ASSERT_TRUE(f0f && f1f && f2f);
  EXPECT_EQ(*f0f->call(2, 2), 0x44332211);
  EXPECT_EQ(*f0f->call(-4, 8), 0x44332211);          // wraps to 4, plus offset 4
  EXPECT_FALSE(f0f->call(-4, 0));                      // 0xFFFFFFFC + 4: out of bounds
  EXPECT_EQ(*f1f->call(12), 0x44332211);
  EXPECT_FALSE(f1f->call(4));                          // 4 - 8 wraps: out of bounds
  EXPECT_FALSE(f1f->call(65536 + 4));                  // past the end
  EXPECT_EQ(*f2f->call(4, 4, 0x1AB), 0xAB);            // stores the low byte at 9
  EXPECT_FALSE(f2f->call(-1, 0, 1));                   // 0xFFFFFFFF + 1
  EXPECT_EQ(*f2f->call(-2, 10, 0x7F), 0x7F);           // wraps to 8, plus offset 1
}


std::vector<std::uint8_t> fused_module() {
  std::ifstream in(std::string(WRT_TEST_WASM_DIR) + "/fused.wasm", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Rounded after the multiplication, as WebAssembly does (no fused multiply-add).
template <typename T>
T product(T a, T b) {
  volatile T p = a * b;
  return p;
}

// Equal, or both NaN (whose sign WebAssembly leaves open).
template <typename T>
bool same(T a, T b) {
  return (a != a && b != b) || a == b;
}

TEST(FusedOps, SelectsAndProducts) {
  auto module = wrt::Module::from_bytes(fused_module());
  ASSERT_TRUE(module) << fmt::format("{}", module.error());
  auto instance = wrt::ModuleInstance::create(*module);
  ASSERT_TRUE(instance);
  auto& i = *instance;
  const std::int32_t ints[] = {0, 1, -1, 99, 100, 101, INT32_MIN, INT32_MAX};
  for (std::int32_t x : ints) {
    for (std::int32_t y : ints) {
      EXPECT_EQ(*i.typed_func<std::int32_t(std::int32_t, std::int32_t)>("sel_lt_s")->call(x, y), x < y ? 10 : 20);
    }
    EXPECT_EQ(*i.typed_func<std::int32_t(std::int32_t)>("sel_lt_s_imm")->call(x), x < 0 ? 10 : 20);
    EXPECT_EQ(*i.typed_func<std::int32_t(std::int32_t, std::int32_t, std::int32_t)>("sel_ge_u_imm")->call(x, 7, 8),
              static_cast<std::uint32_t>(x) >= 100u ? 7 : 8);
    EXPECT_EQ(*i.typed_func<std::int32_t(std::int32_t, std::int32_t, std::int32_t)>("sel_eqz32")->call(x, 7, 8),
              x == 0 ? 7 : 8);
  }
  const std::int64_t longs[] = {0, 1, -1, INT64_MIN, std::int64_t{1} << 32};
  for (std::int64_t x : longs) {
    EXPECT_EQ(*i.typed_func<std::int64_t(std::int64_t, std::int64_t, std::int64_t)>("sel_eqz64")->call(x, 7, 8),
              x == 0 ? 7 : 8);
    EXPECT_EQ(*i.typed_func<std::int32_t(std::int64_t)>("br_eqz64")->call(x), x == 0 ? 0 : 1);
    EXPECT_EQ(*i.typed_func<std::int32_t(std::int64_t)>("if_eqz64")->call(x), x == 0 ? 0 : 1);
  }
  // Values whose product rounds, so that one rounding instead of two would show.
  const double ds[] = {0.1, 3.0, 1e308, -2.5, 1.0 / 3.0, 123456789.123};
  for (double a : ds) {
    for (double b : ds) {
      for (double c : ds) {
        auto f = [&](const char* name) { return *i.typed_func<double(double, double, double)>(name)->call(a, b, c); };
        EXPECT_TRUE(same(f("f64_madd"), product(a, b) + c));
        EXPECT_TRUE(same(f("f64_madd_left"), c + product(a, b)));
        EXPECT_TRUE(same(f("f64_msub"), product(a, b) - c));
        EXPECT_TRUE(same(f("f64_mrsub"), c - product(a, b)));
        const auto fa = static_cast<float>(a), fb = static_cast<float>(b), fc = static_cast<float>(c);
        EXPECT_TRUE(same(*i.typed_func<float(float, float, float)>("f32_madd")->call(fa, fb, fc), product(fa, fb) + fc));
        EXPECT_TRUE(same(*i.typed_func<float(float, float, float)>("f32_mrsub")->call(fa, fb, fc), fc - product(fa, fb)));
      }
    }
    EXPECT_TRUE(same(*i.typed_func<double(double, double)>("f64_sum_of_squares")->call(a, 0.7),
                     product(a, a) + product(0.7, 0.7)));
  }
  for (std::int32_t x : {0, 1, 0x7FFF, 0x8000, 0xFFFF, 0x12345678, -1, INT32_MIN, 0x80, 0x7F}) {
    const auto ux = static_cast<std::uint32_t>(x);
    EXPECT_EQ(*i.typed_func<std::int32_t(std::int32_t)>("sext16")->call(x), static_cast<std::int16_t>(ux & 0xFFFF));
    EXPECT_EQ(*i.typed_func<std::int32_t(std::int32_t)>("sext24_via_56")->call(x), static_cast<std::int8_t>(ux & 0xFF));
    EXPECT_EQ(*i.typed_func<std::int32_t(std::int32_t)>("zext8")->call(x), static_cast<std::int32_t>(ux & 0xFF));
    EXPECT_EQ(*i.typed_func<std::int32_t(std::int32_t)>("mismatched")->call(x),
              static_cast<std::int32_t>(ux << 8) >> 4);
  }
  for (std::int32_t a : ints) {
    for (std::int32_t b : ints) {
      const auto ua = static_cast<std::uint32_t>(a), ub = static_cast<std::uint32_t>(b);
      EXPECT_EQ(static_cast<std::uint32_t>(
                    *i.typed_func<std::int32_t(std::int32_t, std::int32_t, std::int32_t)>("i32_madd")->call(a, b, 5)),
                ua * ub + 5u);
      EXPECT_EQ(static_cast<std::uint32_t>(
                    *i.typed_func<std::int32_t(std::int32_t, std::int32_t, std::int32_t)>("i32_msub")->call(a, b, 5)),
                ua * ub - 5u);
      EXPECT_EQ(static_cast<std::uint64_t>(*i.typed_func<std::int64_t(std::int64_t, std::int64_t, std::int64_t)>(
                                               "i64_mrsub")
                                               ->call(a, b, 5)),
                5u - static_cast<std::uint64_t>(std::int64_t{a}) * static_cast<std::uint64_t>(std::int64_t{b}));
    }
  }
}


// ModuleOptions::lazy_validation: a body is validated when first called; an invalid body that is
// never called does not stop the rest, one that is called fails that call with the validation
// error (and nothing of it runs). Eager loading rejects the module outright.
TEST(LazyValidation, AnInvalidBodyFailsItsFirstCall) {
  // f0: () -> i32 { i32.const 7 }   f1: () -> i32 { i64.const 1 } (invalid: wrong result type)
  wrt::test::WasmBuilder builder;
  builder.section(1, {0x01, 0x60, 0x00, 0x01, 0x7F})
      .section(3, {0x02, 0x00, 0x00})
      .section(7, {0x02, 0x02, 'f', '0', 0x00, 0x00, 0x02, 'f', '1', 0x00, 0x01})
      .section(10, {0x02, 0x04, 0x00, 0x41, 0x07, 0x0B, 0x04, 0x00, 0x42, 0x01, 0x0B});
  auto eager = wrt::Module::from_bytes(builder.bytes());
  ASSERT_FALSE(eager);
  EXPECT_EQ(eager.error().kind(), wrt::ErrorKind::invalid);

  wrt::ModuleOptions options;
  options.lazy_validation = true;
  auto module = wrt::Module::from_bytes(builder.bytes(), options);
  ASSERT_TRUE(module) << fmt::format("{}", module.error());
  auto instance = wrt::ModuleInstance::create(*module);
  ASSERT_TRUE(instance);
  auto f0 = instance->invoke("f0");
  ASSERT_TRUE(f0);
  EXPECT_EQ((*f0)[0].as_i32(), 7);
  auto f1 = instance->invoke("f1");
  ASSERT_FALSE(f1);
  EXPECT_EQ(f1.error().kind(), wrt::ErrorKind::invalid);
  EXPECT_NE(fmt::format("{}", f1.error()).find("type mismatch"), std::string::npos) << fmt::format("{}", f1.error());
  // The instance stays usable.
  EXPECT_TRUE(instance->invoke("f0"));
}

// A malformed module is still rejected at load: lazy validation skips only the bodies.
TEST(LazyValidation, StructureIsStillCheckedAtLoad) {
  wrt::test::WasmBuilder builder;
  builder.section(1, {0x01, 0x60, 0x00, 0x01, 0x7F})
      .section(3, {0x01, 0x05})  // type index 5 does not exist
      .section(10, {0x01, 0x04, 0x00, 0x41, 0x07, 0x0B});
  wrt::ModuleOptions options;
  options.lazy_validation = true;
  EXPECT_FALSE(wrt::Module::from_bytes(builder.bytes(), options));
}

}  // namespace
