#include <wrt/foundation/byte_reader.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <vector>

namespace wrt {
namespace {

enum class Leb { u32, u64, s32, s33, s64 };

// What reading one LEB128 of the given type from `bytes` gives: the value (as 64 bits) or the
// error code, and how many bytes were consumed.
struct Outcome {
  bool ok;
  std::int64_t value;
  ErrorCode code;
  std::size_t consumed;
};

Outcome read(Leb type, std::vector<std::uint8_t> bytes) {
  ByteReader r(Bytes(bytes.data(), bytes.size()));
  auto finish = [&](auto result) {
    if (result) return Outcome{true, static_cast<std::int64_t>(*result), ErrorCode::trap, r.offset()};
    return Outcome{false, 0, result.error().code(), r.offset()};
  };
  switch (type) {
    case Leb::u32: return finish(r.read_u32());
    case Leb::u64: return finish(r.read_u64());
    case Leb::s32: return finish(r.read_s32());
    case Leb::s33: return finish(r.read_s33());
    case Leb::s64: return finish(r.read_s64());
  }
  return {};
}

void expect_value(Leb type, std::vector<std::uint8_t> bytes, std::int64_t value) {
  Outcome o = read(type, bytes);
  ASSERT_TRUE(o.ok) << "expected a value, got " << name_of(o.code);
  EXPECT_EQ(o.value, value);
  EXPECT_EQ(o.consumed, bytes.size());
}

void expect_error(Leb type, std::vector<std::uint8_t> bytes, ErrorCode code) {
  Outcome o = read(type, bytes);
  ASSERT_FALSE(o.ok) << "expected " << name_of(code) << ", got value " << o.value;
  EXPECT_EQ(o.code, code) << name_of(o.code);
}

// --- The integer-encoding cases of the spec's binary-leb128.wast -------------------------

TEST(Leb128Spec, UnsignedMayHaveNonMinimalLength) {
  expect_value(Leb::u32, {0x82, 0x00}, 2);                    // memory minimum 2, 2 bytes
  expect_value(Leb::u32, {0x82, 0x80, 0x80, 0x80, 0x00}, 2);  // 5 bytes, the most allowed
  expect_value(Leb::u32, {0x80, 0x00}, 0);                    // memory / table index 0
  expect_value(Leb::u32, {0x8a, 0x00}, 10);                   // custom section size
  expect_value(Leb::u32, {0x88, 0x00}, 8);                    // name length
  expect_value(Leb::u32, {0x81, 0x80, 0x00}, 1);              // 0xFC sub-opcodes with 2..5 bytes
  expect_value(Leb::u32, {0x86, 0x80, 0x80, 0x00}, 6);
  expect_value(Leb::u32, {0x87, 0x80, 0x80, 0x80, 0x00}, 7);
}

TEST(Leb128Spec, SignedMayHaveNonMinimalLength) {
  expect_value(Leb::s32, {0x80, 0x00}, 0);                      // i32.const 0, 2 bytes
  expect_value(Leb::s32, {0xff, 0x7f}, -1);                     // i32.const -1, 2 bytes
  expect_value(Leb::s32, {0x80, 0x80, 0x80, 0x80, 0x00}, 0);    // 5 bytes
  expect_value(Leb::s32, {0xff, 0xff, 0xff, 0xff, 0x7f}, -1);   // 5 bytes
  expect_value(Leb::s64, {0x80, 0x00}, 0);
  expect_value(Leb::s64, {0xff, 0x7f}, -1);
  expect_value(Leb::s64, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 0);
  expect_value(Leb::s64, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, -1);
}

TEST(Leb128Spec, UnsignedMustNotBeOverlong) {
  // "integer representation too long": a sixth byte for a u32.
  expect_error(Leb::u32, {0x82, 0x80, 0x80, 0x80, 0x80, 0x00}, ErrorCode::integer_too_long);
  expect_error(Leb::u32, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, ErrorCode::integer_too_long);
  expect_error(Leb::u32, {0x83, 0x80, 0x80, 0x80, 0x80, 0x00}, ErrorCode::integer_too_long);
  expect_error(Leb::u32, {0x81, 0x80, 0x80, 0x80, 0x80, 0x00}, ErrorCode::integer_too_long);
  expect_error(Leb::u32, {0x87, 0x80, 0x80, 0x80, 0x80, 0x00}, ErrorCode::integer_too_long);
  // memarg offset of a 2.0 memory: u32, eleven bytes.
  expect_error(Leb::u32, {0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00},
               ErrorCode::integer_too_long);
}

TEST(Leb128Spec, SignedMustNotBeOverlong) {
  expect_error(Leb::s32, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, ErrorCode::integer_too_long);
  expect_error(Leb::s32, {0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, ErrorCode::integer_too_long);
  expect_error(Leb::s64, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00},
               ErrorCode::integer_too_long);
  expect_error(Leb::s64, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
               ErrorCode::integer_too_long);
}

TEST(Leb128Spec, UnsignedUnusedBitsMustBeZero) {
  // "integer too large": bits above 32 set in the fifth byte.
  expect_error(Leb::u32, {0x80, 0x80, 0x80, 0x80, 0x10}, ErrorCode::integer_too_large);
  expect_error(Leb::u32, {0x83, 0x80, 0x80, 0x80, 0x10}, ErrorCode::integer_too_large);
  expect_error(Leb::u32, {0x83, 0x80, 0x80, 0x80, 0x40}, ErrorCode::integer_too_large);
  expect_error(Leb::u32, {0x88, 0x80, 0x80, 0x80, 0x10}, ErrorCode::integer_too_large);
  expect_error(Leb::u32, {0x89, 0x80, 0x80, 0x80, 0x40}, ErrorCode::integer_too_large);
  expect_error(Leb::u32, {0x82, 0x80, 0x80, 0x80, 0x10}, ErrorCode::integer_too_large);
  expect_error(Leb::u32, {0x82, 0x80, 0x80, 0x80, 0x40}, ErrorCode::integer_too_large);
  // memarg offset (u32 in 2.0) with ten bytes is already too long at the sixth.
  expect_error(Leb::u32, {0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10},
               ErrorCode::integer_too_long);
  // The largest u32 is fine; one more bit is not.
  expect_value(Leb::u32, {0xff, 0xff, 0xff, 0xff, 0x0f}, 0xFFFFFFFF);
  expect_error(Leb::u32, {0xff, 0xff, 0xff, 0xff, 0x1f}, ErrorCode::integer_too_large);
}

TEST(Leb128Spec, SignedUnusedBitsMustExtendTheSign) {
  // i32.const
  expect_error(Leb::s32, {0x80, 0x80, 0x80, 0x80, 0x70}, ErrorCode::integer_too_large);  // 0 with unused bits set
  expect_error(Leb::s32, {0xff, 0xff, 0xff, 0xff, 0x0f}, ErrorCode::integer_too_large);  // -1 with unused bits unset
  expect_error(Leb::s32, {0x80, 0x80, 0x80, 0x80, 0x1f}, ErrorCode::integer_too_large);  // 0, some unused bits set
  expect_error(Leb::s32, {0xff, 0xff, 0xff, 0xff, 0x4f}, ErrorCode::integer_too_large);  // -1, some unused bits unset
  // i64.const
  expect_error(Leb::s64, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e}, ErrorCode::integer_too_large);
  expect_error(Leb::s64, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, ErrorCode::integer_too_large);
  expect_error(Leb::s64, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02}, ErrorCode::integer_too_large);
  expect_error(Leb::s64, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x41}, ErrorCode::integer_too_large);
}

// --- Edge cases beyond the spec file --------------------------------------------------------

TEST(Leb128, Extremes) {
  expect_value(Leb::s32, {0x80, 0x80, 0x80, 0x80, 0x78}, std::numeric_limits<std::int32_t>::min());
  expect_value(Leb::s32, {0xff, 0xff, 0xff, 0xff, 0x07}, std::numeric_limits<std::int32_t>::max());
  expect_value(Leb::s64, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f},
               std::numeric_limits<std::int64_t>::min());
  expect_value(Leb::s64, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00},
               std::numeric_limits<std::int64_t>::max());
  Outcome max64 = read(Leb::u64, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01});
  ASSERT_TRUE(max64.ok);
  EXPECT_EQ(static_cast<std::uint64_t>(max64.value), std::numeric_limits<std::uint64_t>::max());
  expect_error(Leb::u64, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, ErrorCode::integer_too_large);
  expect_error(Leb::u64, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00},
               ErrorCode::integer_too_long);
}

TEST(Leb128, OneByteSignExtension) {
  expect_value(Leb::s32, {0x3f}, 63);
  expect_value(Leb::s32, {0x40}, -64);
  expect_value(Leb::s32, {0x7f}, -1);
  expect_value(Leb::s64, {0x40}, -64);
  expect_value(Leb::s33, {0x40}, -64);
  expect_value(Leb::u32, {0x7f}, 127);
}

TEST(Leb128, S33BlockTypes) {
  // Block types: negative one-byte values are value types, non-negative are type indices.
  expect_value(Leb::s33, {0x7f}, -1);
  expect_value(Leb::s33, {0x80, 0x01}, 128);
  // Largest type index representable: 2^32 - 1 fits in s33.
  expect_value(Leb::s33, {0xff, 0xff, 0xff, 0xff, 0x0f}, 0xFFFFFFFFll);
  expect_value(Leb::s33, {0x80, 0x80, 0x80, 0x80, 0x70}, -(1ll << 32));
  // Bits 33 and 34 must copy bit 32.
  expect_error(Leb::s33, {0x80, 0x80, 0x80, 0x80, 0x10}, ErrorCode::integer_too_large);
  expect_error(Leb::s33, {0xff, 0xff, 0xff, 0xff, 0x6f}, ErrorCode::integer_too_large);
  expect_error(Leb::s33, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, ErrorCode::integer_too_long);
}

TEST(Leb128, TruncatedInputIsUnexpectedEnd) {
  expect_error(Leb::u32, {}, ErrorCode::unexpected_end);
  expect_error(Leb::u32, {0x80}, ErrorCode::unexpected_end);
  expect_error(Leb::u32, {0x80, 0x80, 0x80, 0x80}, ErrorCode::unexpected_end);
  expect_error(Leb::s64, {0xff, 0xff}, ErrorCode::unexpected_end);
  expect_error(Leb::s33, {0x80}, ErrorCode::unexpected_end);
}

TEST(Leb128, ErrorsCarryAbsoluteOffsets) {
  std::vector<std::uint8_t> bytes = {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  ByteReader r(Bytes(bytes.data(), bytes.size()), 100);
  EXPECT_EQ(*r.read_u32(), 1u);
  auto bad = r.read_u32();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::integer_too_long);
  EXPECT_EQ(bad.error().offset(), 101u);  // where the integer starts

  std::vector<std::uint8_t> cut = {0x05, 0x80};
  ByteReader r2(Bytes(cut.data(), cut.size()), 7);
  EXPECT_EQ(*r2.read_u32(), 5u);
  auto end = r2.read_u32();
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().code(), ErrorCode::unexpected_end);
  EXPECT_EQ(end.error().offset(), 9u);  // where more bytes were needed
}

// --- The rest of ByteReader -------------------------------------------------------------------

TEST(ByteReader, BytesAndSubReaders) {
  std::vector<std::uint8_t> bytes = {1, 2, 3, 4, 5, 6};
  ByteReader r(Bytes(bytes.data(), bytes.size()), 10);
  EXPECT_EQ(*r.read_u8(), 1);
  EXPECT_EQ(*r.peek_u8(), 2);
  auto sub = r.read_sub_reader(3);
  ASSERT_TRUE(sub);
  EXPECT_EQ(sub->offset(), 11u);
  EXPECT_EQ(sub->remaining(), 3u);
  EXPECT_EQ(r.offset(), 14u);
  auto two = r.read_bytes(2);
  ASSERT_TRUE(two);
  EXPECT_EQ((*two)[1], 6);
  EXPECT_TRUE(r.at_end());
  auto past = r.read_bytes(1);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().code(), ErrorCode::unexpected_end);
  EXPECT_EQ(past.error().offset(), 16u);
  EXPECT_FALSE(r.read_u8());
  EXPECT_FALSE(r.skip(1));
  EXPECT_FALSE(sub->read_sub_reader(4));
  // A huge count never reads out of bounds.
  EXPECT_FALSE(sub->read_bytes(static_cast<std::size_t>(-1)));
}

TEST(ByteReader, FixedWidthLittleEndian) {
  std::vector<std::uint8_t> bytes = {0x78, 0x56, 0x34, 0x12, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  ByteReader r(Bytes(bytes.data(), bytes.size()));
  EXPECT_EQ(*r.read_fixed_u32(), 0x12345678u);
  EXPECT_EQ(*r.read_fixed_u64(), 0x0807060504030201ull);
  EXPECT_FALSE(r.read_fixed_u32());
  EXPECT_EQ(r.remaining(), 1u);  // a failed read consumes nothing
}

}  // namespace
}  // namespace wrt
